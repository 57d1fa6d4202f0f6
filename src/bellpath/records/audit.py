"""The audit trail: who did what to which record, and when.

An event never holds health data content. A correction or a deletion of an entry also keeps an
:class:`~bellpath.records.models.Amendment` beside its event: the earlier and the new values and
the reason given, so a correction is never a silent edit. Reads of a patient's record (a timeline
opened, a report or export downloaded, the record read through the API) are ``view`` events.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from bellpath.records.db import per_database
from bellpath.records.models import Amendment, AuditEvent, User
from bellpath.vocab.audit import AuditAction

__all__ = [
    "VIEW_REPEAT_WINDOW_S",
    "AuditAction",
    "audit_events",
    "audit_trail",
    "record_amendment",
    "record_event",
    "record_view",
]

VIEW_REPEAT_WINDOW_S = 60.0
"""A reader's repeated reads of the same part of one record within this many seconds are one
``view`` event, the first (bellpath's choice, as for a token's last use): the trail still says who
read what, to the minute, without a write on every request. Each server worker keeps its own
memory of the last minute, so with N workers a reader may leave up to N events a minute."""

_VIEW_MEMO_SIZE = 8192
"""How many (reader, record, part) keys a worker remembers (the oldest are forgotten first)."""

ViewKey = tuple[int, int, str]
_PENDING = "bellpath.pending_views"


class _ViewMemo:
    """When each (reader, record, part) was last recorded as a view by this process (committed
    events only: a read whose transaction rolled back is not remembered)."""

    def __init__(self) -> None:
        self._seen: OrderedDict[ViewKey, float] = OrderedDict()
        self._lock = threading.Lock()

    def recent(self, key: ViewKey, now: float) -> bool:
        with self._lock:
            seen = self._seen.get(key)
            return seen is not None and now - seen < VIEW_REPEAT_WINDOW_S

    def remember(self, keys: Mapping[ViewKey, float]) -> None:
        with self._lock:
            for key, at in keys.items():
                self._seen[key] = at
                self._seen.move_to_end(key)
            while len(self._seen) > _VIEW_MEMO_SIZE:
                self._seen.popitem(last=False)


def _memo_for(session: Session) -> _ViewMemo:
    """One memory per database (engine) and process: tests with several databases stay apart."""
    return per_database(session, _ViewMemo)


@event.listens_for(Session, "after_commit")
def _views_committed(session: Session) -> None:
    pending: dict[ViewKey, float] | None = session.info.pop(_PENDING, None)
    if pending:
        _memo_for(session).remember(pending)


@event.listens_for(Session, "after_transaction_end")
def _views_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed (handled) or not
        session.info.pop(_PENDING, None)


def record_event(
    session: Session,
    *,
    actor: User | None,
    action: AuditAction,
    entity: str,
    entity_id: int | None = None,
    patient_id: int | None = None,
) -> AuditEvent:
    """Add one audit event to the current transaction (it commits or rolls back with it)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action.value,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
    )
    session.add(event)
    return event


def audit_events(
    session: Session, *, patient_id: int | None = None, limit: int = 200
) -> Sequence[AuditEvent]:
    """The newest events first, optionally only those about one patient."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    return session.scalars(query).all()


def record_view(session: Session, *, actor: User, patient_id: int, what: str) -> AuditEvent | None:
    """Record that ``actor`` read the patient's record; ``what`` names the page or file.

    ``None`` (nothing added) when the same reader's read of the same part was recorded less than
    :data:`VIEW_REPEAT_WINDOW_S` ago by this process.
    """
    entity = what[:32]
    key: ViewKey = (actor.id, patient_id, entity)
    now = time.monotonic()
    pending: dict[ViewKey, float] = session.info.setdefault(_PENDING, {})
    if key in pending or _memo_for(session).recent(key, now):
        return None
    pending[key] = now
    return record_event(
        session,
        actor=actor,
        action=AuditAction.VIEW,
        entity=entity,
        entity_id=patient_id,
        patient_id=patient_id,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record_amendment(
    session: Session,
    *,
    actor: User,
    action: AuditAction,
    entity: str,
    entity_id: int,
    patient_id: int,
    before: Mapping[str, Any],
    after: Mapping[str, Any] | None,
    reason: str = "",
) -> Amendment:
    """Record a correction (``after`` given) or a deletion (``after`` is ``None``) of an entry.

    Only the fields whose value changed are kept, as ``{field: {"from": ..., "to": ...}}``.
    """
    event = record_event(
        session,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
    )
    session.flush()
    changes = {
        key: {"from": _plain(old), "to": None if after is None else _plain(after.get(key))}
        for key, old in before.items()
        if after is None or _plain(after.get(key)) != _plain(old)
    }
    amendment = Amendment(
        event_id=event.id, patient_id=patient_id, changes=changes, reason=reason.strip()
    )
    session.add(amendment)
    return amendment


def audit_trail(
    session: Session, *, patient_id: int, limit: int = 200
) -> list[tuple[AuditEvent, Amendment | None]]:
    """The patient's events, newest first, each with its amendment when it has one."""
    events = audit_events(session, patient_id=patient_id, limit=limit)
    ids = [e.id for e in events]
    amendments = (
        {
            a.event_id: a
            for a in session.scalars(select(Amendment).where(Amendment.event_id.in_(ids)))
        }
        if ids
        else {}
    )
    return [(e, amendments.get(e.id)) for e in events]
