"""The video summary of a page takes its words and units from the vocabulary."""

from __future__ import annotations

import pytest

from bellpath.case import Case
from bellpath.caseio import load_case
from bellpath.examples import example_path
from bellpath.video.segments import PRIMARY_MEASURE
from bellpath.vocab import MeasureName, VideoWarning
from bellpath.web.pages._video import latest_video


def _case(excursion: dict[str, dict[str, float | None]], warnings: list[str]) -> Case:
    data = load_case(example_path("long_recovery")).model_dump(mode="json")
    data["video_measures"] = [
        {
            "date": "2026-02-21",
            "affected_side": "left",
            "duration_s": 10.0,
            "frames": 300,
            "expressions": [{"label": "smile", "peak_s": 3.5, "excursion": excursion}],
            "warnings": warnings,
        }
    ]
    return Case.model_validate(data)


def test_a_length_is_shown_in_millimetres() -> None:
    case = _case({"commissure_excursion": {"right": 8.1, "left": 3.2, "ratio": 0.4}}, [])
    view = latest_video(case)
    assert view is not None
    row = view.expressions[0]
    assert (row.measure, row.right, row.left) == (
        MeasureName.COMMISSURE_EXCURSION.words,
        "+8.1 mm",
        "+3.2 mm",
    )


def test_an_angle_is_shown_in_degrees_not_millimetres(monkeypatch: pytest.MonkeyPatch) -> None:
    # the unit comes from the measure's vocabulary row, whatever the measure is
    monkeypatch.setitem(PRIMARY_MEASURE, "smile", (MeasureName.SMILE_ANGLE, 1.0))
    case = _case({"smile_angle": {"right": 6.0, "left": -2.5, "ratio": None}}, [])
    view = latest_video(case)
    assert view is not None
    row = view.expressions[0]
    assert (row.measure, row.right, row.left) == ("smile angle", "+6.0°", "-2.5°")


def test_an_area_is_shown_in_square_millimetres(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PRIMARY_MEASURE, "smile", (MeasureName.MOUTH_AREA, 1.0))
    case = _case({"mouth_area": {"right": 40.0, "left": 20.0, "ratio": 0.5}}, [])
    view = latest_video(case)
    assert view is not None
    assert view.expressions[0].right == "+40.0 mm²"


def test_warnings_are_the_vocabularys_words() -> None:
    case = _case({}, ["side_check", "low_frame_rate"])
    view = latest_video(case)
    assert view is not None
    assert view.warnings == [VideoWarning.SIDE_CHECK.words, VideoWarning.LOW_FRAME_RATE.words]
    assert view.warnings == ["side check", "low frame rate"]
