"""Weekly practice progress from live mirror sessions and the practice log (pure).

The weeks are rolling: week 0 is the seven days ending ``today``, week 1 the seven before it, and
so on, so "this week" always means the last seven days, whatever the weekday. For each week:

* ``days_practised``: days with a session or a practice-log entry (adherence);
* ``sessions`` and ``minutes`` of live mirror practice;
* per movement, the **median** affected/healthy ratio over the week's sessions (the median, not
  the mean: one badly lit session does not move it) and the median eye narrowing.

:func:`streak` counts the days in a row practised up to today (or up to yesterday while today's
practice may still come). :func:`movement_change` compares the first and the latest week that
measured a movement, for the clinician's "measured change" and the patient's "up from".
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bellpath.case import PracticeSessionEntry
from bellpath.vocab import Expression

__all__ = [
    "MovementChange",
    "PracticeWeek",
    "movement_change",
    "practice_weeks",
    "practised_days",
    "streak",
]

_EMPTY: Mapping[Expression, float] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class PracticeWeek:
    """Seven days of practice (``start`` to ``end`` inclusive) and what was measured."""

    start: dt.date
    end: dt.date
    days_practised: int
    sessions: int
    minutes: float
    median_ratio: Mapping[Expression, float] = field(default_factory=lambda: _EMPTY)
    median_narrowing: Mapping[Expression, float] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class MovementChange:
    """A movement's weekly median ratio in the first and the latest week that measured it."""

    movement: Expression
    first_week: PracticeWeek
    first_ratio: float
    latest_week: PracticeWeek
    latest_ratio: float
    first_narrowing: float | None
    latest_narrowing: float | None

    @property
    def change(self) -> float:
        """Latest minus first ratio (positive: the weaker side moves further now)."""
        return self.latest_ratio - self.first_ratio


def practised_days(
    sessions: Iterable[PracticeSessionEntry], log_days: Iterable[dt.date] = ()
) -> set[dt.date]:
    """Every date with a session or a practice-log entry."""
    return {s.date for s in sessions} | set(log_days)


def _medians(values: Mapping[Expression, list[float]]) -> Mapping[Expression, float]:
    return MappingProxyType(
        {m: float(statistics.median(v)) for m, v in sorted(values.items()) if v}
    )


def practice_weeks(
    sessions: Iterable[PracticeSessionEntry],
    *,
    today: dt.date,
    weeks: int,
    log_days: Iterable[dt.date] = (),
) -> list[PracticeWeek]:
    """The last ``weeks`` rolling weeks ending on ``today``, oldest first.

    Parameters
    ----------
    sessions : iterable of PracticeSessionEntry
        Live mirror sessions (any dates; those outside the weeks are ignored).
    today : date
        The last day of week 0.
    weeks : int
        How many weeks (>= 1).
    log_days : iterable of date
        Dates of practice-log entries (practice without the mirror); they count as days
        practised.
    """
    if weeks < 1:
        msg = f"'weeks' must be at least 1 (got {weeks})"
        raise ValueError(msg)
    days = practised_days((), log_days)
    by_week: dict[int, list[PracticeSessionEntry]] = defaultdict(list)
    for s in sessions:
        age = (today - s.date).days
        if 0 <= age < weeks * 7:
            by_week[age // 7].append(s)
            days.add(s.date)
    out: list[PracticeWeek] = []
    for k in range(weeks - 1, -1, -1):
        end = today - dt.timedelta(days=7 * k)
        start = end - dt.timedelta(days=6)
        ratios: dict[Expression, list[float]] = defaultdict(list)
        narrowing: dict[Expression, list[float]] = defaultdict(list)
        for s in by_week.get(k, []):
            for ex in s.exercises:
                ratio = ex.measured_ratio
                if ratio is not None:
                    ratios[ex.movement].append(ratio)
                if ex.eye_narrowing_pct is not None:
                    narrowing[ex.movement].append(ex.eye_narrowing_pct)
        in_week = by_week.get(k, [])
        out.append(
            PracticeWeek(
                start=start,
                end=end,
                days_practised=sum(1 for d in days if start <= d <= end),
                sessions=len(in_week),
                minutes=sum(s.duration_s for s in in_week) / 60.0,
                median_ratio=_medians(ratios),
                median_narrowing=_medians(narrowing),
            )
        )
    return out


def streak(days: Iterable[dt.date], *, today: dt.date) -> int:
    """Days in a row practised, ending today, or ending yesterday while today is still open."""
    practised = {d for d in days if d <= today}
    day = today if today in practised else today - dt.timedelta(days=1)
    count = 0
    while day in practised:
        count += 1
        day -= dt.timedelta(days=1)
    return count


def movement_change(weeks: Iterable[PracticeWeek]) -> list[MovementChange]:
    """Per movement, its first and latest measured week (movements measured at least once)."""
    ordered = sorted(weeks, key=lambda w: w.start)
    seen: dict[Expression, tuple[PracticeWeek, PracticeWeek]] = {}
    for week in ordered:
        for movement in week.median_ratio:
            first = seen[movement][0] if movement in seen else week
            seen[movement] = (first, week)
    return [
        MovementChange(
            movement=m,
            first_week=first,
            first_ratio=first.median_ratio[m],
            latest_week=latest,
            latest_ratio=latest.median_ratio[m],
            first_narrowing=first.median_narrowing.get(m),
            latest_narrowing=latest.median_narrowing.get(m),
        )
        for m, (first, latest) in sorted(seen.items())
    ]
