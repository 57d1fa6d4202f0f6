"""The PDF names the units of the measures it shows, from the vocabulary (areas included)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from bellpath.case import Case
from bellpath.caseio import load_case
from bellpath.examples import example_path
from bellpath.reports.pdf import render_report


def _flat_text(case: Case) -> str:
    reader = PdfReader(io.BytesIO(render_report(case)))
    return " ".join("\n".join(page.extract_text() for page in reader.pages).split())


def _with(photo: dict[str, object] | None, video: dict[str, object] | None) -> Case:
    data = load_case(example_path("long_recovery")).model_dump(mode="json")
    if photo is not None:
        data["photo_measures"] = [photo]
    if video is not None:
        data["video_measures"] = [video]
    return Case.model_validate(data)


_PHOTO = {
    "date": "2026-02-20",
    "expression": "smile",
    "calibration": {"method": "iris", "mm_per_px": 0.05},
}


def test_a_photo_with_an_area_says_areas_are_in_square_millimetres() -> None:
    measures = {
        "eye_area": {"right": 95.0, "left": 80.0, "difference": 15.0, "percent": None},
        "smile_angle": {"right": 10.0, "left": 5.0, "difference": 5.0, "percent": None},
        "mrd1": {"right": 4.0, "left": 3.0, "difference": 1.0, "percent": None},
    }
    text = _flat_text(_with({**_PHOTO, "measures": measures}, None))
    assert "Lengths in mm, angles in degrees, areas in mm²." in text


def test_a_photo_of_lengths_only_names_millimetres_only() -> None:
    measures = {"mrd1": {"right": 4.0, "left": 3.0, "difference": 1.0, "percent": None}}
    text = _flat_text(_with({**_PHOTO, "measures": measures}, None))
    assert "Lengths in mm." in text
    assert "angles in degrees" not in text


def test_video_excursions_name_their_units() -> None:
    video = {
        "date": "2026-02-21",
        "duration_s": 10.0,
        "frames": 300,
        "expressions": [
            {
                "label": "smile",
                "peak_s": 3.5,
                "excursion": {
                    "commissure_excursion": {"right": 8.1, "left": 3.2, "ratio": 0.4},
                    "mouth_area": {"right": 40.0, "left": 20.0, "ratio": 0.5},
                },
            }
        ],
    }
    text = _flat_text(_with(None, video))
    assert "Excursions rest to peak (lengths in mm, areas in mm²)." in text
