"""Helpers shared by the page handlers: the clock, the write unit, loading a patient's timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from bellpath.case import Assessment, Case
from bellpath.grading.entries import Scale
from bellpath.records.access import EntryKind
from bellpath.records.db import transaction
from bellpath.records.entries import latest_entries, list_entries
from bellpath.records.identity import age_on
from bellpath.records.models import Patient, User
from bellpath.records.overview import account
from bellpath.records.patients import get_patient, patient_assessment
from bellpath.vocab import AdministrativeSex
from bellpath.web.deps import get_today
from bellpath.web.pages._video import latest_video
from bellpath.web.pages._views import (
    HISTORY_PAGE,
    PRACTICE_WINDOW_DAYS,
    ChartView,
    TimelineView,
    history_items,
    history_page,
    milestone_views,
    outlook_blocks,
    practice_summary,
)
from bellpath.web.pages._voice import chart_alt
from bellpath.web.security import services_of

__all__ = [
    "PatientInfo",
    "chart_views",
    "load_timeline",
    "today_of",
    "writing",
]

Clock = Callable[[], dt.date]


def today_of(request: Request) -> dt.date:
    """Today from the application's one clock (:func:`bellpath.web.deps.get_today`)."""
    return get_today(request)


@contextmanager
def writing(request: Request, user: User) -> Iterator[tuple[Session, User]]:
    """One write in its own transaction: all of it is stored, or none of it.

    The request's own session stays untouched for rendering, so a refused form can be shown again
    with its messages while every row the write began is rolled back.
    """
    services = services_of(request)
    with transaction(services.sessions) as session:
        actor = account(session, user_id=user.id)
        if actor is None:  # pragma: no cover - the account vanished mid-request
            raise LookupError("account not found")
        yield session, actor


@dataclass(frozen=True, slots=True)
class PatientInfo:
    """A patient as the pages show them (plain values, safe after a rollback)."""

    id: int
    name: str
    birth_date: dt.date | None = None
    sex: AdministrativeSex | None = None
    mrn: str | None = None

    @classmethod
    def of(cls, patient: Patient) -> PatientInfo:
        """Copy the shown fields."""
        return cls(
            id=patient.id,
            name=patient.name,
            birth_date=patient.birth_date,
            sex=AdministrativeSex(patient.sex) if patient.sex is not None else None,
            mrn=patient.mrn,
        )

    def age_on(self, today: dt.date) -> int | None:
        """Completed years on ``today`` (``None`` without a birth date)."""
        return age_on(self.birth_date, today) if self.birth_date is not None else None


def chart_views(base: str, case: Case, assessment: Assessment | None = None) -> list[ChartView]:
    """The charts worth showing for ``case`` (one per graded scale, when any).

    With the ``assessment``, each chart's text alternative says what it shows, in numbers.
    """
    gradings: list[Any] = list(getattr(case, "gradings", []) or [])
    scales: list[str] = []
    for entry in gradings:
        scale = str(
            getattr(entry, "scale", "") or (entry.get("scale") if isinstance(entry, dict) else "")
        )
        if scale and scale not in scales:
            scales.append(scale)
    names = {
        "sunnybrook": "Sunnybrook composite",
        "house_brackmann": "House-Brackmann grade",
        "eface": "eFACE total",
        "saq": "SAQ total",
        "face": "FaCE total",
    }
    return [
        ChartView(
            url=f"{base}/chart/{scale}.svg",
            alt=chart_alt(Scale(scale), assessment)
            if assessment is not None and scale in {s.value for s in Scale}
            else f"Chart of the {names.get(scale, scale)} over time, recovery phases shaded",
            caption=f"{names.get(scale, scale)} over time, with the phases and expected windows.",
        )
        for scale in scales
    ]


def load_timeline(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    today: dt.date,
    chart_base: str,
    page: int = 1,
) -> tuple[PatientInfo, TimelineView]:
    """What the timeline shows, assessed as of ``today`` (access checked).

    The assessment comes from the record's cache (once per change); of the history only page
    ``page`` is read (:data:`~bellpath.web.pages._views.HISTORY_PAGE` rows, the latest first), of
    the practice log only the summary's window, of the photos the latest twelve.
    """
    patient = get_patient(session, actor=actor, patient_id=patient_id)
    assessed = patient_assessment(session, actor=actor, patient_id=patient_id, as_of=today)
    case, assessment = assessed.case, assessed.assessment
    newest = page * HISTORY_PAGE + 1

    def latest(kind: EntryKind, limit: int = newest) -> list[Any]:
        rows = latest_entries(session, actor=actor, patient_id=patient_id, kind=kind, limit=limit)
        return list(reversed(rows))  # oldest first, as history_items expects

    photos = latest(EntryKind.PHOTO)
    history, older = history_page(
        history_items(
            gradings=latest(EntryKind.GRADING),
            labs=latest(EntryKind.LAB),
            complications=latest(EntryKind.COMPLICATION),
            findings=latest(EntryKind.FINDING),
            photos=photos,
        ),
        page,
    )
    window = today - dt.timedelta(days=PRACTICE_WINDOW_DAYS - 1)
    practice = list_entries(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.PRACTICE, since=window
    )
    view = TimelineView(
        as_of=today,
        case=case,
        assessment=assessment,
        milestones=milestone_views(assessment),
        charts=chart_views(chart_base, case, assessment),
        history=history,
        photos=list(reversed(photos))[:12],
        practice=practice_summary(practice, today),
        extras=outlook_blocks(assessment),
        video=latest_video(case),
        page=page,
        older=older,
    )
    return PatientInfo.of(patient), view
