"""Engines, sessions and migrations.

:func:`make_engine` turns a URL into an engine (SQLite: foreign keys on, WAL journal, the parent
directory created; PostgreSQL through psycopg 3). :func:`migrate` brings a database to the newest
schema with the Alembic scripts shipped inside the package, so an installed bellpath can upgrade its
own database. :func:`transaction` is the one unit of work: commit on success, roll back on any
error, so a failed request leaves no partial rows.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bellpath.errors import InputError, RecordError
from bellpath.records.models import AuditEvent

__all__ = [
    "ENGINE_INFO",
    "MIGRATIONS_DIR",
    "READING",
    "PoolSize",
    "ReadingWriteError",
    "alembic_config",
    "connection_limit",
    "downgrade",
    "has_writes",
    "head_revision",
    "make_engine",
    "make_reading_factory",
    "make_session_factory",
    "migrate",
    "per_database",
    "schema_revision",
    "session_engine",
    "transaction",
]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ENGINE_INFO = "bellpath.engine"
"""``session.info`` key: the engine of the factory that made the session."""
READING = "bellpath.reading"
"""``session.info`` key: the session serves a read (``GET``); see :func:`make_reading_factory`."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@dataclass(frozen=True, slots=True)
class PoolSize:
    """How many connections an engine keeps open (``size``) and may open beyond them at a busy
    moment (``overflow``, closed when given back): see ``Settings.database_pool_size``."""

    size: int = 20
    overflow: int = 10


def make_engine(url: str, *, echo: bool = False, pool: PoolSize | None = None) -> Engine:
    """Create an engine for ``url``; never logs statements or parameters unless ``echo``.

    ``pool`` sizes its connection pool (default :class:`PoolSize`'s); a SQLite database in
    memory has one connection and ignores it.

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
    pool = pool or PoolSize()
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            kwargs |= {"pool_size": pool.size, "max_overflow": pool.overflow}
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs |= {"pool_pre_ping": True, "pool_size": pool.size, "max_overflow": pool.overflow}
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


def connection_limit(engine: Engine) -> int | None:
    """How many connections the database server lets clients open (PostgreSQL's
    ``max_connections`` less its ``superuser_reserved_connections``); ``None`` for SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        total = int(conn.exec_driver_sql("SHOW max_connections").scalar_one())
        reserved = int(conn.exec_driver_sql("SHOW superuser_reserved_connections").scalar_one())
    return total - reserved


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
    info[ENGINE_INFO] = engine
    return sessionmaker(engine, expire_on_commit=False, autoflush=True, info=info)


def make_reading_factory(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions for requests that only read (``GET``): the same settings as ``factory``'s, marked
    :data:`READING`: a flush of anything but audit events raises :class:`ReadingWriteError`.

    On PostgreSQL they run without a transaction of their own (``AUTOCOMMIT``): a read then costs
    its statements only, not a ``BEGIN`` and a ``COMMIT`` round trip besides. Under PostgreSQL's
    READ COMMITTED every statement sees its own snapshot inside a transaction too, so reads see
    what they saw before; and the one write a read may make, its audit event, is one statement.
    SQLite has no round trips to save and keeps its transaction (one snapshot per request).
    """
    engine = factory.kw["info"][ENGINE_INFO]
    bind = engine
    if engine.dialect.name == "postgresql":
        bind = engine.execution_options(isolation_level="AUTOCOMMIT")
    return sessionmaker(
        bind, expire_on_commit=False, autoflush=True, info={**factory.kw["info"], READING: True}
    )


def session_engine(session: Session) -> Engine:
    """The engine ``session`` works on: the same for a request's reading and writing sessions
    (the caches kept per database use it as their key)."""
    engine = session.info.get(ENGINE_INFO)
    if isinstance(engine, Engine):
        return engine
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


_T = TypeVar("_T")
_PER_DATABASE: weakref.WeakKeyDictionary[Engine, dict[type[Any], Any]] = weakref.WeakKeyDictionary()
_PER_DATABASE_LOCK = threading.Lock()


def per_database(session: Session, kind: type[_T]) -> _T:
    """The one ``kind()`` of this process for the database ``session`` works on (made on first
    use; forgotten with its engine): caches and memories kept per database, so that tests with
    several databases in one process stay apart and a request's reading and writing sessions
    share one."""
    engine = session_engine(session)
    with _PER_DATABASE_LOCK:
        held = _PER_DATABASE.setdefault(engine, {})
        found = held.get(kind)
        if found is None:
            found = held[kind] = kind()
        return cast(_T, found)


class ReadingWriteError(RuntimeError):
    """A read (a ``GET``) tried to store something: reads write nothing but their audit event."""


def has_writes(session: Session) -> bool:
    """Whether ``session`` holds anything to store or has stored anything (then its end is a
    real commit: a round trip, on SQLite perhaps a wait for the write lock)."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_FLUSHED))


_FLUSHED = "bellpath.flushed"


@event.listens_for(Session, "before_flush")
def _reads_write_only_audit(session: Session, _context: Any, _instances: Any) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    if changed:
        session.info[_FLUSHED] = True
    if not session.info.get(READING):
        return
    stray = sorted({type(row).__name__ for row in changed if not isinstance(row, AuditEvent)})
    if stray:
        raise ReadingWriteError(
            f"a read (GET) may store only its audit event, not {', '.join(stray)}: writes belong "
            "to POST, PUT, PATCH or DELETE"
        )


@event.listens_for(Session, "after_transaction_end")
def _forget_flushes(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_FLUSHED, None)


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
