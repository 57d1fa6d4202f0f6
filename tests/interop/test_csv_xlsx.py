"""CSV and XLSX exports: one row per observation, round trips, and every import error."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bellpath.assess import assess
from bellpath.case import Case, Comparator
from bellpath.errors import InteropError
from bellpath.interop.csv_xlsx import (
    COLUMNS,
    SheetFormat,
    read_csv,
    read_sheet,
    read_xlsx,
    write_csv,
    write_sheet,
    write_xlsx,
)


def _table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.parametrize("fmt", list(SheetFormat), ids=[f.value for f in SheetFormat])
def test_round_trip_many_patients(fmt: SheetFormat, rich_case: Case, small_case: Case) -> None:
    cases = {"p1": rich_case, "Zoë Ångström": small_case}
    assert read_sheet(write_sheet(cases, fmt), fmt) == cases


def test_one_row_per_observation(rich_case: Case) -> None:
    rows = _table(write_csv({"p1": rich_case}))
    assert list(rows[0]) == list(COLUMNS)
    labs = [r for r in rows if r["record"] == "lab"]
    assert len(labs) == len(rich_case.labs)
    first = labs[0]
    assert (first["group"], first["value"], first["unit"], first["specimen"], first["date"]) == (
        "b12",
        "180.0",
        "pg/mL",
        "serum",
        "2024-01-10",
    )


def test_photo_measure_has_right_left_difference_percent(rich_case: Case) -> None:
    rows = _table(write_csv({"p1": rich_case}))
    brow = next(r for r in rows if r["item"] == "measures.brow_height")
    assert (brow["right"], brow["left"], brow["difference"], brow["percent"]) == (
        "20.1",
        "18.0",
        "2.1",
        "89.5",
    )
    assert (brow["record"], brow["group"], brow["unit"]) == ("photo", "smile", "mm")
    angle = next(r for r in rows if r["item"] == "measures.smile_angle")
    assert (angle["unit"], angle["percent"]) == ("deg", "n/a")
    single = next(r for r in rows if r["item"] == "measures.facial_asymmetry_index")
    assert (single["value"], single["right"]) == ("0.12", "")


def test_xlsx_keeps_numbers_as_numbers(rich_case: Case) -> None:
    book = load_workbook(io.BytesIO(write_xlsx({"p1": rich_case})))
    sheet = book["observations"]
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS)
    lab = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "lab")
    assert lab[COLUMNS.index("value")] == 180  # a number, not the text "180.0"


def test_xlsx_a_clinic_can_sort_and_filter(rich_case: Case) -> None:
    """Date cells, numbers as numbers, units apart, header frozen, columns sized and described."""
    book = load_workbook(io.BytesIO(write_xlsx({"p1": rich_case})))
    sheet = book["observations"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    assert sheet.column_dimensions["F"].width == 40  # item
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    dates = [r[COLUMNS.index("date")] for r in rows if r[COLUMNS.index("date")] is not None]
    assert dates and all(isinstance(d, dt.datetime) for d in dates)  # date cells, not text
    onset = next(r for r in rows if r[COLUMNS.index("item")] == "onset")
    assert onset[COLUMNS.index("value")] == dt.datetime(2024, 1, 1)
    lab = next(r for r in rows if r[1] == "lab")
    assert (lab[COLUMNS.index("value")], lab[COLUMNS.index("unit")]) == (180, "pg/mL")
    about = {r[0]: r[1] for r in book["columns"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert set(about) == set(COLUMNS)
    assert "<150" in about["comparator"]


def test_csv_dates_are_iso_text(rich_case: Case) -> None:
    rows = list(csv.DictReader(io.StringIO(write_csv({"p": rich_case}).decode("utf-8-sig"))))
    dates = {r["date"] for r in rows if r["date"]}
    assert dates and all(dt.date.fromisoformat(d).isoformat() == d for d in dates)


def test_censored_labs_and_date_cells_read_back() -> None:
    """A person's workbook: date cells or ISO text, '<150' in one cell or a comparator column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append([*_HEADER, "comparator"])
    sheet.append(["a", "episode", None, None, None, "onset", dt.datetime(2024, 3, 1), None, None])
    sheet.append(["a", "episode", None, None, None, "as_of", "2024-04-01", None, None])
    sheet.append(["a", "lab", 0, dt.datetime(2024, 3, 20), "b12", None, "<150", "pg/mL", None])
    sheet.append(["a", "lab", 1, "2024-03-21", "mma", None, 0.5, "umol/L", None, ">"])
    buffer = io.BytesIO()
    book.save(buffer)
    case = read_xlsx(buffer.getvalue())["a"]
    assert (str(case.onset), str(case.as_of)) == ("2024-03-01", "2024-04-01")
    first, second = case.labs
    assert (first.value, first.comparator, str(first.date)) == (150, Comparator.LT, "2024-03-20")
    assert (second.value, second.comparator, str(second.date)) == (0.5, Comparator.GT, "2024-03-21")
    assert read_csv(write_csv({"a": case})) == {"a": case}


def test_hand_edited_csv_with_blank_lines_and_whitespace() -> None:
    data = _csv(
        [
            ["patient", "record", "entry", "date", "group", "item", "value", "unit", "specimen"],
            ["a", "episode", "", "", "", "onset", " 2024-03-01 ", "", ""],
            [],
            ["a", "episode", "", "", "", "as_of", "2024-04-01", "", ""],
            ["a", "lab", "0", "2024-03-20", "b12", "", "150", "pg/mL", ""],
        ]
    )
    case = read_csv(data)["a"]
    assert str(case.onset) == "2024-03-01"
    assert case.labs[0].value == 150.0
    assert case.labs[0].specimen.value == "serum"


_HEADER = ["patient", "record", "entry", "date", "group", "item", "value", "unit", "specimen"]
_ONSET = ["a", "episode", "", "", "", "onset", "2024-03-01", "", ""]
_AS_OF = ["a", "episode", "", "", "", "as_of", "2024-04-01", "", ""]

ERRORS: list[tuple[str, list[list[Any]], list[str]]] = [
    (
        "unknown record",
        [_HEADER, _ONSET, ["a", "labz", "0", "", "", "", "1", "", ""]],
        ["row 3", "'record'", "labz", "episode, lab"],
    ),
    (
        "entry not a number",
        [_HEADER, _ONSET, ["a", "lab", "x", "", "b12", "", "1", "pg/mL", ""]],
        ["row 3", "'entry'", "'x'"],
    ),
    (
        "unit of another analyte",
        [_HEADER, _ONSET, _AS_OF, ["a", "lab", "0", "", "b12", "", "150", "mg", ""]],
        ["row 4", "'unit'", "pg/mL", "'mg'"],
    ),
    (
        "value not a number",
        [_HEADER, _ONSET, _AS_OF, ["a", "lab", "0", "", "b12", "", "high", "pg/mL", ""]],
        ["row 4", "'value'", "high"],
    ),
    (
        "unknown analyte",
        [_HEADER, _ONSET, _AS_OF, ["a", "lab", "0", "", "b99", "", "1", "pg/mL", ""]],
        ["row 4", "'group'", "b99"],
    ),
    (
        "bad date",
        [_HEADER, _ONSET, _AS_OF, ["a", "lab", "0", "2024-02-30", "b12", "", "150", "pg/mL", ""]],
        ["row 4", "'date'", "2024-02-30"],
    ),
    (
        "bad episode value",
        [_HEADER, _ONSET, ["a", "episode", "", "", "", "severity", "huge", "", ""]],
        ["row 3", "'severity'", "complete, incomplete", "huge"],
    ),
    (
        "unknown episode field",
        [_HEADER, _ONSET, ["a", "episode", "", "", "", "mood", "ok", "", ""]],
        ["row 3", "'mood'"],
    ),
    ("no onset", [_HEADER, _AS_OF], ["'onset'", "required"]),
    (
        "lab twice",
        [
            _HEADER,
            _ONSET,
            ["a", "lab", "0", "", "b12", "", "1", "pg/mL", ""],
            ["a", "lab", "0", "", "b12", "", "2", "pg/mL", ""],
        ],
        ["row 4", "'entry'", "two rows"],
    ),
    (
        "entries with a gap",
        [_HEADER, _ONSET, ["a", "lab", "1", "", "b12", "", "1", "pg/mL", ""]],
        ["row 3", "'entry'", "numbered 0, 1, 2"],
    ),
    ("missing column", [["patient", "record", "item"], _ONSET[:3]], ["row 1", "value"]),
    ("unknown column", [[*_HEADER, "colour"], [*_ONSET, "red"]], ["row 1", "colour"]),
    ("too many cells", [_HEADER, [*_ONSET, "extra"]], ["row 2", "10 cells"]),
    ("header only", [_HEADER], ["no data rows"]),
    ("empty file", [], ["empty"]),
]


@pytest.mark.parametrize(("rows", "expected"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_malformed_csv_names_row_and_column(rows: list[list[Any]], expected: list[str]) -> None:
    with pytest.raises(InteropError) as caught:
        read_csv(_csv(rows))
    for text in expected:
        assert text in caught.value.message


def test_one_bad_patient_imports_nobody() -> None:
    good = [["b", *row[1:]] for row in (_ONSET, _AS_OF)]
    rows = [_HEADER, *good, _ONSET, ["a", "episode", "", "", "", "severity", "huge", "", ""]]
    with pytest.raises(InteropError, match="row 5"):
        read_csv(_csv(rows))


def test_not_utf8() -> None:
    with pytest.raises(InteropError, match="not UTF-8"):
        read_csv("patient,record\n\xe9,x\n".encode("latin-1"))


def test_not_a_workbook() -> None:
    with pytest.raises(InteropError, match=r"not a readable \.xlsx"):
        read_xlsx(b"PK not really a zip")


def test_xlsx_error_names_row() -> None:
    book = Workbook()
    sheet = book.active
    for row in (_HEADER, _ONSET, ["a", "lab", "0", "", "b12", "", 150, "mg", ""]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InteropError, match=r"row 3, column 'unit'"):
        read_xlsx(buffer.getvalue())


def test_score_rows_are_ignored_on_import(small_case: Case) -> None:
    data = write_csv({"a": small_case}).decode("utf-8-sig")
    data += "a,score,0,2024-05-10,sunnybrook,composite,42,,,,,,,\n"
    assert read_csv(data.encode()) == {"a": small_case}


def test_format_from_path() -> None:
    assert SheetFormat.from_path(Path("x.XLSX")) is SheetFormat.XLSX
    with pytest.raises(InteropError, match=r"\.csv or \.xlsx"):
        SheetFormat.from_path(Path("x.ods"))


def test_computed_scores_are_exported_and_ignored_on_import(rich_case: Case) -> None:
    data = write_csv({"p1": rich_case}, {"p1": assess(rich_case)})
    rows = _table(data)
    scores = [r for r in rows if r["record"] == "score"]
    composite = [r for r in scores if r["group"] == "sunnybrook" and r["item"] == "composite"]
    assert [r["value"] for r in composite] == ["26", "48"]  # hand-computed: 48 - 20 - 2 = 26
    assert [r["date"] for r in composite] == ["2024-02-10", "2024-02-20"]
    assert any(r["group"] == "saq" for r in scores)
    assert read_csv(data) == {"p1": rich_case}


def test_video_measure_keeps_sides_on_one_row(rich_case: Case) -> None:
    rows = _table(write_csv({"p1": rich_case}))
    smile = next(r for r in rows if r["item"] == "expressions.0.excursion.commissure_excursion")
    assert (smile["record"], smile["right"], smile["left"], smile["ratio"]) == (
        "video",
        "8.1",
        "3.2",
        "0.4",
    )


@pytest.mark.parametrize("fmt", list(SheetFormat), ids=[f.value for f in SheetFormat])
def test_text_that_looks_like_a_formula_is_never_run(fmt: SheetFormat, rich_case: Case) -> None:
    data = rich_case.model_dump(mode="json")
    data["photo_measures"][0]["warnings"] = ['=HYPERLINK("http://x")', "'quoted", "+1", "@x"]
    case = Case.model_validate(data)
    cases = {"=cmd|' /C calc'!A0": case}
    written = write_sheet(cases, fmt)
    if fmt is SheetFormat.CSV:
        cells = [c for row in csv.reader(io.StringIO(written.decode("utf-8-sig"))) for c in row]
    else:
        sheet = load_workbook(io.BytesIO(written))["observations"]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c[:1] in {"=", "+", "@"}]
    assert '\'=HYPERLINK("http://x")' in cells
    assert read_sheet(written, fmt) == cases  # and every text comes back as it was


def test_workbook_explains_its_columns(small_case: Case) -> None:
    book = load_workbook(io.BytesIO(write_xlsx({"a": small_case})))
    assert book.sheetnames == ["observations", "columns"]
    about = {row[0]: row[1] for row in book["columns"].iter_rows(values_only=True) if row[0]}
    assert set(COLUMNS) <= set(about)
    assert "never prescribes doses" in str(list(book["columns"].values))
