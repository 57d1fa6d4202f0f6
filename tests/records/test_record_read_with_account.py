"""A read resolves the token, its account and the record's state in one statement: the access rule
in that statement (any role, from the ``users`` row) must give exactly what
:func:`bellpath.records.access.visible_to` gives for the account itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.auth.sessions import SessionStore, revoke_token
from bellpath.auth.tokens import TokenKind
from bellpath.errors import NotFoundError
from bellpath.records.db import make_reading_factory, session_engine, transaction
from bellpath.records.models import CareTeamMember, Patient, Role, User
from bellpath.records.versioning import RecordState, visible_record_state

STORE = SessionStore(
    idle_s={TokenKind.BEARER: 3600, TokenKind.SESSION: 3600},
    absolute_s={TokenKind.BEARER: 3600, TokenKind.SESSION: 3600},
)


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _clinic(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> tuple[dict[str, str], list[int]]:
    """Six accounts (with a token each) and three records; who sees what differs by role."""
    roles = {
        "owner": Role.CLINICIAN,
        "care_team": Role.CLINICIAN,
        "other_clinician": Role.CLINICIAN,
        "linked_patient": Role.PATIENT,
        "other_patient": Role.PATIENT,
        "admin": Role.ADMIN,
    }
    with transaction(sessions) as s:
        users = {
            name: create_user(
                s, email=f"{name}@clinic.org", password="long enough pw", role=role,
                passwords=passwords,
            )
            for name, role in roles.items()
        }  # fmt: skip
        shared = Patient(
            name="Shared", owner_id=users["owner"].id, user_id=users["linked_patient"].id
        )
        own = Patient(name="Own", owner_id=users["owner"].id)
        elsewhere = Patient(name="Elsewhere", owner_id=users["other_clinician"].id)
        s.add_all([shared, own, elsewhere])
        s.flush()
        s.add(CareTeamMember(patient_id=shared.id, user_id=users["care_team"].id))
        tokens = {name: STORE.open(s, user=u, kind=TokenKind.BEARER) for name, u in users.items()}
        ids = [shared.id, own.id, elsewhere.id, elsewhere.id + 1000]  # the last: no such record
    return tokens, ids


def _alone(session: Session, actor: User, patient_id: int) -> RecordState | None:
    try:
        return visible_record_state(session, actor=actor, patient_id=patient_id)
    except NotFoundError:
        return None


def test_the_joint_read_sees_what_the_account_alone_sees(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    tokens, ids = _clinic(sessions, passwords)
    reading = make_reading_factory(sessions)
    seen_by: dict[str, list[int]] = {}
    for name in tokens:
        for pid in ids:
            with reading() as s:
                user = STORE.resolve(s, token=tokens[name], kind=TokenKind.BEARER, record=pid)
                assert user is not None
                with _statements(session_engine(s)) as extra:
                    joint = _alone(s, user, pid)
                assert extra == [], "the state read with the account is used"
            with sessions() as s:
                fresh_user = s.get_one(User, user.id)
                assert joint == _alone(s, fresh_user, pid), (name, pid)
            if joint is not None:
                seen_by.setdefault(name, []).append(pid)
    shared, own, elsewhere, _missing = ids
    assert seen_by == {
        "owner": [shared, own],
        "care_team": [shared],
        "other_clinician": [elsewhere],
        "linked_patient": [shared],
    }


def test_a_writing_session_reads_the_state_again(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    """Only a reading session keeps the state: a write in the same session may change it."""
    tokens, ids = _clinic(sessions, passwords)
    with sessions() as s:
        user = STORE.resolve(s, token=tokens["owner"], kind=TokenKind.BEARER, record=ids[0])
        assert user is not None
        before = visible_record_state(s, actor=user, patient_id=ids[0])
        s.get_one(Patient, ids[0]).name = "Renamed"
        s.flush()
        after = visible_record_state(s, actor=user, patient_id=ids[0])
        s.rollback()
    assert after.stamp[2] == before.stamp[2] + 1


@pytest.mark.parametrize("trouble", ["revoked", "deactivated", "expired"])
def test_a_dead_token_reads_no_record(
    sessions: sessionmaker[Session], passwords: PasswordService, trouble: str
) -> None:
    tokens, ids = _clinic(sessions, passwords)
    store = STORE
    with transaction(sessions) as s:
        owner = s.query(User).filter_by(email="owner@clinic.org").one()
        if trouble == "revoked":
            revoke_token(s, token=tokens["owner"])
        elif trouble == "deactivated":
            owner.active = False
    if trouble == "expired":
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
        store = SessionStore(idle_s=STORE.idle_s, absolute_s=STORE.absolute_s, clock=lambda: later)
    reading = make_reading_factory(sessions)
    with reading() as s:
        assert store.resolve(s, token=tokens["owner"], kind=TokenKind.BEARER, record=ids[0]) is None
        assert not s.info.get("bellpath.record_states")
