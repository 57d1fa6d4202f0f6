"""The record version: one counter per patient, bumped by every write to their record.

``patients.record_version`` changes in the same transaction as any write to the patient, their
episodes or any entry of an episode (gradings, labs, photos, videos, complications, findings, risk
factors, supplements, practice, and any table added later that has an ``episode_id`` or a
``patient_id`` column). Caches of what is computed from a record (the assessment, pages, charts)
are keyed by it, so a change anywhere makes them stale at once, in every worker process, on SQLite
and on PostgreSQL alike.

The bump lives in ONE place: two listeners on every SQLAlchemy :class:`~sqlalchemy.orm.Session`,
installed when this module is imported (``bellpath.records`` imports it):

* ``before_flush``: each new, changed or deleted object of a versioned table names its patient;
* ``do_orm_execute``: a bulk ``update(...)``/``delete(...)`` of a versioned table names the patients
  of the rows it is about to touch (read with the same WHERE clause before it runs).

Repository functions, page handlers and any future write path are covered without knowing. Only
raw SQL strings run on a bare connection bypass it. Tables that never change a record's meaning
are exempt: accounts and the audit trail (a *read* audit must not invalidate what was read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, and_, bindparam, event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from bellpath.errors import NotFoundError
from bellpath.records.access import visible_to, visible_to_users_row
from bellpath.records.db import READING
from bellpath.records.models import Episode, Patient, User, utcnow

__all__ = [
    "EXEMPT_TABLES",
    "RecordStamp",
    "RecordState",
    "bump_versions",
    "list_stamps",
    "record_state",
    "remember_record_state",
    "versioned_tables",
    "visible_record_state",
    "with_visible_record_state",
]

EXEMPT_TABLES = frozenset({"users", "audit_events", "alembic_version"})
"""Tables whose rows never change what a patient's record says (the read audit lives here)."""

RecordStamp = tuple[int, dt.datetime, int]
"""``(patient id, created at, record version)``: names one state of one record, for ever."""


def _columns(table: Any) -> set[str]:
    return {c.name for c in getattr(table, "columns", ())}


def versioned_tables() -> list[str]:
    """Names of the tables whose writes bump a patient's version (for docs and tests)."""
    tables = Patient.metadata.tables.values()
    return sorted(t.name for t in tables if _kind(t) is not None)


def _kind(table: Any) -> str | None:
    """How a row of ``table`` names its patient: ``patient``, ``episode``, ``owner`` or None."""
    name = getattr(table, "name", None)
    if name is None or name in EXEMPT_TABLES:
        return None
    if name == Patient.__tablename__:
        return "patient"
    cols = _columns(table)
    if "episode_id" in cols:
        return "episode"
    if "patient_id" in cols:
        return "owner"
    return None


def _patients_of_objects(session: Session, objects: Iterable[Any]) -> set[int]:
    patients: set[int] = set()
    episodes: set[int] = set()
    for obj in objects:
        table = getattr(type(obj), "__table__", None)
        kind = _kind(table)
        if kind == "patient":
            if obj.id is not None:
                patients.add(obj.id)
        elif kind == "owner":
            if obj.patient_id is not None:
                patients.add(obj.patient_id)
        elif kind == "episode":
            if obj.episode_id is not None:
                episodes.add(obj.episode_id)
            else:
                episode = getattr(obj, "episode", None)
                if episode is not None and episode.patient_id is not None:
                    patients.add(episode.patient_id)
    if episodes:
        rows = session.connection().execute(
            select(Episode.patient_id).where(Episode.id.in_(episodes))
        )
        patients.update(pid for (pid,) in rows)
    return patients


def bump_versions(session: Session, patient_ids: Iterable[int]) -> None:
    """Add one to the version of each patient (inside the session's transaction).

    Runs on the session's connection, not through the ORM, so it may run during a flush; a
    concurrent writer of the same patient waits for the row lock (PostgreSQL) or the database
    lock (SQLite), so no bump is lost.
    """
    ids = sorted(set(patient_ids))
    if not ids:
        return
    session.connection().execute(
        update(Patient)
        .where(Patient.id.in_(ids))
        .values(record_version=Patient.record_version + 1, record_changed_at=utcnow())
    )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    changed = [
        *session.new,
        *(o for o in session.dirty if session.is_modified(o, include_collections=False)),
        *session.deleted,
    ]
    # A patient being deleted takes its versions with it; a new one starts at its own version.
    gone = {o.id for o in session.deleted if isinstance(o, Patient)}
    bump_versions(session, _patients_of_objects(session, changed) - gone)


def _target_table(state: ORMExecuteState) -> Table | None:
    statement: Any = state.statement
    table = getattr(statement, "table", None)
    return table if isinstance(table, Table) else None


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = _target_table(state)
    kind = _kind(table)
    if table is None or kind is None:
        return
    statement: Any = state.statement
    where = statement.whereclause
    if kind == "patient":
        if state.is_delete:
            return
        query = select(table.c.id)
    elif kind == "owner":
        query = select(table.c.patient_id)
    else:
        query = select(Episode.patient_id).join(table, table.c.episode_id == Episode.id)
    if where is not None:
        query = query.where(where)
    rows = state.session.connection().execute(query.distinct(), state.parameters or {})
    bump_versions(state.session, [pid for (pid,) in rows if pid is not None])


_STATE_COLUMNS = (Patient.created_at, Patient.record_version, Patient.record_changed_at)


@dataclass(frozen=True, slots=True)
class RecordState:
    """A record's stamp and when it last changed (``None`` before the first change)."""

    stamp: RecordStamp
    changed_at: dt.datetime | None


def record_state(session: Session, patient_id: int) -> RecordState | None:
    """The current state of a patient's record (read fresh from the database), or ``None``."""
    row = session.execute(select(*_STATE_COLUMNS).where(Patient.id == patient_id)).first()
    return None if row is None else _state(patient_id, row)


def _state(patient_id: int, columns: Sequence[Any]) -> RecordState | None:
    """A state from :data:`_STATE_COLUMNS`' values (``None`` when they are null: no such row)."""
    created_at, version, changed_at = columns
    if created_at is None:
        return None
    return RecordState((patient_id, created_at, version), changed_at or created_at)


def visible_record_state(session: Session, *, actor: User, patient_id: int) -> RecordState:
    """The state of a record ``actor`` may see, checked and read in one statement (or none,
    when this reading session already read it with the actor's account:
    :func:`with_visible_record_state`).

    Raises
    ------
    NotFoundError
        No such patient, or one the actor may not see (the same answer on purpose, as
        :func:`bellpath.records.access.visible_patient`).
    """
    read: dict[tuple[int, int], RecordState | None] = session.info.get(_READ_WITH_ACCOUNT, {})
    if (actor.id, patient_id) in read and session.info.get(READING):
        state = read[actor.id, patient_id]
    else:
        row = session.execute(
            select(*_STATE_COLUMNS).where(Patient.id == patient_id, visible_to(actor))
        ).first()
        state = None if row is None else _state(patient_id, row)
    if state is None or not actor.active:
        raise NotFoundError(f"patient {patient_id} not found")
    return state


_READ_WITH_ACCOUNT = "bellpath.record_states"
"""``session.info`` key: ``{(account id, patient id): state or None}`` read with the account."""


def with_visible_record_state(
    statement: Select[*tuple[Any, ...]],
) -> Select[*tuple[Any, ...]]:
    """``statement`` (which reads a ``users`` row) also reading the state of the record
    ``:patient_id`` as that account may see it: its last three columns, null when the account
    may not see it. For the web's reads, which resolve the account and check the record in one
    round trip; :func:`remember_record_state` keeps the answer for :func:`visible_record_state`.
    """
    visible = and_(Patient.id == bindparam("patient_id"), visible_to_users_row())
    return statement.add_columns(*_STATE_COLUMNS).outerjoin(Patient, visible)


def remember_record_state(
    session: Session, *, actor: User, patient_id: int, columns: Sequence[Any]
) -> None:
    """Keep what :func:`with_visible_record_state` read for ``actor``, for this session's
    later :func:`visible_record_state` of the same record. Only in a reading session (a
    ``GET``): it stores nothing that could change the record afterwards."""
    if session.info.get(READING):
        read = session.info.setdefault(_READ_WITH_ACCOUNT, {})
        read[actor.id, patient_id] = _state(patient_id, columns)


def list_stamps(session: Session, patient_ids: Iterable[int]) -> list[RecordStamp]:
    """The stamps of several records at once (a list's ETag), in ``patient_ids`` order."""
    ids = list(patient_ids)
    if not ids:
        return []
    rows = session.execute(
        select(Patient.id, Patient.created_at, Patient.record_version).where(Patient.id.in_(ids))
    )
    found = {pid: (pid, created, version) for pid, created, version in rows}
    return [found[pid] for pid in ids if pid in found]
