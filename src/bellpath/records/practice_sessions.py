"""Repository functions for live mirror practice sessions (issue 19, item 3).

A session is what the live mirror page sends when the person finishes: the date, how long, the
affected side, and per movement the repetitions, each side's excursion in mm, the ratio, the eye
narrowing and how often the mirror prompted. The JSON contract::

    {"date": "YYYY-MM-DD" (optional, default today), "duration_s": int, "affected_side": "left",
     "exercises": [{"movement": "smile", "repetitions": 10, "affected_mm": 6.2,
                    "healthy_mm": 10.0, "ratio": 0.62, "eye_narrowing_pct": 18.0,
                    "narrowing_prompts": 1, "overpower_prompts": 0}]}

Keyword-only; access checked inside (the patient and their clinicians may add and delete); every
write is audited and the episode is checked by the engine (sessions are dated evidence of
movement, :mod:`bellpath.recovery.practice_evidence`). The record version is bumped by
:mod:`bellpath.records.versioning` like any other write, so cached assessments go stale at once.
Bad input raises :class:`~bellpath.errors.InputError` naming the dotted field
(``exercises.0.ratio``), the allowed values and what was received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.case import PracticeSessionEntry
from bellpath.errors import InputError
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_amendment, record_event
from bellpath.records.case_builder import build_case
from bellpath.records.entries import add_practice, delete_entry, episode_row, list_entries
from bellpath.records.episodes import check_with_engine, current_episode, not_in_future
from bellpath.records.models import Episode, PracticeSession, User
from bellpath.records.validation import error_detail
from bellpath.vocab.expressions import EXPRESSION_TERMS

__all__ = [
    "LOG_NOTE",
    "add_practice_session",
    "delete_practice_session",
    "first_practice_day",
    "get_practice_session",
    "list_practice_sessions",
    "parse_session",
    "practice_history",
    "session_entries",
]

_KIND = EntryKind.PRACTICE_SESSION

LOG_NOTE = "live mirror session"
"""The note of the practice-log entry written with a session."""


def _input_error(exc: ValidationError) -> InputError:
    """The first problem, with its full dotted field even when a validator raised it."""
    error = exc.errors()[0]
    detail = error_detail(error)
    inner = (error.get("ctx") or {}).get("error")
    field = ".".join(str(p) for p in error.get("loc", ()) if "[" not in str(p)) or "body"
    message = str(detail["message"])
    if isinstance(inner, InputError) and field != inner.field:
        message = message.replace(f"'{inner.field}'", f"'{field}'", 1)
    elif field != detail["field"]:
        field = str(detail["field"])
    received = None if error.get("type") == "missing" else detail["received"]
    return InputError(field, message, allowed=detail["allowed"], received=received)


def parse_session(data: Mapping[str, Any], *, today: dt.date) -> PracticeSessionEntry:
    """Check one session in the JSON contract; ``date`` defaults to ``today``.

    Raises
    ------
    InputError
        Not an object, a field missing, of the wrong type or out of its plausible range
        (:data:`bellpath.case.SESSION_LIMITS`), a movement not in the expression set, or a date
        after ``today``.
    """
    if not isinstance(data, Mapping):
        raise InputError("body", "the session must be a JSON object", received=type(data).__name__)
    values = dict(data)
    if values.get("date") is None:
        values["date"] = today
    try:
        entry = PracticeSessionEntry.model_validate(values)
    except ValidationError as exc:
        raise _input_error(exc) from None
    not_in_future("date", entry.date, today)
    return entry


def _check_episode(episode: Episode, entry: PracticeSessionEntry) -> None:
    if entry.date < episode.onset:
        raise InputError(
            "date",
            f"'date' ({entry.date}) must not be before the onset ({episode.onset})",
            received=entry.date.isoformat(),
        )
    side = episode.affected_side
    if side is not None and entry.affected_side is not side:
        raise InputError(
            "affected_side",
            f"'affected_side' must be the record's affected side, {side.value} "
            f"(got {entry.affected_side.value!r})",
            allowed=[side.value],
            received=entry.affected_side.value,
        )


def _log_words(entry: PracticeSessionEntry) -> list[str]:
    """The movements of a session as the practice log lists exercises."""
    return [
        f"{EXPRESSION_TERMS[e.movement].label} ({e.repetitions} times)" for e in entry.exercises
    ]


def add_practice_session(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    data: Mapping[str, Any],
    today: dt.date | None = None,
) -> PracticeSession:
    """Store one live mirror session for the patient's current episode (patient or clinician).

    The day's practice log gets an entry with it (the minutes and the movements, noted
    :data:`LOG_NOTE`), so the log, its summary and its pages count mirror practice too; deleting
    the session deletes that entry.
    """
    today = today or clock.today()
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, _KIND)
    entry = parse_session(data, today=today)
    episode = current_episode(session, patient=patient)
    _check_episode(episode, entry)
    stored = entry.model_dump(mode="json")
    log = add_practice(
        session,
        actor=actor,
        patient_id=patient_id,
        date=entry.date,
        minutes=max(1, round(entry.duration_s / 60)),
        exercises=_log_words(entry),
        note=LOG_NOTE,
        today=today,
    )
    row = PracticeSession(
        episode_id=episode.id,
        created_by=actor.id,
        date=entry.date,
        duration_s=entry.duration_s,
        affected_side=entry.affected_side,
        exercises=stored["exercises"],
        log_entry_id=log.id,
    )
    session.add(row)
    session.flush()
    check_with_engine(build_case(session, episode.id, today))
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=_KIND.value,
        entity_id=row.id,
        patient_id=patient.id,
    )
    return row


def list_practice_sessions(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> Sequence[PracticeSession]:
    """Sessions of the patient's current episode, oldest first (ties by id)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    episode_id = current_episode(session, patient=patient).id
    query = (
        select(PracticeSession)
        .where(PracticeSession.episode_id == episode_id)
        .order_by(PracticeSession.date, PracticeSession.id)
    )
    if since is not None:
        query = query.where(PracticeSession.date >= since)
    if until is not None:
        query = query.where(PracticeSession.date <= until)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def get_practice_session(
    session: Session, *, actor: User, patient_id: int, session_id: int
) -> PracticeSession:
    """One session of the patient (any episode); :class:`NotFoundError` when not theirs."""
    row: PracticeSession = episode_row(
        session,
        actor=actor,
        patient_id=patient_id,
        model=PracticeSession,
        row_id=session_id,
        what="practice session",
    )
    return row


def delete_practice_session(
    session: Session, *, actor: User, patient_id: int, session_id: int, reason: str = ""
) -> None:
    """Delete one session; the audit trail keeps what it held, with the ``reason`` given."""
    row = get_practice_session(session, actor=actor, patient_id=patient_id, session_id=session_id)
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, _KIND)
    before = {
        "date": row.date,
        "duration_s": row.duration_s,
        "affected_side": row.affected_side.value,
        "exercises": row.exercises,
    }
    log_entry_id = row.log_entry_id
    session.delete(row)
    session.flush()
    if log_entry_id is not None:
        delete_entry(
            session,
            actor=actor,
            patient_id=patient_id,
            kind=EntryKind.PRACTICE,
            entry_id=log_entry_id,
            reason=reason or "its live mirror session was deleted",
        )
    record_amendment(
        session,
        actor=actor,
        action=AuditAction.DELETE,
        entity=_KIND.value,
        entity_id=session_id,
        patient_id=patient.id,
        before=before,
        after=None,
        reason=reason,
    )


def session_entries(rows: Iterable[PracticeSession]) -> list[PracticeSessionEntry]:
    """Stored rows as the core's :class:`~bellpath.case.PracticeSessionEntry` values."""
    return [
        PracticeSessionEntry.model_validate(
            {
                "date": r.date,
                "duration_s": r.duration_s,
                "affected_side": r.affected_side,
                "exercises": r.exercises,
            }
        )
        for r in rows
    ]


def practice_history(
    session: Session, *, actor: User, patient_id: int, since: dt.date | None = None
) -> tuple[list[PracticeSessionEntry], list[dt.date]]:
    """The sessions of the current episode and the dates of its practice-log entries, from
    ``since`` on: what weekly progress (:mod:`bellpath.recovery.practice_weeks`) is made of."""
    rows = list_practice_sessions(session, actor=actor, patient_id=patient_id, since=since)
    log = list_entries(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.PRACTICE, since=since
    )
    return session_entries(rows), [entry.date for entry in log]


def first_practice_day(session: Session, *, actor: User, patient_id: int) -> dt.date | None:
    """The date of the current episode's first session, or ``None`` before any."""
    rows = list_practice_sessions(session, actor=actor, patient_id=patient_id, limit=1)
    return rows[0].date if rows else None
