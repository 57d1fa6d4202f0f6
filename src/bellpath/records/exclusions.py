"""A clinician records that the other cause a finding pointed to was excluded (or withdraws it).

From that date the finding no longer withholds the Bell's palsy content of the assessment, and a
note names the finding, the date and the clinician (:mod:`bellpath.applicability`). Only someone
who may write findings (a clinician of the patient) may record it; it is audited.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.errors import InputError
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.entries import get_entry
from bellpath.records.episodes import not_in_future
from bellpath.records.models import FindingEntry, User

__all__ = ["exclude_finding"]


def exclude_finding(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    entry_id: int,
    excluded_on: dt.date | None,
    today: dt.date | None = None,
) -> FindingEntry:
    """Record (or, with ``excluded_on=None``, withdraw) the exclusion of a finding's cause.

    Raises
    ------
    InputError
        ``excluded_on`` after today or before the finding was noted.
    NotFoundError, PermissionError
        Not the actor's patient, or not a clinician of theirs.
    """
    today = today or clock.today()
    row: FindingEntry = get_entry(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.FINDING, entry_id=entry_id
    )
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.FINDING)
    if excluded_on is not None:
        not_in_future("excluded_on", excluded_on, today)
        if excluded_on < row.noted_on:
            raise InputError(
                "excluded_on",
                f"'excluded_on' ({excluded_on}) must not be before the finding was noted "
                f"({row.noted_on})",
                received=excluded_on.isoformat(),
            )
    row.excluded_on = excluded_on
    row.excluded_by = None if excluded_on is None else actor.id
    row.excluded_by_name = None if excluded_on is None else (actor.name or actor.email)
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity="finding_exclusion",
        entity_id=entry_id,
        patient_id=patient.id,
    )
    return row
