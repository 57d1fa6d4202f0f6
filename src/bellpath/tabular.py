"""The one tabular writer: every CSV and Excel (XLSX) table bellpath writes goes through here.

The photo export (:mod:`bellpath.camera.export`), the case observations
(:mod:`bellpath.interop.csv_xlsx`), the per-frame video table (:mod:`bellpath.video.outputs`) and
the batch output (:mod:`bellpath.batch.run`) each decide their columns and rows; this module
writes them:

* :func:`write_csv` - a header and rows, streamed to a text handle, with the line end the format
  has always had (:class:`LineEnd`); ``None`` is an empty cell;
* :func:`csv_text` - the same into a string;
* :func:`xlsx_bytes` - a workbook of :class:`Sheet` s (bold header, frozen panes, column widths,
  date cells, a filter), made in memory.

Owns: the CSV dialect and the workbook layout; nothing about what a row means.

May import: nothing of bellpath (openpyxl is loaded only when a workbook is written).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any

__all__ = ["LineEnd", "Sheet", "csv_text", "write_csv", "xlsx_bytes"]


class LineEnd(StrEnum):
    """How a CSV row ends."""

    CRLF = "\r\n"
    """RFC 4180 (photo export, batch output): a field holding a line break of either kind
    (``\\r`` or ``\\n``, in a file name or a message) is then quoted and reads back whole."""
    LF = "\n"
    """A plain line feed (case observations, per-frame video table)."""


def write_csv(
    out: IO[str],
    header: Sequence[str],
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    *,
    line_end: LineEnd,
) -> int:
    """Write ``header`` and ``rows`` as CSV to ``out``; return the number of rows written.

    A row is a sequence in the header's order, or a mapping by column (a missing column is an
    empty cell; a key that is not a column raises :class:`ValueError`: a silently lost value
    would be worse).
    """
    writer = csv.writer(out, lineterminator=line_end.value)
    writer.writerow(header)
    columns = list(header)
    known = set(columns)
    n = 0
    for row in rows:
        if isinstance(row, Mapping):
            extra = [key for key in row if key not in known]
            if extra:
                msg = f"a row has values for columns not in the header: {', '.join(extra)}"
                raise ValueError(msg)
            writer.writerow([row.get(column) for column in columns])
        else:
            writer.writerow(row)
        n += 1
    return n


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    *,
    line_end: LineEnd,
) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, header, rows, line_end=line_end)
    return buffer.getvalue()


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row and the rows under it.

    Attributes
    ----------
    title : str
    header : sequence of str
        The first row (``()``: no header row).
    rows : iterable of sequences
        The rows, values as they are (numbers stay numbers, dates become date cells).
    bold_header : bool
    freeze : str or None
        The top-left cell that stays in view (``"A2"``: the header row; ``"B2"``: and column A).
    widths : mapping of int to float
        Column widths by 1-based column number; columns not named keep Excel's width.
    date_format : str or None
        Number format for date cells (``"yyyy-mm-dd"``), ``None`` to leave them as Excel shows.
    auto_filter : bool
        Put a filter on the header row over the whole table.
    """

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    bold_header: bool = True
    freeze: str | None = None
    widths: Mapping[int, float] = field(default_factory=dict)
    date_format: str | None = None
    auto_filter: bool = False


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An Excel workbook of ``sheets``, in this order, as bytes."""
    from openpyxl import Workbook  # noqa: PLC0415  (heavy: only when a workbook is written)
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    for index, spec in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(spec.title)
        sheet.title = spec.title
        if spec.header:
            sheet.append(list(spec.header))
            if spec.bold_header:
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
        for row in spec.rows:
            sheet.append(list(row))
        if spec.date_format is not None:
            for cells in sheet.iter_rows(min_row=2 if spec.header else 1):
                for cell in cells:
                    if isinstance(cell.value, dt.date):
                        cell.number_format = spec.date_format
        if spec.freeze is not None:
            sheet.freeze_panes = spec.freeze
        for column, width in spec.widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
        if spec.auto_filter:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
