"""Vitamin advice: every advice code, from the labs and the phase."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bellpath.case import Case, Phase, VitaminAdvice, VitaminName, VitaminStatus
from bellpath.labs import read_vitamins

ONSET = dt.date(2026, 1, 5)


def case(days: int = 40, **facts: Any) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})


def b12_lab(value: float) -> dict[str, Any]:
    return {"analyte": "b12", "value": value, "unit": "pg/mL"}


@pytest.mark.parametrize(
    ("labs", "status", "advice"),
    [
        pytest.param([b12_lab(150)], VitaminStatus.DEFICIENT, VitaminAdvice.MAY_HELP, id="low"),
        pytest.param(
            [b12_lab(250)], VitaminStatus.BORDERLINE, VitaminAdvice.CONFIRM_TEST, id="borderline"
        ),
        pytest.param(
            [b12_lab(500)], VitaminStatus.SUFFICIENT, VitaminAdvice.UNLIKELY_TO_HELP, id="normal"
        ),
        # AAO-HNS KAS 2: no routine test without a risk factor or symptom
        pytest.param([], VitaminStatus.UNKNOWN, VitaminAdvice.UNLIKELY_TO_HELP, id="no-test"),
        pytest.param(
            [{**b12_lab(500), "specimen": "hair"}],
            VitaminStatus.UNRELIABLE,
            VitaminAdvice.TEST_FIRST,
            id="hair",
        ),
    ],
)
def test_advice_while_the_nerve_recovers(
    labs: list[dict[str, Any]], status: VitaminStatus, advice: VitaminAdvice
) -> None:
    reading = read_vitamins(case(labs=labs), Phase.REGENERATION)[VitaminName.B12]
    assert (reading.status, reading.advice) == (status, advice)
    assert reading.reason
    assert reading.citation


def test_may_help_is_honest_about_the_evidence() -> None:
    reading = read_vitamins(case(labs=[b12_lab(150)]), Phase.EARLY)[VitaminName.B12]
    assert "low quality" in reading.reason
    assert "Wang 2015" in reading.citation
    assert "dose" in reading.reason  # a doctor decides on the dose; bellpath gives none


def test_borderline_b12_names_the_confirming_tests() -> None:
    reading = read_vitamins(case(labs=[b12_lab(250)]), Phase.EARLY)[VitaminName.B12]
    assert "MMA" in reading.reason
    assert "holotranscobalamin" in reading.reason


def test_only_a_risk_factor_or_symptom_asks_for_a_test() -> None:
    # AAO-HNS 2013 KAS 2: no routine tests; NICE NG239: test on risk factors or symptoms.
    plain = read_vitamins(case(), Phase.EARLY)[VitaminName.B12]
    assert plain.advice is VitaminAdvice.UNLIKELY_TO_HELP
    assert "no routine test" in plain.reason
    risky = read_vitamins(case(risk_factors=["metformin"], age=70), Phase.EARLY)[VitaminName.B12]
    assert risky.advice is VitaminAdvice.TEST_FIRST
    assert "metformin" in risky.reason
    assert "age over 60" in risky.reason
    symptoms = read_vitamins(case(risk_factors=["deficiency_symptoms"]), Phase.EARLY)
    assert symptoms[VitaminName.B12].advice is VitaminAdvice.TEST_FIRST


@pytest.mark.parametrize("phase", [Phase.PLATEAU, Phase.RECOVERED])
def test_no_benefit_in_late_phases(phase: Phase) -> None:
    readings = read_vitamins(case(300, labs=[b12_lab(500)]), phase)
    assert {r.advice for r in readings.values()} == {VitaminAdvice.NO_BENEFIT_NOW}


def test_complications_mean_no_benefit_but_a_deficiency_still_needs_care() -> None:
    sick = case(150, labs=[b12_lab(150)], complications=["synkinesis"])
    reading = read_vitamins(sick, Phase.RECOVERING)[VitaminName.B12]
    assert reading.advice is VitaminAdvice.NO_BENEFIT_NOW
    assert reading.status is VitaminStatus.DEFICIENT
    assert "general health" in reading.reason
    fine = read_vitamins(
        case(150, labs=[b12_lab(500)], complications=["synkinesis"]), Phase.RECOVERING
    )[VitaminName.B12]
    assert "general health" not in fine.reason


def test_an_old_result_counts_but_suggests_a_new_test() -> None:
    old = {**b12_lab(500), "date": ONSET - dt.timedelta(days=400)}
    reading = read_vitamins(case(labs=[old]), Phase.EARLY)[VitaminName.B12]
    assert reading.advice is VitaminAdvice.UNLIKELY_TO_HELP
    assert "more than a year old" in reading.reason
    recent = {**b12_lab(500), "date": ONSET}
    assert "year old" not in read_vitamins(case(labs=[recent]), Phase.EARLY)[VitaminName.B12].reason
