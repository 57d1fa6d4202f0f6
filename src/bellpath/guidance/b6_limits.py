"""Upper intake levels for vitamin B6 supplements: chronic high doses harm sensory nerves."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from bellpath import citations
from bellpath.case import Case, VitaminName

__all__ = [
    "B6_CHILD_LEVELS",
    "DEFAULT_B6_LIMIT",
    "B6UpperLevel",
    "b6_daily_mg",
    "b6_limit_for",
]


class B6UpperLevel(StrEnum):
    """A published tolerable upper intake level for vitamin B6, selectable by key."""

    EFSA = "efsa"
    IOM = "iom"
    UK_EVM = "uk_evm"

    @property
    def mg_per_day(self) -> float:
        """The level in milligrams a day."""
        return {"efsa": 12.0, "iom": 100.0, "uk_evm": 10.0}[self.value]

    @property
    def label(self) -> str:
        """Who set it."""
        return {"efsa": "EFSA (2023)", "iom": "US IOM (1998)", "uk_evm": "UK EVM (2003)"}[
            self.value
        ]

    @property
    def citation(self) -> str:
        """The source of the level."""
        return {
            "efsa": citations.EFSA_2023,
            "iom": citations.IOM_1998,
            "uk_evm": citations.UK_EVM_2003,
        }[self.value]


DEFAULT_B6_LIMIT = B6UpperLevel.EFSA


def b6_daily_mg(case: Case) -> float:
    """Total vitamin B6 from all recorded supplements, mg a day."""
    return sum(s.daily_mg for s in case.supplements if s.vitamin is VitaminName.B6)


B6_CHILD_LEVELS: Mapping[B6UpperLevel, tuple[tuple[int, float], ...]] = MappingProxyType(
    {
        # EFSA 2023 (EFSA Journal 21:e08006), scaled from the adult level by body weight:
        # (up to and including age in years, mg a day). Infants 4-11 months 2.2-2.5: 2.2 used.
        B6UpperLevel.EFSA: ((0, 2.2), (3, 3.2), (6, 4.5), (10, 6.1), (14, 8.6), (17, 10.7)),
        # US IOM 1998: 1-3 y 30, 4-8 y 40, 9-13 y 60, 14-18 y 80 mg a day (none set for infants).
        B6UpperLevel.IOM: ((3, 30.0), (8, 40.0), (13, 60.0), (18, 80.0)),
    }
)
"""Upper levels for children by age band; the UK EVM set an adult level only, so for a child the
EFSA band applies whichever level is chosen when it is lower."""


def b6_limit_for(limit: B6UpperLevel, age: int | None) -> tuple[float, str]:
    """The upper level in mg a day for someone of ``age`` years, and who set it.

    Adults (and an unknown age) get the chosen adult level. A child gets the chosen source's level
    for the age band, or the EFSA 2023 band when that is lower or the source has none.
    """
    if age is None:
        return limit.mg_per_day, limit.label
    efsa = _band(B6UpperLevel.EFSA, age)
    own = _band(limit, age)
    if efsa is None and own is None:
        return limit.mg_per_day, limit.label
    if efsa is not None and (own is None or efsa < own):
        return efsa, f"{B6UpperLevel.EFSA.label} for age {age}"
    if own is not None:
        return own, f"{limit.label} for age {age}"
    return limit.mg_per_day, limit.label


def _band(limit: B6UpperLevel, age: int) -> float | None:
    for up_to, mg in B6_CHILD_LEVELS.get(limit, ()):
        if age <= up_to:
            return mg
    return None
