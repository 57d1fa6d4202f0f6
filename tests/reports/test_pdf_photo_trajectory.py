"""The clinician PDF shows the smile photos' trajectory, and whether it set the phase."""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from pypdf import PdfReader

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.reports.pdf import render_report

ONSET = dt.date(2026, 1, 5)


def _smiles(days: int) -> list[dict[str, Any]]:
    """Weekly smile photos: the affected excursion 30 % of the healthy until day 60, then ~90 %."""
    rows = []
    for t in range(7, days + 1, 7):
        ratio = 30.0 if t < 60 else 30.0 + 60.0 * (1 - math.exp(-(t - 60) / 25))
        rows.append(
            {
                "date": ONSET + dt.timedelta(days=t),
                "expression": "smile",
                "affected_side": "left",
                "calibration": {"method": "iris", "mm_per_px": 0.1},
                "measures": {"commissure_excursion": {"percent": round(ratio - 100, 2)}},
            }
        )
    return rows


def _text(case: Case) -> str:
    pdf = render_report(case, assess(case), patient_name="Ann", patient_id="p-1")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_photo_trajectory_section() -> None:
    case = Case.model_validate(
        {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=200), "photo_measures": _smiles(200)}
    )
    text = _text(case)
    assert "Trajectory on smile photos" in text
    assert "affected side as % of the healthy side" in text
    assert "Used for the phase, as there are no clinician gradings" in text
    assert "8 percentage points (project default)" in text


def test_no_section_without_smile_photos() -> None:
    case = Case.model_validate({"onset": ONSET, "as_of": ONSET + dt.timedelta(days=200)})
    assert "Trajectory on smile photos" not in _text(case)
