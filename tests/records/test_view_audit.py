"""Reads of a record leave ``view`` events; one reader's repeated reads of the same part within
:data:`VIEW_REPEAT_WINDOW_S` are one event, and only reads whose transaction committed count."""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.records import audit
from bellpath.records.audit import VIEW_REPEAT_WINDOW_S, record_view
from bellpath.records.db import transaction
from bellpath.records.models import AuditEvent, Role, User


class _Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Clock]:
    fake = _Clock()
    monkeypatch.setattr(audit, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    yield fake


def _readers(sessions: sessionmaker[Session], passwords: PasswordService) -> tuple[User, User]:
    with transaction(sessions) as s:
        one = create_user(
            s, email="a@clinic.org", password="long enough pw", role=Role.CLINICIAN,
            passwords=passwords,
        )  # fmt: skip
        two = create_user(
            s, email="b@clinic.org", password="long enough pw", role=Role.CLINICIAN,
            passwords=passwords,
        )  # fmt: skip
    return one, two


def _views(sessions: sessionmaker[Session], prefix: str) -> int:
    with sessions() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "view", AuditEvent.entity.startswith(prefix))
            )
            or 0
        )


def _read(sessions: sessionmaker[Session], actor: User, patient_id: int, what: str) -> bool:
    with transaction(sessions) as s:
        return record_view(s, actor=actor, patient_id=patient_id, what=what) is not None


def test_repeated_reads_of_one_part_within_the_window_are_one_event(
    sessions: sessionmaker[Session], passwords: PasswordService, clock: _Clock
) -> None:
    one, two = _readers(sessions, passwords)
    part = f"t{uuid.uuid4().hex[:8]}"
    assert _read(sessions, one, 7, part)
    clock.now += VIEW_REPEAT_WINDOW_S / 2
    assert not _read(sessions, one, 7, part)  # the same reader, record and part: remembered
    assert _read(sessions, one, 7, part + "x")  # another part of the record
    assert _read(sessions, one, 8, part)  # another record
    assert _read(sessions, two, 7, part)  # another reader
    assert _views(sessions, part) == 4
    clock.now += VIEW_REPEAT_WINDOW_S  # the window has passed since the first read
    assert _read(sessions, one, 7, part)
    assert _views(sessions, part) == 5


def test_a_read_rolled_back_is_not_remembered(
    sessions: sessionmaker[Session], passwords: PasswordService, clock: _Clock
) -> None:
    one, _ = _readers(sessions, passwords)
    part = f"r{uuid.uuid4().hex[:8]}"
    with sessions() as s, s.begin():
        assert record_view(s, actor=one, patient_id=3, what=part) is not None
        s.rollback()  # the read failed: nothing is written
    assert _views(sessions, part) == 0
    assert _read(sessions, one, 3, part)  # so the next read is recorded
    assert _views(sessions, part) == 1


def test_one_transaction_records_a_part_once(
    sessions: sessionmaker[Session], passwords: PasswordService, clock: _Clock
) -> None:
    one, _ = _readers(sessions, passwords)
    part = f"o{uuid.uuid4().hex[:8]}"
    with transaction(sessions) as s:
        assert record_view(s, actor=one, patient_id=4, what=part) is not None
        assert record_view(s, actor=one, patient_id=4, what=part) is None
    assert _views(sessions, part) == 1


_READ = st.tuples(
    st.integers(0, 1),  # reader
    st.integers(1, 2),  # record
    st.sampled_from(["timeline", "labs"]),  # part
    st.floats(0, 2 * VIEW_REPEAT_WINDOW_S),  # seconds since the previous read
    st.booleans(),  # whether the read's transaction commits
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reads=st.lists(_READ, max_size=12))
def test_the_trail_has_a_view_per_reader_part_and_window(
    sessions: sessionmaker[Session],
    passwords: PasswordService,
    monkeypatch: pytest.MonkeyPatch,
    reads: list[tuple[int, int, str, float, bool]],
) -> None:
    """Against a plain model: a committed read is recorded iff the same reader's last recorded
    (committed) read of the same part of the same record is at least the window old."""
    fake = _Clock()
    monkeypatch.setattr(audit, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    with sessions() as s:
        readers = list(s.scalars(select(User).order_by(User.id)))
    if len(readers) < 2:
        readers = list(_readers(sessions, passwords))
    prefix = f"p{uuid.uuid4().hex[:8]}"
    last: dict[tuple[int, int, str], float] = {}
    expected = 0
    for reader, record, part, gap, commits in reads:
        fake.now += gap
        key = (reader, record, part)
        with sessions() as s, s.begin():
            added = record_view(s, actor=readers[reader], patient_id=record, what=f"{prefix}{part}")
            due = key not in last or fake.now - last[key] >= VIEW_REPEAT_WINDOW_S
            assert (added is not None) == due
            if not commits:
                s.rollback()
        if due and commits:
            last[key] = fake.now
            expected += 1
    assert _views(sessions, prefix) == expected
