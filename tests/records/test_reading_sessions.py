"""Sessions of ``GET`` requests: they store nothing but audit events, share the per-database caches
with the writing sessions, and on PostgreSQL run without a transaction round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.records.assessments import cache_for
from bellpath.records.audit import record_view
from bellpath.records.db import ReadingWriteError, make_reading_factory, session_engine, transaction
from bellpath.records.models import AuditEvent, Patient, Role, User


def _doctor(sessions: sessionmaker[Session], passwords: PasswordService) -> User:
    with transaction(sessions) as s:
        return create_user(
            s, email="doc@clinic.org", password="long enough pw", role=Role.CLINICIAN,
            passwords=passwords,
        )  # fmt: skip


def test_a_read_stores_its_audit_event(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    reading = make_reading_factory(sessions)
    with reading() as s:
        assert record_view(s, actor=doctor, patient_id=1, what="reading-test") is not None
        s.commit()
    with sessions() as s:
        count = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "reading-test")
        )
    assert count == 1


def test_a_read_that_stores_anything_else_is_refused_and_leaves_nothing(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    doctor = _doctor(sessions, passwords)
    reading = make_reading_factory(sessions)
    with reading() as s:
        s.add(Patient(name="Written by a GET", owner_id=doctor.id))
        with pytest.raises(ReadingWriteError, match="Patient") as refused:
            s.commit()
        s.rollback()
    assert "POST, PUT, PATCH or DELETE" in str(refused.value)
    with reading() as s:
        row = s.scalars(select(User).where(User.id == doctor.id)).one()
        row.name = "changed by a GET"
        with pytest.raises(ReadingWriteError, match="User"):
            s.flush()
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Patient)) == 0
        assert s.get_one(User, doctor.id).name != "changed by a GET"


def test_reading_and_writing_sessions_share_the_database_caches(
    sessions: sessionmaker[Session],
) -> None:
    reading = make_reading_factory(sessions)
    with reading() as r, sessions() as w:
        assert session_engine(r) is session_engine(w)
        assert cache_for(r) is cache_for(w)


def test_on_postgresql_a_read_sends_no_begin_or_commit(sessions: sessionmaker[Session]) -> None:
    reading = make_reading_factory(sessions)
    engine = session_engine(reading())
    sent: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        sent.append(statement)

    with reading() as s:
        level = s.connection().get_execution_options().get("isolation_level")
        event.listen(engine, "before_cursor_execute", note)
        try:
            s.execute(select(func.count()).select_from(Patient))
            s.commit()
        finally:
            event.remove(engine, "before_cursor_execute", note)
    if engine.dialect.name == "postgresql":
        assert level == "AUTOCOMMIT"
    else:  # SQLite: no round trips to save; one snapshot per request
        assert level != "AUTOCOMMIT"
    assert len(sent) == 1 and sent[0].lstrip().upper().startswith("SELECT")
    with sessions() as s:  # writing sessions keep their transaction everywhere
        assert s.connection().get_execution_options().get("isolation_level") != "AUTOCOMMIT"
