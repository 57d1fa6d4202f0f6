"""Special populations (pregnancy, children), the ENoG window, and B6 upper levels by age."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from bellpath import citations
from bellpath.assess import assess
from bellpath.case import ActionCode, Case
from bellpath.cli import app
from bellpath.guidance import B6UpperLevel
from bellpath.guidance.b6_limits import b6_limit_for
from bellpath.outlook import PrognosisCode

ONSET = dt.date(2026, 3, 2)


def at(days: int, **facts: Any) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), **facts})


def test_pregnancy_keeps_steroids_and_eye_care_with_an_obstetric_note() -> None:
    # Hussain 2017: evidence-based treatment as outside pregnancy, with multidisciplinary input.
    a = assess(at(1, pregnant=True, eye_closure="incomplete"))
    found = {x.code: x for x in a.actions}
    steroids, eye = found[ActionCode.STEROIDS_WINDOW], found[ActionCode.EYE_PROTECTION]
    assert "pregnancy" in steroids.reason and citations.HUSSAIN_2017 in steroids.citation
    assert "pregnancy" in eye.reason and citations.HUSSAIN_2017 in eye.citation


def test_the_cli_takes_pregnant() -> None:
    args = ["assess", "--onset", "2026-03-01", "--as-of", "2026-03-02", "--pregnant"]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    steroids = next(x for x in json.loads(result.output)["actions"] if "steroid" in x["code"])
    assert "pregnancy" in steroids["reason"]


def test_a_child_gets_the_childrens_trial_not_adult_figures() -> None:
    # Babl 2022: 49% vs 57% complete recovery at 1 month, prednisolone vs placebo.
    a = assess(at(10, age=9, steroids_started=ONSET))
    codes = {p.code for p in a.prognosis}
    assert {PrognosisCode.CHILD_STEROID_TRIAL, PrognosisCode.CHILD_FOLLOW_UP} <= codes
    assert PrognosisCode.STEROIDS_WITHIN_72H_3_MONTHS not in codes
    assert PrognosisCode.STEROIDS_RISK_RATIO not in codes
    sources = " ".join(p.source for p in a.prognosis)
    assert citations.SULLIVAN_2007 not in sources
    trial = next(p for p in a.prognosis if p.code is PrognosisCode.CHILD_STEROID_TRIAL)
    assert (trial.figure, trial.comparison) == (49, 57)


def test_a_childs_steroid_prompt_quotes_no_adult_trial() -> None:
    steroids = next(x for x in assess(at(1, age=9)).actions if x.code is ActionCode.STEROIDS_WINDOW)
    assert "83 in 100" not in steroids.reason
    assert citations.BABL_2022 in steroids.citation


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        pytest.param(2, 3.2, id="1-3"),
        pytest.param(5, 4.5, id="4-6"),
        pytest.param(9, 6.1, id="7-10"),
        pytest.param(12, 8.6, id="11-14"),
        pytest.param(16, 10.7, id="15-17"),
        pytest.param(30, 12.0, id="adult"),
        pytest.param(None, 12.0, id="unknown-age"),
    ],
)
def test_efsa_b6_upper_levels_by_age(age: int | None, expected: float) -> None:
    assert b6_limit_for(B6UpperLevel.EFSA, age)[0] == expected


def test_the_b6_warning_fires_for_a_child_at_a_dose_safe_for_an_adult() -> None:
    b6 = [{"vitamin": "b6", "daily_mg": 10}]
    child = {x.code for x in assess(at(40, age=8, supplements=b6)).actions}
    adult = {x.code for x in assess(at(40, age=40, supplements=b6)).actions}
    assert ActionCode.B6_INTAKE_WARNING in child
    assert ActionCode.B6_INTAKE_WARNING not in adult
    # the IOM adult level (100 mg) does not hide a child's lower limit
    assert b6_limit_for(B6UpperLevel.IOM, 8)[0] < 10


@pytest.mark.parametrize(
    ("day", "severity", "code"),
    [
        pytest.param(1, "complete", PrognosisCode.ENOG_NOT_INTERPRETABLE, id="day-1-too-early"),
        pytest.param(3, "complete", PrognosisCode.ENOG_FAVOURABLE, id="day-3-first-day"),
        pytest.param(14, "complete", PrognosisCode.ENOG_FAVOURABLE, id="day-14-last-day"),
        pytest.param(18, "complete", PrognosisCode.ENOG_NOT_INTERPRETABLE, id="day-18-too-late"),
        pytest.param(5, "incomplete", PrognosisCode.ENOG_NOT_INTERPRETABLE, id="incomplete"),
    ],
)
def test_enog_is_read_only_for_a_complete_palsy_on_day_3_to_14(
    day: int, severity: str, code: PrognosisCode
) -> None:
    a = assess(at(30, severity=severity, enog={"degeneration_percent": 60, "day": day}))
    enog = [p for p in a.prognosis if p.code.value.startswith("enog")]
    assert [p.code for p in enog] == [code]
    if code is PrognosisCode.ENOG_NOT_INTERPRETABLE:
        assert enog[0].figure is None
        assert "cannot be read" in enog[0].text


def test_an_enog_dated_after_the_assessment_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'enog\.day' \(12\) must not be after 'as_of'"):
        at(10, severity="complete", enog={"degeneration_percent": 60, "day": 12})
