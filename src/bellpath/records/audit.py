"""The audit trail: who did what to which record, and when.

An event never holds health data content. A correction or a deletion of an entry also keeps an
:class:`~bellpath.records.models.Amendment` beside its event: the earlier and the new values and
the reason given, so a correction is never a silent edit. Reads of a patient's record (a timeline
opened, a report or export downloaded, the record read through the API) are ``view`` events.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.records.models import Amendment, AuditEvent, User
from bellpath.vocab.audit import AuditAction

__all__ = [
    "AuditAction",
    "audit_events",
    "audit_trail",
    "record_amendment",
    "record_event",
    "record_view",
]


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


def record_view(session: Session, *, actor: User, patient_id: int, what: str) -> AuditEvent:
    """Record that ``actor`` read the patient's record; ``what`` names the page or file."""
    return record_event(
        session,
        actor=actor,
        action=AuditAction.VIEW,
        entity=what[:32],
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
