"""Assess once per change: the record version, the cache keyed by it, single flight.

The property test drives random sequences of every kind of write through two "workers" (two
engines on one database, each with its own cache) and checks after each write that the assessment
either serves equals a fresh ``assess`` of the stored record.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import (
    Complication,
    EyeClosure,
    Finding,
    LabResult,
    RiskFactor,
    Severity,
    Side,
    Supplement,
)
from bellpath.errors import InputError
from bellpath.records.access import EntryKind
from bellpath.records.assessments import (
    AssessmentCache,
    SingleFlightCache,
    cache_for,
    compute_assessment,
)
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.db import make_engine, make_session_factory, transaction
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
from bellpath.records.models import LabEntry, Patient, Role, User, Video
from bellpath.records.patients import (
    assess_patient,
    create_patient,
    current_episode,
    patient_assessment,
    start_episode,
    update_patient,
)
from bellpath.records.practice_sessions import add_practice_session
from bellpath.records.versioning import record_state, versioned_tables

TODAY = dt.date(2026, 6, 1)
ONSET = dt.date(2026, 3, 1)


@pytest.fixture
def second_worker(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions of another engine on the same database: a second worker with its own cache."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        yield make_session_factory(other)
    finally:
        other.dispose()


def _doctor(sessions: sessionmaker[Session], passwords: PasswordService) -> int:
    with transaction(sessions) as s:
        user = create_user(
            s, email="doc@clinic.org", password="long enough pw", role=Role.CLINICIAN,
            passwords=passwords,
        )  # fmt: skip
        return user.id


def _new_patient(sessions: sessionmaker[Session], doctor_id: int, name: str = "P") -> int:
    with transaction(sessions) as s:
        doctor = s.get(User, doctor_id)
        assert doctor is not None
        patient = create_patient(
            s,
            actor=doctor,
            name=name,
            episode=EpisodeFields(onset=ONSET, affected_side=Side.LEFT, severity=Severity.COMPLETE),
            today=TODAY,
        )
        return patient.id


def _version(sessions: sessionmaker[Session], patient_id: int) -> int:
    with transaction(sessions) as s:
        state = record_state(s, patient_id)
        assert state is not None
        return state.stamp[2]


def _served(sessions: sessionmaker[Session], doctor_id: int, patient_id: int) -> Any:
    with transaction(sessions) as s:
        doctor = s.get(User, doctor_id)
        assert doctor is not None
        return assess_patient(s, actor=doctor, patient_id=patient_id, as_of=TODAY)


def _fresh(sessions: sessionmaker[Session], patient_id: int) -> Any:
    with transaction(sessions) as s:
        patient = s.get(Patient, patient_id)
        assert patient is not None
        episode = current_episode(s, patient=patient)
        return compute_assessment(s, episode.id, TODAY)[1]


# ------------------------------------------------------------------------------ writes

Write = Callable[[Session, User, int], None]


def _grading(day: int, composite: int) -> Write:
    def write(s: Session, doc: User, pid: int) -> None:
        add_grading(
            s, actor=doc, patient_id=pid, date=ONSET + dt.timedelta(days=day),
            scale="sunnybrook", items={"composite": composite}, today=TODAY,
        )  # fmt: skip

    return write


def _lab(value: float) -> Write:
    def write(s: Session, doc: User, pid: int) -> None:
        lab = LabResult(analyte="b12", value=value, unit="pg/mL", date=ONSET)
        add_lab(s, actor=doc, patient_id=pid, lab=lab, today=TODAY)

    return write


def _complication(which: Complication) -> Write:
    def write(s: Session, doc: User, pid: int) -> None:
        add_complication(
            s, actor=doc, patient_id=pid, complication=which, noted_on=TODAY, today=TODAY
        )

    return write


def _finding(which: Finding) -> Write:
    def write(s: Session, doc: User, pid: int) -> None:
        add_finding(s, actor=doc, patient_id=pid, finding=which, noted_on=ONSET, today=TODAY)

    return write


def _practice(s: Session, doc: User, pid: int) -> None:
    add_practice(s, actor=doc, patient_id=pid, date=TODAY, minutes=10, today=TODAY)


def _session(days_ago: int, ratio: float) -> Write:
    """A live mirror session: evidence of movement when there are no clinician gradings."""

    def write(s: Session, doc: User, pid: int) -> None:
        exercise = {"movement": "smile", "repetitions": 5, "ratio": ratio}
        body = {
            "date": (TODAY - dt.timedelta(days=days_ago)).isoformat(),
            "duration_s": 60,
            "affected_side": "left",
            "exercises": [exercise],
        }
        add_practice_session(s, actor=doc, patient_id=pid, data=body, today=TODAY)

    return write


def _settings(eye: EyeClosure, b12_mg: float, metformin: bool) -> Write:
    def write(s: Session, doc: User, pid: int) -> None:
        patch = EpisodePatch(
            eye_closure=eye,
            supplements=[Supplement(vitamin="b12", daily_mg=b12_mg)],
            risk_factors=[RiskFactor.METFORMIN] if metformin else [],
        )
        update_patient(s, actor=doc, patient_id=pid, episode=patch, today=TODAY)

    return write


def _delete_latest(kind: EntryKind) -> Write:
    def write(s: Session, doc: User, pid: int) -> None:
        rows = list_entries(s, actor=doc, patient_id=pid, kind=kind)
        if rows:
            delete_entry(s, actor=doc, patient_id=pid, kind=kind, entry_id=rows[-1].id, today=TODAY)

    return write


def _correct_grading(composite: int) -> Write:
    """A correction in place (the ORM changes a loaded row, as a PATCH would)."""

    def write(s: Session, doc: User, pid: int) -> None:
        rows = list_entries(s, actor=doc, patient_id=pid, kind=EntryKind.GRADING)
        if rows:
            rows[0].items = {"composite": composite}

    return write


def _bulk_lab_value(value: float) -> Write:
    """A bulk UPDATE statement (no ORM objects loaded)."""

    def write(s: Session, doc: User, pid: int) -> None:
        episode = current_episode(s, patient=s.get_one(Patient, pid))
        s.execute(update(LabEntry).where(LabEntry.episode_id == episode.id).values(value=value))

    return write


def _recurrence(s: Session, doc: User, pid: int) -> None:
    fields = EpisodeFields(onset=TODAY - dt.timedelta(days=3), affected_side=Side.RIGHT)
    start_episode(s, actor=doc, patient_id=pid, episode=fields, today=TODAY)


WRITES = st.one_of(
    st.builds(_grading, st.integers(1, 90), st.integers(0, 100)),
    st.builds(_lab, st.floats(60, 900)),
    st.builds(_complication, st.sampled_from(list(Complication))),
    st.builds(_finding, st.sampled_from([Finding.VESICLES, Finding.FOREHEAD_SPARING])),
    st.just(_practice),
    st.builds(_session, st.integers(0, 60), st.floats(0, 1.2)),
    st.builds(_settings, st.sampled_from(list(EyeClosure)), st.floats(0.1, 5), st.booleans()),
    st.builds(_delete_latest, st.sampled_from([EntryKind.GRADING, EntryKind.LAB])),
    st.builds(_correct_grading, st.integers(0, 100)),
    st.builds(_bulk_lab_value, st.floats(60, 900)),
    st.just(_recurrence),
)


def _apply(sessions: sessionmaker[Session], doctor_id: int, patient_id: int, write: Write) -> None:
    try:
        with transaction(sessions) as s:
            write(s, s.get_one(User, doctor_id), patient_id)
    except InputError:
        pass  # refused writes store nothing; the served assessment must still be right


# ------------------------------------------------------------------------------ tests


def test_every_record_table_is_versioned() -> None:
    tables = set(versioned_tables())
    expected = {"patients", "episodes", "gradings", "labs", "photos", "videos", "complications"}
    assert expected | {"findings", "risk_factors", "supplements", "practice_log"} <= tables
    assert "practice_sessions" in tables
    assert not tables & {"users", "audit_events"}


@pytest.mark.parametrize(
    "write",
    [
        _grading(10, 40),
        _lab(300),
        _complication(Complication.SYNKINESIS),
        _finding(Finding.VESICLES),
        _practice,
        _session(3, 0.5),
        _settings(EyeClosure.INCOMPLETE, 1.0, True),
        _correct_grading(55),
        _bulk_lab_value(120),
        _recurrence,
    ],
    ids=lambda w: getattr(w, "__qualname__", "write").split(".")[0].strip("_"),
)
def test_each_kind_of_write_bumps_the_version(
    sessions: sessionmaker[Session], passwords: PasswordService, write: Write
) -> None:
    doctor = _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor)
    _apply(sessions, doctor, pid, _grading(5, 20))
    _apply(sessions, doctor, pid, _lab(200))
    before = _version(sessions, pid)
    _apply(sessions, doctor, pid, write)
    assert _version(sessions, pid) > before


def test_deleting_entries_and_storing_a_video_bump_the_version(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor)
    _apply(sessions, doctor, pid, _grading(5, 20))
    before = _version(sessions, pid)
    _apply(sessions, doctor, pid, _delete_latest(EntryKind.GRADING))
    after_delete = _version(sessions, pid)
    assert after_delete > before
    with transaction(sessions) as s:
        episode = current_episode(s, patient=s.get_one(Patient, pid))
        s.add(Video(episode_id=episode.id, recorded_on=TODAY, content_type="video/mp4",
                    size_bytes=1, summary={}))  # fmt: skip
    assert _version(sessions, pid) > after_delete


def test_reads_audits_and_other_patients_leave_the_version_alone(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor, "P")
    other = _new_patient(sessions, doctor, "Q")
    before = _version(sessions, pid)
    _served(sessions, doctor, pid)
    with transaction(sessions) as s:
        record_event(s, actor=s.get_one(User, doctor), action=AuditAction.UPDATE,
                     entity="patient", entity_id=pid, patient_id=pid)  # fmt: skip
    _apply(sessions, doctor, other, _grading(5, 20))
    assert _version(sessions, pid) == before


def test_a_rolled_back_write_leaves_the_version_alone(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor)
    before = _version(sessions, pid)
    with pytest.raises(InputError), transaction(sessions) as s:
        _grading(5, 20)(s, s.get_one(User, doctor), pid)
        raise InputError("x", "refused after the write")
    assert _version(sessions, pid) == before


def test_reads_of_one_version_compute_once_and_a_write_recomputes(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor)
    with transaction(sessions) as s:
        cache = cache_for(s)
    computed = cache.stats.computed
    first = _served(sessions, doctor, pid)
    assert _served(sessions, doctor, pid) is first
    assert cache.stats.computed == computed + 1
    _apply(sessions, doctor, pid, _finding(Finding.VESICLES))
    third = _served(sessions, doctor, pid)
    assert third is not first
    assert third.red_flags and not first.red_flags
    assert cache.stats.computed == computed + 2


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(WRITES, min_size=1, max_size=6))
def test_served_assessment_always_equals_a_fresh_assess(
    sessions: sessionmaker[Session],
    second_worker: sessionmaker[Session],
    passwords: PasswordService,
    writes: list[Write],
) -> None:
    with transaction(sessions) as s:
        doctor = s.scalar(select(User.id).where(User.email == "doc@clinic.org"))
    doctor = doctor or _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor)
    _served(second_worker, doctor, pid)  # the other worker holds the first version
    for index, write in enumerate(writes):
        writer = sessions if index % 2 else second_worker
        _apply(writer, doctor, pid, write)
        fresh = _fresh(sessions, pid)
        assert _served(sessions, doctor, pid) == fresh
        assert _served(second_worker, doctor, pid) == fresh


def test_the_cached_case_and_version_travel_together(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    pid = _new_patient(sessions, doctor)
    with transaction(sessions) as s:
        one = patient_assessment(s, actor=s.get_one(User, doctor), patient_id=pid, as_of=TODAY)
    _apply(sessions, doctor, pid, _lab(250))
    with transaction(sessions) as s:
        two = patient_assessment(s, actor=s.get_one(User, doctor), patient_id=pid, as_of=TODAY)
    assert one.version != two.version
    assert len(two.case.labs) == len(one.case.labs) + 1
    assert two.changed_at is not None


# ------------------------------------------------------------------------------ single flight


def test_concurrent_readers_of_one_key_share_one_computation() -> None:
    cache: SingleFlightCache[str, object] = SingleFlightCache(maxsize=8)
    calls = 0
    started = threading.Event()

    def slow() -> object:
        nonlocal calls
        calls += 1
        started.set()
        time.sleep(0.2)
        return object()

    results: list[object] = []

    def reader() -> None:
        results.append(cache.get("k", slow))

    first = threading.Thread(target=reader)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=reader) for _ in range(7)]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(10)
    assert calls == 1
    assert len(results) == 8 and all(r is results[0] for r in results)
    assert cache.stats.computed == 1
    assert cache.stats.waited + cache.stats.hits == 7


def test_a_failed_computation_reaches_its_waiters_and_is_not_kept() -> None:
    cache: SingleFlightCache[str, int] = SingleFlightCache()
    gate = threading.Event()

    def failing() -> int:
        gate.wait(5)
        raise InputError("as_of", "too early")

    errors: list[BaseException] = []

    def reader() -> None:
        try:
            cache.get("k", failing)
        except InputError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    gate.set()
    for t in threads:
        t.join(10)
    assert len(errors) == 3
    assert cache.get("k", lambda: 7) == 7  # nothing was kept from the failure


def test_the_cache_is_bounded_and_keeps_only_a_records_newest_version() -> None:
    cache = AssessmentCache(maxsize=3)
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    value: Any = object()
    for version in (1, 2):
        cache.get(((1, created, version), TODAY), lambda: value)
    assert len(cache) == 1
    for pid in (2, 3, 4):
        cache.get(((pid, created, 1), TODAY), lambda: value)
    assert len(cache) == 3
