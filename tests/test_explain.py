"""The plain explanation: red flags first, then the phase in words, then the dates ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from bellpath.case import Case, DateWindow, NerveDamage, Phase, Severity
from bellpath.explain import PHASE_TEXT, explain

ONSET = dt.date(2026, 1, 1)


def _case(**fields: object) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": dt.date(2026, 2, 15), **fields})


@pytest.mark.parametrize("phase", list(Phase))
def test_every_phase_has_words(phase: Phase) -> None:
    assert PHASE_TEXT[phase].strip()


def test_red_flags_come_first() -> None:
    text = explain(_case(), Phase.REGENERATION, NerveDamage.AXONAL, None, {}, has_red_flags=True)
    assert text.startswith("Some of what you noted can mean this is not Bell's palsy")
    assert text.index("urgent medical assessment") < text.index(PHASE_TEXT[Phase.REGENERATION])


def test_days_and_phase_words() -> None:
    text = explain(_case(), Phase.REGENERATION, NerveDamage.AXONAL, None, {}, has_red_flags=False)
    assert "It is 45 days since the" in text  # "palsy" or "weakness" began
    assert PHASE_TEXT[Phase.REGENERATION] in text


def test_an_incomplete_palsy_is_told_to_record_first_movement() -> None:
    case = _case(severity=Severity.INCOMPLETE)
    text = explain(case, Phase.REGENERATION, NerveDamage.AXONAL, None, {}, has_red_flags=False)
    assert "record that date as the first movement" in text


def test_the_first_movement_window_is_mentioned() -> None:
    window = DateWindow(earliest=dt.date(2026, 4, 1), latest=dt.date(2026, 5, 1))
    with_window = explain(
        _case(), Phase.REGENERATION, NerveDamage.AXONAL, window, {}, has_red_flags=False
    )
    without = explain(
        _case(), Phase.REGENERATION, NerveDamage.AXONAL, None, {}, has_red_flags=False
    )
    assert len(with_window) > len(without)
    assert "2026" in with_window.removeprefix(without)
