"""What views read beside the rows they were given: current episodes, risk factors and
supplements of episodes, account e-mails."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.case import RiskFactor, Supplement, VitaminName
from bellpath.records.db import transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role, User
from bellpath.records.overview import (
    EpisodeDetails,
    account,
    account_emails,
    account_with_email,
    current_episodes,
    episode_details,
    linked_email,
)
from bellpath.records.patients import create_patient, get_patient, list_episodes, start_episode

TODAY = dt.date(2026, 6, 1)


def _user(session: Session, passwords: PasswordService, role: Role, email: str) -> User:
    return create_user(
        session, email=email, password="long enough pw", role=role, passwords=passwords
    )


def test_views_read_episodes_details_and_emails(
    sessions: sessionmaker[Session], passwords: PasswordService
) -> None:
    with transaction(sessions) as s:
        doc = _user(s, passwords, Role.CLINICIAN, "doc@clinic.org")
        me = _user(s, passwords, Role.PATIENT, "me@home.org")
        ann = create_patient(
            s,
            actor=doc,
            name="Ann",
            patient_email="me@home.org",
            episode=EpisodeFields(
                onset=dt.date(2026, 1, 5),
                risk_factors=[RiskFactor.METFORMIN, RiskFactor.AGE_OVER_60],
                supplements=[Supplement(vitamin=VitaminName.B12, daily_mg=1.0)],
            ),
            today=TODAY,
        )
        bob = create_patient(
            s, actor=doc, name="Bob", episode=EpisodeFields(onset=dt.date(2026, 2, 1)), today=TODAY
        )
        later = start_episode(
            s,
            actor=doc,
            patient_id=ann.id,
            episode=EpisodeFields(onset=dt.date(2026, 5, 1), risk_factors=[RiskFactor.ALCOHOL]),
            today=TODAY,
        )
        patients = [get_patient(s, actor=doc, patient_id=i) for i in (ann.id, bob.id)]

        current = current_episodes(s, patients=patients)
        assert current[ann.id].id == later.id  # the newest onset is the current one
        assert current[bob.id].onset == dt.date(2026, 2, 1)
        assert current_episodes(s, patients=[]) == {}

        episodes = list_episodes(s, actor=doc, patient_id=ann.id)
        details = episode_details(s, episodes=episodes)
        first, second = episodes
        assert details[first.id] == EpisodeDetails(
            risk_factors=[RiskFactor.METFORMIN, RiskFactor.AGE_OVER_60],  # as recorded
            supplements=[Supplement(vitamin=VitaminName.B12, daily_mg=1.0)],
        )
        assert details[second.id].risk_factors == [RiskFactor.ALCOHOL]
        assert details[second.id].supplements == []
        assert episode_details(s, episodes=[]) == {}

        assert linked_email(s, patient=patients[0]) == "me@home.org"
        assert linked_email(s, patient=patients[1]) is None
        assert account_emails(s, user_ids=[doc.id, None, me.id, 10_000]) == {
            doc.id: "doc@clinic.org",
            me.id: "me@home.org",
        }
        assert account_emails(s, user_ids=[None]) == {}
        assert account(s, user_id=me.id) is me
        assert account(s, user_id=10_000) is None
        assert account_with_email(s, email="doc@clinic.org") is doc
        assert account_with_email(s, email="nobody@clinic.org") is None
