"""The weekly practice chart: same weeks, same bytes; empty weeks draw; both formats."""

from __future__ import annotations

import datetime as dt

import pytest

from bellpath.case import PracticeExercise, PracticeSessionEntry, Side
from bellpath.recovery.practice_weeks import PracticeWeek, practice_weeks
from bellpath.reports.practice_chart import practice_chart
from bellpath.vocab import Expression

TODAY = dt.date(2026, 6, 1)


def _weeks(n: int) -> list[PracticeWeek]:
    sessions = [
        PracticeSessionEntry(
            date=TODAY - dt.timedelta(days=3 * k),
            duration_s=300,
            affected_side=Side.RIGHT,
            exercises=[PracticeExercise(movement=Expression.SMILE, repetitions=8, ratio=0.5)],
        )
        for k in range(20)
    ]
    return practice_weeks(sessions, today=TODAY, weeks=n)


def test_the_same_weeks_give_the_same_file() -> None:
    weeks = _weeks(8)
    svg = practice_chart(weeks)
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert practice_chart(weeks) == svg
    assert b"open-mouth smile" in svg  # the legend names the movement
    assert practice_chart(weeks, fmt="png").startswith(b"\x89PNG")


def test_weeks_without_measures_still_draw() -> None:
    empty = practice_weeks([], today=TODAY, weeks=4)
    assert b"no movement measured yet" in practice_chart(empty)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="gif"):
        practice_chart(_weeks(2), fmt="gif")
