"""The text report words every phase with the vocabulary's words (issue 18: one home for words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import Case, Phase
from bellpath.cli._assess_text import render_plain

ONSET = dt.date(2026, 1, 5)


def _phase_line(**facts: Any) -> str:
    case = Case.model_validate({"onset": ONSET} | facts)
    text = render_plain(assess(case))
    return next(line for line in text.splitlines() if line.startswith("Phase: "))


@pytest.mark.parametrize(
    ("phase", "facts"),
    [
        (Phase.ACUTE, {"as_of": ONSET}),
        (Phase.EARLY, {"as_of": ONSET + dt.timedelta(days=10)}),
        (Phase.REGENERATION, {"as_of": ONSET + dt.timedelta(days=60)}),
        (Phase.RECOVERING, {"as_of": ONSET + dt.timedelta(days=60), "first_movement": ONSET}),
        (Phase.PLATEAU, {"as_of": ONSET + dt.timedelta(days=400), "first_movement": ONSET}),
    ],
)
def test_a_phase_is_its_name_with_the_persons_words(phase: Phase, facts: dict[str, Any]) -> None:
    assert _phase_line(**facts).startswith(f"Phase: {phase.words} ({phase.patient});")


def test_recovered_stands_alone() -> None:
    line = _phase_line(as_of=ONSET + dt.timedelta(days=60), recovered=True)
    assert line.startswith("Phase: recovered;")
