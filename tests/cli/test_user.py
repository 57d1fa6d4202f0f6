"""``bellpath user create|list|set-password``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bellpath.auth.passwords import PasswordService
from bellpath.cli import app
from bellpath.records.db import make_engine, make_session_factory, transaction
from bellpath.records.models import Role, User


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private data folder and database, cheap Argon2; returns the database URL."""
    monkeypatch.setenv("BELLPATH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BELLPATH_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("BELLPATH_ARGON2_MEMORY_KIB", "64")
    monkeypatch.delenv("BELLPATH_DATABASE_URL", raising=False)
    monkeypatch.delenv("BELLPATH_SECRET_KEY", raising=False)
    monkeypatch.setenv("BELLPATH_PASSWORD", "a long enough password")
    return f"sqlite:///{tmp_path / 'users.sqlite3'}"


def _users(url: str) -> list[User]:
    engine = make_engine(url)
    try:
        with transaction(make_session_factory(engine)) as s:
            return list(s.scalars(select(User).order_by(User.id)))
    finally:
        engine.dispose()


def test_create_reads_the_password_from_the_environment(env: str) -> None:
    result = CliRunner().invoke(
        app,
        [
            "user",
            "create",
            "Doc@Clinic.org",
            "--role",
            "clinician",
            "--name",
            "Dr Doc",
            "--database",
            env,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "created clinician doc@clinic.org" in result.output
    (user,) = _users(env)
    assert (user.email, user.role, user.name) == ("doc@clinic.org", Role.CLINICIAN, "Dr Doc")
    assert PasswordService(time_cost=1, memory_kib=64).verify(
        user.password_hash, "a long enough password"
    )
    listed = CliRunner().invoke(app, ["user", "list", "--database", env])
    assert "doc@clinic.org" in listed.output
    assert "argon2" not in listed.output


def test_create_prompts_when_the_variable_is_unset(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BELLPATH_PASSWORD")
    result = CliRunner().invoke(
        app,
        ["user", "create", "p@home.org", "--role", "patient", "--database", env],
        input="typed secret 123\ntyped secret 123\n",
    )
    assert result.exit_code == 0, result.output
    assert "typed secret" not in result.output
    (user,) = _users(env)
    assert PasswordService(time_cost=1, memory_kib=64).verify(
        user.password_hash, "typed secret 123"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--role", "admin"], "'email' must be an address"),
        (["a@b.org", "--role", "nurse"], "'--role' must be one of admin, clinician, patient"),
    ],
)
def test_bad_input_exits_2_with_one_line(env: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["user", "create", *args, "--database", env])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_short_password_and_duplicates_are_refused(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("BELLPATH_PASSWORD", "short")
    short = runner.invoke(app, ["user", "create", "a@b.org", "--role", "admin", "--database", env])
    assert short.exit_code == 2
    assert "'password' must be" in short.output
    assert _users(env) == []
    monkeypatch.setenv("BELLPATH_PASSWORD", "a long enough password")
    args = ["user", "create", "a@b.org", "--role", "admin", "--database", env]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert "already used" in again.output


def test_set_password_changes_it_and_signs_out(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    runner.invoke(app, ["user", "create", "a@b.org", "--role", "admin", "--database", env])
    monkeypatch.setenv("BELLPATH_PASSWORD", "the second password")
    result = runner.invoke(app, ["user", "set-password", "a@b.org", "--database", env])
    assert result.exit_code == 0, result.output
    (user,) = _users(env)
    assert user.auth_epoch == 1
    assert PasswordService(time_cost=1, memory_kib=64).verify(
        user.password_hash, "the second password"
    )
    missing = runner.invoke(app, ["user", "set-password", "x@b.org", "--database", env])
    assert missing.exit_code == 2
