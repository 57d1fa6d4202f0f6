"""Stored practice-plan settings: a therapist's changes, the reminder choice, the streak."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import Severity, Side
from bellpath.errors import AccessDeniedError, NotFoundError
from bellpath.guidance.practice_overrides import FamilyOverride, PlanOverrides
from bellpath.records.audit import audit_events
from bellpath.records.db import transaction
from bellpath.records.entries import add_practice
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Patient, PracticePlanSettings, Role, User
from bellpath.records.patients import create_patient, delete_patient
from bellpath.records.practice_plans import (
    patient_plan,
    plan_overrides,
    practice_reminders,
    save_plan_overrides,
    set_practice_reminders,
    streak_of,
)
from bellpath.vocab.practice import ExerciseFamily

ONSET = dt.date(2026, 4, 1)
TODAY = ONSET + dt.timedelta(days=40)  # complete palsy, no movement yet: the nerve is regrowing

GENTLE = ExerciseFamily.GENTLE_ACTIVATION


@pytest.fixture
def ids(sessions: sessionmaker[Session], passwords: PasswordService) -> dict[str, int]:
    with transaction(sessions) as s:
        made = {
            who: create_user(
                s, email=f"{who}@x.org", password="long enough pw", role=role, passwords=passwords
            )
            for who, role in (
                ("a", Role.CLINICIAN),
                ("b", Role.CLINICIAN),
                ("me", Role.PATIENT),
                ("admin", Role.ADMIN),
            )
        }
        patient = create_patient(
            s,
            actor=made["a"],
            name="Ann",
            patient_email="me@x.org",
            episode=EpisodeFields(onset=ONSET, affected_side=Side.LEFT, severity=Severity.COMPLETE),
            today=TODAY,
        )
        return {**{k: u.id for k, u in made.items()}, "patient": patient.id}


def actor(s: Session, ids: dict[str, int], who: str) -> User:
    user = s.get(User, ids[who])
    assert user is not None
    return user


def version(s: Session, pid: int) -> int:
    return int(s.scalar(select(Patient.record_version).where(Patient.id == pid)) or 0)


def test_therapist_changes_are_stored_audited_and_applied(
    sessions: sessionmaker[Session], ids: dict[str, int]
) -> None:
    pid = ids["patient"]
    change = PlanOverrides((FamilyOverride(GENTLE, minutes=8, note="slowly"),), note="see you")
    with transaction(sessions) as s:
        before = version(s, pid)
        save_plan_overrides(s, actor=actor(s, ids, "a"), patient_id=pid, overrides=change)
    with transaction(sessions) as s:
        assert version(s, pid) == before + 1  # caches of the record go stale
        assert audit_events(s, patient_id=pid)[0].entity == "practice_plan"
        me = actor(s, ids, "me")
        assert plan_overrides(s, actor=me, patient_id=pid) == change
        plan = patient_plan(s, actor=me, patient_id=pid, as_of=TODAY)
    gentle = next(i for i in plan.shown.items if i.family is GENTLE)
    assert (gentle.minutes, gentle.changed, gentle.therapist_note) == (8, True, "slowly")
    assert plan.shown.therapist_note == "see you"
    assert next(i for i in plan.computed.items if i.family is GENTLE).minutes == 5


def test_saving_again_replaces_the_changes(
    sessions: sessionmaker[Session], ids: dict[str, int]
) -> None:
    pid = ids["patient"]
    with transaction(sessions) as s:
        a = actor(s, ids, "a")
        off = PlanOverrides((FamilyOverride(GENTLE, off=True),))
        save_plan_overrides(s, actor=a, patient_id=pid, overrides=off)
        save_plan_overrides(s, actor=a, patient_id=pid, overrides=PlanOverrides())
    with transaction(sessions) as s:
        plan = patient_plan(s, actor=actor(s, ids, "a"), patient_id=pid, as_of=TODAY)
    assert plan.shown == plan.computed


@pytest.mark.parametrize(
    ("who", "error"), [("me", AccessDeniedError), ("b", NotFoundError), ("admin", NotFoundError)]
)
def test_only_the_patients_clinicians_change_the_plan(
    sessions: sessionmaker[Session], ids: dict[str, int], who: str, error: type[Exception]
) -> None:
    with transaction(sessions) as s, pytest.raises(error):
        save_plan_overrides(
            s, actor=actor(s, ids, who), patient_id=ids["patient"], overrides=PlanOverrides()
        )


def test_the_patient_switches_reminders_off_and_on(
    sessions: sessionmaker[Session], ids: dict[str, int]
) -> None:
    pid = ids["patient"]
    with transaction(sessions) as s:
        me = actor(s, ids, "me")
        assert practice_reminders(s, actor=me, patient_id=pid) is True
        set_practice_reminders(s, actor=me, patient_id=pid, on=False)
    with transaction(sessions) as s:
        assert practice_reminders(s, actor=actor(s, ids, "a"), patient_id=pid) is False
        assert audit_events(s, patient_id=pid)[0].entity == "practice_reminders"
        with pytest.raises(NotFoundError):
            set_practice_reminders(s, actor=actor(s, ids, "b"), patient_id=pid, on=True)


def test_streak_counts_days_in_a_row_with_minutes(
    sessions: sessionmaker[Session], ids: dict[str, int]
) -> None:
    pid = ids["patient"]
    with transaction(sessions) as s:
        me = actor(s, ids, "me")
        for back, minutes in ((0, 10), (1, 5), (1, 5), (2, 0), (3, 10)):
            day = TODAY - dt.timedelta(days=back)
            add_practice(s, actor=me, patient_id=pid, date=day, minutes=minutes, today=TODAY)
    with transaction(sessions) as s:
        assert streak_of(s, actor=actor(s, ids, "me"), patient_id=pid, today=TODAY) == 2


def test_deleting_the_patient_deletes_their_plan_settings(
    sessions: sessionmaker[Session], ids: dict[str, int]
) -> None:
    pid = ids["patient"]
    with transaction(sessions) as s:
        a = actor(s, ids, "a")
        change = PlanOverrides((FamilyOverride(GENTLE, off=True),))
        save_plan_overrides(s, actor=a, patient_id=pid, overrides=change)
    with transaction(sessions) as s:
        delete_patient(s, actor=actor(s, ids, "a"), patient_id=pid)
    with transaction(sessions) as s:
        assert s.scalars(select(PracticePlanSettings)).all() == []
