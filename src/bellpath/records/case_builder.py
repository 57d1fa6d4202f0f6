"""The one path from a stored record to the engine's :class:`~bellpath.case.Case`.

:func:`build_case` reads an episode and its entries *as known on* ``as_of``: entries dated after
``as_of`` are left out (so a timeline can be replayed), and the case is validated exactly as a case
file would be. Every interface (API, pages, reports, FHIR, export) assesses through it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.case import Case
from bellpath.errors import InputError, NotFoundError
from bellpath.records.identity import age_on
from bellpath.records.inputs import case_supports, validate_case
from bellpath.records.models import (
    ComplicationEntry,
    Episode,
    FindingEntry,
    Grading,
    LabEntry,
    Patient,
    Photo,
    PracticeSession,
    RiskFactorEntry,
    SupplementEntry,
    Video,
)

__all__ = ["build_case", "case_data"]


def _known(when: dt.date | None, as_of: dt.date) -> dt.date | None:
    return when if when is not None and when <= as_of else None


def _grading_entries(session: Session, episode_id: int, as_of: dt.date) -> list[dict[str, Any]]:
    # Plain columns, not ORM objects: a two-year daily series is read on every assessment.
    rows = session.execute(
        select(Grading.date, Grading.scale, Grading.items)
        .where(Grading.episode_id == episode_id, Grading.date <= as_of)
        .order_by(Grading.date, Grading.id)
    )
    return [{"date": date, "scale": scale, **items} for date, scale, items in rows]


def _photo_measures(session: Session, episode_id: int, as_of: dt.date) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Photo)
        .where(Photo.episode_id == episode_id, Photo.taken_on <= as_of)
        .order_by(Photo.taken_on, Photo.id)
    )
    return [{**p.measurements, "date": p.taken_on} for p in rows if p.measurements]


def _video_measures(session: Session, episode_id: int, as_of: dt.date) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Video.recorded_on, Video.summary)
        .where(Video.episode_id == episode_id, Video.recorded_on <= as_of)
        .order_by(Video.recorded_on, Video.id)
    )
    return [{**summary, "date": recorded_on} for recorded_on, summary in rows]


def _practice_sessions(session: Session, episode_id: int, as_of: dt.date) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            PracticeSession.date,
            PracticeSession.duration_s,
            PracticeSession.affected_side,
            PracticeSession.exercises,
        )
        .where(PracticeSession.episode_id == episode_id, PracticeSession.date <= as_of)
        .order_by(PracticeSession.date, PracticeSession.id)
    )
    return [
        {"date": date, "duration_s": duration, "affected_side": side, "exercises": exercises}
        for date, duration, side, exercises in rows
    ]


def _age(session: Session, episode: Episode) -> int | None:
    """Age at onset: from the patient's birth date when known, else the episode's own ``age``."""
    patient = session.get(Patient, episode.patient_id)
    birth_date = patient.birth_date if patient is not None else None
    if birth_date is None or birth_date > episode.onset:
        return episode.age
    return age_on(birth_date, episode.onset)


def case_data(session: Session, episode: Episode, as_of: dt.date) -> dict[str, Any]:
    """The plain data of the Case for ``episode`` as of ``as_of`` (not yet validated)."""
    if episode.onset > as_of:
        raise InputError(
            "as_of",
            f"'as_of' ({as_of}) must not be before the onset ({episode.onset})",
            received=as_of.isoformat(),
        )
    eid = episode.id
    labs = session.scalars(select(LabEntry).where(LabEntry.episode_id == eid).order_by(LabEntry.id))
    complications = session.scalars(
        select(ComplicationEntry.complication)
        .where(ComplicationEntry.episode_id == eid, ComplicationEntry.noted_on <= as_of)
        .order_by(ComplicationEntry.id)
    )
    finding_rows = list(
        session.execute(
            select(FindingEntry.finding, FindingEntry.excluded_on, FindingEntry.excluded_by_name)
            .where(FindingEntry.episode_id == eid, FindingEntry.noted_on <= as_of)
            .order_by(FindingEntry.id)
        )
    )
    findings = [row[0] for row in finding_rows]
    exclusions = [
        {"finding": finding, "date": on, "by": by}
        for finding, on, by in finding_rows
        if on is not None and on <= as_of
    ]
    risk_factors = session.scalars(
        select(RiskFactorEntry.risk_factor)
        .where(RiskFactorEntry.episode_id == eid)
        .order_by(RiskFactorEntry.id)
    )
    supplements = session.scalars(
        select(SupplementEntry)
        .where(SupplementEntry.episode_id == eid)
        .order_by(SupplementEntry.id)
    )
    data: dict[str, Any] = {
        "onset": episode.onset,
        "as_of": as_of,
        "affected_side": episode.affected_side,
        "severity": episode.severity,
        "first_movement": _known(episode.first_movement, as_of),
        "recovered": episode.recovered,
        "eye_closure": episode.eye_closure,
        "steroids_started": _known(episode.steroids_started, as_of),
        "age": _age(session, episode),
        "pregnant": episode.pregnant,
        "labs": [
            {
                "analyte": lab.analyte,
                "value": lab.value,
                "unit": lab.unit,
                "specimen": lab.specimen,
                "date": lab.date,
                "comparator": lab.comparator,
            }
            for lab in labs
            if lab.date is None or lab.date <= as_of
        ],
        "complications": list(complications),
        "findings": findings,
        "excluded_findings": exclusions,
        "risk_factors": list(risk_factors),
        "supplements": [{"vitamin": s.vitamin, "daily_mg": s.daily_mg} for s in supplements],
    }
    if case_supports("gradings"):
        data["gradings"] = _grading_entries(session, eid, as_of)
    if case_supports("photo_measures"):
        data["photo_measures"] = _photo_measures(session, eid, as_of)
    if case_supports("video_measures"):
        data["video_measures"] = _video_measures(session, eid, as_of)
    if case_supports("practice_sessions"):
        data["practice_sessions"] = _practice_sessions(session, eid, as_of)
    return data


def build_case(session: Session, episode_id: int, as_of: dt.date) -> Case:
    """The Case of episode ``episode_id`` as known on ``as_of``.

    Access is the caller's business: check it with :func:`bellpath.records.access.visible_patient`
    first (the repository functions do).

    Raises
    ------
    NotFoundError
        No such episode.
    InputError
        ``as_of`` before the onset, or stored data the engine no longer accepts.
    """
    episode = session.get(Episode, episode_id)
    if episode is None:
        raise NotFoundError(f"episode {episode_id} not found")
    return validate_case(case_data(session, episode, as_of))
