"""What a view of patients reads beside the rows it was given: current episodes, each episode's
risk factors and supplements, and the e-mails of accounts named in a record.

Each function takes rows already loaded through an access-checked function (``get_patient``,
``search_patients``, ``list_episodes``): a row in hand is the proof that the caller may see it, so
nothing here widens what a caller can read. A handful of queries however many rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.case import RiskFactor, Supplement
from bellpath.records.models import Episode, Patient, RiskFactorEntry, SupplementEntry, User

__all__ = [
    "EpisodeDetails",
    "account",
    "account_emails",
    "account_with_email",
    "current_episodes",
    "episode_details",
    "linked_email",
]


@dataclass(frozen=True, slots=True)
class EpisodeDetails:
    """An episode's risk factors and supplements, in the order they were recorded."""

    risk_factors: list[RiskFactor] = field(default_factory=list)
    supplements: list[Supplement] = field(default_factory=list)


def current_episodes(session: Session, *, patients: Sequence[Patient]) -> dict[int, Episode]:
    """Each patient's current episode (the newest onset), by patient id; a patient deleted by
    another request meanwhile is absent."""
    ids = [p.id for p in patients]
    current: dict[int, Episode] = {}
    if not ids:
        return current
    query = select(Episode).where(Episode.patient_id.in_(ids))
    for episode in session.scalars(query.order_by(Episode.onset, Episode.id)):
        current[episode.patient_id] = episode  # the newest onset wins
    return current


def episode_details(session: Session, *, episodes: Iterable[Episode]) -> dict[int, EpisodeDetails]:
    """The risk factors and supplements of each of ``episodes``, by episode id (two queries)."""
    ids = [e.id for e in episodes]
    risks: dict[int, list[RiskFactor]] = defaultdict(list)
    supplements: dict[int, list[Supplement]] = defaultdict(list)
    if ids:
        for episode_id, risk in session.execute(
            select(RiskFactorEntry.episode_id, RiskFactorEntry.risk_factor)
            .where(RiskFactorEntry.episode_id.in_(ids))
            .order_by(RiskFactorEntry.id)
        ):
            risks[episode_id].append(risk)
        for row in session.scalars(
            select(SupplementEntry)
            .where(SupplementEntry.episode_id.in_(ids))
            .order_by(SupplementEntry.id)
        ):
            supplements[row.episode_id].append(
                Supplement(vitamin=row.vitamin, daily_mg=row.daily_mg)
            )
    return {i: EpisodeDetails(risk_factors=risks[i], supplements=supplements[i]) for i in ids}


def account_emails(session: Session, *, user_ids: Iterable[int | None]) -> dict[int, str]:
    """The e-mail of each account in ``user_ids`` that still exists (``None``s are skipped)."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(wanted)))
    return {row.id: row.email for row in rows}


def linked_email(session: Session, *, patient: Patient) -> str | None:
    """The e-mail of the patient's own account, when one is linked."""
    if patient.user_id is None:
        return None
    linked = session.get(User, patient.user_id)
    return linked.email if linked is not None else None


def account(session: Session, *, user_id: int) -> User | None:
    """The account with ``user_id`` as stored in ``session`` (``None`` once deleted)."""
    return session.get(User, user_id)


def account_with_email(session: Session, *, email: str) -> User | None:
    """The account whose e-mail is exactly ``email`` (``None`` when there is none)."""
    return session.scalar(select(User).where(User.email == email))
