"""What goes into a report: the inputs, and small formatters shared by both audiences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bellpath.case import Assessment, Case
from bellpath.vocab import words

__all__ = [
    "ReportImage",
    "ReportInput",
    "fmt_date",
    "fmt_number",
    "label",
]


@dataclass(frozen=True, slots=True)
class ReportImage:
    """A picture for the report (a photo overlay, a chart): PNG or JPEG bytes and a caption."""

    data: bytes
    caption: str


@dataclass(frozen=True, slots=True)
class ReportInput:
    """Everything a report shows. Only ``case`` and ``assessment`` are required."""

    case: Case
    assessment: Assessment
    patient_name: str | None = None
    patient_id: str | None = None
    chart: ReportImage | None = None
    photos: Sequence[ReportImage] = field(default_factory=tuple)
    generated: dt.date | None = None


def fmt_date(day: dt.date | None) -> str:
    """``12 Mar 2026`` (unambiguous in every locale), or an em dash."""
    return day.strftime("%d %b %Y").lstrip("0") if day is not None else "—"


def fmt_number(value: object, digits: int = 1) -> str:
    """A number without trailing zeros; text and other values as they are; ``None`` as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def label(code: object) -> str:
    """A coded value as words (:func:`bellpath.vocab.words`): ``crocodile_tears`` ->
    ``crocodile tears``."""
    return words(code)
