"""The one tabular writer: CSV that reads back cell for cell, workbooks laid out as asked."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from bellpath.tabular import LineEnd, Sheet, csv_text, write_csv, xlsx_bytes

_CELL = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=6))
def test_crlf_csv_reads_back_cell_for_cell_whatever_the_cells_hold(rows: list[list[str]]) -> None:
    text = csv_text(["a", "b", "c"], rows, line_end=LineEnd.CRLF)
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "b", "c"], *rows]


@given(st.lists(st.lists(_CELL.filter(lambda t: "\r" not in t), min_size=2, max_size=2)))
def test_lf_csv_reads_back_cells_without_a_carriage_return(rows: list[list[str]]) -> None:
    # A lone carriage return is not quoted under LF (the csv module quotes only the line end's
    # own characters): the formats that may carry one (file names, messages) use CRLF.
    text = csv_text(["a", "b"], rows, line_end=LineEnd.LF)
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "b"], *rows]


def test_line_ends_are_the_formats_own() -> None:
    assert csv_text(["a"], [["1"]], line_end=LineEnd.CRLF) == "a\r\n1\r\n"
    assert csv_text(["a"], [["1"]], line_end=LineEnd.LF) == "a\n1\n"


def test_mapping_rows_fill_missing_columns_and_refuse_unknown_ones() -> None:
    out = io.StringIO(newline="")
    n = write_csv(out, ["a", "b"], [{"a": 1}, {"b": None, "a": "x"}], line_end=LineEnd.LF)
    assert n == 2
    assert out.getvalue() == "a,b\n1,\nx,\n"
    with pytest.raises(ValueError, match="not in the header: z"):
        write_csv(io.StringIO(), ["a"], [{"a": 1, "z": 2}], line_end=LineEnd.LF)


def test_workbook_layout() -> None:
    data = xlsx_bytes(
        [
            Sheet(
                "first",
                ("when", "n"),
                [[dt.date(2024, 5, 1), 3.5], [None, 2]],
                freeze="B2",
                widths={1: 14, 2: 30},
                date_format="yyyy-mm-dd",
                auto_filter=True,
            ),
            Sheet("plain", ("x",), [["y"]], bold_header=False),
            Sheet("about", (), [("k", "v"), (), ("", "last")]),
        ]
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["first", "plain", "about"]
    first = book["first"]
    assert [c.value for c in first[1]] == ["when", "n"]
    assert all(c.font.b for c in first[1])
    assert first.freeze_panes == "B2"
    assert first.column_dimensions["A"].width == 14
    assert first.column_dimensions["B"].width == 30
    assert first["A2"].number_format == "yyyy-mm-dd"
    assert first["B2"].value == 3.5  # numbers stay numbers
    assert first.auto_filter.ref == "A1:B3"
    assert not book["plain"]["A1"].font.b
    about = [[c.value for c in row] for row in book["about"].iter_rows()]
    assert about == [["k", "v"], [None, None], [None, "last"]]
