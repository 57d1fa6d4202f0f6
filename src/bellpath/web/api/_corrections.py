"""Bodies of ``PATCH`` on an entry: the fields to correct, each optional, and a reason.

Only the fields sent are corrected; the earlier values go to the audit trail as an amendment
(:mod:`bellpath.records.corrections`). ``null`` clears a field only where the entry may lack it
(a lab result's date); elsewhere it is refused naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bellpath.case import Analyte, Complication, Finding, Specimen
from bellpath.errors import InputError

__all__ = [
    "ComplicationPatch",
    "EntryPatch",
    "FindingPatch",
    "GradingPatch",
    "LabPatch",
    "PracticePatch",
]


class EntryPatch(BaseModel):
    """Fields common to every correction."""

    model_config = ConfigDict(extra="forbid")
    nullable: ClassVar[frozenset[str]] = frozenset()

    reason: Annotated[str, Field(max_length=500)] = ""
    """Why the entry is corrected (kept in the audit trail; optional)."""

    def changes(self) -> dict[str, Any]:
        """The fields sent, without ``reason``; ``null`` only where the field may be empty."""
        sent = self.model_dump(exclude_unset=True, exclude={"reason"})
        for key, value in sent.items():
            if value is None and key not in self.nullable:
                raise InputError(key, f"'{key}' cannot be empty; send a value or leave it out")
        return sent


class GradingPatch(EntryPatch):
    """A corrected grading: its date or its items (the scale stays)."""

    date: dt.date | None = None
    items: dict[str, Any] | None = None


class LabPatch(EntryPatch):
    """A corrected laboratory result."""

    nullable: ClassVar[frozenset[str]] = frozenset({"date"})

    analyte: Analyte | None = None
    value: float | None = None
    unit: str | None = None
    specimen: Specimen | None = None
    date: dt.date | None = None


class PracticePatch(EntryPatch):
    """A corrected practice-log entry."""

    date: dt.date | None = None
    minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None
    exercises: (
        Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] | None
    ) = None
    note: Annotated[str, Field(max_length=2000)] | None = None


class FindingPatch(EntryPatch):
    """A corrected finding."""

    finding: Finding | None = None
    noted_on: dt.date | None = None


class ComplicationPatch(EntryPatch):
    """A corrected complication."""

    complication: Complication | None = None
    noted_on: dt.date | None = None
