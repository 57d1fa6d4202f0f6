"""Smile photos feed the engine: a photo trajectory, and the phase when no clinician grades."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import Case, Phase
from bellpath.cli._assess_text import render_plain
from bellpath.errors import InputError
from bellpath.recovery.photo_trajectory import PHOTO_SCORE, photo_trajectory

ONSET = dt.date(2026, 1, 5)
HEALTHY_MM = 38.0


def smile(day: int, ratio: float, *, expression: str = "smile", side: str | None = "left") -> Any:
    """A dated smile photo entry whose affected (left) excursion is ``ratio`` % of the healthy."""
    left = HEALTHY_MM * ratio / 100
    percent = None if side is None else round(ratio - 100, 2)
    return {
        "date": ONSET + dt.timedelta(days=day),
        "expression": expression,
        "affected_side": side,
        "calibration": {"method": "iris", "mm_per_px": 0.1},
        "measures": {
            "commissure_excursion": {
                "right": HEALTHY_MM,
                "left": round(left, 2),
                "difference": round(HEALTHY_MM - left, 2),
                "percent": percent,
            }
        },
    }


def recovering_smiles(*, days: int, t0: int = 60, tau: float = 25, step: int = 7) -> list[Any]:
    """Weekly smile photos: 30 % until day ``t0``, then rising towards 90 %."""
    out = []
    for t in range(7, days + 1, step):
        ratio = 30.0 if t < t0 else 30.0 + 60.0 * (1 - math.exp(-(t - t0) / tau))
        out.append(smile(t, ratio))
    return out


def photo_case(days: int, photos: list[Any], **kw: Any) -> Case:
    data = {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=days), "photo_measures": photos}
    return Case.model_validate(data | kw)


def test_photos_only_show_movement_began_and_a_plateau() -> None:
    case = photo_case(200, recovering_smiles(days=200))
    a = assess(case)
    traj = a.photo_trajectory
    assert traj is not None
    assert traj.score == PHOTO_SCORE
    assert traj.movement_began is not None
    assert 60 <= (traj.movement_began - ONSET).days <= 90
    assert traj.plateaued
    assert traj.plateau_level == pytest.approx(90, abs=5)
    # no clinician gradings: the photos' evidence sets the phase (a plateau before 9 months)
    assert a.trajectory is None
    assert a.phase is Phase.PLATEAU
    assert assess(case.model_copy(update={"photo_measures": []})).phase is Phase.REGENERATION


def test_clinician_gradings_outrank_the_photos_for_the_phase() -> None:
    flat = [
        {"date": ONSET + dt.timedelta(days=t), "scale": "sunnybrook", "composite": 8}
        for t in range(14, 201, 14)
    ]
    graded = photo_case(200, recovering_smiles(days=200), gradings=flat)
    a = assess(graded)
    assert a.photo_trajectory is not None and a.photo_trajectory.plateaued
    without_photos = assess(graded.model_copy(update={"photo_measures": []}))
    assert a.phase is without_photos.phase is Phase.REGENERATION
    assert a.nerve_damage is without_photos.nerve_damage


def test_json_key_is_null_without_usable_smile_photos() -> None:
    cases = {
        "no photos": photo_case(100, []),
        "rest photos only": photo_case(100, [smile(10, 40, expression="rest")]),
        "side unknown": photo_case(100, [smile(10, 40, side=None)]),
    }
    for why, case in cases.items():
        data = json.loads(assess(case).model_dump_json())
        assert "photo_trajectory" in data, why
        assert data["photo_trajectory"] is None, why


def test_json_key_holds_the_trajectory() -> None:
    data = json.loads(assess(photo_case(200, recovering_smiles(days=200))).model_dump_json())
    photo = data["photo_trajectory"]
    assert photo["score"] == PHOTO_SCORE
    assert photo["noise"] == 8.0
    assert photo["plateaued"] is True
    assert {"trajectory", "scores", "prognosis"} <= set(data)  # existing keys unchanged


def test_text_output_shows_the_photo_trajectory() -> None:
    text = render_plain(assess(photo_case(200, recovering_smiles(days=200))))
    assert "Trajectory on smile photos" in text
    assert "Movement began: 2026-" in text
    assert "Levelled off" in text
    assert "used for the phase, as there are no clinician gradings" in text


def test_text_says_photos_do_not_decide_when_graded() -> None:
    flat = [{"date": ONSET + dt.timedelta(days=30), "scale": "house_brackmann", "grade": 5}]
    text = render_plain(assess(photo_case(200, recovering_smiles(days=200), gradings=flat)))
    assert "not used for the phase: the clinician's gradings decide it" in text


def test_photo_noise_is_overridable() -> None:
    case = photo_case(200, recovering_smiles(days=200))
    loud = assess(case, photo_noise=80.0).photo_trajectory
    assert loud is not None and loud.noise == 80.0
    assert loud.movement_began is None  # a 60-point rise is within an 80-point noise
    assert assess(case, photo_noise=80.0).phase is Phase.REGENERATION


def test_several_photos_on_a_date_are_one_point() -> None:
    traj = photo_trajectory(photo_case(100, [smile(10, 40), smile(10, 60)]).photo_measures)
    assert traj is not None and traj.points == 1
    assert traj.first_date == traj.last_date == ONSET + dt.timedelta(days=10)


def test_noise_must_be_positive() -> None:
    with pytest.raises(InputError, match="noise"):
        photo_trajectory(photo_case(100, [smile(10, 40)]).photo_measures, noise=0)
