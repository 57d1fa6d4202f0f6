"""One voice per reader: third person for the clinician, plain second person for the patient."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bellpath.assess import assess
from bellpath.case import Assessment, Case, Finding
from bellpath.caseio import load_case
from bellpath.grading.entries import Scale
from bellpath.web.pages._views import milestone_views
from bellpath.web.pages._voice import chart_alt, clinical_summary, home_milestones, progress_words

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SECOND_PERSON = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)


def graded() -> Assessment:
    return assess(load_case(EXAMPLES / "graded_recovery.yaml"))


def test_the_clinician_summary_speaks_of_the_patient_not_to_them() -> None:
    for case in (
        load_case(EXAMPLES / "graded_recovery.yaml"),
        load_case(EXAMPLES / "red_flag.yaml"),
        Case(onset=dt.date(2026, 1, 5), as_of=dt.date(2026, 3, 1)),
    ):
        assessment = assess(case)
        text = clinical_summary(assessment, complications=case.complications)
        assert SECOND_PERSON.search(text) is None, text
        assert f"Day {assessment.days_since_onset} since onset" in text


def test_red_flags_lead_the_clinician_summary() -> None:
    case = Case(onset=dt.date(2026, 2, 25), as_of=dt.date(2026, 3, 1), findings=[Finding.BILATERAL])
    text = clinical_summary(assess(case), complications=[])
    assert text.startswith("Red flags recorded")


def test_the_patient_home_shows_the_last_date_passed_and_the_next_only() -> None:
    views = milestone_views(graded())
    home = home_milestones(views)
    passed = [v for v in views if v.state == "past"]
    assert len(passed) >= 3  # the full list has many past dates ...
    assert home.last_passed == passed[-1]  # ... the home shows only the latest of them
    assert home.next is None or home.next.state == "now"
    assert all(v.state != "past" for v in home.later)


def test_progress_in_plain_words_compares_the_first_and_latest_grading() -> None:
    words = progress_words(graded())
    assert words is not None
    assert words.startswith("Your face moves about 17 times as well as in January 2026")
    assert "(4 then, 69 now, out of 100)" in words
    assert (
        progress_words(assess(Case(onset=dt.date(2026, 1, 5), as_of=dt.date(2026, 3, 1)))) is None
    )


def test_a_chart_alternative_says_what_the_chart_shows() -> None:
    alt = chart_alt(Scale.SUNNYBROOK, graded())
    assert alt.startswith("Chart of the Sunnybrook (composite) over time: 12 scores")
    assert "from 19 Jan 2026 (4) to 19 Oct 2026 (69)" in alt
    assert re.search(r"Expected plateau about \d+( by \d+ \w{3} \d{4})?\.", alt)
    assert not re.search(r"\d\.\d\d", alt)  # no 71.22


def test_a_suspected_stroke_is_an_emergency_in_the_clinician_summary() -> None:
    stroke = [Finding.LIMB_WEAKNESS, Finding.SPEECH_DISTURBANCE]
    case = Case(onset=dt.date(2026, 2, 28), as_of=dt.date(2026, 3, 1), findings=stroke)
    assessment = assess(case)
    assert assessment.applicability.emergency
    text = clinical_summary(assessment, complications=[])
    assert text.startswith("Suspected stroke")
    assert "phase" not in text and SECOND_PERSON.search(text) is None
