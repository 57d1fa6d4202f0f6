"""``build_case`` as of any date: exactly what was known then, and never less as time goes on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import Case, Complication, LabResult
from bellpath.records.case_builder import build_case
from bellpath.records.db import make_session_factory, transaction
from bellpath.records.entries import add_complication, add_grading, add_lab
from bellpath.records.inputs import EpisodeFields, EpisodePatch
from bellpath.records.models import Base, Role
from bellpath.records.patients import create_patient, current_episode, update_patient

ONSET = dt.date(2025, 1, 10)
TODAY = dt.date(2025, 12, 31)
LAB_DAYS = (3, 40, 41, 120, 300)
GRADING_DAYS = (0, 14, 60, 61, 200, 355)
FIRST_MOVEMENT_DAY = 95
PAIN_DAY = 150


def _seed(sessions: sessionmaker[Session], passwords: PasswordService) -> int:
    with transaction(sessions) as s:
        doc = create_user(
            s, email="d@c.org", password="long enough pw", role=Role.CLINICIAN, passwords=passwords
        )
        patient = create_patient(
            s, actor=doc, name="P", episode=EpisodeFields(onset=ONSET), today=TODAY
        )
        for i, day in enumerate(LAB_DAYS):
            lab = LabResult(
                analyte="b12", value=200 + i, unit="pg/mL", date=ONSET + dt.timedelta(days=day)
            )
            add_lab(s, actor=doc, patient_id=patient.id, lab=lab, today=TODAY)
        for day in GRADING_DAYS:
            add_grading(
                s,
                actor=doc,
                patient_id=patient.id,
                date=ONSET + dt.timedelta(days=day),
                scale="house_brackmann",
                items={"grade": 4},
                today=TODAY,
            )
        add_complication(
            s,
            actor=doc,
            patient_id=patient.id,
            complication=Complication.PAIN,
            noted_on=ONSET + dt.timedelta(days=PAIN_DAY),
            today=TODAY,
        )
        update_patient(
            s,
            actor=doc,
            patient_id=patient.id,
            episode=EpisodePatch(first_movement=ONSET + dt.timedelta(days=FIRST_MOVEMENT_DAY)),
            today=TODAY,
        )
        return current_episode(s, patient=patient).id


def _sizes(case: Case) -> tuple[int, int, int, int]:
    return (
        len(case.labs),
        len(case.gradings),
        len(case.complications),
        int(case.first_movement is not None),
    )


@pytest.fixture(scope="module")
def seeded(engine: Engine, passwords: PasswordService) -> tuple[sessionmaker[Session], int]:
    """One stored record for every example (the examples only read it)."""
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    sessions = make_session_factory(engine)
    return sessions, _seed(sessions, passwords)


@settings(max_examples=40)
@given(
    a=st.integers(min_value=0, max_value=(TODAY - ONSET).days),
    b=st.integers(min_value=0, max_value=(TODAY - ONSET).days),
)
def test_case_as_of_holds_exactly_what_was_known(
    seeded: tuple[sessionmaker[Session], int], a: int, b: int
) -> None:
    sessions, episode_id = seeded
    early, late = sorted((a, b))
    with transaction(sessions) as s:
        first = build_case(s, episode_id, ONSET + dt.timedelta(days=early))
        second = build_case(s, episode_id, ONSET + dt.timedelta(days=late))
    for day, case in ((early, first), (late, second)):
        assert _sizes(case) == (
            sum(d <= day for d in LAB_DAYS),
            sum(d <= day for d in GRADING_DAYS),
            int(day >= PAIN_DAY),
            int(day >= FIRST_MOVEMENT_DAY),
        )
        assert all(lab.date is not None and lab.date <= case.as_of for lab in case.labs)
    # Knowledge only grows with time.
    assert all(x <= y for x, y in zip(_sizes(first), _sizes(second), strict=True))
