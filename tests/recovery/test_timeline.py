"""The regrowth window and the milestones a person can plan by."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.case import Case, MilestoneCode
from bellpath.errors import InputError
from bellpath.recovery import (
    DEFAULT_PARAMETERS,
    RecoveryParameters,
    add_months,
    first_movement_window,
    milestones,
    regrowth_days,
)
from bellpath.recovery.parameters import PARAMETER_SOURCES

ONSET = dt.date(2026, 1, 5)


def test_regrowth_days_follow_distance_over_rate() -> None:
    assert regrowth_days() == (90, 100)
    slower = replace(DEFAULT_PARAMETERS, max_regrowth_mm_per_day=0.5)
    assert regrowth_days(slower) == (180, 200)


def test_window_in_the_quick_window_starts_at_two_weeks() -> None:
    window = first_movement_window(Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=5)))
    assert window is not None
    assert window.earliest == ONSET + dt.timedelta(days=14)
    assert window.latest == add_months(ONSET, 4)


def test_window_after_the_quick_window_follows_regrowth() -> None:
    window = first_movement_window(Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=40)))
    assert window is not None
    assert window.earliest == ONSET + dt.timedelta(days=90)
    # 100 days of regrowth end before the 4-month bound, so the bound is the latest
    assert window.latest == add_months(ONSET, 4)
    assert window.earliest < window.latest


def test_longer_distance_pushes_the_latest_date() -> None:
    params = replace(DEFAULT_PARAMETERS, nerve_distance_max_mm=150)
    window = first_movement_window(
        Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=40)), parameters=params
    )
    assert window is not None
    assert window.latest == ONSET + dt.timedelta(days=150)


def test_no_window_once_movement_returned_or_recovered() -> None:
    moved = Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=40), first_movement=ONSET)
    assert first_movement_window(moved) is None
    assert first_movement_window(Case(onset=ONSET, as_of=ONSET, recovered=True)) is None


def test_milestones_are_dated_ordered_and_marked() -> None:
    case = Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=30))
    items = milestones(case)
    assert [m.date for m in items] == sorted(m.date for m in items)
    by_code = {m.code: m for m in items}
    assert set(by_code) == set(MilestoneCode)
    assert by_code[MilestoneCode.QUICK_RECOVERY_END].date == ONSET + dt.timedelta(days=28)
    assert by_code[MilestoneCode.QUICK_RECOVERY_END].reached
    assert by_code[MilestoneCode.REFERRAL_CHECK].date == dt.date(2026, 4, 5)
    assert not by_code[MilestoneCode.REFERRAL_CHECK].reached
    assert by_code[MilestoneCode.SLOWING].date == dt.date(2026, 6, 5)
    assert by_code[MilestoneCode.PLATEAU].date == dt.date(2026, 10, 5)
    assert all(m.citation for m in items)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 5, 15), 9) == dt.date(2027, 2, 15)
    assert add_months(dt.date(2027, 12, 31), 2) == dt.date(2028, 2, 29)  # a leap year


@given(day=st.dates(max_value=dt.date(9000, 1, 1)), months=st.integers(0, 120))
def test_add_months_keeps_the_day_or_ends_the_month(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last)


def test_parameters_validate_themselves() -> None:
    with pytest.raises(InputError, match="max_regrowth_mm_per_day"):
        RecoveryParameters(max_regrowth_mm_per_day=0)
    with pytest.raises(InputError, match="slowing_start_months"):
        RecoveryParameters(slowing_start_months=7)
    with pytest.raises(InputError) as info:
        DEFAULT_PARAMETERS.with_overrides({"rate": 2})
    assert info.value.field == "parameter"
    assert "plateau_months" in info.value.message
    assert DEFAULT_PARAMETERS.with_overrides({"plateau_months": "12"}).plateau_months == 12
    assert (
        DEFAULT_PARAMETERS.with_overrides({"max_regrowth_mm_per_day": 0.5}).max_regrowth_mm_per_day
        == 0.5
    )


def test_every_parameter_has_a_source() -> None:
    assert set(PARAMETER_SOURCES) == set(RecoveryParameters.names())
