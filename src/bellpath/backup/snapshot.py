"""A consistent copy of the records database as one SQLite file, and its way back.

SQLite is copied with its online backup API (one step, so the copy is one moment of the database
while the server keeps writing in WAL mode). PostgreSQL is copied row by row inside one
``REPEATABLE READ, READ ONLY`` transaction (one snapshot of every table) into a SQLite file of the
same schema, so every archive holds the same kind of database and can be restored into either
backend. Restoring copies the rows back in foreign-key order and moves PostgreSQL's id sequences
past the restored ids.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, func, inspect, select, text

from bellpath.errors import BackupError
from bellpath.records.db import head_revision, make_engine, migrate, schema_revision
from bellpath.records.models import Base

__all__ = ["copy_rows", "is_empty", "row_counts", "snapshot_database"]

_BATCH = 1000


def is_empty(engine: Engine) -> bool:
    """Whether the database has no bellpath tables at all (a fresh target for a restore)."""
    names = set(inspect(engine).get_table_names())
    return not names & (set(Base.metadata.tables) | {"alembic_version"})


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per bellpath table."""
    with engine.connect() as conn:
        return {
            table.name: int(conn.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def snapshot_database(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the database behind ``engine`` to the SQLite file ``target``."""
    if engine.dialect.name == "sqlite":
        _sqlite_backup(engine, target)
        return
    with engine.connect() as plain:
        source = plain.execution_options(isolation_level="REPEATABLE READ")
        with source.begin():
            source.execute(text("SET TRANSACTION READ ONLY"))
            revision = schema_revision(source)
            if revision != head_revision(engine):
                raise BackupError(
                    f"the database schema is at revision {revision}, not the newest "
                    f"({head_revision(engine)}); start bellpath serve once to migrate it, "
                    "then back it up"
                )
            copy = make_engine(f"sqlite:///{target}")
            try:
                migrate(copy)
                with copy.begin() as sink:
                    copy_rows(source, sink)
            finally:
                copy.dispose()


def _sqlite_backup(engine: Engine, target: Path) -> None:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up; use a database file")
    source = sqlite3.connect(database, timeout=30)
    sink = sqlite3.connect(target)
    try:
        source.backup(sink)  # all pages in one step: one moment of the database
    finally:
        sink.close()
        source.close()


def copy_rows(source: Connection, sink: Connection) -> dict[str, int]:
    """Copy every bellpath table's rows (foreign-key order) from ``source`` to ``sink``."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        result = source.execute(select(table).order_by(*table.primary_key.columns))
        n = 0
        while rows := result.mappings().fetchmany(_BATCH):
            sink.execute(table.insert(), [dict(r) for r in rows])
            n += len(rows)
        counts[table.name] = n
    if sink.dialect.name == "postgresql":
        _advance_sequences(sink)
    return counts


def _advance_sequences(conn: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        sequence = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
        if sequence:
            highest = f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}"  # noqa: S608  (our tables)
            conn.execute(text(f"SELECT setval(:s, ({highest}), false)"), {"s": sequence})
