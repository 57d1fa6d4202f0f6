"""A facial therapist's changes to a person's practice plan, and the plan with them applied.

The computed plan (:func:`bellpath.guidance.practice_plan.practice_plan`) is where a therapist
starts. Per exercise family they may switch the row off, change its sessions a day and minutes
within named bounds, and add a note for the person; and they may add one note for the whole
plan. :func:`apply_overrides` applies those changes and nothing else:

* it never adds a row the rules did not put in the plan (a change to a family the plan does not
  hold is kept, but has no effect until the rules bring that family in);
* a withheld plan (a warning sign waiting for a clinician, or nothing to do) stays withheld: a
  warning sign always pauses the plan, whatever the therapist set before it appeared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bellpath.errors import InputError
from bellpath.guidance.practice_plan import PlanItem, PracticePlan
from bellpath.vocab.practice import ExerciseFamily

__all__ = [
    "MINUTES_RANGE",
    "NOTE_MAX_CHARS",
    "SESSIONS_RANGE",
    "FamilyOverride",
    "PlanOverrides",
    "apply_overrides",
]

SESSIONS_RANGE: tuple[int, int] = (0, 6)
"""Sessions a day a therapist may set (0 switches the row off). A sanity bound of this project,
wide enough for every programme cited in docs/practice.md, not a dose [check]."""

MINUTES_RANGE: tuple[int, int] = (1, 60)
"""Minutes a session a therapist may set. A sanity bound of this project, not a dose [check]."""

NOTE_MAX_CHARS = 500
"""The longest note a therapist may leave (per row and for the whole plan)."""


def _bounded(field: str, value: int | None, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(
            field,
            f"'{field}' must be a whole number from {low} to {high} (got {value!r})",
            received=value,
        )


def _note(field: str, text: str) -> None:
    if len(text) > NOTE_MAX_CHARS:
        raise InputError(
            field,
            f"'{field}' must be at most {NOTE_MAX_CHARS} characters (got {len(text)})",
            received=f"{len(text)} characters",
        )


@dataclass(frozen=True, slots=True)
class FamilyOverride:
    """The therapist's change to one row; ``None`` keeps the computed figure.

    Raises
    ------
    InputError
        Sessions or minutes outside :data:`SESSIONS_RANGE` / :data:`MINUTES_RANGE`, or a note
        longer than :data:`NOTE_MAX_CHARS`; the field is ``<family>.<name>``.
    """

    family: ExerciseFamily
    off: bool = False
    sessions_per_day: int | None = None
    minutes: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        code = self.family.value
        _bounded(f"{code}.sessions_per_day", self.sessions_per_day, SESSIONS_RANGE)
        _bounded(f"{code}.minutes", self.minutes, MINUTES_RANGE)
        _note(f"{code}.note", self.note)

    @property
    def is_empty(self) -> bool:
        """Changes nothing."""
        return (
            not self.off
            and self.sessions_per_day is None
            and self.minutes is None
            and (not self.note.strip())
        )

    def to_json(self) -> dict[str, Any]:
        """As stored (without the family, which is the key)."""
        return {
            "off": self.off,
            "sessions_per_day": self.sessions_per_day,
            "minutes": self.minutes,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class PlanOverrides:
    """Every change a therapist made to one person's plan, and their note for the whole plan."""

    families: tuple[FamilyOverride, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        _note("note", self.note)
        seen = [f.family for f in self.families]
        if len(seen) != len(set(seen)):
            twice = sorted({f.value for f in seen if seen.count(f) > 1})
            raise InputError("families", f"each family may be changed once (twice: {twice})")

    def of(self, family: ExerciseFamily) -> FamilyOverride | None:
        """The change to ``family``, if any."""
        return next((f for f in self.families if f.family is family), None)

    def to_json(self) -> dict[str, Any]:
        """The per-family changes as stored (empty changes left out)."""
        return {f.family.value: f.to_json() for f in self.families if not f.is_empty}

    @classmethod
    def from_json(cls, families: Mapping[str, Any], note: str = "") -> PlanOverrides:
        """Read what :meth:`to_json` stored (an unknown family is an :class:`InputError`)."""
        allowed = [f.value for f in ExerciseFamily]
        rows = []
        for code, value in families.items():
            if code not in allowed:
                raise InputError("families", allowed=allowed, received=code)
            rows.append(
                FamilyOverride(
                    ExerciseFamily(code),
                    off=bool(value.get("off", False)),
                    sessions_per_day=value.get("sessions_per_day"),
                    minutes=value.get("minutes"),
                    note=str(value.get("note", "")),
                )
            )
        return cls(families=tuple(rows), note=note)


def _changed(item: PlanItem, change: FamilyOverride) -> PlanItem:
    sessions = item.sessions_per_day if change.sessions_per_day is None else change.sessions_per_day
    minutes = item.minutes if change.minutes is None else change.minutes
    return replace(
        item,
        sessions_per_day=sessions,
        minutes=minutes,
        changed=(sessions, minutes) != (item.sessions_per_day, item.minutes),
        therapist_note=change.note.strip(),
    )


def apply_overrides(plan: PracticePlan, overrides: PlanOverrides) -> PracticePlan:
    """``plan`` with the therapist's changes: rows switched off, schedules changed, notes added.

    Only rows already in ``plan`` are touched, in their order; a withheld plan is returned as it
    is (a warning sign pauses the plan). A row set to 0 sessions a day is switched off.
    """
    if plan.withheld is not None:
        return plan
    items: list[PlanItem] = []
    off: list[ExerciseFamily] = []
    for item in plan.items:
        change = overrides.of(item.family)
        if change is None:
            items.append(item)
        elif change.off or change.sessions_per_day == 0:
            off.append(item.family)
        else:
            items.append(_changed(item, change))
    return replace(
        plan, items=tuple(items), switched_off=tuple(off), therapist_note=overrides.note.strip()
    )
