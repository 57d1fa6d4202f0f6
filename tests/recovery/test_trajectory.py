"""Trajectory fitting on synthetic series with known onset, rate and plateau.

Stated tolerances (weekly Sunnybrook-like series, Gaussian noise SD = noise / 3):
- plateau date within 30 days of the truth, plateau level within 5 points;
- movement detected no earlier than the true onset and within 28 days after it;
- rate per month (6-month series, still rising): every seed within 3.5 points/month of the true
  slope over the last 4 weeks, the median error under 2.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.errors import InputError
from bellpath.recovery.trajectory import (
    MovementEvidence,
    TrajectoryParameters,
    TrajectoryStatus,
    fit_trajectory,
)

D0 = dt.date(2026, 1, 5)  # first grading (frozen "today" is irrelevant: the series carries dates)


def truth(t: float, *, b: float, a: float, t0: float, tau: float) -> float:
    return b if t < t0 else b + a * (1 - math.exp(-(t - t0) / tau))


def series(
    *,
    b: float = 10,
    a: float = 70,
    t0: float = 90,
    tau: float = 60,
    days: int = 365,
    step: int = 7,
    sd: float = 8 / 3,
    seed: int = 0,
) -> list[tuple[dt.date, float]]:
    rng = random.Random(seed)
    return [
        (D0 + dt.timedelta(days=t), truth(t, b=b, a=a, t0=t0, tau=tau) + rng.gauss(0, sd))
        for t in range(0, days + 1, step)
    ]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    ("t0", "tau"), [(90, 60), (20, 25), (120, 45)], ids=["axonal", "quick", "late"]
)
def test_known_onset_rate_and_plateau(seed: int, t0: float, tau: float) -> None:
    tr = fit_trajectory(series(t0=t0, tau=tau, seed=seed), score="sunnybrook.composite")
    assert tr.status is TrajectoryStatus.FITTED
    true_plateau = D0 + dt.timedelta(days=t0 + tau * math.log(20))
    assert tr.plateau_date is not None
    assert abs((tr.plateau_date - true_plateau).days) <= 30
    assert tr.plateau_level == pytest.approx(80, abs=5)
    assert tr.movement_began is not None
    assert tr.movement_evidence is MovementEvidence.RISE
    lag = (tr.movement_began - (D0 + dt.timedelta(days=t0))).days
    assert 0 <= lag <= 28
    assert tr.plateaued  # a year later every one of these has levelled off


def test_rate_while_still_rising() -> None:
    # half a year of data, onset day 90, tau 90: the true rise over the last 4 weeks is
    # about 10 points a month
    t1, t2 = 182 - 28, 182
    params = {"b": 10.0, "a": 70.0, "t0": 90.0, "tau": 90.0}
    expected = (truth(t2, **params) - truth(t1, **params)) / 28 * 30.4375
    errors = []
    for seed in range(12):
        tr = fit_trajectory(series(tau=90, days=182, seed=seed), score="sunnybrook.composite")
        assert tr.status is TrajectoryStatus.FITTED
        assert not tr.plateaued
        assert tr.rate_per_month is not None
        errors.append(abs(tr.rate_per_month - expected))
    assert max(errors) <= 3.5
    assert sorted(errors)[len(errors) // 2] <= 2.0


def test_linear_rise_gives_no_plateau_instead_of_inventing_one() -> None:
    rng = random.Random(4)
    pts = [(D0 + dt.timedelta(days=t), 10 + 0.2 * t + rng.gauss(0, 1)) for t in range(0, 200, 7)]
    tr = fit_trajectory(pts, score="sunnybrook.composite")
    assert tr.movement_began is not None
    assert tr.plateau_date is None
    assert tr.plateau_level is None
    assert not tr.plateaued


def test_house_brackmann_lower_is_better() -> None:
    grades = [6, 6, 6, 6, 5, 4, 3, 3, 2, 2, 2, 2, 2]
    pts = [(D0 + dt.timedelta(days=21 * i), float(g)) for i, g in enumerate(grades)]
    tr = fit_trajectory(pts, score="house_brackmann.grade")
    assert not tr.higher_is_better
    assert tr.movement_began == D0 + dt.timedelta(days=21 * 4)
    assert tr.plateau_level is not None
    assert tr.plateau_level == pytest.approx(2, abs=0.5)
    assert tr.plateaued
    assert tr.rate_per_month is not None and tr.rate_per_month <= 0.1
    assert tr.curve is not None
    assert tr.curve.value_at(D0) == pytest.approx(6, abs=0.5)


def test_no_movement_is_not_a_plateau() -> None:
    pts = series(a=0, b=5, days=120)
    tr = fit_trajectory(pts, score="sunnybrook.composite")
    assert tr.movement_began is None
    assert not tr.plateaued
    assert tr.plateau_level is None


def test_movement_already_present_at_first_grading() -> None:
    # first graded at month 6 with composite 70: movement came back on or before that day
    pts = [(D0 + dt.timedelta(days=14 * i), 70.0 + (i % 2)) for i in range(6)]
    tr = fit_trajectory(pts, score="sunnybrook.composite")
    assert tr.movement_began == D0
    assert tr.movement_evidence is MovementEvidence.LEVEL
    assert tr.plateaued


@pytest.mark.parametrize(
    "pts",
    [
        [],
        [(D0, 10.0)],
        [(D0, 10.0), (D0 + dt.timedelta(days=30), 40.0), (D0 + dt.timedelta(days=60), 60.0)],
        [(D0 + dt.timedelta(days=d), 10.0) for d in range(0, 14, 2)],  # 7 points over 12 days
    ],
    ids=["empty", "one", "three", "short-span"],
)
def test_not_enough_data(pts: list[tuple[dt.date, float]]) -> None:
    tr = fit_trajectory(pts, score="sunnybrook.composite")
    assert tr.status is TrajectoryStatus.NOT_ENOUGH_DATA
    assert tr.curve is None
    assert tr.plateau_date is None
    assert not tr.plateaued


def test_few_points_still_show_a_clear_rise() -> None:
    pts = [(D0, 10.0), (D0 + dt.timedelta(days=30), 40.0), (D0 + dt.timedelta(days=60), 60.0)]
    tr = fit_trajectory(pts, score="sunnybrook.composite")
    assert tr.movement_began == D0 + dt.timedelta(days=30)
    assert tr.rate_per_month is not None and tr.rate_per_month > 0


def test_too_noisy() -> None:
    rng = random.Random(9)
    pts = [(D0 + dt.timedelta(days=7 * i), rng.choice([0.0, 90.0])) for i in range(30)]
    tr = fit_trajectory(pts, score="sunnybrook.composite")
    assert tr.status is TrajectoryStatus.TOO_NOISY
    assert tr.curve is None
    assert "no curve" in tr.reason


def test_same_day_values_are_averaged_and_order_does_not_matter() -> None:
    pts = series(seed=1)
    shuffled = [*pts[::-1], (pts[0][0], pts[0][1])]
    a = fit_trajectory(pts, score="sunnybrook.composite")
    b = fit_trajectory(shuffled, score="sunnybrook.composite")
    assert a.points == b.points
    assert a.plateau_date == b.plateau_date


def test_parameters_are_overridable() -> None:
    pts = series(seed=2)
    strict = fit_trajectory(
        pts, score="sunnybrook.composite", parameters=TrajectoryParameters(plateau_fraction=0.99)
    )
    default = fit_trajectory(pts, score="sunnybrook.composite")
    assert strict.plateau_date is not None and default.plateau_date is not None
    assert strict.plateau_date > default.plateau_date


def test_generic_measure_needs_noise_and_direction() -> None:
    with pytest.raises(InputError, match="has no default noise"):
        fit_trajectory(series(), score="photo.smile_excursion")
    tr = fit_trajectory(series(), score="photo.smile_excursion", noise=8, higher_is_better=True)
    assert tr.status is TrajectoryStatus.FITTED
    with pytest.raises(InputError, match="'noise' must be a number > 0"):
        fit_trajectory(series(), score="x", noise=0, higher_is_better=True)
    with pytest.raises(InputError, match=r"'series\.0'"):
        fit_trajectory([(D0, float("nan"))], score="sunnybrook.composite")


@settings(max_examples=15)
@given(st.integers(20, 150), st.floats(20, 90), st.integers(0, 10_000))
def test_fitted_plateau_level_stays_near_truth(t0: int, tau: float, seed: int) -> None:
    tr = fit_trajectory(
        series(t0=t0, tau=tau, days=t0 + 6 * int(tau) + 60, seed=seed),
        score="sunnybrook.composite",
    )
    assert tr.status is TrajectoryStatus.FITTED
    assert tr.plateau_level is not None
    assert abs(tr.plateau_level - 80) <= 5


@settings(max_examples=10)
@given(st.floats(-40, 40), st.integers(-400, 400), st.integers(0, 1000))
def test_shifting_values_and_dates_shifts_the_answer(offset: float, days: int, seed: int) -> None:
    # relationship, not a number: the same recovery measured later, on a shifted scale
    base = series(seed=seed)
    moved = [(d + dt.timedelta(days=days), v + offset) for d, v in base]
    a = fit_trajectory(base, score="measure", noise=8.0, higher_is_better=True)
    b = fit_trajectory(moved, score="measure", noise=8.0, higher_is_better=True)
    assert a.movement_began is not None and b.movement_began is not None
    assert b.movement_began == a.movement_began + dt.timedelta(days=days)
    assert a.plateau_level is not None and b.plateau_level is not None
    assert b.plateau_level == pytest.approx(a.plateau_level + offset, abs=0.5)
    assert a.plateau_date is not None and b.plateau_date is not None
    assert abs((b.plateau_date - a.plateau_date).days - days) <= 2
    assert a.plateaued == b.plateaued
