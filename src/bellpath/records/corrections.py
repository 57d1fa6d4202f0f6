"""Corrections, never silent edits: change an entry and keep its earlier value as an amendment.

:func:`amend_entry` corrects a grading, a lab result, a practice-log entry, a finding or a
complication. The new values are checked exactly as a new entry would be (the scale's rules, the
lab unit and plausible range, dates not in the future, one finding of a kind per episode), the
episode is checked by the engine, and the audit trail gets an ``update`` event with an
:class:`~bellpath.records.models.Amendment`: each changed field's earlier and new value, who, when
and the reason given. Nothing changes when any check fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.case import LabResult
from bellpath.errors import InputError
from bellpath.labs.plausible import check_plausible
from bellpath.records._entry_values import AMENDABLE_FIELDS, entry_values
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_amendment
from bellpath.records.case_builder import build_case
from bellpath.records.entries import (
    MAX_PRACTICE_MINUTES,
    check_grading,
    get_entry,
    not_in_future,
)
from bellpath.records.models import User
from bellpath.records.patients import check_with_engine
from bellpath.records.validation import input_error

__all__ = ["AMENDABLE_FIELDS", "MAX_REASON_LENGTH", "amend_entry"]

MAX_REASON_LENGTH = 500


def _check(
    kind: EntryKind, merged: dict[str, Any], scale: str | None, today: dt.date
) -> dict[str, Any]:
    """The corrected values, checked as a new entry of ``kind`` would be."""
    if kind is EntryKind.GRADING:
        not_in_future("date", merged["date"], today)
        check_grading(merged["date"], scale or "", dict(merged["items"]))
        return merged
    if kind is EntryKind.LAB:
        try:
            lab = LabResult.model_validate(merged)
        except ValidationError as exc:
            raise input_error(exc) from None
        if lab.date is not None:
            not_in_future("date", lab.date, today)
        check_plausible(lab.analyte, lab.value, lab.unit)
        return {k: getattr(lab, k) for k in AMENDABLE_FIELDS[kind]}
    if kind is EntryKind.PRACTICE:
        not_in_future("date", merged["date"], today)
        minutes = merged["minutes"]
        if not isinstance(minutes, int) or not 0 <= minutes <= MAX_PRACTICE_MINUTES:
            raise InputError(
                "minutes",
                f"'minutes' must be between 0 and {MAX_PRACTICE_MINUTES} (got {minutes})",
                received=minutes,
            )
        exercises = [str(e).strip() for e in merged["exercises"] if str(e).strip()]
        return {**merged, "exercises": exercises, "note": str(merged["note"]).strip()}
    not_in_future("noted_on", merged["noted_on"], today)
    return merged


def _once_per_episode(session: Session, kind: EntryKind, row: Any, new_value: Any) -> None:
    model = type(row)
    column = getattr(model, kind.value)
    clash = session.scalar(
        select(model.id).where(
            model.episode_id == row.episode_id, column == new_value, model.id != row.id
        )
    )
    if clash is not None:
        raise InputError(
            kind.value,
            f"'{kind.value}' {new_value.value} is already recorded for this episode",
            received=new_value.value,
        )


def amend_entry(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    kind: EntryKind,
    entry_id: int,
    changes: Mapping[str, Any],
    reason: str = "",
    today: dt.date | None = None,
) -> Any:
    """Correct one entry; returns the corrected row.

    Raises
    ------
    InputError
        A kind that cannot be corrected, a field that is not one of its fields, no change at all,
        or a corrected value that a new entry could not have.
    NotFoundError, AccessDeniedError
        As for any write.
    """
    today = today or clock.today()
    allowed = AMENDABLE_FIELDS.get(kind)
    if allowed is None:
        raise InputError("kind", allowed=[k.value for k in AMENDABLE_FIELDS], received=kind.value)
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InputError(
            unknown[0],
            f"'{unknown[0]}' cannot be corrected on a {kind.value}; "
            f"correct one of {', '.join(allowed)}",
            allowed=allowed,
            received=unknown[0],
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise InputError(
            "reason",
            f"'reason' must be at most {MAX_REASON_LENGTH} characters (got {len(reason)})",
            received=len(reason),
        )
    row = get_entry(session, actor=actor, patient_id=patient_id, kind=kind, entry_id=entry_id)
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    scale = getattr(row, "scale", None)
    ensure_may_write(actor, patient, kind, scale=scale)
    before = entry_values(kind, row)
    merged = _check(kind, {**before, **changes}, scale, today)
    if kind in (EntryKind.FINDING, EntryKind.COMPLICATION):
        _once_per_episode(session, kind, row, merged[kind.value])
    if all(merged[k] == before[k] for k in allowed):
        raise InputError(
            "body", "nothing to correct: every value sent equals the recorded one", received=None
        )
    for key in allowed:
        setattr(row, key, merged[key])
    session.flush()
    if kind is not EntryKind.PRACTICE:  # practice is not part of the assessed case
        check_with_engine(build_case(session, row.episode_id, today))
    record_amendment(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity=kind.value,
        entity_id=row.id,
        patient_id=patient.id,
        before=before,
        after=merged,
        reason=reason,
    )
    return row
