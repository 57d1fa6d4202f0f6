"""Weekly practice progress as the pages show it: words, the streak and the chart's address.

The person's page (``/me``) looks back :data:`PATIENT_WEEKS` weeks; the clinician's timeline looks
back to the first live mirror session (at most :data:`CLINICIAN_MAX_WEEKS` weeks), so "first vs
latest" is the whole course of practice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bellpath.records.models import User
from bellpath.records.practice_sessions import first_practice_day, practice_history
from bellpath.recovery.practice_weeks import PracticeWeek, practice_weeks, practised_days, streak
from bellpath.recovery.practice_words import clinician_practice_lines, patient_progress_words

__all__ = [
    "CLINICIAN_MAX_WEEKS",
    "PATIENT_WEEKS",
    "ProgressView",
    "progress_view",
    "progress_weeks",
]

PATIENT_WEEKS = 8
"""Weeks of practice the person's own page looks back over."""

CLINICIAN_MAX_WEEKS = 104
"""At most this many weeks on the clinician's timeline (two years of practice)."""


@dataclass(frozen=True, slots=True)
class ProgressView:
    """What a page shows of the weekly practice."""

    weeks: list[PracticeWeek] = field(default_factory=list)
    streak: int = 0
    lines: list[str] = field(default_factory=list)
    chart_url: str | None = None
    sessions: int = 0

    @property
    def any(self) -> bool:
        """Whether there is any practice to show."""
        return any(w.days_practised for w in self.weeks)


def _weeks_back(session: Any, actor: User, patient_id: int, today: dt.date, clinician: bool) -> int:
    if not clinician:
        return PATIENT_WEEKS
    first = first_practice_day(session, actor=actor, patient_id=patient_id)
    if first is None or first > today:
        return PATIENT_WEEKS
    return max(PATIENT_WEEKS, min(CLINICIAN_MAX_WEEKS, (today - first).days // 7 + 1))


def progress_weeks(
    session: Any, *, actor: User, patient_id: int, today: dt.date, clinician: bool
) -> tuple[list[PracticeWeek], int]:
    """The weeks the page shows (oldest first) and the streak as of ``today`` (access checked)."""
    weeks = _weeks_back(session, actor, patient_id, today, clinician)
    since = today - dt.timedelta(days=7 * weeks - 1)
    sessions, log_days = practice_history(session, actor=actor, patient_id=patient_id, since=since)
    days = practised_days((s for s in sessions if s.date <= today), log_days)
    return (
        practice_weeks(sessions, today=today, weeks=weeks, log_days=log_days),
        streak(days, today=today),
    )


def progress_view(
    session: Any,
    *,
    actor: User,
    patient_id: int,
    today: dt.date,
    chart_url: str,
    clinician: bool = False,
) -> ProgressView:
    """Words for the reader (kind for the person, compact for the clinician), streak, chart."""
    weeks, days_in_row = progress_weeks(
        session, actor=actor, patient_id=patient_id, today=today, clinician=clinician
    )
    lines = clinician_practice_lines(weeks) if clinician else patient_progress_words(weeks)
    sessions = sum(w.sessions for w in weeks)
    return ProgressView(
        weeks=weeks,
        streak=days_in_row,
        lines=lines,
        chart_url=chart_url if sessions else None,
        sessions=sessions,
    )
