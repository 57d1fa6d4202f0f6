"""Engines, sessions and migrations.

:func:`make_engine` turns a URL into an engine (SQLite: foreign keys on, WAL journal, the parent
directory created; PostgreSQL through psycopg 3). :func:`migrate` brings a database to the newest
schema with the Alembic scripts shipped inside the package, so an installed bellpath can upgrade its
own database. :func:`transaction` is the one unit of work: commit on success, roll back on any
error, so a failed request leaves no partial rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bellpath.errors import InputError, RecordError

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "downgrade",
    "head_revision",
    "make_engine",
    "make_session_factory",
    "migrate",
    "schema_revision",
    "transaction",
]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url``; never logs statements or parameters unless ``echo``.

    Raises
    ------
    InputError
        The URL cannot be parsed or names a driver that is not installed.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError for a malformed URL
        raise InputError(
            "database",
            "database URL must look like sqlite:///path/to/file.sqlite3 or "
            "postgresql+psycopg://user@host/db",
            received=url.rsplit("@", maxsplit=1)[-1],
        ) from exc
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (ImportError, SQLAlchemyError) as exc:
        raise InputError(
            "database",
            f"cannot use database driver {parsed.drivername!r}: {exc}; for PostgreSQL install "
            "bellpath[postgres] and use postgresql+psycopg://",
            received=parsed.drivername,
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if parsed.database and parsed.database != ":memory:":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    return engine


def make_session_factory(
    engine: Engine, *, photo_dir: Path | None = None, photo_cipher: Any = None
) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (handy for responses).

    ``photo_dir`` (kept in ``session.info``) is where photo files are written and removed;
    ``photo_cipher`` (a :class:`~bellpath.records.photo_keys.PhotoCipher`) encrypts them.
    """
    info: dict[str, Any] = {"photo_dir": photo_dir} if photo_dir is not None else {}
    if photo_cipher is not None:
        info["photo_cipher"] = photo_cipher
    return sessionmaker(engine, expire_on_commit=False, autoflush=True, info=info)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back everything on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Any:
    """An Alembic ``Config`` pointing at the packaged migrations and at ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest schema)."""
    try:
        command.upgrade(alembic_config(engine), revision)
    except SQLAlchemyError as exc:
        raise RecordError(
            f"could not migrate the database ({type(exc).__name__}); check that the database "
            "exists and the account may create tables"
        ) from exc


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the database to ``revision`` (``base`` empties it)."""
    command.downgrade(alembic_config(engine), revision)


def head_revision(engine: Engine) -> str:
    """The newest schema revision this bellpath knows."""
    return str(ScriptDirectory.from_config(alembic_config(engine)).get_current_head())


def schema_revision(conn: Connection) -> str | None:
    """The schema revision recorded in a database (``None`` when it has none)."""
    return MigrationContext.configure(conn).get_current_revision()
