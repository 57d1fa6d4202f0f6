"""``bellpath serve``: run the web app (pages and the ``/api/v1`` API) with uvicorn.

Logs go to stderr as JSON lines (one per request: id, method, route template, status, duration);
the first line reports the settings in use, secrets hidden.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn

from bellpath.cli._app import app, err_console, guard
from bellpath.errors import InputError
from bellpath.settings import load_settings

__all__ = ["serve_command"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
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
) -> None:
    """Start the bellpath server: sign in at http://HOST:PORT/ ; the API is under /api/v1."""
    from bellpath.web.app import create_app  # noqa: PLC0415  (keeps other commands fast)
    from bellpath.web.observability import configure_json_logging  # noqa: PLC0415

    with guard():
        if not 1 <= port <= 65535:
            raise InputError("--port", "'--port' must be between 1 and 65535", received=port)
        overrides: dict[str, Any] = {}
        if database:
            overrides["database_url"] = database
        if data_dir is not None:
            overrides["data_dir"] = data_dir
        settings = load_settings(**overrides)
        configure_json_logging()
        logging.getLogger("bellpath.serve").info(
            "settings", extra={"settings": settings.public_summary(), "host": host, "port": port}
        )
        web = create_app(settings)
        where = settings.resolved_database_url.split("@")[-1]
        err_console.print(f"bellpath: database {where}", markup=False)
        err_console.print(
            f"bellpath: serving on http://{host}:{port}/ (Ctrl+C stops)", markup=False
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
    )
