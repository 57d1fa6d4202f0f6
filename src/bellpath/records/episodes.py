"""The current episode of a patient, the engine check every write passes, and the date rule
every entry obeys.

May import: the Case contract, :mod:`bellpath.errors` and the records models; it stands below
entries, patients, photos and videos, which all use it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.case import Case
from bellpath.errors import InputError, NotFoundError
from bellpath.records.models import Episode, Patient

__all__ = ["check_with_engine", "current_episode", "not_in_future"]


def check_with_engine(case: Case) -> None:
    """Run the engine on ``case`` so stored data always assesses (labs' units, grading items).

    Raises whatever :class:`~bellpath.errors.BellpathError` the engine raises.
    """
    assess = _engine()
    if assess is not None:
        assess(case)


def _engine() -> Any:
    try:
        module = importlib.import_module("bellpath.assess")
    except ImportError:  # pragma: no cover - only before the engine exists
        return None
    return getattr(module, "assess", None)


def current_episode(session: Session, *, patient: Patient) -> Episode:
    """The patient's newest episode (by onset)."""
    episode = session.scalar(
        select(Episode)
        .where(Episode.patient_id == patient.id)
        .order_by(Episode.onset.desc(), Episode.id.desc())
        .limit(1)
    )
    if episode is None:  # pragma: no cover - every patient is created with one
        raise NotFoundError(f"patient {patient.id} has no episode")
    return episode


def not_in_future(field: str, when: dt.date, today: dt.date) -> dt.date:
    """Refuse a date after ``today`` (an entry cannot describe the future)."""
    if when > today:
        raise InputError(
            field,
            f"'{field}' ({when}) must not be after today ({today})",
            received=when.isoformat(),
        )
    return when
