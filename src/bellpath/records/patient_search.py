"""Finding a patient among thousands: one page of a search, red flags first, done in SQL.

:func:`search_patients` matches the text typed in the search box against the name (anywhere in
it, ignoring case), the MRN (from its start) and, when the text is a date (``1960-05-02``,
``02.05.1960`` or ``02/05/1960``, day first), the birth date. The order keeps red flags first
(a finding recorded on the current episode), then the most recent onset, then the name, and is
computed by the database, so a page of 50 costs the same at 100 or 10,000 patients.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from bellpath.records.access import visible_patients_query
from bellpath.records.models import Episode, FindingEntry, Patient, User

__all__ = ["MAX_PAGE_SIZE", "PAGE_SIZE", "PatientPage", "parse_day", "search_patients"]

PAGE_SIZE = 50
"""Rows on one page of the patient list (and the API's default ``limit``)."""

MAX_PAGE_SIZE = 500
"""Largest ``limit`` the API accepts."""

_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


@dataclass(frozen=True)
class PatientPage:
    """One page of patients, how many match in all, and whether each has a red flag."""

    patients: list[Patient]
    total: int
    flagged: frozenset[int]
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or ``None`` on the last page."""
        following = self.offset + self.limit
        return following if following < self.total else None


def parse_day(text: str) -> dt.date | None:
    """``text`` as a date (ISO, or day first with dots or slashes), else ``None``."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _matches(q: str) -> ColumnElement[bool] | None:
    needle = q.strip()
    if not needle:
        return None
    day = parse_day(needle)
    if day is not None:
        return Patient.birth_date == day
    lowered = needle.lower()
    return or_(
        func.lower(Patient.name).contains(lowered, autoescape=True),
        func.lower(Patient.mrn).startswith(lowered, autoescape=True),
    )


def search_patients(
    session: Session,
    *,
    actor: User,
    q: str = "",
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> PatientPage:
    """One page of the patients ``actor`` may see that match ``q`` (all when ``q`` is empty)."""
    current = (
        select(Episode.patient_id, func.max(Episode.onset).label("onset"))
        .group_by(Episode.patient_id)
        .subquery()
    )
    flag = (
        exists()
        .where(
            FindingEntry.episode_id == Episode.id,
            Episode.patient_id == Patient.id,
            Episode.onset == current.c.onset,
        )
        .correlate(Patient, current)
    )
    base = visible_patients_query(actor).join(current, current.c.patient_id == Patient.id)
    condition = _matches(q)
    if condition is not None:
        base = base.where(condition)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    flagged_label = flag.label("flagged")
    rows = session.execute(
        base.add_columns(flagged_label)
        .order_by(
            flagged_label.desc(),
            current.c.onset.desc(),
            func.lower(Patient.name),
            Patient.id,
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return PatientPage(
        patients=[row[0] for row in rows],
        total=total,
        flagged=frozenset(row[0].id for row in rows if row[1]),
        offset=offset,
        limit=limit,
    )
