"""Flat (CSV) rows of a batch: one line per file, the same numbers as the JSON rows.

* photos: exactly the columns of ``bellpath photo --format csv``
  (:func:`bellpath.camera.export.flatten_row`, without landmarks);
* cases: a summary a clinician can sort and filter: phase, days since onset, red flags, urgent
  actions, the regrowth window, each vitamin's status and the latest grading score;
* videos: duration, frames, scale, the expressions found with each measure's affected/healthy
  ratio at its peak, and the two synkinesis readings.

Error rows fill ``file``, ``error_code`` and ``error_message`` only. The full detail (reasons,
citations, per-expression timing) is in the JSON Lines output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from bellpath.batch.jobs import FileKind
from bellpath.camera.export import PHOTO_COLUMNS, flatten_row
from bellpath.case import VitaminName

__all__ = ["BASE_COLUMNS", "flatten", "flatten_case", "flatten_video"]

Row = Mapping[str, Any]

_ERROR = ("error_code", "error_message")

BASE_COLUMNS: Final[Mapping[FileKind, tuple[str, ...]]] = {
    FileKind.CASES: (
        "file",
        "as_of",
        "phase",
        "days_since_onset",
        "nerve_damage",
        "red_flags",
        "urgent_actions",
        "actions",
        "first_movement_earliest",
        "first_movement_latest",
        "reference_profile",
        *(f"{vitamin.value}_status" for vitamin in VitaminName),
        *_ERROR,
    ),
    FileKind.PHOTOS: PHOTO_COLUMNS,
    FileKind.VIDEOS: (
        "file",
        "duration_s",
        "fps",
        "frames",
        "frames_rejected",
        "affected_side",
        "calibration_method",
        "expressions",
        "ocular_oral_detected",
        "ocular_oral_index",
        "oral_ocular_detected",
        "oral_ocular_index",
        "warnings",
        *_ERROR,
    ),
}
"""Columns that come first, in this order; others follow in first-seen order."""


def _error(row: Row) -> dict[str, Any] | None:
    error = row.get("error")
    if error is None:
        return None
    return {
        "file": row.get("file"),
        "error_code": error.get("code"),
        "error_message": error["message"],
    }


def _codes(items: Any, key: str = "code") -> str:
    return ";".join(str(i.get(key, "")) if isinstance(i, Mapping) else str(i) for i in items or [])


def flatten_case(row: Row) -> dict[str, Any]:
    """A case row (``{"file", **assessment}``) as one flat summary line."""
    error = _error(row)
    if error is not None:
        return error
    actions = row.get("actions") or []
    window = row.get("first_movement_window") or {}
    flat: dict[str, Any] = {
        "file": row.get("file"),
        "as_of": row.get("as_of"),
        "phase": row.get("phase"),
        "days_since_onset": row.get("days_since_onset"),
        "nerve_damage": row.get("nerve_damage"),
        "red_flags": _codes(row.get("red_flags")),
        "urgent_actions": _codes(
            a for a in actions if a.get("priority") in ("emergency", "urgent")
        ),
        "actions": _codes(actions),
        "first_movement_earliest": window.get("earliest"),
        "first_movement_latest": window.get("latest"),
        "reference_profile": row.get("reference_profile"),
    }
    for vitamin, reading in (row.get("vitamins") or {}).items():
        flat[f"{vitamin}_status"] = reading.get("status")
    scores = row.get("scores") or []
    if scores:
        latest = scores[-1]
        flat["latest_score_date"] = latest.get("date")
        flat["latest_score_scale"] = latest.get("scale")
        flat["latest_score"] = latest.get("primary")
    return flat


def flatten_video(row: Row) -> dict[str, Any]:
    """A video summary row as one flat line (per expression: each measure's ratio at its peak)."""
    error = _error(row)
    if error is not None:
        return error
    synkinesis = row.get("synkinesis") or {}
    ocular = synkinesis.get("ocular_oral") or {}
    oral = synkinesis.get("oral_ocular") or {}
    expressions = row.get("expressions") or []
    flat: dict[str, Any] = {
        "file": row.get("file"),
        "duration_s": row.get("duration_s"),
        "fps": row.get("fps"),
        "frames": row.get("frames"),
        "frames_rejected": row.get("frames_rejected"),
        "affected_side": row.get("affected_side"),
        "calibration_method": (row.get("calibration") or {}).get("method"),
        "expressions": _codes(expressions, "label"),
        "ocular_oral_detected": ocular.get("detected"),
        "ocular_oral_index": ocular.get("index"),
        "oral_ocular_detected": oral.get("detected"),
        "oral_ocular_index": oral.get("index"),
        "warnings": _codes(row.get("warnings")),
    }
    seen: dict[str, int] = {}
    for expression in expressions:
        label = str(expression.get("label"))
        seen[label] = seen.get(label, 0) + 1
        name = label if seen[label] == 1 else f"{label}{seen[label]}"
        for measure, excursion in (expression.get("excursion") or {}).items():
            flat[f"{name}_{measure}_ratio"] = excursion.get("ratio")
    return flat


def _photo(row: Row) -> dict[str, Any]:
    return flatten_row(row, landmarks=False)


_FLATTEN: Final[Mapping[FileKind, Callable[[Row], dict[str, Any]]]] = {
    FileKind.CASES: flatten_case,
    FileKind.PHOTOS: _photo,
    FileKind.VIDEOS: flatten_video,
}


def flatten(kind: FileKind, row: Row) -> dict[str, Any]:
    """The flat (CSV) form of a row of this kind."""
    return _FLATTEN[kind](row)
