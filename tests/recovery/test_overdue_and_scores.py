"""Forecasts that expire, scores that decide, and acute features that are not late complications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import (
    ActionCode,
    Case,
    MilestoneCode,
    NerveDamage,
    Phase,
    Priority,
    VitaminAdvice,
)
from bellpath.caseio import load_case
from bellpath.examples import example_path
from bellpath.recovery.parameters import add_months

ONSET = dt.date(2026, 1, 5)


def at(days: int, **facts: Any) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})


def graded(days: int, scale: str, values: list[tuple[int, Any]], **facts: Any) -> Case:
    key = {"sunnybrook": "composite", "house_brackmann": "grade"}[scale]
    gradings = [{"date": ONSET + dt.timedelta(days=d), "scale": scale, key: v} for d, v in values]
    return at(days, gradings=gradings, **facts)


@pytest.mark.parametrize("months", [9, 14], ids=["9-months", "14-months"])
def test_complete_palsy_without_movement_is_overdue_never_a_plateau(months: int) -> None:
    # Issue 12: a complete palsy with no movement ever recorded at 9 and 14 months.
    case = at((add_months(ONSET, months) - ONSET).days, severity="complete")
    a = assess(case)
    assert a.phase is Phase.REGENERATION
    assert a.first_movement_window is None
    assert a.overdue_since == add_months(ONSET, 4)
    referral = next(x for x in a.actions if x.code is ActionCode.SPECIALIST_REFERRAL)
    assert referral.priority is Priority.URGENT
    assert "6 months" in referral.reason  # NICE CKS: persistent paralysis suggests a tumour
    assert "overdue since 2026-05-05" in a.explanation
    assert MilestoneCode.PLATEAU not in {m.code for m in a.milestones}


def test_the_window_is_shown_up_to_its_last_day_and_withdrawn_the_day_after() -> None:
    last = add_months(ONSET, 4)
    on_the_day = assess(at((last - ONSET).days))
    assert on_the_day.first_movement_window is not None
    assert on_the_day.overdue_since is None
    after = assess(at((last - ONSET).days + 1))
    assert after.first_movement_window is None
    assert after.overdue_since == last


def test_quick_recovery_example_drops_the_first_movement_dates() -> None:
    a = assess(load_case(example_path("quick_recovery")))
    codes = {m.code for m in a.milestones}
    assert codes.isdisjoint(
        {
            MilestoneCode.REGROWTH_EARLIEST,
            MilestoneCode.FIRST_MOVEMENT_LATEST,
            MilestoneCode.NO_IMPROVEMENT_CHECK,
            MilestoneCode.QUICK_RECOVERY_END,
        }
    )
    assert "earliest first movement after regrowth" not in a.explanation.lower()
    assert ActionCode.LAB_TEST not in {x.code for x in a.actions}  # no routine tests


@pytest.mark.parametrize(
    ("scale", "normal"),
    [
        pytest.param("sunnybrook", 100, id="sunnybrook-100"),
        pytest.param("house_brackmann", "I", id="hb-grade-I"),
    ],
)
def test_normal_scores_mean_recovered_without_referral_or_rehabilitation(
    scale: str, normal: Any
) -> None:
    start = 40 if scale == "sunnybrook" else "IV"
    case = graded(120, scale, [(10, start), (100, normal)], first_movement=ONSET + dt.timedelta(15))
    a = assess(case)
    assert a.phase is Phase.RECOVERED
    codes = {x.code for x in a.actions}
    assert ActionCode.SPECIALIST_REFERRAL not in codes
    assert ActionCode.REHABILITATION not in codes
    assert all(m.reached for m in a.milestones)


def test_a_normal_score_followed_by_a_worse_one_is_not_recovered() -> None:
    case = graded(
        120, "sunnybrook", [(60, 100), (110, 70)], first_movement=ONSET + dt.timedelta(20)
    )
    assert assess(case).phase is not Phase.RECOVERED


def test_falling_scores_mean_urgent_reassessment() -> None:
    # Progression after onset suggests another cause (AAO-HNS 2013; NICE CKS).
    case = graded(60, "sunnybrook", [(5, 40), (20, 45), (40, 20)])
    a = assess(case)
    action = next(x for x in a.actions if x.code is ActionCode.URGENT_REASSESSMENT)
    assert action.priority is Priority.URGENT
    assert "45" in action.reason and "20" in action.reason


def test_a_change_within_the_noise_is_not_a_fall() -> None:
    case = graded(60, "sunnybrook", [(5, 40), (20, 45), (40, 40)])
    assert ActionCode.URGENT_REASSESSMENT not in {x.code for x in assess(case).actions}


def test_a_flat_incomplete_series_is_no_plateau_and_no_evidence_of_myelin_damage() -> None:
    # HB IV from the first visit on, flat: movement was kept, but nothing has recovered yet.
    values = [(d, "IV") for d in (5, 20, 40, 60, 80)]
    a = assess(graded(85, "house_brackmann", values, severity="incomplete"))
    assert a.phase is not Phase.PLATEAU
    assert a.nerve_damage is not NerveDamage.MYELIN


@pytest.mark.parametrize("complication", ["pain", "crocodile_tears", "synkinesis"])
def test_early_ear_pain_is_an_acute_feature_not_a_late_complication(complication: str) -> None:
    # NICE CKS: about half of people have pain behind the ear at onset.
    a = assess(at(5, complications=[complication], severity="incomplete"))
    assert ActionCode.REHABILITATION not in {x.code for x in a.actions}
    assert VitaminAdvice.NO_BENEFIT_NOW not in {v.advice for v in a.vitamins.values()}
    assert "part of the palsy itself" in a.explanation


def test_complications_after_movement_returned_are_late_complications() -> None:
    a = assess(at(200, complications=["synkinesis"], first_movement=ONSET + dt.timedelta(100)))
    assert ActionCode.REHABILITATION in {x.code for x in a.actions}
    assert {v.advice for v in a.vitamins.values()} == {VitaminAdvice.NO_BENEFIT_NOW}
