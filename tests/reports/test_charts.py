"""The recovery chart: files written with real content, phases laid out, errors."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import pytest

from bellpath.case import Case, Phase
from bellpath.errors import InputError
from bellpath.reports.charts import (
    ChartFormat,
    case_chart,
    chart_data,
    phase_spans,
    render_chart,
    write_chart,
)

ONSET = dt.date(2026, 1, 5)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def graded_case(*, as_of_days: int = 300, scale: str = "sunnybrook") -> Case:
    gradings = []
    for t in range(7, as_of_days, 21):
        value = 5 if t < 90 else 5 + 65 * (1 - math.exp(-(t - 90) / 60))
        if scale == "sunnybrook":
            gradings.append({"date": ONSET + dt.timedelta(days=t), "scale": scale,
                             "composite": round(value)})  # fmt: skip
        else:
            grade = max(1, min(6, round(6 - value / 14)))
            gradings.append({"date": ONSET + dt.timedelta(days=t), "scale": scale, "grade": grade})
    return Case.model_validate(
        {
            "onset": ONSET,
            "as_of": ONSET + dt.timedelta(days=as_of_days),
            "severity": "complete",
            "gradings": gradings,
        }
    )


def test_png_is_written_with_real_content(tmp_path: Path) -> None:
    out = write_chart(graded_case(), tmp_path / "chart.png")
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 20_000  # axes, shading, curve and points: far more than an empty image
    assert not list(tmp_path.glob(".*.tmp"))  # nothing half-written left behind


def test_svg_has_the_curve_points_and_phase_labels(tmp_path: Path) -> None:
    text = write_chart(graded_case(), tmp_path / "chart.svg").read_text()
    assert text.lstrip().startswith("<?xml")
    for phrase in ("regeneration", "recovering", "movement began", "fitted recovery curve"):
        assert phrase in text
    assert text.count("<path") > 20


def test_same_case_same_bytes() -> None:
    case = graded_case()
    assert case_chart(case, fmt="svg") == case_chart(case, fmt="svg")
    assert case_chart(case) == case_chart(case)


def test_chart_data_uses_trajectory_and_detected_movement() -> None:
    data = chart_data(graded_case())
    assert data.trajectory is not None
    assert data.trajectory.movement_began is not None
    phases = [s.phase for s in data.phases]
    assert phases[:3] == [Phase.ACUTE, Phase.EARLY, Phase.REGENERATION]
    assert Phase.RECOVERING in phases
    assert data.first_movement_window is None  # movement has been seen
    assert data.title == "Sunnybrook composite over time"


def test_house_brackmann_axis_is_inverted() -> None:
    data = chart_data(graded_case(scale="house_brackmann"))
    assert data.invert_y
    assert render_chart(data).startswith(PNG_MAGIC)


def test_questionnaire_chart_has_points_but_no_fitted_curve() -> None:
    entries = [
        {"date": ONSET + dt.timedelta(days=d), "scale": "face", "items": [v] * 15}
        for d, v in ((30, 2), (90, 3), (150, 4))
    ]
    case = Case.model_validate(
        {"onset": ONSET, "as_of": ONSET + dt.timedelta(days=160), "gradings": entries}
    )
    data = chart_data(case)
    assert data.title == "FaCE total over time"
    assert [v for _, v in data.points] == [25.0, 50.0, 75.0]
    assert data.trajectory is None
    assert render_chart(data, fmt="svg").count(b"<path") > 10


def test_case_without_gradings_still_shows_phases_and_window() -> None:
    case = Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=40))
    data = chart_data(case)
    assert data.points == []
    assert data.first_movement_window is not None
    assert data.phases[-1].end >= data.first_movement_window.latest
    assert len(render_chart(data, fmt=ChartFormat.SVG)) > 5_000


def test_phase_spans_follow_the_recovery_model() -> None:
    case = Case(
        onset=ONSET,
        as_of=ONSET + dt.timedelta(days=400),
        first_movement=ONSET + dt.timedelta(days=14),
    )
    spans = phase_spans(case)
    assert [s.phase for s in spans] == [Phase.ACUTE, Phase.EARLY, Phase.RECOVERING, Phase.PLATEAU]
    assert spans[2].start == ONSET + dt.timedelta(days=14)
    assert spans[3].start == dt.date(2026, 10, 5)  # 9 months after onset
    early_plateau = phase_spans(case, plateau_from=dt.date(2026, 6, 1))
    assert early_plateau[-1].phase is Phase.PLATEAU
    assert early_plateau[-1].start == dt.date(2026, 6, 1)
    for a, b in itertools.pairwise(spans):
        assert a.end == b.start


def test_bad_output_suffix_and_scale(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'output' must end in \.png or \.svg"):
        write_chart(graded_case(), tmp_path / "chart.pdf")
    with pytest.raises(InputError) as info:
        chart_data(graded_case(), "hb3")
    assert info.value.field == "scale"
