"""Exports: every format carries the same rows, errors included."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from bellpath.camera.export import ExportFormat, flat_columns, flatten_row, render
from bellpath.errors import InputError

OK: dict[str, Any] = {
    "file": "a.jpg",
    "expression": "smile",
    "affected_side": "left",
    "calibration": {"method": "iris", "mm_per_px": 0.12345678},
    "pose": {"yaw": 1.0, "pitch": -2.0, "roll": 0.5},
    "warnings": [{"code": "yaw", "message": "head turned"}, {"code": "pitch", "message": "x"}],
    "measures": {
        "brow_height": {"right": 16.0, "left": 14.0, "difference": 2.0, "percent": -12.5},
        "facial_asymmetry_index": {"value": 1.23456},
    },
}
BAD: dict[str, Any] = {"file": "b.jpg", "error": {"code": "no_face", "message": "no face found"}}


def test_flatten() -> None:
    flat = flatten_row(OK)
    assert flat["brow_height_left"] == 14.0
    assert flat["facial_asymmetry_index"] == 1.235
    assert flat["warnings"] == "yaw;pitch"
    assert flat["mm_per_px"] == 0.123457
    assert flatten_row(BAD) == {
        "file": "b.jpg",
        "error_code": "no_face",
        "error_message": "no face found",
    }
    columns = flat_columns([BAD, OK])
    assert columns[0] == "file"
    assert columns.index("brow_height_right") < columns.index("facial_asymmetry_index")


def test_json_is_an_array_of_the_rows() -> None:
    text = render(ExportFormat.JSON, [OK, BAD])
    assert isinstance(text, str)
    assert json.loads(text) == [OK, BAD]


def test_csv_has_one_row_per_photo() -> None:
    text = render(ExportFormat.CSV, [OK, BAD])
    assert isinstance(text, str)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["file"] for r in rows] == ["a.jpg", "b.jpg"]
    assert rows[0]["brow_height_percent"] == "-12.5"
    assert rows[1]["error_code"] == "no_face"
    assert rows[1]["brow_height_right"] == ""


def test_xlsx_has_the_same_rows_and_an_about_sheet() -> None:
    data = render(ExportFormat.XLSX, [OK, BAD], note="informs a clinician")
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    sheet = book["photos"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert values[1][header.index("brow_height_left")] == 14.0
    assert values[2][header.index("error_code")] == "no_face"
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert about["note"] == "informs a clinician"


def test_text_shows_errors_on_one_line_and_the_note() -> None:
    text = render(ExportFormat.TEXT, [OK, BAD], note="NOTE")
    assert isinstance(text, str)
    assert "b.jpg: ERROR no_face: no face found" in text
    assert "brow_height" in text and "-12.5%" in text
    assert text.rstrip().endswith("NOTE")


def test_bad_format_names_the_allowed_ones() -> None:
    with pytest.raises(InputError, match="'format' must be one of text, json, csv, xlsx"):
        ExportFormat.parse("pdf")
    assert ExportFormat.parse(" CSV ") is ExportFormat.CSV


_number = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


@given(
    st.dictionaries(
        st.sampled_from(["brow_height", "mrd1", "smile_angle", "eye_area"]),
        st.tuples(_number, _number, st.one_of(st.none(), _number)),
        min_size=1,
    )
)
def test_csv_carries_the_json_numbers(
    measures: dict[str, tuple[float, float, float | None]],
) -> None:
    row = {
        **OK,
        "measures": {
            name: {"right": r, "left": lft, "difference": abs(r - lft), "percent": p}
            for name, (r, lft, p) in measures.items()
        },
    }
    text = render(ExportFormat.CSV, [row])
    assert isinstance(text, str)
    parsed = next(csv.DictReader(io.StringIO(text)))
    for name, (r, lft, p) in measures.items():
        assert float(parsed[f"{name}_right"]) == pytest.approx(r, abs=1e-3)
        assert float(parsed[f"{name}_left"]) == pytest.approx(lft, abs=1e-3)
        if p is None:
            assert parsed[f"{name}_percent"] == ""
        else:
            assert float(parsed[f"{name}_percent"]) == pytest.approx(p, abs=1e-3)


_any_text = st.text()


@given(
    st.lists(
        st.tuples(_any_text.filter(bool), st.sampled_from(["no_face", "unreadable"]), _any_text),
        max_size=6,
    ),
    _any_text,
)
def test_any_text_survives_csv(failures: list[tuple[str, str, str]], warning: str) -> None:
    """File names, messages and warning codes with line breaks, quotes or commas read back whole."""
    rows: list[dict[str, Any]] = [
        {"file": name, "error": {"code": code, "message": message}}
        for name, code, message in failures
    ]
    rows.append({**OK, "warnings": [{"code": warning}]})
    text = render(ExportFormat.CSV, rows)
    assert isinstance(text, str)
    back = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["file"], r["error_code"], r["error_message"]) for r in back[:-1]] == failures
    assert back[-1]["file"] == OK["file"]
    assert back[-1]["warnings"] == warning
    assert text.endswith("\r\n")
