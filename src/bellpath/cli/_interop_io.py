"""Shared edges of `bellpath report`, `bellpath fhir` and `bellpath export`.

Files are written atomically (a temporary file renamed into place), so a failed command leaves no
half-written output. Stored patients are reached through the records layer as a named account
(``--as EMAIL``), so the same access rules apply as in the web app.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from sqlalchemy.orm import Session

from bellpath.case import Case
from bellpath.caseio import case_data
from bellpath.errors import InputError

__all__ = [
    "AsOfOption",
    "AsUserOption",
    "DatabaseOption",
    "PatientOption",
    "case_text",
    "parse_as_of",
    "records_session",
    "require",
    "write_atomic",
]

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database", help="Database URL (default: BELLPATH_DATABASE_URL, else the SQLite default)."
    ),
]
PatientOption = Annotated[
    int | None,
    typer.Option("--patient", help="A stored patient's record id (instead of a case file)."),
]
AsUserOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="E-mail of the account acting (with --patient): its access rules apply.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD); default: the case's own."),
]


def require(value: object, option: str, why: str) -> None:
    """Refuse a missing option with a message that says when it is needed."""
    if value is None or value == "":
        raise InputError(option, f"'{option}' is required {why}", received=None)


def parse_as_of(text: str | None) -> dt.date | None:
    """``--as-of`` as a date."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        msg = f"'--as-of' must be a date YYYY-MM-DD (got {text!r})"
        raise InputError("--as-of", msg, received=text) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        msg = f"'--output' folder {str(folder)!r} does not exist; create it first"
        raise InputError("--output", msg, received=str(path))
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def case_text(case: Case, path: Path) -> bytes:
    """A case file's content: YAML for ``.yaml``/``.yml``, JSON otherwise."""
    data = case_data(case)
    if path.suffix.lower() in {".yaml", ".yml"}:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextmanager
def records_session(database: str | None) -> Iterator[Session]:
    """One transaction on the records database (committed on success, rolled back on error)."""
    from bellpath.records.db import (  # noqa: PLC0415  (the records layer only when asked for)
        make_engine,
        make_session_factory,
        migrate,
        transaction,
    )
    from bellpath.settings import load_settings, photo_cipher  # noqa: PLC0415

    overrides: dict[str, Any] = {"database_url": database} if database else {}
    settings = load_settings(**overrides)
    engine = make_engine(settings.resolved_database_url)
    try:
        migrate(engine)
        factory = make_session_factory(
            engine, photo_dir=settings.photo_dir, photo_cipher=photo_cipher(settings)
        )
        with transaction(factory) as session:
            yield session
    finally:
        engine.dispose()
