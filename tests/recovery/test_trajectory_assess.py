"""Gradings feed the engine: scores, trajectory and prognosis in the assessment, and the phase."""

from __future__ import annotations

import datetime as dt
import json
import math

from bellpath.assess import assess
from bellpath.case import Case, NerveDamage, Phase
from bellpath.cli._assess_text import render_plain
from bellpath.outlook import PrognosisCode

ONSET = dt.date(2026, 1, 5)


def sunnybrook_case(*, days: int, t0: int, tau: float = 40, step: int = 14, **kw: object) -> Case:
    gradings = []
    for t in range(7, days + 1, step):
        value = 5 if t < t0 else 5 + 70 * (1 - math.exp(-(t - t0) / tau))
        gradings.append(
            {"date": ONSET + dt.timedelta(days=t), "scale": "sunnybrook", "composite": round(value)}
        )
    data = {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), "gradings": gradings} | kw
    return Case.model_validate(data)


def test_no_gradings_adds_empty_outlook_but_prognosis() -> None:
    a = assess(Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=10)))
    assert a.scores == []
    assert a.trajectory is None
    assert a.prognosis[0].code is PrognosisCode.NATURAL_HISTORY_ALL


def test_detected_movement_sets_phase_and_nerve_damage() -> None:
    # no first_movement given; scores start rising on day 100
    case = sunnybrook_case(days=150, t0=100)
    before = assess(case.model_copy(update={"gradings": []}))
    assert before.phase is Phase.REGENERATION
    a = assess(case)
    assert a.trajectory is not None
    assert a.trajectory.movement_began is not None
    assert 100 <= (a.trajectory.movement_began - ONSET).days <= 130
    assert a.phase is Phase.RECOVERING
    assert a.nerve_damage is NerveDamage.AXONAL
    assert a.first_movement_window is None


def test_quick_movement_from_scores_means_myelin_only() -> None:
    a = assess(sunnybrook_case(days=60, t0=14, step=7))
    assert a.trajectory is not None and a.trajectory.movement_began is not None
    assert (a.trajectory.movement_began - ONSET).days <= 28
    assert a.nerve_damage is NerveDamage.MYELIN
    assert PrognosisCode.RECOVERY_WITHIN_3_WEEKS in {p.code for p in a.prognosis}


def test_detected_plateau_moves_phase_to_plateau_before_nine_months() -> None:
    case = sunnybrook_case(days=200, t0=60, tau=25, step=7)
    a = assess(case)
    assert a.trajectory is not None and a.trajectory.plateaued
    assert case.days_since_onset < 270
    assert a.phase is Phase.PLATEAU


def test_given_first_movement_wins_when_earlier() -> None:
    case = sunnybrook_case(days=150, t0=100, first_movement=ONSET + dt.timedelta(days=60))
    a = assess(case)
    assert a.phase is Phase.RECOVERING
    assert a.nerve_damage is NerveDamage.AXONAL


def test_assessment_json_contract() -> None:
    a = assess(sunnybrook_case(days=150, t0=100))
    data = json.loads(a.model_dump_json())
    assert {"scores", "trajectory", "prognosis"} <= set(data)
    assert data["scores"][0] == {
        "date": "2026-01-12",
        "scale": "sunnybrook",
        "scores": {"resting": None, "voluntary": None, "synkinesis": None, "composite": 5},
        "primary": 5.0,
    }
    for key in ("score", "movement_began", "plateaued", "plateau_level", "plateau_date"):
        assert key in data["trajectory"]
    assert data["trajectory"]["score"] == "sunnybrook.composite"
    assert {"code", "text", "figure", "source"} <= set(data["prognosis"][0])


def test_text_report_shows_scores_trajectory_and_prognosis() -> None:
    text = render_plain(assess(sunnybrook_case(days=150, t0=100, severity="complete")))
    assert "Scores (latest of each scale)" in text
    assert "Trajectory of the Sunnybrook composite" in text
    assert "Movement began:" in text
    assert "61 in 100" in text
    assert text.index("Scores") < text.index("Dates to plan around")


def test_few_scores_say_not_enough_data() -> None:
    a = assess(sunnybrook_case(days=30, t0=100, step=14))
    assert a.trajectory is not None
    assert a.trajectory.status.value == "not_enough_data"
    assert "Not enough data" in render_plain(a)
