"""Settings: built by a function, a generated secret kept on disk, placeholders refused."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bellpath.errors import InputError
from bellpath.settings import Environment, load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET_KEY", "DATABASE_URL", "ENVIRONMENT", "DATA_DIR", "COOKIE_SECURE"):
        monkeypatch.delenv(f"BELLPATH_{name}", raising=False)


def test_embedded_default_generates_and_keeps_a_secret(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path)
    second = load_settings(data_dir=tmp_path)
    assert first.environment is Environment.PRODUCTION
    assert len(first.secret) >= 32
    assert first.secret == second.secret  # stored on first run, read afterwards
    stored = tmp_path / "secret_key"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert first.resolved_database_url == f"sqlite:///{tmp_path / 'bellpath.sqlite3'}"
    assert first.photo_dir == tmp_path / "photos"
    assert first.secret not in repr(first)


@pytest.mark.parametrize("secret", ["changeme", "Password", "short-but-not-a-placeholder"])
def test_placeholder_secrets_are_refused_outside_development(tmp_path: Path, secret: str) -> None:
    with pytest.raises(InputError) as err:
        load_settings(data_dir=tmp_path, secret_key=secret, environment="production")
    assert err.value.field == "secret_key"
    assert secret not in err.value.message
    dev = load_settings(data_dir=tmp_path, secret_key=secret, environment="development")
    assert dev.secret == secret


def test_environment_variables_are_read_when_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BELLPATH_DATABASE_URL", "postgresql://clinic@db.example/bellpath")
    monkeypatch.setenv("BELLPATH_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("BELLPATH_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.resolved_database_url == "postgresql+psycopg://clinic@db.example/bellpath"
    assert settings.secret == "k" * 40
    assert not (tmp_path / "secret_key").exists()  # a given secret is never written down


@pytest.mark.parametrize(
    ("field", "value"),
    [("environment", "staging"), ("login_max_failures", 0), ("max_upload_bytes", 10)],
)
def test_bad_settings_name_the_field(tmp_path: Path, field: str, value: object) -> None:
    with pytest.raises(InputError) as err:
        load_settings(data_dir=tmp_path, **{field: value})
    assert err.value.field == field


def test_an_unwritable_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_settings(data_dir=blocker / "bellpath")
    assert err.value.field == "data_dir"
    assert "BELLPATH_DATA_DIR" in err.value.message
