"""Repository functions for an episode's dated entries: gradings, labs, complications, findings,
practice-log entries. Keyword-only; access checked inside; every write audited and checked by the
engine through :func:`~bellpath.records.case_builder.build_case` before it commits.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.case import Case, Complication, Finding, LabResult
from bellpath.errors import InputError, NotFoundError
from bellpath.labs.plausible import check_plausible
from bellpath.records._entry_values import entry_values
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_amendment, record_event
from bellpath.records.case_builder import build_case
from bellpath.records.episodes import check_with_engine, current_episode, not_in_future
from bellpath.records.inputs import case_supports
from bellpath.records.models import (
    ComplicationEntry,
    Episode,
    FindingEntry,
    Grading,
    LabEntry,
    Patient,
    Photo,
    PracticeEntry,
    User,
    Video,
)
from bellpath.records.photo_files import schedule_removal
from bellpath.records.validation import error_detail

__all__ = [
    "ENTRY_MODELS",
    "GRADING_SCALES",
    "MAX_PRACTICE_MINUTES",
    "add_complication",
    "add_finding",
    "add_grading",
    "add_lab",
    "add_practice",
    "check_grading",
    "delete_entry",
    "episode_row",
    "get_entry",
    "latest_entries",
    "list_entries",
    "not_in_future",
]

GRADING_SCALES = ("house_brackmann", "sunnybrook", "eface", "saq", "face")
"""Scales a grading may use (the grading issue's JSON contract)."""

MAX_PRACTICE_MINUTES = 24 * 60

Entry = TypeVar(
    "Entry", Grading, LabEntry, ComplicationEntry, FindingEntry, PracticeEntry, Photo, Video
)

ENTRY_MODELS: dict[EntryKind, type[Any]] = {
    EntryKind.GRADING: Grading,
    EntryKind.LAB: LabEntry,
    EntryKind.COMPLICATION: ComplicationEntry,
    EntryKind.FINDING: FindingEntry,
    EntryKind.PRACTICE: PracticeEntry,
    EntryKind.PHOTO: Photo,
    EntryKind.VIDEO: Video,
}

_ORDER: dict[EntryKind, str] = {
    EntryKind.GRADING: "date",
    EntryKind.LAB: "date",
    EntryKind.COMPLICATION: "noted_on",
    EntryKind.FINDING: "noted_on",
    EntryKind.PRACTICE: "date",
    EntryKind.PHOTO: "taken_on",
    EntryKind.VIDEO: "recorded_on",
}


@functools.cache
def _gradings_adapter() -> TypeAdapter[Any]:
    annotation: Any = Case.model_fields["gradings"].annotation
    return TypeAdapter(annotation)


def check_grading(date: dt.date, scale: str, items: dict[str, Any]) -> None:
    """Check one grading with the scale's own rules; errors name ``items.<item>``.

    Raises
    ------
    InputError
        An item out of range or of an unknown category (the scale's message).
    """
    if not case_supports("gradings"):  # pragma: no cover - before the grading scales existed
        return
    try:
        _gradings_adapter().validate_python([{"date": date, "scale": scale, **items}])
    except ValidationError as exc:
        error = exc.errors()[0]
        inner = (error.get("ctx") or {}).get("error")
        if isinstance(inner, InputError):
            raise type(inner)(
                f"items.{inner.field}",
                inner.message,
                allowed=inner.allowed,
                received=inner.received,
            ) from None
        detail = error_detail({**error, "loc": ("items", *error["loc"][2:])})
        raise InputError(
            detail["field"],
            detail["message"],
            allowed=detail["allowed"],
            received=detail["received"],
        ) from None


def _writable(
    session: Session, actor: User, patient_id: int, kind: EntryKind, scale: str | None = None
) -> tuple[Patient, int]:
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, kind, scale=scale)
    return patient, current_episode(session, patient=patient).id


def _commit_checked(
    session: Session,
    *,
    actor: User,
    patient: Patient,
    episode_id: int,
    row: Any,
    kind: EntryKind,
    today: dt.date,
    check_case: bool = True,
) -> None:
    """Add ``row``, check the episode's case with the engine (unless told not to) and audit it."""
    session.add(row)
    session.flush()
    if check_case:
        check_with_engine(build_case(session, episode_id, today))
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=kind.value,
        entity_id=row.id,
        patient_id=patient.id,
    )


def add_grading(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    date: dt.date,
    scale: str,
    items: dict[str, Any],
    today: dt.date | None = None,
) -> Grading:
    """Record a grading; the items are checked by the grading scale through the engine's Case."""
    today = today or clock.today()
    if scale not in GRADING_SCALES:
        raise InputError("scale", allowed=GRADING_SCALES, received=scale)
    clash = sorted({"date", "scale"} & set(items))
    if clash:
        raise InputError("items", f"'items' must not repeat {', '.join(clash)}", received=clash)
    patient, episode_id = _writable(session, actor, patient_id, EntryKind.GRADING, scale)
    check_grading(date, scale, items)
    row = Grading(
        episode_id=episode_id,
        created_by=actor.id,
        date=not_in_future("date", date, today),
        scale=scale,
        items=items,
    )
    _commit_checked(
        session,
        actor=actor,
        patient=patient,
        episode_id=episode_id,
        row=row,
        kind=EntryKind.GRADING,
        today=today,
    )
    return row


def add_lab(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    lab: LabResult,
    today: dt.date | None = None,
) -> LabEntry:
    """Record a laboratory result; its unit is checked against the analyte by the engine."""
    today = today or clock.today()
    if lab.date is not None:
        not_in_future("date", lab.date, today)
    check_plausible(lab.analyte, lab.value, lab.unit)
    patient, episode_id = _writable(session, actor, patient_id, EntryKind.LAB)
    row = LabEntry(
        episode_id=episode_id,
        created_by=actor.id,
        analyte=lab.analyte,
        value=lab.value,
        unit=lab.unit,
        specimen=lab.specimen,
        date=lab.date,
        comparator=lab.comparator,
    )
    _commit_checked(
        session,
        actor=actor,
        patient=patient,
        episode_id=episode_id,
        row=row,
        kind=EntryKind.LAB,
        today=today,
    )
    return row


def _coded_once(
    session: Session, model: type[Any], column: str, episode_id: int, value: Any
) -> None:
    exists = session.scalar(
        select(model.id).where(model.episode_id == episode_id, getattr(model, column) == value)
    )
    if exists is not None:
        raise InputError(
            column,
            f"'{column}' {value.value} is already recorded for this episode",
            received=value.value,
        )


_Coded = TypeVar("_Coded", ComplicationEntry, FindingEntry)


def _add_coded(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    kind: EntryKind,
    model: type[_Coded],
    value: Complication | Finding,
    noted_on: dt.date,
    today: dt.date | None,
) -> _Coded:
    """Record a coded entry (a complication or a finding) that an episode holds once at most.

    The entry's coded column is named as its kind (``complication``, ``finding``).
    """
    column = kind.value
    today = today or clock.today()
    not_in_future("noted_on", noted_on, today)
    patient, episode_id = _writable(session, actor, patient_id, kind)
    _coded_once(session, model, column, episode_id, value)
    row = model(episode_id=episode_id, created_by=actor.id, noted_on=noted_on, **{column: value})
    _commit_checked(
        session,
        actor=actor,
        patient=patient,
        episode_id=episode_id,
        row=row,
        kind=kind,
        today=today,
    )
    return row


def add_complication(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    complication: Complication,
    noted_on: dt.date,
    today: dt.date | None = None,
) -> ComplicationEntry:
    """Record a late complication (once per episode)."""
    return _add_coded(
        session,
        actor=actor,
        patient_id=patient_id,
        kind=EntryKind.COMPLICATION,
        model=ComplicationEntry,
        value=complication,
        noted_on=noted_on,
        today=today,
    )


def add_finding(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    finding: Finding,
    noted_on: dt.date,
    today: dt.date | None = None,
) -> FindingEntry:
    """Record a finding that suggests it may not be Bell's palsy (once per episode)."""
    return _add_coded(
        session,
        actor=actor,
        patient_id=patient_id,
        kind=EntryKind.FINDING,
        model=FindingEntry,
        value=finding,
        noted_on=noted_on,
        today=today,
    )


def add_practice(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    date: dt.date,
    minutes: int,
    exercises: Sequence[str] = (),
    note: str = "",
    today: dt.date | None = None,
) -> PracticeEntry:
    """Log one day's facial-exercise practice (the patient or their clinician)."""
    today = today or clock.today()
    not_in_future("date", date, today)
    if not 0 <= minutes <= MAX_PRACTICE_MINUTES:
        raise InputError(
            "minutes",
            f"'minutes' must be between 0 and {MAX_PRACTICE_MINUTES} (got {minutes})",
            received=minutes,
        )
    patient, episode_id = _writable(session, actor, patient_id, EntryKind.PRACTICE)
    row = PracticeEntry(
        episode_id=episode_id,
        created_by=actor.id,
        date=date,
        minutes=minutes,
        exercises=[str(e).strip() for e in exercises if str(e).strip()],
        note=note.strip(),
    )
    _commit_checked(
        session,
        actor=actor,
        patient=patient,
        episode_id=episode_id,
        row=row,
        kind=EntryKind.PRACTICE,
        today=today,
        check_case=False,  # practice is not part of the case the engine assesses
    )
    return row


def latest_entries(
    session: Session, *, actor: User, patient_id: int, kind: EntryKind, limit: int
) -> Sequence[Any]:
    """The newest ``limit`` entries of one kind of the current episode, newest first.

    Dated entries by date (the latest first), undated ones after them; ties by newest id.
    """
    model = ENTRY_MODELS[kind]
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    episode_id = current_episode(session, patient=patient).id
    when = getattr(model, _ORDER[kind])
    query = (
        select(model)
        .where(model.episode_id == episode_id)
        .order_by(when.is_(None), when.desc(), model.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def list_entries(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    kind: EntryKind,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> Sequence[Any]:
    """Entries of one kind of the patient's current episode, oldest first."""
    model = ENTRY_MODELS[kind]
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    episode_id = current_episode(session, patient=patient).id
    when = getattr(model, _ORDER[kind])
    # Undated entries (labs may lack a date) last, the same on SQLite and PostgreSQL.
    query = (
        select(model).where(model.episode_id == episode_id).order_by(when.is_(None), when, model.id)
    )
    if since is not None:
        query = query.where(when >= since)
    if until is not None:
        query = query.where(when <= until)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def get_entry(
    session: Session, *, actor: User, patient_id: int, kind: EntryKind, entry_id: int
) -> Any:
    """One entry of the patient (any episode); :class:`NotFoundError` when not theirs."""
    return episode_row(
        session,
        actor=actor,
        patient_id=patient_id,
        model=ENTRY_MODELS[kind],
        row_id=entry_id,
        what=kind.value,
    )


def episode_row(
    session: Session, *, actor: User, patient_id: int, model: type[Any], row_id: int, what: str
) -> Any:
    """Row ``row_id`` of ``model`` (a table hanging off an episode) if it belongs to one of the
    patient's episodes and ``actor`` may see the patient; :class:`NotFoundError` naming ``what``
    otherwise."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    row = session.scalar(
        select(model)
        .join(Episode, Episode.id == model.episode_id)
        .where(model.id == row_id, Episode.patient_id == patient.id)
    )
    if row is None:
        raise NotFoundError(f"{what} {row_id} not found")
    return row


def delete_entry(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    kind: EntryKind,
    entry_id: int,
    today: dt.date | None = None,
    reason: str = "",
) -> None:
    """Delete one entry (who may write that kind may delete it); the audit trail keeps what it
    held, with the ``reason`` given."""
    row = get_entry(session, actor=actor, patient_id=patient_id, kind=kind, entry_id=entry_id)
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, kind, scale=getattr(row, "scale", None))
    before = entry_values(kind, row, deleting=True)
    if kind is EntryKind.PHOTO:
        schedule_removal(session, row.stored_name)
    session.delete(row)
    session.flush()
    record_amendment(
        session,
        actor=actor,
        action=AuditAction.DELETE,
        entity=kind.value,
        entity_id=entry_id,
        patient_id=patient.id,
        before=before,
        after=None,
        reason=reason,
    )
