"""The engine end to end: one scenario per stage of the source document, and properties."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.assess import assess
from bellpath.case import (
    ActionCode,
    Analyte,
    Case,
    Complication,
    EyeClosure,
    Finding,
    LabResult,
    NerveDamage,
    Phase,
    Priority,
    RiskFactor,
    Severity,
    Specimen,
    Supplement,
    VitaminAdvice,
    VitaminName,
)
from bellpath.caseio import dump_assessment_json
from bellpath.labs import ANALYTES, NICE_NG239, allowed_units, from_canonical
from bellpath.recovery import DEFAULT_PARAMETERS
from bellpath.recovery.parameters import add_months

ONSET = dt.date(2026, 1, 5)


def at(days: int, **facts: Any) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})


def test_quick_recovery_in_two_to_four_weeks() -> None:
    a = assess(at(30, first_movement=ONSET + dt.timedelta(days=18), severity="incomplete"))
    assert a.phase is Phase.RECOVERING
    assert a.nerve_damage is NerveDamage.MYELIN
    assert a.first_movement_window is None
    assert "insulation" in a.explanation


def test_long_recovery_waits_for_regrowth_about_three_months() -> None:
    a = assess(at(45, severity="complete"))
    assert a.phase is Phase.REGENERATION
    assert a.nerve_damage is NerveDamage.AXONAL
    assert a.first_movement_window is not None
    assert a.first_movement_window.earliest == ONSET + dt.timedelta(days=90)
    assert "1 mm a day" in a.explanation


def test_long_recovery_first_movement_at_three_months() -> None:
    a = assess(at(110, first_movement=ONSET + dt.timedelta(days=92)))
    assert a.phase is Phase.RECOVERING
    assert a.nerve_damage is NerveDamage.AXONAL
    assert ActionCode.SPECIALIST_REFERRAL in {x.code for x in a.actions}  # not recovered at 3 m


def test_rare_no_movement_after_four_months() -> None:
    a = assess(at(130))
    referral = next(x for x in a.actions if x.code is ActionCode.SPECIALIST_REFERRAL)
    assert referral.priority is Priority.URGENT
    assert "has passed" in referral.reason
    assert a.first_movement_window is None
    assert a.overdue_since == add_months(ONSET, 4)
    assert f"overdue since {a.overdue_since.isoformat()}" in a.explanation


def test_slowing_around_five_to_six_months_is_a_reached_milestone() -> None:
    a = assess(at(170, first_movement=ONSET + dt.timedelta(days=95)))
    assert a.phase is Phase.RECOVERING
    slowing = next(m for m in a.milestones if m.code.value == "slowing")
    assert slowing.reached
    plateau = next(m for m in a.milestones if m.code.value == "plateau")
    assert not plateau.reached


def test_plateau_near_nine_months() -> None:
    a = assess(at(280, first_movement=ONSET + dt.timedelta(days=95)))
    assert a.phase is Phase.PLATEAU
    assert ActionCode.REHABILITATION in {x.code for x in a.actions}


def test_late_complications_vitamins_do_not_help_rehabilitation_does() -> None:
    a = assess(
        at(
            320,
            first_movement=ONSET + dt.timedelta(days=100),
            complications=["synkinesis", "crocodile_tears"],
            labs=[{"analyte": "b12", "value": 150, "unit": "pg/mL"}],
        )
    )
    assert {r.advice for r in a.vitamins.values()} == {VitaminAdvice.NO_BENEFIT_NOW}
    assert "general health" in a.vitamins[VitaminName.B12].reason
    rehab = next(x for x in a.actions if x.code is ActionCode.REHABILITATION)
    assert "synkinesis" in rehab.reason


def test_explanation_names_the_next_date() -> None:
    text = assess(at(45)).explanation
    assert "Next date to note: earliest first movement after regrowth on 2026-04-05." in text
    assert "Next date to note" not in assess(at(300)).explanation


def test_no_plateau_without_any_movement_but_overdue_and_urgent_referral() -> None:
    # NICE CKS: paralysis persisting beyond 6 months suggests a tumour; refer urgently.
    a = assess(at(300))
    assert a.phase is Phase.REGENERATION
    assert a.first_movement_window is None
    assert a.overdue_since is not None
    referral = next(x for x in a.actions if x.code is ActionCode.SPECIALIST_REFERRAL)
    assert referral.priority is Priority.URGENT
    assert "6 months" in referral.reason
    assert ActionCode.REHABILITATION not in [x.code for x in a.actions]
    assert {m.code.value for m in a.milestones}.isdisjoint({"slowing", "plateau"})


def test_incomplete_palsy_without_a_movement_date_gets_a_hint() -> None:
    assert "incomplete palsy" in assess(at(40, severity="incomplete")).explanation
    assert "incomplete palsy" not in assess(at(40, severity="complete")).explanation


def test_red_flags_come_first_in_the_assessment() -> None:
    a = assess(at(1, findings=["forehead_sparing"]))
    assert a.red_flags == [Finding.FOREHEAD_SPARING]
    assert a.actions[0].code is ActionCode.URGENT_ASSESSMENT
    assert a.explanation.startswith("Some of what you noted")


def test_deficiency_during_regrowth_is_said_to_slow_it_without_a_number() -> None:
    a = assess(at(45, labs=[{"analyte": "b12", "value": 150, "unit": "pg/mL"}]))
    assert "slower" in a.explanation
    assert a.first_movement_window == assess(at(45)).first_movement_window


def test_assessment_is_deterministic_and_json_is_stable() -> None:
    case = at(45, labs=[{"analyte": "b12", "value": 250, "unit": "pg/mL"}])
    first, second = dump_assessment_json(assess(case)), dump_assessment_json(assess(case))
    assert first == second
    data = json.loads(first)
    for key in (
        "phase",
        "days_since_onset",
        "nerve_damage",
        "first_movement_window",
        "vitamins",
        "actions",
        "red_flags",
        "explanation",
        "milestones",
        "disclaimer",
    ):
        assert key in data
    assert set(data["vitamins"]) == {"b12", "b1", "b6"}
    assert data["lab_readings"][0]["counts"] is True


def test_options_reach_the_engine() -> None:
    case = at(45, labs=[{"analyte": "b12", "value": 190, "unit": "ng/L"}])
    assert assess(case).vitamins[VitaminName.B12].advice is VitaminAdvice.MAY_HELP
    nice = assess(case, profile=NICE_NG239)
    assert nice.vitamins[VitaminName.B12].advice is VitaminAdvice.CONFIRM_TEST
    assert nice.reference_profile == "nice_ng239"
    later = replace(DEFAULT_PARAMETERS, quick_recovery_days=60)
    assert assess(case, parameters=later).phase is Phase.EARLY


# ----------------------------------------------------------------------------- properties


@st.composite
def lab_results(draw: st.DrawFn, as_of: dt.date) -> LabResult:
    analyte = draw(st.sampled_from(list(Analyte)))
    unit = draw(st.sampled_from(allowed_units(analyte)))
    top = from_canonical(analyte, ANALYTES[analyte].plausible_max, unit)
    value = draw(st.floats(min_value=0, max_value=top, allow_nan=False))
    when = draw(st.one_of(st.none(), st.dates(max_value=as_of)))
    return LabResult(
        analyte=analyte,
        value=value,
        unit=unit.value,
        specimen=draw(st.sampled_from(list(Specimen))),
        date=when,
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Any valid case."""
    onset = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)))
    as_of = onset + dt.timedelta(days=draw(st.integers(0, 1500)))
    within = st.one_of(st.none(), st.integers(0, (as_of - onset).days))
    moved = draw(within)
    steroids = draw(within)
    return Case(
        onset=onset,
        as_of=as_of,
        affected_side=draw(st.one_of(st.none(), st.sampled_from(["left", "right"]))),
        severity=draw(st.one_of(st.none(), st.sampled_from(list(Severity)))),
        first_movement=None if moved is None else onset + dt.timedelta(days=moved),
        recovered=draw(st.booleans()),
        eye_closure=draw(st.one_of(st.none(), st.sampled_from(list(EyeClosure)))),
        steroids_started=None if steroids is None else onset + dt.timedelta(days=steroids),
        age=draw(st.one_of(st.none(), st.integers(0, 120))),
        labs=draw(st.lists(lab_results(as_of), max_size=6)),
        complications=draw(st.lists(st.sampled_from(list(Complication)), max_size=3)),
        findings=draw(st.lists(st.sampled_from(list(Finding)), max_size=3)),
        risk_factors=draw(st.lists(st.sampled_from(list(RiskFactor)), max_size=3)),
        supplements=[
            Supplement(vitamin=v, daily_mg=mg)
            for v, mg in draw(
                st.lists(
                    st.tuples(st.sampled_from(list(VitaminName)), st.floats(0, 1000)), max_size=3
                )
            )
        ],
    )


@settings(max_examples=150)
@given(case=cases())
def test_assess_never_raises_on_a_valid_case(case: Case) -> None:
    a = assess(case)
    assert a.days_since_onset == (case.as_of - case.onset).days
    if a.applicability.emergency:
        assert a.vitamins == {}
        assert a.actions[0].code is ActionCode.EMERGENCY_SERVICES
    else:
        assert set(a.vitamins) == set(VitaminName)
    if a.red_flags and not a.applicability.emergency:
        assert a.actions[0].code is ActionCode.URGENT_ASSESSMENT
    codes = [x.code for x in a.actions]
    assert len(codes) == len(set(codes))
    assert len(a.lab_readings) == len(case.labs)
    late = case.complications and a.phase is Phase.RECOVERING
    if (a.phase in (Phase.PLATEAU, Phase.RECOVERED) or late) and a.vitamins:
        assert {r.advice for r in a.vitamins.values()} == {VitaminAdvice.NO_BENEFIT_NOW}
    if ActionCode.STEROIDS_WINDOW in codes:
        assert a.days_since_onset <= 3
        assert case.steroids_started is None
    for action in a.actions:
        assert action.reason
        assert action.citation
        assert " mg " not in action.reason or action.code is ActionCode.B6_INTAKE_WARNING
    window = a.first_movement_window
    assert window is None or window.earliest <= window.latest
    assert Case.model_validate_json(case.model_dump_json()) == case
    json.loads(dump_assessment_json(a))
