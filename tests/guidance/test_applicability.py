"""Which Bell's palsy statements apply to which presentation (the findings table), by scenario."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bellpath.applicability import CENTRAL_FINDINGS, FINDINGS, applicability
from bellpath.assess import assess
from bellpath.case import ActionCode, Assessment, Case, Finding, MilestoneCode, Priority

ONSET = dt.date(2026, 3, 2)
BELLS_ACTIONS = {
    ActionCode.STEROIDS_WINDOW,
    ActionCode.LAB_TEST,
    ActionCode.SPECIALIST_REFERRAL,
    ActionCode.REHABILITATION,
    ActionCode.ANTIVIRAL_CONSIDERATION,
}


def at(days: int, **facts: Any) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})


def bells_content(a: Assessment) -> bool:
    """Anything Bell's-specific: a steroid prompt, a window, a milestone, a published figure."""
    return bool(
        {x.code for x in a.actions} & BELLS_ACTIONS
        or a.first_movement_window is not None
        or a.milestones
        or a.prognosis
    )


def test_every_finding_has_a_row_with_a_source() -> None:
    assert set(FINDINGS) == set(Finding)
    for finding, row in FINDINGS.items():
        assert row.source, finding
        # a central sign withholds everything Bell's-specific
        if row.central:
            assert not (row.steroid_prompt or row.bells_timelines or row.bells_figures)
    assert {
        Finding.FOREHEAD_SPARING,
        Finding.LIMB_WEAKNESS,
        Finding.CEREBELLAR_SIGNS,
    } <= CENTRAL_FINDINGS


@pytest.mark.parametrize(
    "findings",
    [
        pytest.param(["limb_weakness"], id="face-and-arm-FAST"),
        pytest.param(["speech_disturbance"], id="face-and-speech-FAST"),
        pytest.param(["forehead_sparing", "limb_weakness"], id="issue-72-year-old"),
        pytest.param(["forehead_sparing", "cerebellar_signs"], id="forehead-and-central"),
    ],
)
def test_suspected_stroke_is_an_emergency_with_nothing_bells_after_it(findings: list[str]) -> None:
    # NICE NG128 1.1: facial weakness with arm weakness or speech disturbance is FAST positive.
    a = assess(at(1, findings=findings, age=72, severity="complete"))
    assert a.applicability.emergency
    first = a.actions[0]
    assert first.code is ActionCode.EMERGENCY_SERVICES
    assert first.priority is Priority.EMERGENCY
    assert "Call the emergency services now" in first.title
    assert not bells_content(a)
    assert a.vitamins == {}
    assert a.explanation.startswith("These signs can mean a stroke")
    for action in a.actions[1:]:
        assert action.priority is not Priority.EMERGENCY
        assert "steroid" not in action.reason.lower()


def test_forehead_sparing_alone_is_urgent_and_withholds_everything_bells() -> None:
    a = assess(at(1, findings=["forehead_sparing"]))
    assert not a.applicability.emergency
    assert a.actions[0].code is ActionCode.URGENT_ASSESSMENT
    assert not a.applicability.steroid_prompt
    assert not bells_content(a)
    assert "3 weeks" not in a.explanation


@pytest.mark.parametrize(
    "finding",
    [
        "bilateral",
        "other_cranial_nerves",
        "gradual_onset",
        "parotid_mass",
        "neck_mass",
        "recurrent",
        "hearing_loss",
        "trauma",
        "cancer_history",
    ],
)
def test_another_cause_withholds_timelines_and_figures_but_keeps_the_steroid_prompt(
    finding: str,
) -> None:
    a = assess(at(1, findings=[finding], severity="complete"))
    codes = [x.code for x in a.actions]
    assert codes[0] is ActionCode.URGENT_ASSESSMENT
    assert ActionCode.STEROIDS_WINDOW in codes
    assert a.first_movement_window is None
    assert a.prognosis == []
    assert [m.code for m in a.milestones] == [MilestoneCode.STEROIDS_WINDOW_END]
    assert finding in {f.value for f in a.applicability.withheld_by}
    assert "not shown until a doctor has checked it" in a.explanation


def test_a_tumour_like_picture_months_later_gets_no_regrowth_window() -> None:
    a = assess(at(60, findings=["gradual_onset", "parotid_mass"], severity="complete"))
    assert a.first_movement_window is None
    assert a.milestones == []
    assert a.prognosis == []
    assert ActionCode.SPECIALIST_REFERRAL not in {x.code for x in a.actions}


def test_a_clinician_excluding_the_cause_brings_bells_content_back_with_a_note() -> None:
    exclusion = {"finding": "parotid_mass", "date": ONSET + dt.timedelta(days=10), "by": "Dr Lee"}
    before = assess(at(40, findings=["parotid_mass"]))
    after = assess(at(40, findings=["parotid_mass"], excluded_findings=[exclusion]))
    assert before.red_flags == [Finding.PAROTID_MASS]
    assert after.red_flags == []
    assert after.first_movement_window is not None
    assert after.prognosis
    assert after.milestones
    note = after.applicability.notes[0]
    assert "Dr Lee" in note and "2026-03-12" in note and "parotid mass" in note
    assert note in after.explanation


def test_an_exclusion_dated_after_as_of_is_refused() -> None:
    with pytest.raises(ValueError, match=r"excluded_findings\.0\.date"):
        at(
            5,
            findings=["neck_mass"],
            excluded_findings=[{"finding": "neck_mass", "date": ONSET + dt.timedelta(days=6)}],
        )


def test_an_exclusion_of_one_finding_leaves_the_others_in_force() -> None:
    excl = [{"finding": "parotid_mass", "date": ONSET}]
    scope = applicability(at(5, findings=["parotid_mass", "limb_weakness"], excluded_findings=excl))
    assert scope.emergency
    assert scope.withheld_by == [Finding.LIMB_WEAKNESS]
