"""The fields of each kind of entry that a correction may change and an amendment keeps."""

from __future__ import annotations

from typing import Any

from bellpath.records.access import EntryKind

__all__ = ["AMENDABLE_FIELDS", "entry_values"]

AMENDABLE_FIELDS: dict[EntryKind, tuple[str, ...]] = {
    EntryKind.GRADING: ("date", "items"),
    EntryKind.LAB: ("analyte", "value", "unit", "specimen", "date"),
    EntryKind.COMPLICATION: ("complication", "noted_on"),
    EntryKind.FINDING: ("finding", "noted_on"),
    EntryKind.PRACTICE: ("date", "minutes", "exercises", "note"),
}
"""Kinds that can be corrected (``PATCH``) and the fields a correction may change."""

_KEPT_ON_DELETE: dict[EntryKind, tuple[str, ...]] = {
    **AMENDABLE_FIELDS,
    EntryKind.GRADING: ("date", "scale", "items"),
    EntryKind.PHOTO: ("taken_on", "expression"),
    EntryKind.VIDEO: ("recorded_on",),
}


def entry_values(kind: EntryKind, row: Any, *, deleting: bool = False) -> dict[str, Any]:
    """The entry's fields as stored (what a correction or a deletion keeps as "earlier")."""
    fields = _KEPT_ON_DELETE[kind] if deleting else AMENDABLE_FIELDS[kind]
    return {name: getattr(row, name) for name in fields}
