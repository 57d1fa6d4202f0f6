"""The audit trail: who did what to which record, and when. Never any health data content."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.records.models import AuditEvent, User

__all__ = ["AuditAction", "audit_events", "record_event"]


class AuditAction(StrEnum):
    """What happened. Reads of single records are not logged; writes and sign-ins are."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    TOKEN_ISSUED = "token_issued"  # noqa: S105  (an action name)
    SIGN_OUT = "sign_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105  (an action name)
    PASSWORD_RESET = "password_reset"  # noqa: S105  (an action name)
    SESSIONS_REVOKED = "sessions_revoked"
    EXPORT = "export"


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
