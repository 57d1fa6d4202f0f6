"""Patients and their entries through the repository: access, validation, no partial rows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import (
    Analyte,
    Complication,
    Finding,
    LabResult,
    RiskFactor,
    Severity,
    Side,
    Specimen,
    Supplement,
)
from bellpath.errors import AccessDeniedError, InputError, NotFoundError
from bellpath.records.access import EntryKind
from bellpath.records.audit import audit_events
from bellpath.records.db import transaction
from bellpath.records.entries import (
    add_complication,
    add_finding,
    add_grading,
    add_lab,
    add_practice,
    delete_entry,
    list_entries,
)
from bellpath.records.inputs import EpisodeFields, EpisodePatch
from bellpath.records.models import Base, Episode, LabEntry, Patient, Role, User
from bellpath.records.patients import (
    assess_patient,
    create_patient,
    delete_patient,
    get_patient,
    list_patients,
    patient_case,
    update_patient,
)

TODAY = dt.date(2026, 6, 1)
ONSET = dt.date(2026, 4, 1)


def _user(session: Session, passwords: PasswordService, role: Role, email: str) -> User:
    return create_user(
        session, email=email, password="long enough pw", role=role, passwords=passwords
    )


@pytest.fixture
def clinic(sessions: sessionmaker[Session], passwords: PasswordService) -> dict[str, int]:
    """Two clinicians, an admin, a linked patient account, and one patient of clinician A."""
    with transaction(sessions) as s:
        a = _user(s, passwords, Role.CLINICIAN, "a@clinic.org")
        b = _user(s, passwords, Role.CLINICIAN, "b@clinic.org")
        admin = _user(s, passwords, Role.ADMIN, "admin@clinic.org")
        me = _user(s, passwords, Role.PATIENT, "me@home.org")
        stranger = _user(s, passwords, Role.PATIENT, "other@home.org")
        patient = create_patient(
            s,
            actor=a,
            name="  Ann   Example ",
            patient_email="ME@home.org",
            episode=EpisodeFields(
                onset=ONSET,
                affected_side=Side.LEFT,
                severity=Severity.COMPLETE,
                age=64,
                labs=[LabResult(analyte="b12", value=180, unit="pg/mL", date=ONSET)],
                risk_factors=[RiskFactor.METFORMIN],
                supplements=[Supplement(vitamin="b12", daily_mg=1.0)],
            ),
            today=TODAY,
        )
        return {
            "a": a.id,
            "b": b.id,
            "admin": admin.id,
            "me": me.id,
            "stranger": stranger.id,
            "patient": patient.id,
        }


def _actor(s: Session, ids: dict[str, int], who: str) -> User:
    user = s.get(User, ids[who])
    assert user is not None
    return user


def _count(s: Session, model: type[Base]) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def test_created_patient_builds_the_case_it_was_given(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    with transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        patient = get_patient(s, actor=a, patient_id=clinic["patient"])
        assert patient.name == "Ann Example"  # whitespace tidied
        case = patient_case(s, actor=a, patient_id=patient.id, as_of=TODAY)
    assert case.onset == ONSET
    assert case.as_of == TODAY
    assert case.affected_side is Side.LEFT
    assert case.severity is Severity.COMPLETE
    assert case.age == 64
    assert [(lab.analyte.value, lab.value, lab.unit) for lab in case.labs] == [
        ("b12", 180.0, "pg/mL")
    ]
    assert case.risk_factors == [RiskFactor.METFORMIN]
    assert case.supplements == [Supplement(vitamin="b12", daily_mg=1.0)]


def test_case_as_of_leaves_out_what_was_not_yet_known(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    later = dt.date(2026, 5, 20)
    with transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        pid = clinic["patient"]
        add_lab(
            s,
            actor=a,
            patient_id=pid,
            lab=LabResult(analyte="b12", value=420, unit="pg/mL", date=later),
            today=TODAY,
        )
        add_complication(
            s,
            actor=a,
            patient_id=pid,
            complication=Complication.SYNKINESIS,
            noted_on=later,
            today=TODAY,
        )
        update_patient(
            s,
            actor=a,
            patient_id=pid,
            episode=EpisodePatch(first_movement=later),
            today=TODAY,
        )
    with transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        before = patient_case(s, actor=a, patient_id=clinic["patient"], as_of=later.replace(day=19))
        after = patient_case(s, actor=a, patient_id=clinic["patient"], as_of=later)
    assert [lab.value for lab in before.labs] == [180.0]
    assert before.complications == []
    assert before.first_movement is None
    assert [lab.value for lab in after.labs] == [180.0, 420.0]
    assert after.complications == [Complication.SYNKINESIS]
    assert after.first_movement == later


def test_as_of_before_onset_is_refused(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    with transaction(sessions) as s, pytest.raises(InputError) as err:
        patient_case(
            s, actor=_actor(s, clinic, "a"), patient_id=clinic["patient"], as_of=dt.date(2026, 1, 1)
        )
    assert err.value.field == "as_of"


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("a", True),  # the owning clinician
        ("me", True),  # the linked patient account
        ("b", False),  # another clinician
        ("admin", False),  # admins manage accounts, not records
        ("stranger", False),  # another patient
    ],
)
def test_who_sees_the_patient(
    sessions: sessionmaker[Session], clinic: dict[str, int], who: str, sees: bool
) -> None:
    with transaction(sessions) as s:
        actor = _actor(s, clinic, who)
        listed = [p.id for p in list_patients(s, actor=actor)]
        assert listed == ([clinic["patient"]] if sees else [])
        if sees:
            assert get_patient(s, actor=actor, patient_id=clinic["patient"]).id == clinic["patient"]
        else:
            with pytest.raises(NotFoundError):
                get_patient(s, actor=actor, patient_id=clinic["patient"])
            with pytest.raises(NotFoundError):
                patient_case(s, actor=actor, patient_id=clinic["patient"], as_of=TODAY)


def test_unknown_and_hidden_patients_give_the_same_answer(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    with transaction(sessions) as s:
        b = _actor(s, clinic, "b")
        with pytest.raises(NotFoundError) as hidden:
            get_patient(s, actor=b, patient_id=clinic["patient"])
        with pytest.raises(NotFoundError) as missing:
            get_patient(s, actor=b, patient_id=clinic["patient"] + 1000)
    assert type(hidden.value) is type(missing.value)
    assert hidden.value.message.replace(str(clinic["patient"]), "N") == (
        missing.value.message.replace(str(clinic["patient"] + 1000), "N")
    )


def test_patient_writes_only_self_reported_data(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    pid = clinic["patient"]
    with transaction(sessions) as s:
        me = _actor(s, clinic, "me")
        add_practice(s, actor=me, patient_id=pid, date=TODAY, minutes=20, today=TODAY)
        add_grading(
            s,
            actor=me,
            patient_id=pid,
            date=TODAY,
            scale="saq",
            items={"items": [1] * 9},
            today=TODAY,
        )
        with pytest.raises(AccessDeniedError):
            add_lab(
                s,
                actor=me,
                patient_id=pid,
                lab=LabResult(analyte="b12", value=400, unit="pg/mL"),
                today=TODAY,
            )
        with pytest.raises(AccessDeniedError):
            add_grading(
                s,
                actor=me,
                patient_id=pid,
                date=TODAY,
                scale="house_brackmann",
                items={"grade": 2},
                today=TODAY,
            )
        with pytest.raises(AccessDeniedError):
            update_patient(s, actor=me, patient_id=pid, name="Renamed")
        with pytest.raises(AccessDeniedError):
            delete_patient(s, actor=me, patient_id=pid)
    with transaction(sessions) as s:
        me = _actor(s, clinic, "me")
        kinds = {
            kind: len(list_entries(s, actor=me, patient_id=pid, kind=kind))
            for kind in (EntryKind.PRACTICE, EntryKind.GRADING, EntryKind.LAB)
        }
    assert kinds == {EntryKind.PRACTICE: 1, EntryKind.GRADING: 1, EntryKind.LAB: 1}


def test_only_clinicians_create_patients(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    for who in ("admin", "me"):
        with transaction(sessions) as s, pytest.raises(AccessDeniedError):
            create_patient(
                s, actor=_actor(s, clinic, who), name="X", episode=EpisodeFields(onset=ONSET)
            )


def test_a_refused_patient_leaves_no_rows(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    bad = EpisodeFields.model_construct(
        onset=ONSET,
        first_movement=dt.date(2026, 3, 1),  # before onset: the engine's Case refuses it
        labs=[],
        complications=[],
        findings=[],
        risk_factors=[],
        supplements=[],
        gradings=[],
        recovered=False,
    )
    with pytest.raises(InputError) as err, transaction(sessions) as s:
        create_patient(s, actor=_actor(s, clinic, "a"), name="Half", episode=bad, today=TODAY)
    assert "first_movement" in err.value.message
    with transaction(sessions) as s:
        assert _count(s, Patient) == 1
        assert _count(s, Episode) == 1


def test_a_refused_lab_leaves_no_rows_and_no_audit(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    with transaction(sessions) as s:
        before = len(audit_events(s))
    with pytest.raises(InputError) as err, transaction(sessions) as s:
        add_lab(
            s,
            actor=_actor(s, clinic, "a"),
            patient_id=clinic["patient"],
            lab=LabResult.model_construct(
                analyte=Analyte.B12, value=400.0, unit="mg", specimen=Specimen.SERUM, date=None
            ),
            today=TODAY,
        )
    assert err.value.field.endswith("unit")
    with transaction(sessions) as s:
        assert _count(s, LabEntry) == 1
        assert len(audit_events(s)) == before


@pytest.mark.parametrize(
    ("call", "field"),
    [
        ("future_lab", "date"),
        ("future_practice", "date"),
        ("negative_minutes", "minutes"),
        ("unknown_scale", "scale"),
        ("duplicate_finding", "finding"),
        ("bad_link", "patient_email"),
        ("empty_name", "name"),
    ],
)
def test_bad_entries_name_their_field(
    sessions: sessionmaker[Session], clinic: dict[str, int], call: str, field: str
) -> None:
    pid = clinic["patient"]
    tomorrow = TODAY + dt.timedelta(days=1)
    with transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        add_finding(
            s, actor=a, patient_id=pid, finding=Finding.VESICLES, noted_on=TODAY, today=TODAY
        )
    with pytest.raises(InputError) as err, transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        if call == "future_lab":
            lab = LabResult(analyte="b12", value=300, unit="pg/mL", date=tomorrow)
            add_lab(s, actor=a, patient_id=pid, lab=lab, today=TODAY)
        elif call == "future_practice":
            add_practice(s, actor=a, patient_id=pid, date=tomorrow, minutes=5, today=TODAY)
        elif call == "negative_minutes":
            add_practice(s, actor=a, patient_id=pid, date=TODAY, minutes=-1, today=TODAY)
        elif call == "unknown_scale":
            add_grading(s, actor=a, patient_id=pid, date=TODAY, scale="hb7", items={}, today=TODAY)
        elif call == "duplicate_finding":
            add_finding(
                s, actor=a, patient_id=pid, finding=Finding.VESICLES, noted_on=TODAY, today=TODAY
            )
        elif call == "bad_link":
            update_patient(s, actor=a, patient_id=pid, patient_email="other@clinic.org")
        else:
            update_patient(s, actor=a, patient_id=pid, name="   ")
    assert err.value.field == field


def test_a_patient_account_links_to_one_record_only(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    with pytest.raises(InputError) as err, transaction(sessions) as s:
        create_patient(
            s,
            actor=_actor(s, clinic, "b"),
            name="Copy",
            patient_email="me@home.org",
            episode=EpisodeFields(onset=ONSET),
        )
    assert "already linked" in err.value.message


def test_assessment_goes_through_the_stored_case(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    with transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        add_finding(
            s,
            actor=a,
            patient_id=clinic["patient"],
            finding=Finding.VESICLES,
            noted_on=TODAY,
            today=TODAY,
        )
        result = assess_patient(s, actor=a, patient_id=clinic["patient"], as_of=TODAY)
    assert result.as_of == TODAY
    assert result.days_since_onset == (TODAY - ONSET).days
    assert Finding.VESICLES in result.red_flags


def test_deleting_patient_removes_entries_and_is_audited(
    sessions: sessionmaker[Session], clinic: dict[str, int]
) -> None:
    pid = clinic["patient"]
    with transaction(sessions) as s:
        a = _actor(s, clinic, "a")
        add_practice(s, actor=a, patient_id=pid, date=TODAY, minutes=10, note="private words")
        entry = list_entries(s, actor=a, patient_id=pid, kind=EntryKind.PRACTICE)[0]
        delete_entry(s, actor=a, patient_id=pid, kind=EntryKind.PRACTICE, entry_id=entry.id)
        delete_patient(s, actor=a, patient_id=pid)
    with transaction(sessions) as s:
        assert _count(s, Patient) == 0
        assert _count(s, Episode) == 0
        assert _count(s, LabEntry) == 0
        events = [(e.action, e.entity) for e in audit_events(s, patient_id=pid)]
    assert events[0] == ("delete", "patient")
    assert ("delete", "practice") in events
    assert ("create", "practice") in events
    assert events[-1] == ("create", "patient")
