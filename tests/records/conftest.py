"""Record tests run on SQLite always, and on PostgreSQL when 127.0.0.1:5432 (db ``test``) answers.

Each PostgreSQL run works in its own schema (dropped afterwards), so parallel runs never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.passwords import PasswordService
from bellpath.records.db import make_engine, make_session_factory, migrate
from bellpath.records.models import Base

POSTGRES_URL = os.environ.get(
    "BELLPATH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_unreachable() -> str | None:
    """Why PostgreSQL cannot be used for tests, or ``None`` when it can."""
    try:
        import psycopg  # noqa: PLC0415  (optional dependency)
    except ImportError:
        return "psycopg is not installed (pip install 'bellpath[postgres]')"
    conninfo = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(conninfo, connect_timeout=2):
            return None
    except psycopg.Error as exc:
        return (
            f"PostgreSQL at {POSTGRES_URL.split('@')[-1]} is not reachable ({type(exc).__name__})"
        )


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@contextmanager
def open_engine(kind: str, folder: Path, *, migrated: bool = True) -> Iterator[Engine]:
    """A fresh database of ``kind`` (``sqlite`` file in ``folder``, or a PostgreSQL schema)."""
    if kind == "sqlite":
        eng = make_engine(f"sqlite:///{folder / 'records.sqlite3'}")
        try:
            if migrated:
                migrate(eng)
            yield eng
        finally:
            eng.dispose()
        return
    reason = postgres_unreachable()
    if reason is not None:
        pytest.skip(reason)
    schema = f"bp_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    try:
        if migrated:
            migrate(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database of each backend, shared by one test module."""
    with open_engine(request.param, tmp_path_factory.mktemp("db")) as eng:
        yield eng


@pytest.fixture(params=BACKENDS)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database of each backend with no tables at all (for migration tests)."""
    with open_engine(request.param, tmp_path, migrated=False) as eng:
        yield eng


@pytest.fixture
def sessions(engine: Engine, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A session factory on empty tables (rows of earlier tests removed), photos in tmp_path."""
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    yield make_session_factory(engine, photo_dir=tmp_path / "photos")


@pytest.fixture(scope="session")
def passwords() -> PasswordService:
    """Cheap Argon2 costs: tests check behaviour, not hashing strength."""
    return PasswordService(time_cost=1, memory_kib=64)
