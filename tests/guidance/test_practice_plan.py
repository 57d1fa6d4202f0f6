"""The daily practice plan: scenarios from the stages of recovery, and properties over cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.assess import assess
from bellpath.case import Case, Complication, Phase
from bellpath.guidance.practice_plan import PLAN_TABLE, PracticePlan, practice_plan
from bellpath.vocab.practice import ExerciseFamily

ONSET = dt.date(2026, 1, 5)


def plan_for(days: int, **facts: Any) -> tuple[Phase, PracticePlan]:
    case = Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})
    assessment = assess(case)
    return assessment.phase, practice_plan(case, assessment)


def families(plan: PracticePlan) -> list[ExerciseFamily]:
    return [item.family for item in plan.items]


def test_every_family_has_one_row_with_a_citation_and_a_schedule() -> None:
    assert sorted(r.family for r in PLAN_TABLE) == sorted(ExerciseFamily)
    for row in PLAN_TABLE:
        assert row.citation and row.reason and row.how and row.avoid
        assert row.sessions_per_day >= 1 and row.minutes >= 1


def test_while_the_nerve_regrows_small_slow_movements_and_eye_care() -> None:
    # Long recovery (source): axons regrow for about 3 months before movement returns.
    phase, plan = plan_for(40, severity="complete", eye_closure="incomplete")
    assert phase is Phase.REGENERATION
    assert families(plan) == [ExerciseFamily.EYE_CARE, ExerciseFamily.GENTLE_ACTIVATION]
    assert "Forcing" in plan.items[1].avoid


def test_eye_care_only_when_the_eye_does_not_close() -> None:
    _, plan = plan_for(40, severity="complete", eye_closure="complete")
    assert ExerciseFamily.EYE_CARE not in families(plan)


def test_once_movement_returns_mirror_control_replaces_gentle_activation() -> None:
    phase, plan = plan_for(120, severity="complete", first_movement=ONSET + dt.timedelta(days=95))
    assert phase is Phase.RECOVERING
    assert families(plan) == [ExerciseFamily.MIRROR_CONTROL]


def test_late_synkinesis_and_tightness_call_for_separation_stretching_and_relaxation() -> None:
    # Late recovery (source): complications need daily guided work, not vitamins.
    phase, plan = plan_for(
        300,
        severity="complete",
        first_movement=ONSET + dt.timedelta(days=95),
        complications=["synkinesis", "contracture"],
    )
    assert phase in {Phase.RECOVERING, Phase.PLATEAU}
    assert families(plan)[-3:] == [
        ExerciseFamily.MOVEMENT_SEPARATION,
        ExerciseFamily.STRETCH_MASSAGE,
        ExerciseFamily.RELAXATION,
    ]
    assert plan.minutes_per_day == sum(i.minutes * i.sessions_per_day for i in plan.items)


def test_a_warning_sign_withholds_the_plan() -> None:
    _, plan = plan_for(2, findings=["vesicles"], eye_closure="incomplete")
    assert plan.items == ()
    assert plan.withheld is not None and "clinician" in plan.withheld


def test_a_recovered_face_without_complications_needs_no_plan() -> None:
    phase, plan = plan_for(60, recovered=True, first_movement=ONSET + dt.timedelta(days=14))
    assert phase is Phase.RECOVERED
    assert plan.items == ()
    assert plan.withheld is not None and "recovered" in plan.withheld


@settings(max_examples=60, deadline=None)
@given(
    days=st.integers(min_value=0, max_value=500),
    movement_day=st.one_of(st.none(), st.integers(min_value=10, max_value=200)),
    complications=st.lists(st.sampled_from(list(Complication)), unique=True, max_size=3),
    eye=st.sampled_from(["complete", "incomplete"]),
    severity=st.sampled_from(["complete", "incomplete"]),
)
def test_plan_never_contradicts_the_phase(
    days: int,
    movement_day: int | None,
    complications: list[Complication],
    eye: str,
    severity: str,
) -> None:
    facts: dict[str, Any] = {"severity": severity, "eye_closure": eye}
    if movement_day is not None and movement_day <= days:
        facts["first_movement"] = ONSET + dt.timedelta(days=movement_day)
    facts["complications"] = [c.value for c in complications]
    try:
        phase, plan = plan_for(days, **facts)
    except ValueError:  # an inconsistent generated case is refused; nothing to plan
        return
    found = set(families(plan))
    if plan.withheld is not None:
        assert not found
    movement_back = phase in {Phase.RECOVERING, Phase.PLATEAU, Phase.RECOVERED}
    if movement_back:
        # Never the early-phase family once movement has returned.
        assert ExerciseFamily.GENTLE_ACTIVATION not in found
    else:
        # Never complication work before movement has returned.
        assert not found & {
            ExerciseFamily.MOVEMENT_SEPARATION,
            ExerciseFamily.STRETCH_MASSAGE,
            ExerciseFamily.RELAXATION,
            ExerciseFamily.MIRROR_CONTROL,
        }
    if eye == "complete":
        assert ExerciseFamily.EYE_CARE not in found
    for item in plan.items:
        assert item.citation


@pytest.mark.parametrize("family", list(ExerciseFamily), ids=lambda f: f.value)
def test_every_family_has_words_for_both_readers(family: ExerciseFamily) -> None:
    assert family.label and family.patient and family.label != family.patient
