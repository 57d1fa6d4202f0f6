"""CSV and Excel (XLSX) exports of gradings, labs, photo and video measures, practice sessions,
and their import.

One row per observation (columns in :data:`COLUMNS`, documented in ``docs/reports.md``), for one
case or for many patients at once. The files read back into the same cases: a malformed file
raises :class:`~bellpath.errors.InteropError` naming the row and the column, and nothing is
imported until every row and every case is valid.

>>> from bellpath.case import Case
>>> case = Case.model_validate({"onset": "2024-03-01", "as_of": "2024-04-01"})
>>> read_csv(write_csv({"p1": case})) == {"p1": case}
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from bellpath.case import Case
from bellpath.errors import InteropError
from bellpath.interop._sheet_rows import COLUMNS, RECORDS, Row, cases_from_rows, rows_from_cases
from bellpath.tabular import LineEnd, Sheet, csv_text, xlsx_bytes
from bellpath.vocab.notice import NOTICE

__all__ = [
    "COLUMNS",
    "RECORDS",
    "SheetFormat",
    "read_csv",
    "read_sheet",
    "read_xlsx",
    "rows_from_cases",
    "write_csv",
    "write_sheet",
    "write_xlsx",
]

SHEET_NAME: Final = "observations"
ABOUT_SHEET: Final = "columns"
DISCLAIMER: Final = NOTICE
COLUMN_MEANINGS: Final = {
    "patient": "the case file's name, or the record id (never the person's name)",
    "record": "episode, lab, grading, photo, video, practice (a live mirror session), or score "
    "(computed; ignored on import)",
    "entry": "position of the lab/grading/photo/video/session in the case; rows of one entry "
    "share it",
    "date": "the entry's date (a date cell in Excel, YYYY-MM-DD in CSV)",
    "group": "a lab's analyte, a grading's scale, a photo's expression",
    "item": "an episode field, a scale item or a measure (dotted path)",
    "comparator": "a censored lab result's comparator: <, <=, > or >= (<150 = below 150)",
    "value": "the value; n/a = a measure without a value; empty = not recorded",
    "unit": "a lab's unit as reported; a measure's unit (mm, deg, mm2)",
    "specimen": "a lab's specimen",
    "right": "the person's own right side",
    "left": "the person's own left side",
    "difference": "absolute difference between the sides",
    "percent": "affected side as a percentage of the healthy side",
    "ratio": "affected / healthy excursion (video)",
}
"""What each column holds (written into the workbook's ``columns`` sheet)."""
_MAX_BYTES: Final = 50 * 1024 * 1024
_WIDTHS: Final = {"patient": 16, "record": 9, "entry": 6, "date": 11, "group": 16, "item": 40}
_DATE_FIELDS: Final = frozenset({"onset", "as_of", "first_movement", "steroids_started"})
"""Episode fields whose value is a date (written as date cells in Excel)."""


def _xlsx_cell(row: Mapping[str, Any], column: str) -> Any:
    """A cell for Excel: the date column and episode dates as date cells, the rest as is."""
    value = row[column]
    is_date = column == "date" or (
        column == "value" and row["record"] == "episode" and row["item"] in _DATE_FIELDS
    )
    if is_date and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class SheetFormat(StrEnum):
    """Spreadsheet formats bellpath writes and reads."""

    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        """The HTTP content type of a file in this format."""
        if self is SheetFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @classmethod
    def from_path(cls, path: Path) -> SheetFormat:
        """Format from a file's extension (``.csv`` or ``.xlsx``)."""
        suffix = path.suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            msg = f"'{path.name}': the file must end in .csv or .xlsx (got {path.suffix!r})"
            raise InteropError(msg) from None


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(cases: Mapping[str, Case], assessments: Mapping[str, object] | None = None) -> bytes:
    """The cases as UTF-8 CSV (with a byte-order mark, so spreadsheet programs read accents)."""
    rows = ([_csv_cell(row[c]) for c in COLUMNS] for row in rows_from_cases(cases, assessments))
    return ("\ufeff" + csv_text(COLUMNS, rows, line_end=LineEnd.LF)).encode("utf-8")


def _header(cells: list[Any]) -> list[str]:
    names = [str(c).strip().lower() if c is not None else "" for c in cells]
    missing = [c for c in ("patient", "record", "item", "value") if c not in names]
    if missing:
        msg = (
            f"row 1 (header): missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}"
        )
        raise InteropError(msg)
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        msg = (
            f"row 1 (header): unknown column(s) {', '.join(unknown)}; expected {', '.join(COLUMNS)}"
        )
        raise InteropError(msg)
    return names


def _rows(table: list[list[Any]]) -> list[Row]:
    if not table:
        msg = "the file is empty: expected a header row and one row per observation"
        raise InteropError(msg)
    names = _header(table[0])
    rows: list[Row] = []
    for number, cells in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(cells) > len(names) and any(str(c or "").strip() for c in cells[len(names) :]):
            msg = f"row {number}: {len(cells)} cells but the header names {len(names)} columns"
            raise InteropError(msg)
        rows.append({"__row__": number, **{n: c for n, c in zip(names, cells, strict=False) if n}})
    return rows


def _to_cases(rows: list[Row]) -> dict[str, Case]:
    return cases_from_rows(rows)


def read_csv(data: bytes) -> dict[str, Case]:
    """Read cases back from CSV bytes written by :func:`write_csv` (or edited by a person)."""
    if len(data) > _MAX_BYTES:
        msg = f"the file is larger than {_MAX_BYTES // (1024 * 1024)} MB; split it by patient"
        raise InteropError(msg)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"the file is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
        raise InteropError(msg) from None
    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        msg = f"the file is not valid CSV: {exc}"
        raise InteropError(msg) from None
    return _to_cases(_rows([list(r) for r in table]))


def write_xlsx(cases: Mapping[str, Case], assessments: Mapping[str, object] | None = None) -> bytes:
    """The cases as an Excel workbook: sheet ``observations``, header frozen, numbers as numbers."""
    rows = ([_xlsx_cell(row, c) for c in COLUMNS] for row in rows_from_cases(cases, assessments))
    observations = Sheet(
        SHEET_NAME,
        COLUMNS,
        rows,
        freeze="A2",
        widths={i: _WIDTHS.get(name, 11) for i, name in enumerate(COLUMNS, start=1)},
        date_format="yyyy-mm-dd",
        auto_filter=True,
    )
    meanings = [*COLUMN_MEANINGS.items(), (), ("", DISCLAIMER)]
    about = Sheet(ABOUT_SHEET, ("column", "meaning"), meanings, widths={1: 14, 2: 110})
    return xlsx_bytes([observations, about])


def read_xlsx(data: bytes) -> dict[str, Case]:
    """Read cases back from an Excel workbook (the ``observations`` sheet, else the first)."""
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: only when used)

    if len(data) > _MAX_BYTES:
        msg = f"the file is larger than {_MAX_BYTES // (1024 * 1024)} MB; split it by patient"
        raise InteropError(msg)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        msg = f"the file is not a readable .xlsx workbook ({type(exc).__name__}); save it as .xlsx"
        raise InteropError(msg) from None
    sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    return _to_cases(_rows(table))


def write_sheet(
    cases: Mapping[str, Case],
    fmt: SheetFormat,
    assessments: Mapping[str, object] | None = None,
) -> bytes:
    """Write in the given format."""
    return (
        write_csv(cases, assessments) if fmt is SheetFormat.CSV else write_xlsx(cases, assessments)
    )


def read_sheet(data: bytes, fmt: SheetFormat) -> dict[str, Case]:
    """Read in the given format."""
    return read_csv(data) if fmt is SheetFormat.CSV else read_xlsx(data)
