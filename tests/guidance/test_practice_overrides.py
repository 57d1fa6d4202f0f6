"""The therapist's changes to a practice plan: bounds hold, withheld rows stay withheld."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.assess import assess
from bellpath.case import Case, Complication
from bellpath.errors import InputError
from bellpath.guidance.practice_overrides import (
    MINUTES_RANGE,
    SESSIONS_RANGE,
    FamilyOverride,
    PlanOverrides,
    apply_overrides,
)
from bellpath.guidance.practice_plan import PracticePlan, practice_plan
from bellpath.vocab.practice import ExerciseFamily

ONSET = dt.date(2026, 1, 5)


def plan_for(days: int, **facts: Any) -> PracticePlan:
    case = Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})
    return practice_plan(case, assess(case))


def regrowing() -> PracticePlan:
    return plan_for(40, severity="complete", eye_closure="incomplete")  # eye care, gentle


def test_no_change_keeps_the_plan() -> None:
    plan = regrowing()
    assert apply_overrides(plan, PlanOverrides()) == plan


def test_a_row_switched_off_leaves_the_plan_and_is_named() -> None:
    plan = regrowing()
    out = apply_overrides(
        plan, PlanOverrides((FamilyOverride(ExerciseFamily.EYE_CARE, off=True),), note="Slowly")
    )
    assert [i.family for i in out.items] == [ExerciseFamily.GENTLE_ACTIVATION]
    assert out.switched_off == (ExerciseFamily.EYE_CARE,)
    assert out.therapist_note == "Slowly"
    assert not out.items[0].changed


def test_a_changed_schedule_is_marked_and_carries_its_note() -> None:
    change = FamilyOverride(ExerciseFamily.GENTLE_ACTIVATION, minutes=12, note=" Use the mirror ")
    out = apply_overrides(regrowing(), PlanOverrides((change,)))
    gentle = out.items[1]
    assert (gentle.sessions_per_day, gentle.minutes, gentle.changed) == (2, 12, True)
    assert gentle.therapist_note == "Use the mirror"
    assert out.minutes_per_day == 4 * 2 + 2 * 12


def test_zero_sessions_switches_the_row_off() -> None:
    change = FamilyOverride(ExerciseFamily.GENTLE_ACTIVATION, sessions_per_day=0)
    out = apply_overrides(regrowing(), PlanOverrides((change,)))
    assert out.switched_off == (ExerciseFamily.GENTLE_ACTIVATION,)


def test_a_warning_sign_pauses_the_plan_whatever_the_therapist_set() -> None:
    plan = plan_for(2, findings=["vesicles"], eye_closure="incomplete")
    assert plan.withheld is not None
    every = tuple(FamilyOverride(f, sessions_per_day=3, minutes=5) for f in ExerciseFamily)
    assert apply_overrides(plan, PlanOverrides(every, note="go")) == plan


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"sessions_per_day": 7}, "eye_care.sessions_per_day"),
        ({"sessions_per_day": -1}, "eye_care.sessions_per_day"),
        ({"minutes": 0}, "eye_care.minutes"),
        ({"minutes": 61}, "eye_care.minutes"),
        ({"note": "x" * 501}, "eye_care.note"),
    ],
)
def test_out_of_bounds_names_the_field_and_the_range(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as refused:
        FamilyOverride(ExerciseFamily.EYE_CARE, **fields)
    assert refused.value.field == field
    assert field in str(refused.value)


def test_stored_form_round_trips_and_refuses_unknown_families() -> None:
    off = FamilyOverride(ExerciseFamily.RELAXATION, off=True)
    overrides = PlanOverrides((off, FamilyOverride(ExerciseFamily.EYE_CARE)), note="n")
    stored = overrides.to_json()
    assert list(stored) == ["relaxation"]  # an empty change is not stored
    assert PlanOverrides.from_json(stored, "n").of(ExerciseFamily.RELAXATION) == off
    with pytest.raises(InputError, match="gum"):
        PlanOverrides.from_json({"gum": {}})
    with pytest.raises(InputError, match="once"):
        PlanOverrides((FamilyOverride(ExerciseFamily.EYE_CARE),) * 2)


changes = st.builds(
    FamilyOverride,
    family=st.sampled_from(list(ExerciseFamily)),
    off=st.booleans(),
    sessions_per_day=st.one_of(st.none(), st.integers(*SESSIONS_RANGE)),
    minutes=st.one_of(st.none(), st.integers(*MINUTES_RANGE)),
    note=st.text(max_size=20),
)
overrides_strategy = st.builds(
    lambda rows, note: PlanOverrides(tuple({r.family: r for r in rows}.values()), note),
    st.lists(changes, max_size=6),
    st.text(max_size=20),
)


@settings(max_examples=80, deadline=None)
@given(
    days=st.integers(min_value=0, max_value=400),
    movement_day=st.one_of(st.none(), st.integers(min_value=10, max_value=200)),
    complications=st.lists(st.sampled_from(list(Complication)), unique=True, max_size=3),
    eye=st.sampled_from(["complete", "incomplete"]),
    findings=st.sampled_from([[], ["vesicles"]]),
    overrides=overrides_strategy,
)
def test_overrides_never_add_a_row_and_keep_the_bounds(  # noqa: PLR0917  (hypothesis)
    days: int,
    movement_day: int | None,
    complications: list[Complication],
    eye: str,
    findings: list[str],
    overrides: PlanOverrides,
) -> None:
    facts: dict[str, Any] = {"severity": "complete", "eye_closure": eye, "findings": findings}
    if movement_day is not None and movement_day <= days:
        facts["first_movement"] = ONSET + dt.timedelta(days=movement_day)
    facts["complications"] = [c.value for c in complications]
    try:
        plan = plan_for(days, **facts)
    except ValueError:  # an inconsistent generated case is refused; nothing to plan
        return
    out = apply_overrides(plan, overrides)
    computed = [i.family for i in plan.items]
    kept = [i.family for i in out.items]
    # Never a row the rules did not give, order kept; each computed row either kept or named off.
    assert kept == [f for f in computed if f in kept]
    assert sorted([*kept, *out.switched_off]) == sorted(computed)
    if plan.withheld is not None:
        assert out == plan  # a warning sign (or nothing to do) pauses the plan
    for item in out.items:
        assert SESSIONS_RANGE[0] < item.sessions_per_day <= SESSIONS_RANGE[1]
        assert MINUTES_RANGE[0] <= item.minutes <= MINUTES_RANGE[1]
        assert item.citation and item.reason  # a changed row keeps its reason and source
        change = overrides.of(item.family)
        if change is None:
            assert item in plan.items
        elif change.minutes is not None:
            assert item.minutes == change.minutes


@given(family=st.sampled_from(list(ExerciseFamily)), value=st.integers(-100, 100))
def test_any_schedule_is_either_in_bounds_or_refused_by_name(
    family: ExerciseFamily, value: int
) -> None:
    for name, bounds in (("sessions_per_day", SESSIONS_RANGE), ("minutes", MINUTES_RANGE)):
        inside = bounds[0] <= value <= bounds[1]
        try:
            kwargs: dict[str, Any] = {name: value}
            FamilyOverride(family, **kwargs)
        except InputError as refused:
            assert not inside
            assert refused.field == f"{family.value}.{name}"
        else:
            assert inside
