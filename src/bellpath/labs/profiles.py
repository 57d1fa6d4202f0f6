"""Reference profiles: the thresholds that turn a lab value into a status, as data.

The default is BSH 2014; NICE NG239 (2024) is selectable; a clinic can load its own profile from a
YAML or JSON file (:func:`bellpath.labs.profile_file.load_profile`). Every threshold carries its
source. Thresholds are stated in a unit of their own and converted exactly before comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from bellpath import citations
from bellpath.case import Analyte, Comparator, VitaminStatus
from bellpath.errors import InputError
from bellpath.labs.units import Unit, to_canonical

__all__ = [
    "BSH_2014",
    "DEFAULT_PROFILE",
    "NICE_NG239",
    "PROFILES",
    "Direction",
    "ReferenceProfile",
    "Threshold",
    "get_profile",
]


class Direction(StrEnum):
    """Which side of the threshold signals deficiency."""

    LOW = "low"
    """Low values mean deficiency (B12, holoTC, folate, B1, B6)."""
    HIGH = "high"
    """High values signal deficiency (MMA and homocysteine build up when B12 is short)."""


@dataclass(frozen=True, slots=True)
class Threshold:
    """Cut-offs for one analyte, in ``unit``.

    For ``Direction.LOW``: below ``deficient`` is deficient, below ``borderline`` (when set) is
    borderline, otherwise sufficient. For ``Direction.HIGH``: above ``deficient`` signals
    deficiency, otherwise sufficient (``borderline`` is unused).
    """

    deficient: float
    unit: Unit
    citation: str
    borderline: float | None = None
    direction: Direction = Direction.LOW

    def classify(self, analyte: Analyte, canonical_value: float) -> VitaminStatus:
        """Status of a value given in the analyte's canonical unit."""
        deficient = to_canonical(analyte, self.deficient, self.unit)
        if self.direction is Direction.HIGH:
            return (
                VitaminStatus.DEFICIENT if canonical_value > deficient else VitaminStatus.SUFFICIENT
            )
        if canonical_value < deficient:
            return VitaminStatus.DEFICIENT
        if self.borderline is not None and canonical_value < to_canonical(
            analyte, self.borderline, self.unit
        ):
            return VitaminStatus.BORDERLINE
        return VitaminStatus.SUFFICIENT

    def _cuts(self, analyte: Analyte) -> list[float]:
        """The canonical cut-offs in increasing order (each starts a higher zone)."""
        cuts = [to_canonical(analyte, self.deficient, self.unit)]
        if self.direction is Direction.LOW and self.borderline is not None:
            cuts.append(to_canonical(analyte, self.borderline, self.unit))
        return cuts

    def classify_censored(
        self, analyte: Analyte, canonical_bound: float, comparator: Comparator
    ) -> VitaminStatus:
        """Status of a censored value such as ``<150`` (the bound in canonical units).

        The value lies anywhere in the range the comparator gives (``<150``: from 0 up to, not
        including, 150). When the whole range falls in one zone that zone's status is returned;
        when it straddles a cut-off the answer is ``INDETERMINATE``; never the bound itself.
        """
        cuts = self._cuts(analyte)
        # zones are numbered from the lowest values up; each cut-off belongs to the zone above it
        # (for HIGH, "above the cut-off" is deficient, so the cut-off itself stays below)
        high = self.direction is Direction.HIGH

        def zone(x: float, just_below: bool = False, just_above: bool = False) -> int:
            if high:
                return int(x > cuts[0] or (just_above and x >= cuts[0]))
            return sum(1 for c in cuts if x > c or (x == c and not just_below))

        if comparator in (Comparator.LT, Comparator.LE):
            lowest = zone(0.0)
            highest = zone(canonical_bound, just_below=comparator is Comparator.LT)
        else:
            lowest = zone(canonical_bound, just_above=comparator is Comparator.GT)
            highest = len(cuts)
        if lowest != highest:
            return VitaminStatus.INDETERMINATE
        if high:
            return VitaminStatus.DEFICIENT if lowest else VitaminStatus.SUFFICIENT
        statuses = [VitaminStatus.DEFICIENT, VitaminStatus.BORDERLINE, VitaminStatus.SUFFICIENT]
        return statuses[lowest] if len(cuts) == 2 else statuses[2 * lowest]

    def describe(self) -> str:
        """Plain text such as ``below 200 pg/mL (borderline 200-300)``."""
        if self.direction is Direction.HIGH:
            return f"above {self.deficient:g} {self.unit.value}"
        text = f"below {self.deficient:g} {self.unit.value}"
        if self.borderline is not None:
            text += f" (borderline {self.deficient:g}-{self.borderline:g})"
        return text


@dataclass(frozen=True, slots=True)
class ReferenceProfile:
    """A named set of thresholds, one per analyte."""

    key: str
    title: str
    citation: str
    thresholds: Mapping[Analyte, Threshold] = field(default_factory=dict)

    def threshold(self, analyte: Analyte) -> Threshold | None:
        """The threshold for ``analyte``, if the profile defines one."""
        return self.thresholds.get(analyte)

    def __hash__(self) -> int:
        """Hash of the names only (equal profiles share them), so readings can be cached."""
        return hash((self.key, self.title, self.citation))


# Rows shared by both published profiles (clinical reference section 4.1).
_COMMON: dict[Analyte, Threshold] = {
    Analyte.MMA: Threshold(0.40, Unit.UMOL_PER_L, citations.MAYO_MMA, direction=Direction.HIGH),
    Analyte.HOMOCYSTEINE: Threshold(
        15.0, Unit.UMOL_PER_L, citations.ARUP_HOMOCYSTEINE, direction=Direction.HIGH
    ),
    Analyte.FOLATE: Threshold(4.0, Unit.NG_PER_ML, citations.BSH_2014, borderline=5.8),
    Analyte.B1: Threshold(70.0, Unit.NMOL_PER_L, citations.MAYO_B1),
    Analyte.B6: Threshold(
        20.0, Unit.NMOL_PER_L, f"{citations.IOM_1998}; {citations.LEKLEM_1990}", borderline=30.0
    ),
}

BSH_2014 = ReferenceProfile(
    key="bsh2014",
    title="British Society for Haematology 2014",
    citation=citations.BSH_2014,
    thresholds=MappingProxyType(
        {
            Analyte.B12: Threshold(200.0, Unit.PG_PER_ML, citations.BSH_2014, borderline=300.0),
            Analyte.HOLOTC: Threshold(25.0, Unit.PMOL_PER_L, citations.NICE_NG239, borderline=70.0),
            **_COMMON,
        }
    ),
)

NICE_NG239 = ReferenceProfile(
    key="nice_ng239",
    title="NICE NG239 (2024)",
    citation=citations.NICE_NG239,
    thresholds=MappingProxyType(
        {
            Analyte.B12: Threshold(180.0, Unit.NG_PER_L, citations.NICE_NG239, borderline=350.0),
            Analyte.HOLOTC: Threshold(25.0, Unit.PMOL_PER_L, citations.NICE_NG239, borderline=70.0),
            **_COMMON,
        }
    ),
)

PROFILES: Mapping[str, ReferenceProfile] = MappingProxyType(
    {p.key: p for p in (BSH_2014, NICE_NG239)}
)
DEFAULT_PROFILE = BSH_2014


def get_profile(key: str) -> ReferenceProfile:
    """A built-in profile by key (``bsh2014`` or ``nice_ng239``)."""
    try:
        return PROFILES[key.strip().casefold()]
    except KeyError:
        raise InputError("profile", allowed=list(PROFILES), received=key) from None
