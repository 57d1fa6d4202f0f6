"""What an import did, resource by resource: imported, skipped (why), refused (why).

The same report is printed by ``bellpath fhir import`` (text, or JSON with ``--json``), returned by
the API and shown on the web app's review page before anything is stored. An import with any
refused resource stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bellpath.errors import InteropError
from bellpath.vocab import words

__all__ = ["ImportRefusedError", "ImportReport", "ReportLine", "describe_item"]


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One resource (``Observation/abc``) or row and what became of it, in words."""

    resource: str
    detail: str

    def to_json(self) -> dict[str, str]:
        """``{"resource", "detail"}``."""
        return {"resource": self.resource, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.resource}: {self.detail}"


@dataclass
class ImportReport:
    """The review of one import; ``patient`` says which patient the data was taken as."""

    patient: str | None = None
    imported: list[ReportLine] = field(default_factory=list)
    skipped: list[ReportLine] = field(default_factory=list)
    refused: list[ReportLine] = field(default_factory=list)
    dry_run: bool = False

    @property
    def accepted(self) -> bool:
        """Whether the import may be stored (nothing refused)."""
        return not self.refused

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (the API's ``report`` and ``--json``)."""
        return {
            "accepted": self.accepted,
            "dry_run": self.dry_run,
            "patient": self.patient,
            "imported": [line.to_json() for line in self.imported],
            "skipped": [line.to_json() for line in self.skipped],
            "refused": [line.to_json() for line in self.refused],
        }

    def to_text(self) -> str:
        """The report as plain text, one resource a line, refused first."""
        lines: list[str] = []
        if self.refused:
            lines.append("Refused: nothing was imported.")
        elif self.dry_run:
            lines.append("Dry run: nothing was written.")
        if self.patient:
            lines.append(f"Patient: {self.patient}")
        for title, items in (
            ("refused", self.refused),
            ("imported", self.imported),
            ("skipped", self.skipped),
        ):
            if title == "refused" and not items:
                continue
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {line}" for line in items)
        return "\n".join(lines) + "\n"


class ImportRefusedError(InteropError):
    """An import with refused resources: nothing is stored; ``report`` says what and why."""

    def __init__(self, report: ImportReport) -> None:
        first = report.refused[0] if report.refused else ReportLine("Bundle", "refused")
        more = len(report.refused) - 1
        message = str(first) + (f" (and {more} more refused)" if more > 0 else "")
        super().__init__(message)
        self.report = report

    @property
    def report_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (for the API's 422 answer)."""
        return self.report.to_json()


_ITEM_WORDS = {
    "labs": "lab result",
    "complications": "complication",
    "findings": "finding",
    "risk_factors": "B12 risk factor",
    "supplements": "supplement",
    "gradings": "grading",
    "photo_measures": "photo measures",
    "video_measures": "video measures",
}


def describe_item(key: str, value: Any) -> str:
    """A case list item in a few words, e.g. ``lab result b12 <150 pg/mL (2024-01-10)``."""
    word = _ITEM_WORDS.get(key, words(key))
    if not isinstance(value, dict):
        return f"{word} {value}"
    if key == "labs":
        number = value.get("value")
        shown = f"{number:g}" if isinstance(number, int | float) else str(number)
        what = f"{value.get('analyte')} {value.get('comparator') or ''}{shown}"
        what += f" {value.get('unit')}"
    elif key == "gradings":
        what = str(value.get("scale"))
    elif key == "supplements":
        what = f"{value.get('vitamin')} {value.get('daily_mg')} mg a day"
    else:
        what = ""
    when = f" ({value['date']})" if value.get("date") else ""
    return f"{word} {what}".strip() + when
