"""Phases and nerve damage: one scenario per stage of the source document, and monotonic phases."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.case import Case, NerveDamage, Phase
from bellpath.recovery import DEFAULT_PARAMETERS, STAGES, add_months, nerve_damage, stage

ONSET = dt.date(2026, 1, 5)


def case_at(days: int, **facts: Any) -> Case:
    """A case assessed ``days`` after onset (today is frozen by ``as_of``)."""
    return Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=days), **facts)


@pytest.mark.parametrize(
    ("days", "facts", "expected"),
    [
        pytest.param(0, {}, Phase.ACUTE, id="onset-day-is-acute"),
        pytest.param(2, {}, Phase.ACUTE, id="day-2-still-acute"),
        pytest.param(3, {}, Phase.EARLY, id="day-3-quick-window"),
        pytest.param(27, {}, Phase.EARLY, id="last-day-of-quick-window"),
        pytest.param(28, {}, Phase.REGENERATION, id="4-weeks-no-movement-regrowing"),
        pytest.param(100, {}, Phase.REGENERATION, id="3-months-still-waiting"),
        pytest.param(
            20, {"first_movement": ONSET + dt.timedelta(days=16)}, Phase.RECOVERING, id="quick"
        ),
        pytest.param(
            120, {"first_movement": ONSET + dt.timedelta(days=92)}, Phase.RECOVERING, id="long"
        ),
        pytest.param(
            300, {"first_movement": ONSET + dt.timedelta(days=95)}, Phase.PLATEAU, id="9m"
        ),
        # a plateau is movement that has levelled off: never without movement
        pytest.param(300, {}, Phase.REGENERATION, id="9-months-without-movement"),
        pytest.param(40, {"recovered": True}, Phase.RECOVERED, id="recovered-wins"),
    ],
)
def test_stage_scenarios(days: int, facts: dict[str, Any], expected: Phase) -> None:
    assert stage(case_at(days, **facts)) is expected


def test_plateau_starts_on_the_nine_month_date() -> None:
    nine = add_months(ONSET, 9)
    moved = {"first_movement": ONSET + dt.timedelta(days=95)}
    before = Case(onset=ONSET, as_of=nine - dt.timedelta(days=1), **moved)
    assert stage(before) is Phase.RECOVERING
    assert stage(Case(onset=ONSET, as_of=nine, **moved)) is Phase.PLATEAU


def test_detected_plateau_and_movement_feed_the_phase() -> None:
    case = case_at(150)
    assert stage(case) is Phase.REGENERATION
    assert stage(case, movement_began=ONSET + dt.timedelta(days=110)) is Phase.RECOVERING
    assert stage(case, plateau_detected=True) is Phase.REGENERATION  # no movement, no plateau
    moved = ONSET + dt.timedelta(days=110)
    assert stage(case, movement_began=moved, plateau_detected=True) is Phase.PLATEAU
    # evidence from the future does not count
    assert stage(case, movement_began=ONSET + dt.timedelta(days=151)) is Phase.REGENERATION


def test_parameters_override_the_boundaries() -> None:
    params = replace(DEFAULT_PARAMETERS, quick_recovery_days=21, plateau_months=12)
    assert stage(case_at(25), parameters=params) is Phase.REGENERATION
    assert stage(case_at(300), parameters=params) is Phase.REGENERATION


def test_stage_table_covers_every_phase_in_order() -> None:
    assert [row.phase for row in STAGES] == list(Phase)
    assert all(row.citation for row in STAGES)


@pytest.mark.parametrize(
    ("days", "moved_on", "expected"),
    [
        pytest.param(10, None, NerveDamage.UNDETERMINED, id="too-early-to-tell"),
        pytest.param(28, None, NerveDamage.UNDETERMINED, id="last-day-of-window"),
        pytest.param(29, None, NerveDamage.AXONAL, id="no-movement-after-window"),
        pytest.param(40, 16, NerveDamage.MYELIN, id="movement-in-2-4-weeks"),
        pytest.param(40, 28, NerveDamage.MYELIN, id="movement-on-day-28"),
        pytest.param(120, 90, NerveDamage.AXONAL, id="movement-at-3-months"),
    ],
)
def test_nerve_damage(days: int, moved_on: int | None, expected: NerveDamage) -> None:
    facts = {} if moved_on is None else {"first_movement": ONSET + dt.timedelta(days=moved_on)}
    assert nerve_damage(case_at(days, **facts)) is expected


def test_recovered_without_a_movement_date_is_undetermined() -> None:
    assert nerve_damage(case_at(60, recovered=True)) is NerveDamage.UNDETERMINED


@given(
    moved=st.one_of(st.none(), st.integers(0, 400)),
    recovered_from=st.one_of(st.none(), st.integers(0, 600)),
    plateau_from=st.one_of(st.none(), st.integers(0, 600)),
    offsets=st.lists(st.integers(0, 700), min_size=2, max_size=12),
)
def test_phase_never_goes_backwards(
    moved: int | None,
    recovered_from: int | None,
    plateau_from: int | None,
    offsets: list[int],
) -> None:
    """As ``as_of`` advances with the same facts, the phase rank never decreases.

    Facts that become known on a date (movement, a detected plateau, recovery) stay known later.
    """
    ranks = []
    for days in sorted(offsets):
        as_of = ONSET + dt.timedelta(days=days)
        first = ONSET + dt.timedelta(days=moved) if moved is not None and moved <= days else None
        case = Case(
            onset=ONSET,
            as_of=as_of,
            first_movement=first,
            recovered=recovered_from is not None and recovered_from <= days,
        )
        plateau = plateau_from is not None and plateau_from <= days
        ranks.append(stage(case, plateau_detected=plateau).rank)
    assert ranks == sorted(ranks)


@given(
    quick=st.integers(14, 60),
    plateau=st.integers(6, 18),
    moved=st.one_of(st.none(), st.integers(0, 500)),
    offsets=st.lists(st.integers(0, 700), min_size=2, max_size=8),
)
def test_phase_never_goes_backwards_whatever_the_parameters(
    quick: int, plateau: int, moved: int | None, offsets: list[int]
) -> None:
    params = replace(DEFAULT_PARAMETERS, quick_recovery_days=quick, plateau_months=plateau)
    ranks = []
    for days in sorted(offsets):
        first = ONSET + dt.timedelta(days=moved) if moved is not None and moved <= days else None
        case = Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=days), first_movement=first)
        ranks.append(stage(case, parameters=params).rank)
    assert ranks == sorted(ranks)
