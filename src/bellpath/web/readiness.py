"""``/readyz``: can this server do its work now? Database, schema and data folder, each named.

Each check answers ``"ok"`` or a short reason an operator can act on; reasons never hold health
data or secrets (database errors are reduced to their type).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bellpath.records.db import head_revision, schema_revision

__all__ = ["readiness"]


def _database(engine: Engine) -> tuple[str, str]:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = schema_revision(conn)
    except SQLAlchemyError as exc:
        reason = f"unreachable ({type(exc).__name__})"
        return reason, "unknown: the database is unreachable"
    head = head_revision(engine)
    if current != head:
        return "ok", f"at revision {current}, newest is {head}: restart bellpath serve to migrate"
    return "ok", "ok"


def _writable(folder: Path) -> str:
    try:
        fd, name = tempfile.mkstemp(prefix=".readyz-", dir=folder)
        os.close(fd)
        Path(name).unlink()
    except OSError as exc:
        return f"not writable ({exc.strerror or type(exc).__name__})"
    return "ok"


def readiness(engine: Engine, data_dir: Path) -> tuple[bool, dict[str, str]]:
    """``(ready, {check: "ok" or reason})`` for the database, migrations and data folder."""
    database, migrations = _database(engine)
    checks = {"database": database, "migrations": migrations, "data_dir": _writable(data_dir)}
    return all(v == "ok" for v in checks.values()), checks
