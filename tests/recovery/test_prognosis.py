"""Prognosis statements reproduce the published figures for the matching cases."""

from __future__ import annotations

import datetime as dt

import pytest

from bellpath.case import Case
from bellpath.outlook import PrognosisCode, PrognosisStatement
from bellpath.recovery.prognosis import prognosis
from bellpath.recovery.published_figures import FIGURES, Certainty, FigureCode

ONSET = dt.date(2026, 3, 2)


def case(**kw: object) -> Case:
    data: dict[str, object] = {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=40)} | kw
    return Case.model_validate(data)


def by_code(statements: list[PrognosisStatement]) -> dict[PrognosisCode, PrognosisStatement]:
    return {s.code: s for s in statements}


@pytest.mark.parametrize(
    ("severity", "code", "figure"),
    [
        ("complete", PrognosisCode.NATURAL_HISTORY_COMPLETE, 61),
        ("incomplete", PrognosisCode.NATURAL_HISTORY_INCOMPLETE, 94),
        (None, PrognosisCode.NATURAL_HISTORY_ALL, 71),
    ],
)
def test_peitersen_normal_function_by_severity(
    severity: str | None, code: PrognosisCode, figure: float
) -> None:
    first = prognosis(case(severity=severity))[0]
    assert first.code is code
    assert first.figure == figure
    assert f"{figure} in 100" in first.text
    assert "Peitersen" in first.source


def test_first_signs_within_three_weeks() -> None:
    early = by_code(prognosis(case(as_of=ONSET + dt.timedelta(days=10))))
    assert early[PrognosisCode.EARLY_SIGNS_EXPECTED].figure == 85
    moved = by_code(prognosis(case(first_movement=ONSET + dt.timedelta(days=15))))
    assert moved[PrognosisCode.RECOVERY_WITHIN_3_WEEKS].figure == 85
    assert PrognosisCode.NO_RECOVERY_BY_3_WEEKS not in moved


def test_no_recovery_by_three_weeks_points_to_months_three_to_six() -> None:
    s = by_code(prognosis(case()))[PrognosisCode.NO_RECOVERY_BY_3_WEEKS]
    assert "3 to 6 months" in s.text
    assert "15 in 100" in s.text
    assert s.figure == 15
    # movement detected from scores on day 30 is still after 3 weeks
    late = by_code(prognosis(case(), movement_began=ONSET + dt.timedelta(days=30)))
    assert PrognosisCode.NO_RECOVERY_BY_3_WEEKS in late
    assert PrognosisCode.SEQUELAE in late  # a poor factor brings the sequelae figures


def test_sullivan_figures_with_steroids_within_72_hours() -> None:
    s = by_code(prognosis(case(steroids_started=ONSET + dt.timedelta(days=2))))
    three = s[PrognosisCode.STEROIDS_WITHIN_72H_3_MONTHS]
    nine = s[PrognosisCode.STEROIDS_WITHIN_72H_9_MONTHS]
    assert (three.figure, three.comparison) == (83.0, 63.6)
    assert (nine.figure, nine.comparison) == (94.4, 81.6)
    assert "83.0 in 100" in three.text
    assert "63.6 in 100" in three.text
    assert "Sullivan" in three.source
    rr = s[PrognosisCode.STEROIDS_RISK_RATIO]
    assert rr.figure == 0.63
    assert rr.unit == "risk_ratio"
    assert "28 to 17 in 100" in rr.text


@pytest.mark.parametrize("start", [None, 5], ids=["none", "day-5"])
def test_without_early_steroids_quotes_the_control_arm(start: int | None) -> None:
    started = None if start is None else ONSET + dt.timedelta(days=start)
    s = by_code(prognosis(case(steroids_started=started)))
    assert PrognosisCode.STEROIDS_WITHIN_72H_3_MONTHS not in s
    control = s[PrognosisCode.NO_EARLY_STEROIDS]
    assert (control.figure, control.comparison) == (81.6, 94.4)
    assert "63.6 in 100" in control.text


def test_age_over_60() -> None:
    assert PrognosisCode.AGE_OVER_60 in by_code(prognosis(case(age=61)))
    assert PrognosisCode.AGE_OVER_60 not in by_code(prognosis(case(age=60)))


def test_complete_palsy_brings_sequelae_figures() -> None:
    s = by_code(prognosis(case(severity="complete", first_movement=ONSET + dt.timedelta(days=10))))
    assert s[PrognosisCode.SEQUELAE].figure == 16
    assert "13 in 100" in s[PrognosisCode.SEQUELAE].text


@pytest.mark.parametrize(
    ("percent", "day", "code", "figure", "high"),
    [
        (70, 7, PrognosisCode.ENOG_FAVOURABLE, 80, 100),
        (95, 10, PrognosisCode.ENOG_UNFAVOURABLE, 50, None),
    ],
)
def test_enog_for_complete_palsy(
    percent: float, day: int, code: PrognosisCode, figure: float, high: float | None
) -> None:
    c = case(severity="complete", enog={"degeneration_percent": percent, "day": day})
    s = by_code(prognosis(c))[code]
    assert (s.figure, s.figure_high) == (figure, high)


def test_enog_ignored_when_incomplete_or_late() -> None:
    incomplete = case(severity="incomplete", enog={"degeneration_percent": 95, "day": 10})
    late = case(severity="complete", enog={"degeneration_percent": 95, "day": 40})
    for c in (incomplete, late):
        codes = by_code(prognosis(c))
        assert PrognosisCode.ENOG_UNFAVOURABLE not in codes
        assert PrognosisCode.ENOG_FAVOURABLE not in codes
    fast = case(severity="complete", enog={"degeneration_percent": 92, "day": 4})
    day5 = by_code(prognosis(fast))
    assert "day 5" in day5[PrognosisCode.ENOG_UNFAVOURABLE].text


def test_every_statement_has_a_source_and_the_table_is_sourced() -> None:
    c = case(severity="complete", age=70, steroids_started=ONSET)
    for s in prognosis(c):
        assert s.source
        assert s.text
    for fig in FIGURES.values():
        assert fig.source
    assert FIGURES[FigureCode.PREDNISOLONE_12_MONTHS].certainty is Certainty.CHECK
    assert FIGURES[FigureCode.NORMAL_FUNCTION_COMPLETE].certainty is Certainty.FIRM
