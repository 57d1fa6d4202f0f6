"""``bellpath serve``: run the web app (pages and the ``/api/v1`` API) with uvicorn.

Logs go to stderr as JSON lines (one per request: id, method, route template, status, duration);
the first line reports the settings in use, secrets hidden.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from sqlalchemy.exc import SQLAlchemyError

from bellpath.cli._app import app, err_console, guard
from bellpath.errors import InputError
from bellpath.records.db import connection_limit, make_engine, migrate
from bellpath.records.photo_keys import encrypt_plain_files
from bellpath.settings import Settings, load_settings, photo_cipher

__all__ = [
    "WORKER_APP",
    "connection_budget_warning",
    "default_workers",
    "prepare_workers",
    "serve_command",
]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    database: Annotated[
        str | None,
        typer.Option(
            help="Database URL (default: BELLPATH_DATABASE_URL, else a SQLite file in the data "
            "folder), e.g. sqlite:///clinic.sqlite3 or postgresql+psycopg://user@host/db."
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Data folder: secret key, photos, default database (BELLPATH_DATA_DIR)."),
    ] = None,
    access_log: Annotated[
        bool, typer.Option(help="Log each request line (paths only, never bodies).")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes (default: the number of CPU cores). Each keeps its own cache; "
            "the record version stored in the database keeps every worker's cache correct."
        ),
    ] = None,
) -> None:
    """Start the bellpath server: sign in at http://HOST:PORT/ ; the API is under /api/v1."""
    from bellpath.web.app import create_app  # noqa: PLC0415  (keeps other commands fast)
    from bellpath.web.observability import configure_json_logging  # noqa: PLC0415

    with guard():
        if not 1 <= port <= 65535:
            raise InputError("--port", "'--port' must be between 1 and 65535", received=port)
        count = workers if workers is not None else default_workers()
        if count < 1:
            raise InputError("--workers", "'--workers' must be 1 or more", received=count)
        overrides: dict[str, Any] = {}
        if database:
            overrides["database_url"] = database
        if data_dir is not None:
            overrides["data_dir"] = data_dir
        settings = load_settings(**overrides)
        configure_json_logging()
        logging.getLogger("bellpath.serve").info(
            "settings",
            extra={
                "settings": settings.public_summary(),
                "host": host,
                "port": port,
                "workers": count,
            },
        )
        if count == 1:
            web: Any = create_app(settings)
        else:
            prepare_workers(settings)
            web = WORKER_APP
        where = settings.resolved_database_url.split("@")[-1]
        err_console.print(f"bellpath: database {where}", markup=False)
        warning = connection_budget_warning(settings, count)
        if warning:
            err_console.print(f"bellpath: {warning}", markup=False)
        err_console.print(
            f"bellpath: serving on http://{host}:{port}/ with {count} worker"
            f"{'s' if count > 1 else ''} (Ctrl+C stops)",
            markup=False,
        )
        if not _is_loopback(host):
            err_console.print(
                "bellpath: listening beyond this computer; put it behind HTTPS (a reverse proxy) "
                "so sign-in cookies and health data are encrypted",
                markup=False,
            )
    uvicorn.run(
        web,
        host=host,
        port=port,
        access_log=access_log,
        log_level="warning",
        log_config=None,
        proxy_headers=False,
        workers=count if count > 1 else None,
        factory=count > 1,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )


WORKER_HEALTHCHECK_S = 60
"""How long a starting worker may take to answer the supervisor's ping before it is restarted:
a worker imports bellpath (and MediaPipe) first, which on a busy machine takes far longer than
uvicorn's default 5 s, and a worker killed mid-import would be restarted for ever."""

WORKER_APP = "bellpath.web.app:worker_app"
"""What each worker process imports: the app built from the environment, not migrating."""


def connection_budget_warning(settings: Settings, workers: int) -> str | None:
    """A warning when ``workers`` could open more connections than the database allows at a
    busy moment (PostgreSQL only); ``None`` when they fit or the limit cannot be read."""
    if not settings.resolved_database_url.startswith("postgresql"):
        return None
    per_worker = settings.database_pool_size + settings.database_max_overflow
    engine = make_engine(settings.resolved_database_url)
    try:
        limit = connection_limit(engine)
    except SQLAlchemyError:
        return None  # the server starts anyway; /readyz reports the database
    finally:
        engine.dispose()
    if limit is None or workers * per_worker <= limit:
        return None
    return (
        f"{workers} workers may open up to {workers * per_worker} database connections "
        f"({settings.database_pool_size} kept + {settings.database_max_overflow} at busy moments "
        f"each) but PostgreSQL allows {limit}: lower BELLPATH_DATABASE_POOL_SIZE or "
        "BELLPATH_DATABASE_MAX_OVERFLOW, or raise max_connections"
    )


def default_workers() -> int:
    """One worker per CPU core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def prepare_workers(settings: Settings) -> None:
    """Migrate once, here, and hand the settings to the workers through the environment.

    The photo key file is made (on first start) and plain photos encrypted here too, once,
    before the workers start.
    """
    engine = make_engine(settings.resolved_database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    encrypt_plain_files(settings.photo_dir, photo_cipher(settings))
    os.environ["BELLPATH_DATABASE_URL"] = settings.resolved_database_url
    os.environ["BELLPATH_DATA_DIR"] = str(settings.data_dir)
