"""PDF reports: rendered for example cases, read back as text with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.caseio import load_case
from bellpath.examples import example_path
from bellpath.reports._pdf_content import fmt_date
from bellpath.reports.pdf import Audience, ReportImage, render_report

NAME = "Zoë Ångström-Łukasz Ελένη Дмитрий"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def red_flag_case() -> Case:
    return load_case(example_path("red_flag"))


@pytest.fixture(scope="module")
def long_case() -> Case:
    return load_case(example_path("long_recovery"))


def test_clinician_report_has_red_flags_first(red_flag_case: Case) -> None:
    pdf = render_report(red_flag_case, patient_name=NAME, patient_id="p-17")
    assert pdf.startswith(b"%PDF-")
    text = _flat(_text(pdf))
    flags = text.index("RED FLAGS")
    assert flags < text.index("Patient") < text.index("Episode") < text.index("Actions to consider")
    assert "the forehead still moves" in text
    assert "Get urgent medical assessment" in text
    # forehead sparing is a central sign: no Bell's steroid prompt
    assert "Ask a doctor about steroids" not in text


def test_clinician_report_key_content(long_case: Case) -> None:
    assessment = assess(long_case)
    text = _flat(_text(render_report(long_case, assessment, patient_name=NAME, patient_id="p-17")))
    assert NAME in text  # every letter of the name renders (Unicode font)
    assert "Red flags: none recorded" in text
    for expected in (
        "Phase regeneration",
        "First movement window 5 Apr 2026 to 5 May 2026",
        "Protect the eye",
        "Baugh RF et al.",  # every action carries its source
        "borderline",
        "240",
        "pg/mL",
        "hair",
        "B6 50 mg/day",
    ):
        assert expected in text, expected
    for action in assessment.actions:
        assert action.title in text
    # the disclaimer box closes the report, after the explanation
    assert text.index("Notes") < text.rindex("Disclaimer")


def test_disclaimer_on_every_page(long_case: Case) -> None:
    reader = PdfReader(io.BytesIO(render_report(long_case)))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "never prescribes doses" in _flat(page.extract_text())


def test_patient_report_plain_words(red_flag_case: Case, long_case: Case) -> None:
    text = _flat(_text(render_report(red_flag_case, audience=Audience.PATIENT, patient_name=NAME)))
    assert text.index("Please read this first") < text.index("Where you are now")
    assert f"For {NAME}" in text
    assert "It is 1 day since your palsy began" in text
    assert "Get urgent medical assessment (today)" in text
    assert "never tells you how much of a medicine to take" in text
    calm = _flat(_text(render_report(long_case, audience=Audience.PATIENT)))
    assert "Please read this first" not in calm
    assert "Your nerve is regrowing" in calm
    assert "Vitamin B12: your result is in a grey zone" in calm
    # clinical jargon of the clinician report stays out
    assert "nerve damage" not in calm.lower()
    assert "Lab reference profile" not in calm


def test_photo_measures_and_thumbnail(long_case: Case) -> None:
    data = long_case.model_dump(mode="json")
    data["photo_measures"] = [
        {
            "date": "2026-02-20",
            "expression": "smile",
            "file_name": "smile.jpg",
            "calibration": {"method": "iris", "mm_per_px": 0.05},
            "measures": {
                "commissure_excursion": {
                    "right": 31.2,
                    "left": 22.4,
                    "difference": 8.8,
                    "percent": 71.8,
                },
                "facial_asymmetry_index": {"value": 0.21},
            },
        }
    ]
    case = Case.model_validate(data)
    png = _png()
    text = _flat(_text(render_report(case, photos=[ReportImage(png, "smile, with landmarks")])))
    assert "Photo measurements" in text
    assert "commissure excursion 31.2 22.4 8.8 71.8" in text
    assert "smile, with landmarks" in text
    assert "iris calibration" in text


def test_report_states_the_day_it_was_made_apart_from_the_as_of_date(long_case: Case) -> None:
    today = dt.date.today()
    clinician = _flat(_text(render_report(long_case)))
    assert f"assessment as of {fmt_date(long_case.as_of)}" in clinician
    assert f"report generated {fmt_date(today)} by bellpath" in clinician
    patient = _flat(_text(render_report(long_case, audience=Audience.PATIENT)))
    assert f"as of {fmt_date(long_case.as_of)}" in patient
    assert f"made on {fmt_date(today)} with bellpath" in patient


def test_report_is_reproducible(long_case: Case) -> None:
    first = render_report(long_case, generated=dt.date(2026, 3, 1))
    second = render_report(long_case, generated=dt.date(2026, 3, 1))
    assert _text(first) == _text(second)
    assert "report generated 1 Mar 2026" in _flat(_text(first))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def _graded_case(base: Case) -> Case:
    data = base.model_dump(mode="json")
    data["gradings"] = [
        {"date": "2026-01-20", "scale": "sunnybrook", "composite": 12},
        {"date": "2026-02-20", "scale": "sunnybrook", "composite": 30},
        {"date": "2026-02-21", "scale": "saq", "items": [1, 2, 3, 4, 5, 1, 2, 3, 4]},
    ]
    data["video_measures"] = [
        {
            "date": "2026-02-22",
            "file_name": "clip.mp4",
            "duration_s": 10.0,
            "frames": 300,
            "expressions": [
                {
                    "label": "smile",
                    "peak_s": 3.5,
                    "excursion": {
                        "commissure_excursion": {"right": 8.1, "left": 3.2, "ratio": 0.4}
                    },
                }
            ],
            "ocular_oral": {"detected": True, "side": "left", "index": 0.31, "during": ["smile"]},
        }
    ]
    return Case.model_validate(data)


def test_scores_trajectory_prognosis_video_sections(long_case: Case) -> None:
    case = _graded_case(long_case)
    text = _flat(_text(render_report(case)))
    order = ["Grading scores", "Trajectory", "Prognosis", "Laboratory results", "Video analysis"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Sunnybrook 30 composite 30" in text
    assert "SAQ 55.6 total 55.6" in text
    assert "Sunnybrook composite over time" in text  # the chart's caption
    assert "Peitersen" in text  # prognosis figures carry their source
    assert "smile 3.5 s commissure excursion 8.1 3.2 0.4" in text
    assert "Synkinesis ocular-oral: detected on the left side during smile (index 0.31)" in text


def test_patient_report_has_timeline_and_outlook(long_case: Case) -> None:
    text = _flat(_text(render_report(_graded_case(long_case), audience=Audience.PATIENT)))
    assert "Your recovery on a timeline" in text
    assert "They describe groups, not you" in text
    assert "Video analysis" not in text


def test_no_chart_when_asked(long_case: Case) -> None:
    text = _flat(_text(render_report(long_case, chart=False)))
    assert "Recovery phases" not in text


def test_long_series_is_summarised(long_case: Case) -> None:
    data = long_case.model_dump(mode="json")
    start = dt.date(2026, 1, 6)
    data["gradings"] = [
        {"date": str(start + dt.timedelta(days=d)), "scale": "sunnybrook", "composite": 10 + d}
        for d in range(40)
    ]
    text = _flat(_text(render_report(Case.model_validate(data), chart=False)))
    assert "Sunnybrook 40 6 Jan 2026 to 14 Feb 2026 10 to 49 49" in text  # per-scale summary
    assert "The 15 most recent entries follow" in text
    assert "composite 49" in text and "composite 34" not in text


def test_characters_without_a_glyph_are_replaced_never_logged(
    long_case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("DEBUG"):
        pdf = render_report(long_case, patient_name="王小明 Zoë Дмитрий 🙂", chart=False)
    assert "??? Zoë Дмитрий ?" in _flat(_text(pdf))
    leaked = [r for r in caplog.records if "王" in r.getMessage() or "missing" in r.getMessage()]
    assert not leaked


@pytest.mark.parametrize("audience", list(Audience))
def test_suspected_stroke_pdf_puts_the_emergency_first_and_nothing_bells_after_it(
    audience: Audience,
) -> None:
    case = Case(
        onset=dt.date(2026, 3, 1),
        as_of=dt.date(2026, 3, 2),
        findings=["forehead_sparing", "limb_weakness"],
        age=72,
    )
    text = _flat(_text(render_report(case, audience=audience, patient_name=NAME)))
    assert text.lower().index("emergency services now") < 200
    for word in ("steroid", "First movement", "in 100", "regrow", "Vitamin", "3 weeks"):
        assert word not in text, word


def test_overdue_first_movement_is_in_both_pdfs() -> None:
    case = Case(onset=dt.date(2026, 1, 5), as_of=dt.date(2026, 10, 1), severity="complete")
    clinician = _flat(_text(render_report(case)))
    assert "overdue since 5 May 2026" in clinician
    patient = _flat(_text(render_report(case, audience=Audience.PATIENT)))
    assert "5 May 2026, and none is recorded yet" in patient
