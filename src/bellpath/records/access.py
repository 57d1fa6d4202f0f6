"""Who may see and change which record: the one place that decides.

* A clinician sees and changes the patients they own, and those whose care team they are on
  (a colleague covering the clinic); only the owner deletes the record or changes its care team.
* A patient sees their own record; they may add to it what they report themselves: practice-log
  entries, live mirror sessions, photos (selfies), videos of their exercises and the
  self-reported scales (SAQ, FaCE).
* An admin manages accounts and sees no clinical record.

A record the caller may not see is answered exactly like a record that does not exist
(:class:`~bellpath.errors.NotFoundError`), so an id teaches nothing. A record the caller may see but
not change raises :class:`~bellpath.errors.AccessDeniedError` (403).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bellpath.errors import AccessDeniedError, NotFoundError
from bellpath.records.models import CareTeamMember, Patient, Role, User

__all__ = [
    "SELF_REPORTED_SCALES",
    "EntryKind",
    "ensure_may_write",
    "ensure_owner",
    "visible_patient",
    "visible_patients_query",
    "visible_to",
    "visible_to_users_row",
]

SELF_REPORTED_SCALES = frozenset({"saq", "face"})
"""Scales a patient fills in about themselves (Synkinesis Assessment Questionnaire, FaCE)."""


class EntryKind(StrEnum):
    """Kinds of record a write touches; each knows whether a patient may write it."""

    PATIENT = "patient"
    EPISODE = "episode"
    GRADING = "grading"
    LAB = "lab"
    PHOTO = "photo"
    VIDEO = "video"
    COMPLICATION = "complication"
    FINDING = "finding"
    PRACTICE = "practice"
    PRACTICE_PLAN = "practice_plan"  # the therapist's changes to the plan: clinicians only
    PRACTICE_SESSION = "practice_session"

    @property
    def patient_may_write(self) -> bool:
        """Whether the linked patient may add or remove entries of this kind themselves."""
        return self in {
            EntryKind.PHOTO,
            EntryKind.VIDEO,
            EntryKind.PRACTICE,
            EntryKind.PRACTICE_SESSION,
            EntryKind.GRADING,
        }


def _visible(role: Role, actor_id: InstrumentedAttribute[int] | int) -> ColumnElement[bool]:
    """THE rule: the condition on ``patients`` rows that an account of ``role`` whose id is
    ``actor_id`` (a number, or a column of the same statement) may see."""
    if role is Role.CLINICIAN:
        member_of = select(CareTeamMember.patient_id).where(CareTeamMember.user_id == actor_id)
        return (Patient.owner_id == actor_id) | Patient.id.in_(member_of)
    if role is Role.PATIENT:
        return Patient.user_id == actor_id
    return Patient.id.is_(None)


def visible_to(actor: User) -> ColumnElement[bool]:
    """The condition on ``patients`` rows that ``actor`` may see (none for admins)."""
    return _visible(actor.role, actor.id)


def visible_to_users_row() -> ColumnElement[bool]:
    """The same rule for the account in the statement's ``users`` row, whatever its role: for a
    statement that reads an account and a record together (one round trip instead of two)."""
    return or_(*(and_(User.role == role, _visible(role, User.id)) for role in Role))


def visible_patients_query(actor: User) -> Select[Patient]:
    """The patients ``actor`` may see, as a query (empty for admins)."""
    return select(Patient).where(visible_to(actor))


def visible_patient(session: Session, *, actor: User, patient_id: int) -> Patient:
    """The patient ``patient_id`` if ``actor`` may see it.

    Raises
    ------
    NotFoundError
        No such patient, or one the actor may not see (the same answer on purpose).
    """
    patient = session.scalar(visible_patients_query(actor).where(Patient.id == patient_id))
    if patient is None or not actor.active:
        raise NotFoundError(f"patient {patient_id} not found")
    return patient


def ensure_may_write(
    actor: User, patient: Patient, kind: EntryKind, *, scale: str | None = None
) -> None:
    """Refuse a write the actor may not make on a patient they can see.

    Raises
    ------
    AccessDeniedError
        A patient adding clinician-only data (labs, findings, clinician-rated scales, ...).
    """
    if actor.role is Role.CLINICIAN and (
        patient.owner_id == actor.id or patient.on_care_team(actor.id)
    ):
        return
    if actor.role is Role.PATIENT and patient.user_id == actor.id and kind.patient_may_write:
        if kind is not EntryKind.GRADING or (scale in SELF_REPORTED_SCALES):
            return
        raise AccessDeniedError(
            f"patients may enter only the self-reported scales "
            f"({', '.join(sorted(SELF_REPORTED_SCALES))}); '{scale}' is rated by a clinician"
        )
    raise AccessDeniedError(f"your account may not change {kind.value} records of this patient")


def ensure_owner(actor: User, patient: Patient, what: str) -> None:
    """Refuse ``what`` (deleting the record, changing its care team) to all but the owner.

    Raises
    ------
    AccessDeniedError
        ``actor`` sees the patient (as a care-team member, or the patient) but does not own it.
    """
    if actor.role is Role.CLINICIAN and patient.owner_id == actor.id:
        return
    raise AccessDeniedError(f"only the clinician who owns this record may {what}")
