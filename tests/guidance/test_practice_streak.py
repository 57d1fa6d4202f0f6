"""Days in a row with practice: the streak shown on the patient's page."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bellpath.guidance.practice_streak import practice_streak

TODAY = dt.date(2026, 3, 1)
DAY = dt.timedelta(days=1)


def test_examples() -> None:
    assert practice_streak([], today=TODAY) == 0
    assert practice_streak([TODAY], today=TODAY) == 1
    assert practice_streak([TODAY - DAY, TODAY - 2 * DAY], today=TODAY) == 2  # today not yet
    assert practice_streak([TODAY - 2 * DAY], today=TODAY) == 0  # yesterday missed: broken
    assert practice_streak([TODAY + DAY], today=TODAY) == 0  # a future day does not count


offsets = st.lists(st.integers(min_value=-60, max_value=5), max_size=40)


@given(offsets)
def test_streak_is_a_run_of_logged_days_ending_today_or_yesterday(days: list[int]) -> None:
    dates = [TODAY + d * DAY for d in days]
    run = practice_streak(dates, today=TODAY)
    past = {d for d in dates if d <= TODAY}
    assert 0 <= run <= len(past)
    if run:
        end = TODAY if TODAY in past else TODAY - DAY
        assert {end - i * DAY for i in range(run)} <= past
        assert end - run * DAY not in past  # the run is as long as it goes
    else:
        assert TODAY not in past and TODAY - DAY not in past


@given(offsets)
def test_order_and_duplicates_do_not_matter(days: list[int]) -> None:
    dates = [TODAY + d * DAY for d in days]
    run = practice_streak(dates, today=TODAY)
    assert practice_streak(list(reversed(dates)) + dates, today=TODAY) == run


@given(st.integers(min_value=1, max_value=100))
def test_logging_today_extends_yesterdays_run_by_one(length: int) -> None:
    run = [TODAY - i * DAY for i in range(1, length + 1)]
    assert practice_streak(run, today=TODAY) == length
    assert practice_streak([*run, TODAY], today=TODAY) == length + 1
