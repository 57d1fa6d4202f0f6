"""A patient's practice plan as stored: the therapist's changes, the reminder choice, the streak.

The plan itself is computed from the assessment (:mod:`bellpath.guidance.practice_plan`); what is
stored here is only what people chose: a clinician's changes to it (rows switched off, sessions a
day and minutes within bounds, notes), and the patient's choice about reminders. Keyword-only;
access checked inside; every write audited. The table has a ``patient_id`` column, so every write
bumps the record version (:mod:`bellpath.records.versioning`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.case import Assessment
from bellpath.guidance.practice_overrides import PlanOverrides, apply_overrides
from bellpath.guidance.practice_plan import PracticePlan, practice_plan
from bellpath.guidance.practice_streak import practice_streak
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.entries import list_entries
from bellpath.records.models import PracticePlanSettings, User, utcnow
from bellpath.records.patients import patient_assessment

__all__ = [
    "STREAK_WINDOW_DAYS",
    "PatientPlan",
    "patient_plan",
    "plan_overrides",
    "practice_reminders",
    "save_plan_overrides",
    "set_practice_reminders",
    "streak_of",
]

STREAK_WINDOW_DAYS = 366
"""How far back the streak is read from the practice log (a longer run shows as this many)."""


@dataclass(frozen=True, slots=True)
class PatientPlan:
    """The computed plan, the therapist's changes, and the plan the patient follows."""

    assessment: Assessment
    computed: PracticePlan
    overrides: PlanOverrides
    shown: PracticePlan
    reminders: bool
    updated_at: dt.datetime | None = None


def _row(session: Session, patient_id: int) -> PracticePlanSettings | None:
    return session.scalar(
        select(PracticePlanSettings).where(PracticePlanSettings.patient_id == patient_id)
    )


def _row_for_write(session: Session, patient_id: int) -> PracticePlanSettings:
    row = _row(session, patient_id)
    if row is None:
        row = PracticePlanSettings(patient_id=patient_id, families={}, note="", reminders=True)
        session.add(row)
    return row


def _overrides_of(row: PracticePlanSettings | None) -> PlanOverrides:
    if row is None:
        return PlanOverrides()
    return PlanOverrides.from_json(row.families or {}, row.note or "")


def plan_overrides(session: Session, *, actor: User, patient_id: int) -> PlanOverrides:
    """The therapist's changes to the patient's plan (none yet: no changes)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    return _overrides_of(_row(session, patient.id))


def save_plan_overrides(
    session: Session, *, actor: User, patient_id: int, overrides: PlanOverrides
) -> PlanOverrides:
    """Replace the therapist's changes to the plan (a clinician of the patient; audited).

    Raises
    ------
    NotFoundError
        Not a patient the actor may see.
    AccessDeniedError
        The patient themselves, or anyone not a clinician of theirs.
    """
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.PRACTICE_PLAN)
    row = _row_for_write(session, patient.id)
    row.families = overrides.to_json()
    row.note = overrides.note.strip()
    row.updated_by = actor.id
    row.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity="practice_plan",
        entity_id=row.id,
        patient_id=patient.id,
    )
    return _overrides_of(row)


def practice_reminders(session: Session, *, actor: User, patient_id: int) -> bool:
    """Whether the patient wants practice reminders (on until they switch them off)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    row = _row(session, patient.id)
    return True if row is None else row.reminders


def set_practice_reminders(session: Session, *, actor: User, patient_id: int, on: bool) -> bool:
    """Switch the patient's practice reminders on or off (the patient or a clinician; audited)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.PRACTICE)
    row = _row_for_write(session, patient.id)
    row.reminders = on
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity="practice_reminders",
        entity_id=row.id,
        patient_id=patient.id,
    )
    return on


def patient_plan(session: Session, *, actor: User, patient_id: int, as_of: dt.date) -> PatientPlan:
    """The plan of the patient's current episode as of ``as_of``, with the therapist's changes."""
    assessed = patient_assessment(session, actor=actor, patient_id=patient_id, as_of=as_of)
    computed = practice_plan(assessed.case, assessed.assessment)
    row = _row(session, patient_id)
    overrides = _overrides_of(row)
    return PatientPlan(
        assessment=assessed.assessment,
        computed=computed,
        overrides=overrides,
        shown=apply_overrides(computed, overrides),
        reminders=True if row is None else row.reminders,
        updated_at=None if row is None else row.updated_at,
    )


def streak_of(session: Session, *, actor: User, patient_id: int, today: dt.date) -> int:
    """Days in a row with practice (minutes above zero) in the current episode's log."""
    since = today - dt.timedelta(days=STREAK_WINDOW_DAYS - 1)
    rows = list_entries(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.PRACTICE, since=since
    )
    return practice_streak((r.date for r in rows if r.minutes > 0), today=today)
