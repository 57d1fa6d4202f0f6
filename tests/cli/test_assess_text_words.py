"""The text report words every phase with the vocabulary's words (issue 18: one home for words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import Analyte, Case, Phase
from bellpath.caseio import load_case
from bellpath.cli._assess_text import render_plain
from bellpath.examples import example_path

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


def test_lab_lines_name_the_test_and_status_in_the_vocabularys_words() -> None:
    case = load_case(example_path("long_recovery"))
    text = render_plain(assess(case))
    lab_lines = [line for line in text.splitlines() if line.startswith("- ") and " pg/mL" in line]
    assert lab_lines, text
    b12 = next(line for line in lab_lines if "240 pg/mL" in line)
    assert b12.startswith(f"- {Analyte.B12.words} 240 pg/mL, ")  # "B12", not the code "b12"
    status = next(r.status for r in assess(case).lab_readings if r.analyte is Analyte.B12)
    assert f": {status.words} (" in b12
