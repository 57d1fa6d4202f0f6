"""Upper intake levels for vitamin B6 supplements: chronic high doses harm sensory nerves."""

from __future__ import annotations

from enum import StrEnum

from bellpath import citations
from bellpath.case import Case, VitaminName

__all__ = ["DEFAULT_B6_LIMIT", "B6UpperLevel", "b6_daily_mg"]


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
