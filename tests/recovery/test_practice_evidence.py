"""Live mirror sessions feed the engine like photos: evidence only without clinician gradings."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import Case, Phase
from bellpath.cli._assess_text import render_plain
from bellpath.recovery.photo_trajectory import PHOTO_EXCURSION_NOISE
from bellpath.recovery.practice_evidence import (
    PRACTICE_SCORE,
    SESSION_RATIO_NOISE,
    practice_trajectory,
    session_series,
)

ONSET = dt.date(2026, 1, 5)


def session(day: int, ratio: float | None, *, movement: str = "smile", **ex: Any) -> Any:
    """One session on day ``day`` after onset with one exercise of ``movement``."""
    return {
        "date": ONSET + dt.timedelta(days=day),
        "duration_s": 300,
        "affected_side": "left",
        "exercises": [{"movement": movement, "repetitions": 10, "ratio": ratio, **ex}],
    }


def recovering_sessions(*, days: int, t0: int = 60, tau: float = 25, step: int = 3) -> list[Any]:
    """Sessions every ``step`` days: ratio 0.30 until day ``t0``, then rising towards 0.90."""
    out = []
    for t in range(7, days + 1, step):
        ratio = 0.30 if t < t0 else 0.30 + 0.60 * (1 - math.exp(-(t - t0) / tau))
        out.append(session(t, round(ratio, 4)))
    return out


def case_with(days: int, sessions: list[Any], **kw: Any) -> Case:
    data = {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), "practice_sessions": sessions}
    return Case.model_validate(data | kw)


def test_sessions_alone_date_movement_and_the_phase() -> None:
    case = case_with(200, recovering_sessions(days=200))
    a = assess(case)
    traj = a.practice_trajectory
    assert traj is not None
    assert traj.score == PRACTICE_SCORE
    assert traj.noise == SESSION_RATIO_NOISE
    assert traj.movement_began is not None
    assert 60 <= (traj.movement_began - ONSET).days <= 95
    assert a.trajectory is None and a.photo_trajectory is None
    # no clinician gradings: the sessions' evidence moves the phase on from "regeneration"
    assert a.phase in {Phase.RECOVERING, Phase.PLATEAU}
    without = assess(case.model_copy(update={"practice_sessions": []}))
    assert without.phase is Phase.REGENERATION
    assert without.practice_trajectory is None


def test_clinician_gradings_outrank_the_sessions() -> None:
    flat = [
        {"date": ONSET + dt.timedelta(days=t), "scale": "sunnybrook", "composite": 8}
        for t in range(14, 201, 14)
    ]
    graded = case_with(200, recovering_sessions(days=200), gradings=flat)
    a = assess(graded)
    assert a.practice_trajectory is not None and a.practice_trajectory.movement_began is not None
    without = assess(graded.model_copy(update={"practice_sessions": []}))
    assert a.phase is without.phase is Phase.REGENERATION
    assert a.nerve_damage is without.nerve_damage
    assert a.milestones == without.milestones


def test_sessions_weigh_less_than_photos() -> None:
    assert SESSION_RATIO_NOISE > PHOTO_EXCURSION_NOISE
    # The noise is the sessions' own: with one above the 60-point rise, they date no movement.
    loud = assess(case_with(200, recovering_sessions(days=200)), session_noise=80.0)
    assert loud.practice_trajectory is not None and loud.practice_trajectory.noise == 80.0
    assert loud.practice_trajectory.movement_began is None
    assert loud.phase is Phase.REGENERATION


def test_the_series_is_the_daily_median_of_the_smile_ratios_in_percent() -> None:
    entries = case_with(
        30,
        [
            session(10, 0.4),
            session(10, 0.5),
            session(10, 0.9),
            session(12, None, affected_mm=3.0, healthy_mm=6.0),  # ratio from the millimetres
            session(12, 0.8, movement="pucker"),  # another movement: not the smile's series
            session(14, None),  # nothing measured
        ],
    ).practice_sessions
    series = session_series(entries)
    assert [d for d, _ in series] == [ONSET + dt.timedelta(days=k) for k in (10, 12)]
    assert [v for _, v in series] == pytest.approx([50.0, 50.0])
    assert practice_trajectory([]) is None


def test_sessions_after_as_of_are_refused_by_the_case() -> None:
    with pytest.raises(ValueError, match=r"practice_sessions\.0\.date"):
        case_with(10, [session(11, 0.5)])


def test_the_text_report_shows_the_sessions_trajectory() -> None:
    text = render_plain(assess(case_with(200, recovering_sessions(days=200))))
    assert "Trajectory in live mirror sessions: smile, affected side as % of the healthy" in text
    assert "From live mirror sessions, used for the phase, as there are no clinician" in text
