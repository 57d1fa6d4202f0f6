"""A patient's care team: colleagues who read and write the record like its owner.

The owner adds a clinician by e-mail and removes them again; a member sees the patient in their
list, opens the timeline and enters data; once removed, the record is "not found" for them again.
Every change of the team is in the patient's audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.errors import InputError, NotFoundError
from bellpath.records.access import ensure_owner, visible_patient
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.models import CareTeamMember, Role, User

__all__ = ["add_member", "list_members", "remove_member"]

_ENTITY = "care_team"


def list_members(session: Session, *, actor: User, patient_id: int) -> Sequence[User]:
    """The clinicians on the patient's care team (the owner not included), in order added."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    return session.scalars(
        select(User)
        .join(CareTeamMember, CareTeamMember.user_id == User.id)
        .where(CareTeamMember.patient_id == patient.id)
        .order_by(CareTeamMember.id)
    ).all()


def add_member(session: Session, *, actor: User, patient_id: int, email: str) -> User:
    """Add the clinician with ``email`` to the care team (the owner only).

    Raises
    ------
    InputError
        No active clinician account with that e-mail, the owner themselves, or already a member.
    AccessDeniedError
        ``actor`` is not the record's owner.
    """
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_owner(actor, patient, "change its care team")
    wanted = email.strip().lower()
    user = session.scalar(select(User).where(User.email == wanted))
    if user is None or user.role is not Role.CLINICIAN or not user.active:
        raise InputError(
            "email",
            "'email' must be the e-mail of an active clinician account "
            "(an admin creates it with: bellpath user create EMAIL --role clinician)",
            received=email,
        )
    if user.id == patient.owner_id:
        raise InputError(
            "email", "'email' is the record's owner, who always has access", received=email
        )
    if patient.on_care_team(user.id):
        raise InputError("email", f"'email' {wanted} is already on the care team", received=email)
    patient.care_team.append(CareTeamMember(user_id=user.id, added_by=actor.id))
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=_ENTITY,
        entity_id=user.id,
        patient_id=patient.id,
    )
    return user


def remove_member(session: Session, *, actor: User, patient_id: int, user_id: int) -> None:
    """Take a clinician off the care team (the owner only); they no longer see the record.

    Raises
    ------
    NotFoundError
        ``user_id`` is not on the team.
    """
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_owner(actor, patient, "change its care team")
    member = next((m for m in patient.care_team if m.user_id == user_id), None)
    if member is None:
        raise NotFoundError(f"user {user_id} is not on the care team of patient {patient_id}")
    patient.care_team.remove(member)
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.DELETE,
        entity=_ENTITY,
        entity_id=user_id,
        patient_id=patient.id,
    )
