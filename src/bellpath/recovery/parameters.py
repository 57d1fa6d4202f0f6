"""Named, overridable parameters of the recovery model, each with its source.

Override any of them with :func:`dataclasses.replace`::

    from dataclasses import replace
    params = replace(DEFAULT_PARAMETERS, plateau_months=12)
    assess(case, parameters=params)

Every field is listed with its source in docs/parameters.md; ``PARAMETER_SOURCES`` holds the same
sources for code that wants to show them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any

from bellpath import citations
from bellpath.errors import InputError

__all__ = ["DEFAULT_PARAMETERS", "PARAMETER_SOURCES", "RecoveryParameters", "add_months"]


@dataclass(frozen=True, slots=True)
class RecoveryParameters:
    """The numbers of the recovery model (days, months, millimetres)."""

    acute_days: int = 3
    """Days after onset counted as the acute phase (onset evolves over < 72 h)."""
    steroid_window_days: int = 3
    """Steroids help when started within 72 h of onset; dates carry no time, so day 3 counts."""
    quick_recovery_earliest_days: int = 14
    """Earliest day a quick (myelin-only) recovery usually shows: 2 weeks."""
    quick_recovery_days: int = 28
    """End of the quick-recovery window: 4 weeks. Movement by then means myelin-only damage."""
    no_improvement_referral_days: int = 21
    """NICE CKS: refer when there is no improvement after 3 weeks."""
    nerve_distance_min_mm: float = 90.0
    """Shortest length of nerve fibre to regrow (source document: 90-100 mm)."""
    nerve_distance_max_mm: float = 100.0
    """Longest length of nerve fibre to regrow."""
    max_regrowth_mm_per_day: float = 1.0
    """Fastest regrowth of an axon: about 1 mm a day; nothing makes it faster."""
    referral_months: int = 3
    """AAO-HNS: refer when recovery is incomplete 3 months after onset."""
    first_movement_latest_months: int = 4
    """First movements rarely come later than 4 months after onset."""
    slowing_start_months: int = 5
    """Improvement starts to slow around 5-6 months."""
    slowing_end_months: int = 6
    """End of the 5-6 month slowing period."""
    plateau_months: int = 9
    """Recovery reaches a plateau at about 9 months."""

    def __post_init__(self) -> None:
        for name in _POSITIVE:
            value = getattr(self, name)
            if not value > 0:
                msg = f"'{name}' must be greater than 0 (got {value!r})"
                raise InputError(name, msg, allowed=["> 0"], received=value)
        for low, high in _ORDERED:
            if getattr(self, low) > getattr(self, high):
                msg = (
                    f"'{low}' ({getattr(self, low)!r}) must not be greater than "
                    f"'{high}' ({getattr(self, high)!r})"
                )
                raise InputError(low, msg, received=getattr(self, low))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The parameter names, in declaration order."""
        return tuple(f.name for f in fields(cls))

    def with_overrides(self, overrides: Mapping[str, str | float | int]) -> RecoveryParameters:
        """A copy with some parameters changed, values given as numbers or text.

        Raises :class:`InputError` naming the parameter for an unknown name or a bad value.
        """
        types = {f.name: f.type for f in fields(self)}
        changes: dict[str, Any] = {}
        for name, raw in overrides.items():
            if name not in types:
                raise InputError("parameter", allowed=self.names(), received=name)
            kind = int if types[name] in (int, "int") else float
            try:
                value = kind(raw)
            except (TypeError, ValueError):
                what = "a whole number" if kind is int else "a number"
                msg = f"'{name}' must be {what} (got {raw!r})"
                raise InputError(name, msg, received=raw) from None
            if not math.isfinite(value):
                msg = f"'{name}' must be a finite number (got {raw!r})"
                raise InputError(name, msg, received=raw)
            changes[name] = value
        return replace(self, **changes)


_POSITIVE = (
    "acute_days",
    "steroid_window_days",
    "quick_recovery_days",
    "no_improvement_referral_days",
    "nerve_distance_min_mm",
    "nerve_distance_max_mm",
    "max_regrowth_mm_per_day",
    "referral_months",
    "first_movement_latest_months",
    "slowing_start_months",
    "slowing_end_months",
    "plateau_months",
)
_ORDERED = (
    ("acute_days", "quick_recovery_days"),
    ("quick_recovery_earliest_days", "quick_recovery_days"),
    ("nerve_distance_min_mm", "nerve_distance_max_mm"),
    ("slowing_start_months", "slowing_end_months"),
    ("slowing_end_months", "plateau_months"),
)

DEFAULT_PARAMETERS = RecoveryParameters()

PARAMETER_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "acute_days": f"{citations.AAO_HNS_2013} (onset < 72 h)",
        "steroid_window_days": f"{citations.AAO_HNS_2013}; {citations.SULLIVAN_2007}",
        "quick_recovery_earliest_days": citations.SOURCE_DOCUMENT,
        "quick_recovery_days": citations.SOURCE_DOCUMENT,
        "no_improvement_referral_days": f"{citations.NICE_CKS}; {citations.PEITERSEN_2002}",
        "nerve_distance_min_mm": citations.SOURCE_DOCUMENT,
        "nerve_distance_max_mm": citations.SOURCE_DOCUMENT,
        "max_regrowth_mm_per_day": citations.SOURCE_DOCUMENT,
        "referral_months": f"{citations.AAO_HNS_2013}; {citations.NICE_CKS}",
        "first_movement_latest_months": f"{citations.SOURCE_DOCUMENT}; {citations.PEITERSEN_2002}",
        "slowing_start_months": citations.SOURCE_DOCUMENT,
        "slowing_end_months": citations.SOURCE_DOCUMENT,
        "plateau_months": citations.SOURCE_DOCUMENT,
    }
)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, clamped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    return dt.date(year, month, min(day.day, last))
