"""Guideline actions: every action code, red flags first, and the B6 upper levels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import ActionCode, Case, Finding, Priority
from bellpath.guidance import RULES, B6UpperLevel, red_flags

ONSET = dt.date(2026, 1, 5)


def codes(days: int, b6_limit: B6UpperLevel = B6UpperLevel.EFSA, **facts: Any) -> list[ActionCode]:
    case = Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})
    return [a.code for a in assess(case, b6_limit=b6_limit).actions]


def test_every_action_code_has_a_rule() -> None:
    assert {rule.code for rule in RULES} == set(ActionCode)


def test_red_flag_is_always_first() -> None:
    found = codes(
        1,
        findings=["vesicles"],
        eye_closure="incomplete",
        supplements=[{"vitamin": "b6", "daily_mg": 200}],
    )
    assert found[0] is ActionCode.URGENT_ASSESSMENT
    assert ActionCode.STEROIDS_WINDOW in found


def test_red_flags_listed_in_table_order_once() -> None:
    case = Case(
        onset=ONSET, as_of=ONSET, findings=[Finding.VESICLES, Finding.BILATERAL, Finding.VESICLES]
    )
    assert red_flags(case) == [Finding.BILATERAL, Finding.VESICLES]
    assert all(f.patient for f in Finding)  # each is listed in the person's own words


@pytest.mark.parametrize(
    ("days", "facts", "present"),
    [
        pytest.param(2, {}, True, id="day-2-no-steroids"),
        pytest.param(3, {}, True, id="day-3-may-still-be-within-72h"),
        pytest.param(4, {}, False, id="too-late"),
        pytest.param(1, {"steroids_started": ONSET}, False, id="already-started"),
    ],
)
def test_steroids_window(days: int, facts: dict[str, Any], present: bool) -> None:
    assert (ActionCode.STEROIDS_WINDOW in codes(days, **facts)) is present


def test_steroid_reason_informs_without_a_dose() -> None:
    case = Case(onset=ONSET, as_of=ONSET)
    action = next(a for a in assess(case).actions if a.code is ActionCode.STEROIDS_WINDOW)
    assert "mg" not in action.reason
    assert "doctor" in action.reason


@pytest.mark.parametrize(
    ("facts", "present"),
    [
        pytest.param({"eye_closure": "incomplete"}, True, id="incomplete-closure"),
        pytest.param({"severity": "complete"}, True, id="complete-palsy-closure-unknown"),
        pytest.param({"severity": "complete", "eye_closure": "complete"}, False, id="closes"),
        pytest.param({}, False, id="nothing-known"),
    ],
)
def test_eye_protection(facts: dict[str, Any], present: bool) -> None:
    assert (ActionCode.EYE_PROTECTION in codes(10, **facts)) is present


@pytest.mark.parametrize(
    ("days", "facts", "present", "priority"),
    [
        pytest.param(20, {}, False, None, id="before-3-weeks"),
        pytest.param(21, {}, True, Priority.ROUTINE, id="nice-no-improvement-3-weeks"),
        pytest.param(
            25, {"first_movement": ONSET + dt.timedelta(days=10)}, False, None, id="moving"
        ),
        pytest.param(
            95,
            {"first_movement": ONSET + dt.timedelta(days=10)},
            True,
            Priority.ROUTINE,
            id="not-recovered-3-months",
        ),
        pytest.param(125, {}, True, Priority.URGENT, id="no-movement-overdue"),
        pytest.param(125, {"recovered": True}, False, None, id="recovered"),
    ],
)
def test_specialist_referral(
    days: int, facts: dict[str, Any], present: bool, priority: Priority | None
) -> None:
    case = Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})
    found = {a.code: a for a in assess(case).actions}
    assert (ActionCode.SPECIALIST_REFERRAL in found) is present
    if priority is not None:
        assert found[ActionCode.SPECIALIST_REFERRAL].priority is priority


@pytest.mark.parametrize(
    ("days", "facts", "present"),
    [
        pytest.param(
            150,
            {"first_movement": ONSET + dt.timedelta(days=95), "complications": ["synkinesis"]},
            True,
            id="complication",
        ),
        pytest.param(
            300,
            {"first_movement": ONSET + dt.timedelta(days=95)},
            True,
            id="plateau-short-of-normal",
        ),
        pytest.param(
            300,
            {"first_movement": ONSET + dt.timedelta(days=20), "recovered": True},
            False,
            id="recovered",
        ),
        pytest.param(
            150, {"first_movement": ONSET + dt.timedelta(days=95)}, False, id="still-improving"
        ),
    ],
)
def test_rehabilitation(days: int, facts: dict[str, Any], present: bool) -> None:
    assert (ActionCode.REHABILITATION in codes(days, **facts)) is present


@pytest.mark.parametrize(
    ("mg", "limit", "present"),
    [
        pytest.param(12, B6UpperLevel.EFSA, False, id="at-efsa-level"),
        pytest.param(12.5, B6UpperLevel.EFSA, True, id="above-efsa"),
        pytest.param(11, B6UpperLevel.UK_EVM, True, id="above-uk-evm"),
        pytest.param(50, B6UpperLevel.IOM, False, id="below-iom"),
        pytest.param(150, B6UpperLevel.IOM, True, id="above-iom"),
    ],
)
def test_b6_intake_warning(mg: float, limit: B6UpperLevel, present: bool) -> None:
    found = codes(40, b6_limit=limit, supplements=[{"vitamin": "b6", "daily_mg": mg}])
    assert (ActionCode.B6_INTAKE_WARNING in found) is present


def test_b6_doses_add_up_across_supplements() -> None:
    supplements = [{"vitamin": "b6", "daily_mg": 8}, {"vitamin": "b6", "daily_mg": 8}]
    assert ActionCode.B6_INTAKE_WARNING in codes(40, supplements=supplements)


def test_lab_test_when_status_unknown_and_not_when_known() -> None:
    assert ActionCode.LAB_TEST not in codes(10)  # no routine tests (AAO-HNS KAS 2)
    assert ActionCode.LAB_TEST in codes(10, risk_factors=["vegan_diet"])
    labs = [
        {"analyte": "b12", "value": 500, "unit": "pg/mL"},
        {"analyte": "b1", "value": 120, "unit": "nmol/L", "specimen": "whole_blood"},
        {"analyte": "b6", "value": 60, "unit": "nmol/L", "specimen": "plasma"},
    ]
    assert ActionCode.LAB_TEST not in codes(10, labs=labs)
    moved = ONSET + dt.timedelta(days=95)
    # no benefit at plateau, so no test for the nerve
    assert ActionCode.LAB_TEST not in codes(300, first_movement=moved)


def test_every_action_has_reason_and_citation() -> None:
    case = Case.model_validate(
        {
            "onset": ONSET,
            "as_of": ONSET + dt.timedelta(days=2),
            "findings": ["bilateral"],
            "eye_closure": "incomplete",
            "supplements": [{"vitamin": "b6", "daily_mg": 100}],
            "complications": ["pain"],
        }
    )
    actions = assess(case).actions
    assert actions[0].code is ActionCode.URGENT_ASSESSMENT
    for action in actions:
        assert action.reason and action.citation and action.title


@pytest.mark.parametrize(
    ("days", "facts"),
    [
        pytest.param(40, {}, id="while-recovering"),
        pytest.param(
            320,
            {"first_movement": ONSET + dt.timedelta(days=95), "complications": ["synkinesis"]},
            id="late-complications",
        ),
    ],
)
def test_deficiency_care_in_any_phase(days: int, facts: dict[str, Any]) -> None:
    low = [{"analyte": "b12", "value": 150, "unit": "pg/mL"}]
    case = Case.model_validate(
        {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), "labs": low, **facts}
    )
    action = next(a for a in assess(case).actions if a.code is ActionCode.DEFICIENCY_CARE)
    assert "B12" in action.reason
    assert action.priority is Priority.HIGH
    assert ActionCode.DEFICIENCY_CARE not in codes(40)


def test_deficiency_care_includes_low_folate() -> None:
    labs = [{"analyte": "folate", "value": 2.5, "unit": "ng/mL"}]
    case = Case.model_validate(
        {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=40), "labs": labs}
    )
    action = next(a for a in assess(case).actions if a.code is ActionCode.DEFICIENCY_CARE)
    assert "folate" in action.reason
