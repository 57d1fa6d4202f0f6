"""``bellpath serve``: options reach the server; a real server answers on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from bellpath.cli import app
from bellpath.cli.serve import WORKER_APP, connection_budget_warning, default_workers
from bellpath.settings import load_settings
from bellpath.web.app import create_app, worker_app

from ..records.conftest import POSTGRES_URL, postgres_unreachable


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BELLPATH_DATA_DIR", str(tmp_path))
    # set, then removed: so the undo also removes what `serve --workers N` writes into os.environ
    monkeypatch.setenv("BELLPATH_DATABASE_URL", "unset")
    monkeypatch.delenv("BELLPATH_DATABASE_URL")
    monkeypatch.delenv("BELLPATH_SECRET_KEY", raising=False)
    return tmp_path


def test_options_reach_uvicorn(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(web: Any, **kwargs: Any) -> None:
        seen.update(kwargs, app=web)

    monkeypatch.setattr("bellpath.cli.serve.uvicorn.run", fake_run)
    url = f"sqlite:///{env / 'clinic.sqlite3'}"
    result = CliRunner().invoke(
        app,
        ["serve", "--host", "127.0.0.1", "--port", "8123", "--database", url, "--workers", "1"],
    )
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"], seen["access_log"]) == ("127.0.0.1", 8123, False)
    assert seen["factory"] is False and seen["workers"] is None
    assert (env / "clinic.sqlite3").exists()  # migrated on start
    assert "http://127.0.0.1:8123/" in result.output
    settings = seen["app"].state.services.settings
    assert settings.resolved_database_url == url


def test_listening_beyond_loopback_warns_about_https(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bellpath.cli.serve.uvicorn.run", lambda *_a, **_k: None)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])  # noqa: S104
    assert result.exit_code == 0
    assert "HTTPS" in result.output


def test_several_workers_share_settings_through_the_environment(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(
        "bellpath.cli.serve.uvicorn.run", lambda web, **kw: seen.update(kw, app=web)
    )
    url = f"sqlite:///{env / 'many.sqlite3'}"
    monkeypatch.setenv("BELLPATH_DATABASE_URL", "sqlite:///elsewhere.sqlite3")  # restored after
    result = CliRunner().invoke(app, ["serve", "--database", url, "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert (seen["workers"], seen["factory"], seen["app"]) == (3, True, WORKER_APP)
    assert seen["timeout_worker_healthcheck"] >= 30  # a slow import must not restart a worker
    assert "with 3 workers" in result.output
    assert (env / "many.sqlite3").exists()  # migrated once, before the workers start
    assert os.environ["BELLPATH_DATABASE_URL"] == url
    worker = worker_app()  # what each worker builds: the same database, no migration
    assert worker.state.services.settings.resolved_database_url == url


def test_workers_default_to_the_cores(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("bellpath.cli.serve.uvicorn.run", lambda web, **kw: seen.update(kw))
    monkeypatch.setattr("bellpath.cli.serve.default_workers", lambda: 1)
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    assert seen["workers"] is None  # one core: one process, no factory
    assert default_workers() >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "'--workers' must be 1 or more"),
        (["--port", "70000"], "'--port' must be between 1 and 65535"),
        (["--database", "mysql+nodriver://x/y"], "cannot use database driver"),
        (["--database", "::not a url::"], "database URL must look like"),
    ],
)
def test_bad_options_exit_2(env: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_a_real_server_answers(env: Path) -> None:
    port = _free_port()
    bellpath = Path(sys.executable).with_name("bellpath")
    proc = subprocess.Popen(
        [str(bellpath), "serve", "--port", str(port), "--workers", "1"],
        env={**os.environ, "BELLPATH_DATA_DIR": str(env)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not start in 120 s"
                time.sleep(0.2)
        assert response.json() == {"status": "ok"}
        assert response.headers["x-frame-options"] == "DENY"
        token = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/token",
            data={"username": "nobody@x.org", "password": "whatever123"},
            timeout=10,
        )
        assert token.status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


def test_pool_sizes_reach_each_workers_engine(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker keeps BELLPATH_DATABASE_POOL_SIZE connections (opening one costs a PostgreSQL
    server process) and may open BELLPATH_DATABASE_MAX_OVERFLOW more at a busy moment."""
    monkeypatch.setenv("BELLPATH_DATABASE_URL", f"sqlite:///{env / 'pool.sqlite3'}")
    monkeypatch.setenv("BELLPATH_DATABASE_POOL_SIZE", "7")
    monkeypatch.setenv("BELLPATH_DATABASE_MAX_OVERFLOW", "3")
    pool = create_app(run_migrations=True).state.engine.pool
    assert (pool.size(), pool._max_overflow) == (7, 3)


def test_a_bad_pool_size_names_the_setting(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BELLPATH_DATABASE_POOL_SIZE", "0")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "database_pool_size" in result.output


@pytest.mark.postgres
def test_more_connections_than_postgresql_allows_are_warned_about(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = postgres_unreachable()
    if reason is not None:
        pytest.skip(reason)
    monkeypatch.setattr("bellpath.cli.serve.uvicorn.run", lambda *_a, **_k: None)
    monkeypatch.setattr("bellpath.cli.serve.prepare_workers", lambda _settings: None)
    settings = load_settings(database_url=POSTGRES_URL, database_pool_size=400)
    warning = connection_budget_warning(settings, 2)
    assert warning is not None
    assert "2 workers may open up to 820 database connections" in warning
    assert "BELLPATH_DATABASE_POOL_SIZE" in warning
    assert connection_budget_warning(load_settings(database_url=POSTGRES_URL), 1) is None
    result = CliRunner().invoke(
        app,
        ["serve", "--database", POSTGRES_URL, "--workers", "2"],
        env={"BELLPATH_DATABASE_POOL_SIZE": "400"},
    )
    assert result.exit_code == 0, result.output
    assert "820 database connections" in result.output


def test_sqlite_needs_no_connection_warning(env: Path) -> None:
    settings = load_settings(database_pool_size=400, database_max_overflow=400)
    assert connection_budget_warning(settings, 64) is None
