"""Read a user's list of labelled time ranges (``bellpath video --segments FILE``).

Two formats, told apart by the file name ending:

CSV (``.csv``, ``.txt``) with a header row ``label,start_s,end_s``::

    label,start_s,end_s
    rest,0,1.5
    brow_raise,2,4
    smile,5.5,8

JSON (``.json``): a list of objects with the same keys, or ``{"segments": [...]}``.

Labels are the expression codes (``rest``, ``brow_raise``, ``gentle_closure``, ``tight_closure``,
``smile``, ``snarl``, ``pucker``, ``eee``; spaces and hyphens are accepted: ``Brow raise``). Times
are seconds from the start of the video. Ranges may not overlap. Every problem raises
:class:`~bellpath.errors.InputError` naming the row and field (``segments.2.end_s``).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bellpath.errors import InputError
from bellpath.face.expressions import Expression, parse_expression
from bellpath.video.segments import UserSegment

__all__ = ["load_segments", "parse_segments"]

_FIELDS = ("label", "start_s", "end_s")


def _number(value: object, field: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            field, f"'{field}' must be a number of seconds (got {value!r})", received=value
        ) from None
    if not math.isfinite(number) or number < 0:
        raise InputError(
            field, f"'{field}' must be zero or more seconds (got {value!r})", received=value
        )
    return number


def parse_segments(items: Sequence[Any]) -> list[UserSegment]:
    """Validate rows (mappings with label, start_s, end_s) into sorted :class:`UserSegment`."""
    out: list[UserSegment] = []
    for i, item in enumerate(items):
        where = f"segments.{i}"
        if not isinstance(item, dict):
            raise InputError(
                where,
                f"'{where}' must be an object with {', '.join(_FIELDS)} (got {item!r})",
                received=item,
            )
        for key in _FIELDS:
            if item.get(key) in (None, ""):
                raise InputError(f"{where}.{key}", f"'{where}.{key}' is missing", received=None)
        label = parse_expression(str(item["label"]), field=f"{where}.label")
        start = _number(item["start_s"], f"{where}.start_s")
        end = _number(item["end_s"], f"{where}.end_s")
        if end <= start:
            raise InputError(
                f"{where}.end_s",
                f"'{where}.end_s' ({end:g}) must be after '{where}.start_s' ({start:g})",
                received=end,
            )
        out.append(UserSegment(label=label.value, start_s=start, end_s=end))
    out.sort(key=lambda s: s.start_s)
    for a, b in itertools.pairwise(out):
        if b.start_s < a.end_s:
            raise InputError(
                "segments",
                f"segments {a.label} ({a.start_s:g}-{a.end_s:g} s) and {b.label} "
                f"({b.start_s:g}-{b.end_s:g} s) overlap; make the time ranges separate",
                received=[a.label, b.label],
            )
    if not any(s.label != Expression.REST for s in out):
        raise InputError(
            "segments",
            "the segments file names no expression; add at least one range that is not 'rest'",
            allowed=[e.value for e in Expression],
            received=[s.label for s in out],
        )
    return out


def load_segments(path: str | Path) -> list[UserSegment]:
    """Read and validate a segments file (CSV or JSON, see the module docstring)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            "segments", f"cannot read segments file {p.name!r} ({exc})", received=str(p.name)
        ) from None
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                "segments", f"{p.name!r} is not valid JSON: {exc.msg} at line {exc.lineno}"
            ) from None
        if isinstance(data, dict):
            data = data.get("segments")
        if not isinstance(data, list):
            raise InputError(
                "segments",
                f"{p.name!r} must hold a list of {{label, start_s, end_s}} objects",
                received=type(data).__name__,
            )
        return parse_segments(data)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [f for f in _FIELDS if f not in header]
    if missing:
        raise InputError(
            "segments",
            f"{p.name!r} needs a header row label,start_s,end_s (missing: {', '.join(missing)})",
            allowed=list(_FIELDS),
            received=reader.fieldnames,
        )
    rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in reader]
    return parse_segments(rows)
