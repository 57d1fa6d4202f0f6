"""Weekly practice progress: properties of the rolling weeks, the medians and the streak."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.case import PracticeExercise, PracticeSessionEntry, Side
from bellpath.recovery.practice_weeks import movement_change, practice_weeks, streak
from bellpath.recovery.practice_words import clinician_practice_lines, patient_progress_words
from bellpath.vocab import Expression

TODAY = dt.date(2026, 6, 1)
MOVEMENTS = [Expression.SMILE, Expression.BROW_RAISE, Expression.PUCKER]


def entry(day: dt.date, ratios: dict[Expression, float], narrowing: float | None = None) -> Any:
    return PracticeSessionEntry(
        date=day,
        duration_s=300,
        affected_side=Side.LEFT,
        exercises=[
            PracticeExercise(movement=m, repetitions=5, ratio=r, eye_narrowing_pct=narrowing)
            for m, r in ratios.items()
        ],
    )


sessions_st = st.lists(
    st.builds(
        entry,
        st.integers(min_value=-10, max_value=70).map(lambda k: TODAY - dt.timedelta(days=k)),
        st.dictionaries(
            st.sampled_from(MOVEMENTS),
            st.floats(min_value=0, max_value=2, allow_nan=False),
            min_size=1,
            max_size=3,
        ),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(sessions=sessions_st, weeks=st.integers(min_value=1, max_value=10))
def test_weeks_partition_the_window_and_medians_stay_within_the_week(
    sessions: list[PracticeSessionEntry], weeks: int
) -> None:
    result = practice_weeks(sessions, today=TODAY, weeks=weeks)
    assert len(result) == weeks
    assert result[-1].end == TODAY
    for earlier, later in itertools.pairwise(result):
        assert later.start == earlier.end + dt.timedelta(days=1)  # no gap, no overlap
    window = [s for s in sessions if 0 <= (TODAY - s.date).days < 7 * weeks]
    assert sum(w.sessions for w in result) == len(window)  # sessions in the future are not counted
    for week in result:
        assert 0 <= week.days_practised <= 7
        assert week.days_practised <= week.sessions
        in_week = [s for s in window if week.start <= s.date <= week.end]
        for movement, median in week.median_ratio.items():
            values = [
                e.ratio
                for s in in_week
                for e in s.exercises
                if e.movement is movement and e.ratio is not None
            ]
            assert min(values) <= median <= max(values)
            assert median == pytest.approx(statistics.median(values))


@settings(max_examples=40, deadline=None)
@given(sessions=sessions_st, seed=st.integers(min_value=0, max_value=1000))
def test_the_order_of_the_sessions_does_not_matter(
    sessions: list[PracticeSessionEntry], seed: int
) -> None:
    shuffled = list(sessions)
    random.Random(seed).shuffle(shuffled)
    assert practice_weeks(sessions, today=TODAY, weeks=4) == practice_weeks(
        shuffled, today=TODAY, weeks=4
    )


@settings(max_examples=60, deadline=None)
@given(
    run=st.integers(min_value=0, max_value=40),
    gap=st.integers(min_value=2, max_value=5),  # two days missed: today may still come
    older=st.integers(min_value=0, max_value=10),
    practised_today=st.booleans(),
)
def test_the_streak_counts_the_days_in_a_row(
    run: int, gap: int, older: int, practised_today: bool
) -> None:
    last = TODAY if practised_today else TODAY - dt.timedelta(days=1)
    days = [last - dt.timedelta(days=k) for k in range(run)]
    # an older run, separated by ``gap`` days without practice, never adds to the streak
    start_older = last - dt.timedelta(days=run + gap)
    days += [start_older - dt.timedelta(days=k) for k in range(older)]
    assert streak(days, today=TODAY) == run
    assert streak([*days, TODAY + dt.timedelta(days=1)], today=TODAY) == run  # future ignored


def test_two_days_without_practice_end_the_streak() -> None:
    assert streak([TODAY - dt.timedelta(days=2)], today=TODAY) == 0


def test_practice_log_days_count_as_days_practised() -> None:
    log = [TODAY, TODAY - dt.timedelta(days=1)]
    (week,) = practice_weeks([entry(TODAY, {Expression.SMILE: 0.5})], today=TODAY, weeks=1,
                             log_days=log)  # fmt: skip
    assert week.days_practised == 2
    assert week.sessions == 1


def test_movement_change_compares_the_first_and_latest_measured_week() -> None:
    sessions = [
        entry(TODAY - dt.timedelta(days=21), {Expression.SMILE: 0.48}, narrowing=35.0),
        entry(TODAY - dt.timedelta(days=14), {Expression.BROW_RAISE: 0.9}),
        entry(TODAY, {Expression.SMILE: 0.62}, narrowing=20.0),
    ]
    weeks = practice_weeks(sessions, today=TODAY, weeks=4)
    changes = {c.movement: c for c in movement_change(weeks)}
    smile = changes[Expression.SMILE]
    assert (smile.first_ratio, smile.latest_ratio) == (0.48, 0.62)
    assert smile.change == pytest.approx(0.14)
    assert (smile.first_narrowing, smile.latest_narrowing) == (35.0, 20.0)
    brow = changes[Expression.BROW_RAISE]
    assert brow.first_week is brow.latest_week


def test_the_words_are_plain_and_kind() -> None:
    sessions = [
        entry(TODAY - dt.timedelta(days=21), {Expression.SMILE: 0.48}),
        *[entry(TODAY - dt.timedelta(days=k), {Expression.SMILE: 0.62}) for k in range(5)],
    ]
    weeks = practice_weeks(sessions, today=TODAY, weeks=4)
    words = patient_progress_words(weeks)
    assert words[0] == "This week you practised on 5 of 7 days."
    assert words[1] == (
        "Your smile on the weaker side moved 62% as far as the other side this week, "
        "up from 48% three weeks ago."
    )
    lower = practice_weeks(
        [entry(TODAY - dt.timedelta(days=7), {Expression.SMILE: 0.7}),
         entry(TODAY, {Expression.SMILE: 0.5})],
        today=TODAY,
        weeks=2,
    )  # fmt: skip
    said = " ".join(patient_progress_words(lower))
    assert "a little less than the 70% of last week" in said
    assert "Ups and downs" in said
    same = practice_weeks(
        [entry(TODAY - dt.timedelta(days=7), {Expression.SMILE: 0.6}),
         entry(TODAY, {Expression.SMILE: 0.62})],
        today=TODAY,
        weeks=2,
    )  # fmt: skip
    assert "about the same as last week (60%)" in " ".join(patient_progress_words(same))
    assert (
        "No practice is recorded"
        in patient_progress_words(practice_weeks([], today=TODAY, weeks=3))[0]
    )


def test_the_clinician_lines_give_adherence_and_change() -> None:
    sessions = [
        entry(TODAY - dt.timedelta(days=7), {Expression.SMILE: 0.4}, narrowing=40.0),
        entry(TODAY, {Expression.SMILE: 0.5}, narrowing=25.0),
    ]
    lines = clinician_practice_lines(practice_weeks(sessions, today=TODAY, weeks=2))
    assert lines[0].startswith("Adherence, days practised per week over the last 2 weeks")
    assert "1/7, 1/7; 2 mirror sessions, 10 min" in lines[0]
    assert lines[1].startswith("smile: weekly median affected/healthy ratio 0.40")
    assert "-> 0.50" in lines[1]
    assert "eye narrowing 40% -> 25%" in lines[1]
