"""Photo results as text, JSON, CSV and XLSX: one row (or object) per photo, errors included.

Every writer takes the JSON rows of :mod:`bellpath.camera.pipeline` (``PhotoResult.to_json()`` and
``PhotoFailure.to_json()``), so all formats carry exactly the same numbers. Flat formats (CSV, XLSX)
spell a measure's fields as ``NAME_right``, ``NAME_left``, ``NAME_difference``, ``NAME_percent`` or
``NAME`` (single-number measures); lengths are in mm, areas in mm², angles in degrees. Rows that
carry ``landmarks`` (``--landmarks``) add columns ``lm{i}_x``, ``lm{i}_y`` in CSV and a sheet
``landmarks`` (file, index, x, y) in XLSX; the text format leaves them out.

Nothing here reads the photo files: the only trace of a photo in an export is its file name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, Final

from bellpath.errors import InputError
from bellpath.tabular import LineEnd, Sheet, csv_text, xlsx_bytes

__all__ = [
    "PHOTO_COLUMNS",
    "ExportFormat",
    "flat_columns",
    "flatten_row",
    "render",
    "render_text",
    "to_csv",
    "to_json",
    "to_xlsx",
]

Row = Mapping[str, Any]

PHOTO_COLUMNS: Final = (
    "file",
    "expression",
    "affected_side",
    "calibration_method",
    "mm_per_px",
    "yaw",
    "pitch",
    "roll",
    "warnings",
    "error_code",
    "error_message",
)
"""The fixed columns of a flat photo row, in this order (measure columns follow)."""

_SIDE_FIELDS = ("right", "left", "difference", "percent")


class ExportFormat(StrEnum):
    """Output formats of ``bellpath photo --format``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def is_binary(self) -> bool:
        """True when the output is bytes that must go to a file (``-o``)."""
        return self is ExportFormat.XLSX

    @classmethod
    def parse(cls, value: str) -> ExportFormat:
        """Coerce a user value, or raise :class:`InputError` naming the allowed formats."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InputError("format", allowed=list(cls), received=value) from None


def _round(value: Any, digits: int = 3) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    return value


def flatten_row(row: Row, *, landmarks: bool = True) -> dict[str, Any]:
    """One JSON row as a flat ``{column: value}`` dict (see the module docstring)."""
    flat: dict[str, Any] = {"file": row.get("file")}
    error = row.get("error")
    if error is not None:
        flat["error_code"] = error.get("code")
        flat["error_message"] = error.get("message")
        return flat
    calibration = row.get("calibration") or {}
    pose = row.get("pose") or {}
    flat.update(
        {
            "expression": row.get("expression"),
            "affected_side": row.get("affected_side"),
            "calibration_method": calibration.get("method"),
            "mm_per_px": _round(calibration.get("mm_per_px"), 6),
            "yaw": _round(pose.get("yaw"), 2),
            "pitch": _round(pose.get("pitch"), 2),
            "roll": _round(pose.get("roll"), 2),
            "warnings": ";".join(w.get("code", "") for w in row.get("warnings") or []),
        }
    )
    for name, fields in (row.get("measures") or {}).items():
        if "value" in fields:
            flat[name] = _round(fields["value"])
        else:
            for key in _SIDE_FIELDS:
                flat[f"{name}_{key}"] = _round(fields.get(key))
    if landmarks:
        for i, (x, y) in enumerate(row.get("landmarks") or []):
            flat[f"lm{i}_x"] = x
            flat[f"lm{i}_y"] = y
    return flat


def flat_columns(rows: Sequence[Row], *, landmarks: bool = True) -> list[str]:
    """Columns of the flat formats: fixed ones, then each measure column in first-seen order."""
    columns = list(PHOTO_COLUMNS)
    seen = set(columns)
    for row in rows:
        for key in flatten_row(row, landmarks=landmarks):
            if key not in seen:
                seen.add(key)
                columns.append(key)
    return columns


def to_json(rows: Sequence[Row]) -> str:
    """A JSON array with one object per photo (the public contract, docs/photo.md)."""
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: Sequence[Row]) -> str:
    """CSV with a header row and one row per photo (empty cells where a value does not apply).

    Rows end in CRLF, as RFC 4180 and ``bellpath batch``: a field holding a line break of either
    kind (``\\r`` or ``\\n``, in a file name or a message) is then quoted and reads back whole.
    """
    return csv_text(flat_columns(rows), (flatten_row(row) for row in rows), line_end=LineEnd.CRLF)


def to_xlsx(rows: Sequence[Row], *, note: str = "") -> bytes:
    """An Excel workbook: sheet ``photos`` (one row per photo) and sheet ``about`` (units, note)."""
    columns = flat_columns(rows, landmarks=False)
    flat = (flatten_row(row, landmarks=False) for row in rows)
    sheets = [
        Sheet(
            "photos",
            columns,
            ([values.get(c) for c in columns] for values in flat),
            freeze="B2",
            widths={i: max(10, min(40, len(name) + 2)) for i, name in enumerate(columns, start=1)},
        )
    ]
    if any(row.get("landmarks") for row in rows):
        points = (
            [row.get("file"), i, x, y]
            for row in rows
            for i, (x, y) in enumerate(row.get("landmarks") or [])
        )
        sheets.append(Sheet("landmarks", ("file", "index", "x", "y"), points, bold_header=False))
    about = (
        ("units", "lengths mm, areas mm², angles degrees, mm_per_px millimetres per pixel"),
        ("sides", "the person's own right and left"),
        ("percent", "affected side as a percentage of the healthy side (blank if side unknown)"),
        ("landmarks", "full-resolution pixels of the upright photo, MediaPipe face-mesh order"),
        ("note", note),
    )
    sheets.append(Sheet("about", (), about))
    return xlsx_bytes(sheets)


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}{unit}"
    return f"{value}{unit}"


def _text_one(row: Row) -> list[str]:
    name = row.get("file", "?")
    error = row.get("error")
    if error is not None:
        return [f"{name}: ERROR {error.get('code')}: {error.get('message')}"]
    calibration = row.get("calibration") or {}
    pose = row.get("pose") or {}
    lines = [
        f"{name}  expression={row.get('expression') or '-'}  "
        f"affected side={row.get('affected_side') or 'unknown'}",
        f"  scale {calibration.get('mm_per_px', 0):.4f} mm/px ({calibration.get('method')}); "
        f"pose yaw {_fmt(pose.get('yaw'))}, pitch {_fmt(pose.get('pitch'))}, "
        f"roll {_fmt(pose.get('roll'))} degrees",
        f"  {'measure':<30}{'unit':<5}{'right':>8}{'left':>8}{'diff':>8}{'% healthy':>11}",
    ]
    for measure, fields in (row.get("measures") or {}).items():
        unit = str(fields.get("unit") or "")
        if "value" in fields:
            lower = fields.get("side")
            extra = f"  (lower: {lower})" if lower and fields["value"] else ""
            lines.append(f"  {measure:<30}{unit:<5}{_fmt(fields['value']):>8}{extra}")
        else:
            lines.append(
                f"  {measure:<30}{unit:<5}{_fmt(fields.get('right')):>8}"
                f"{_fmt(fields.get('left')):>8}{_fmt(fields.get('difference')):>8}"
                f"{_fmt(fields.get('percent'), '%'):>11}"
            )
    lines.extend(f"  warning: {w.get('message')}" for w in row.get("warnings") or [])
    return lines


def render_text(rows: Sequence[Row], *, footer: str = "") -> str:
    """A readable report: one block per photo, errors on one line, an optional footer."""
    blocks = ["\n".join(_text_one(r)) for r in rows]
    text = "\n\n".join(blocks)
    if footer:
        text += "\n\n" + footer
    return text + "\n"


def render(fmt: ExportFormat, rows: Iterable[Row], *, note: str = "") -> str | bytes:
    """Render ``rows`` in ``fmt``: text/JSON/CSV as ``str``, XLSX as ``bytes``."""
    materialised = list(rows)
    if fmt is ExportFormat.TEXT:
        return render_text(materialised, footer=note)
    if fmt is ExportFormat.JSON:
        return to_json(materialised)
    if fmt is ExportFormat.CSV:
        return to_csv(materialised)
    return to_xlsx(materialised, note=note)
