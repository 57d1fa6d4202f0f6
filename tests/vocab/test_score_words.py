"""A trajectory's score name in words, from the scale vocabulary; the web page, the PDF and the
CLI text all name it so."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.cli._assess_text import render_plain
from bellpath.reports.pdf import render_report
from bellpath.vocab import Scale, score_words
from bellpath.web.pages._views import outlook_blocks

ONSET = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        ("house_brackmann.grade", "House-Brackmann grade"),
        ("sunnybrook.composite", "Sunnybrook composite"),
        ("eface.total", "eFACE total"),
        ("photo.smile_commissure_excursion", "photo smile commissure excursion"),
    ],
)
def test_score_words(score: str, shown: str) -> None:
    assert score_words(score) == shown


def test_every_scale_s_primary_score_starts_with_its_label() -> None:
    for scale in Scale:
        assert score_words(f"{scale.value}.{scale.primary_name}").startswith(scale.label)


def _hb_case() -> Case:
    grades = [6, 6, 6, 5, 4, 3, 3]
    gradings = [
        {"date": ONSET + dt.timedelta(days=14 * (i + 1)), "scale": "house_brackmann", "grade": g}
        for i, g in enumerate(grades)
    ]
    return Case.model_validate(
        {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=120), "gradings": gradings}
    )


def test_every_edge_names_the_trajectory_s_score_alike() -> None:
    case = _hb_case()
    a = assess(case)
    assert a.trajectory is not None and a.trajectory.score == "house_brackmann.grade"
    page = outlook_blocks(a)[0]
    assert ("Measure", "House-Brackmann grade") in page.rows  # was "House brackmann grade"
    assert "Trajectory of the House-Brackmann grade" in render_plain(a)
    reader = PdfReader(io.BytesIO(render_report(case)))
    pdf = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "House-Brackmann grade" in pdf
    assert "house brackmann.grade" not in pdf  # the code with a dot, as it was
