"""The clinician PDF shows practice adherence and measured change from live mirror sessions."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pypdf import PdfReader

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.reports.pdf import render_report

ONSET = dt.date(2026, 1, 5)
AS_OF = ONSET + dt.timedelta(days=120)


def _session(day: dt.date, ratio: float, narrowing: float) -> dict[str, Any]:
    return {
        "date": day,
        "duration_s": 600,
        "affected_side": "left",
        "exercises": [
            {"movement": "smile", "repetitions": 10, "ratio": ratio, "eye_narrowing_pct": narrowing}
        ],
    }


def _text(case: Case) -> str:
    pdf = render_report(case, assess(case), patient_name="Ann", patient_id="p-1")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_practice_section_gives_adherence_change_and_the_trajectory() -> None:
    sessions = [_session(AS_OF - dt.timedelta(days=21), 0.45, 40.0)]
    sessions += [_session(AS_OF - dt.timedelta(days=k), 0.6, 22.0) for k in range(3)]
    case = Case.model_validate(
        {"onset": ONSET, "as_of": AS_OF, "affected_side": "left", "practice_sessions": sessions}
    )
    text = _text(case)
    assert "Practice: adherence and measured change (live mirror sessions)" in text
    assert "1/7, 0/7, 0/7, 3/7; 4 mirror sessions, 40 min" in text
    assert "smile: weekly median affected/healthy ratio 0.45" in text
    assert "-> 0.60" in text
    assert "eye narrowing 40% -> 22%" in text
    assert "10 percentage points (project default)" in text
    assert "Used for the phase, with less weight than photos" in text


def test_no_sessions_no_section() -> None:
    case = Case.model_validate({"onset": ONSET, "as_of": AS_OF})
    assert "Practice: adherence" not in _text(case)
