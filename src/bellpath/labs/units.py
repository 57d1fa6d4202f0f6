"""Laboratory units and the analytes they belong to: one table, exact factors, sources beside them.

A value is always converted to its analyte's *canonical unit* before it is compared with a
reference threshold. A unit that does not belong to the analyte is an input error, never silently
converted (:class:`bellpath.errors.LabUnitError`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from bellpath import citations
from bellpath.case import Analyte, Specimen
from bellpath.errors import InputError, LabUnitError

__all__ = [
    "ANALYTES",
    "AnalyteInfo",
    "Unit",
    "allowed_units",
    "check_lab_value",
    "from_canonical",
    "parse_unit",
    "to_canonical",
]


class Unit(StrEnum):
    """Units bellpath reads. ``ng/L`` equals ``pg/mL``; ``ug/L`` equals ``ng/mL``."""

    PG_PER_ML = "pg/mL"
    NG_PER_L = "ng/L"
    PMOL_PER_L = "pmol/L"
    NMOL_PER_L = "nmol/L"
    UMOL_PER_L = "umol/L"
    NG_PER_ML = "ng/mL"
    UG_PER_L = "ug/L"
    MG_PER_L = "mg/L"

    @classmethod
    def lookup(cls, text: str) -> Unit | None:
        """Find a unit by its spelling, tolerating case, spaces, ``µ``/``mc`` for micro."""
        return _lookup(text)


@functools.lru_cache(maxsize=256)
def _lookup(text: str) -> Unit | None:
    key = _normalise(text)
    for unit in Unit:
        if _normalise(unit.value) == key:
            return unit
    return None


def _normalise(text: str) -> str:
    key = text.strip().replace(" ", "").replace("µ", "u").replace("μ", "u")
    key = key.replace("mcg", "ug").replace("mcmol", "umol")
    return key.casefold()


@dataclass(frozen=True, slots=True)
class AnalyteInfo:
    """Everything bellpath knows about one analyte, as data.

    Attributes
    ----------
    name
        Plain-language name.
    canonical
        The unit thresholds are compared in.
    factors
        For each accepted unit, the factor that multiplies a value in that unit to give the
        canonical unit (1.0 for the canonical unit and its equivalents).
    loinc
        LOINC code of the usual test (clinical reference section 6).
    plausible_max
        Largest value (canonical unit) accepted as a real measurement; beyond it the value is taken
        for a typing or unit slip (bellpath project convention, far above any reported clinical
        value).
    valid_specimens
        Specimens that give a valid status for this analyte.
    source
        Where the factors come from.
    """

    name: str
    canonical: Unit
    factors: Mapping[Unit, float]
    loinc: str | None
    plausible_max: float
    valid_specimens: frozenset[Specimen]
    source: str


_BLOOD = frozenset({Specimen.SERUM, Specimen.PLASMA})

ANALYTES: Mapping[Analyte, AnalyteInfo] = MappingProxyType(
    {
        Analyte.B12: AnalyteInfo(
            name="vitamin B12 (serum cobalamin)",
            canonical=Unit.PG_PER_ML,
            # pg/mL = pmol/L x 1.355 (cobalamin 1355.4 g/mol) [firm]
            factors={Unit.PG_PER_ML: 1.0, Unit.NG_PER_L: 1.0, Unit.PMOL_PER_L: 1.355},
            loinc="2132-9",
            plausible_max=50_000.0,
            valid_specimens=_BLOOD,
            source=citations.UNIT_FACTORS,
        ),
        Analyte.HOLOTC: AnalyteInfo(
            name="active B12 (holotranscobalamin)",
            canonical=Unit.PMOL_PER_L,
            factors={Unit.PMOL_PER_L: 1.0},
            loinc=None,  # no code given in the clinical reference
            plausible_max=5_000.0,
            valid_specimens=_BLOOD,
            source=citations.NICE_NG239,
        ),
        Analyte.MMA: AnalyteInfo(
            name="methylmalonic acid",
            canonical=Unit.UMOL_PER_L,
            factors={Unit.UMOL_PER_L: 1.0, Unit.NMOL_PER_L: 0.001},
            loinc="13964-2",
            plausible_max=5_000.0,
            valid_specimens=_BLOOD,
            source=citations.MAYO_MMA,
        ),
        Analyte.HOMOCYSTEINE: AnalyteInfo(
            name="homocysteine",
            canonical=Unit.UMOL_PER_L,
            # umol/L = mg/L x 7.397 (homocysteine 135.2 g/mol) [check]
            factors={Unit.UMOL_PER_L: 1.0, Unit.MG_PER_L: 7.397},
            loinc="13965-9",
            plausible_max=500.0,
            valid_specimens=_BLOOD,
            source=citations.UNIT_FACTORS,
        ),
        Analyte.FOLATE: AnalyteInfo(
            name="folate (serum)",
            canonical=Unit.NG_PER_ML,
            # nmol/L = ng/mL x 2.266 (folic acid 441.4 g/mol) [check]
            factors={Unit.NG_PER_ML: 1.0, Unit.UG_PER_L: 1.0, Unit.NMOL_PER_L: 1 / 2.266},
            loinc="2284-8",
            plausible_max=200.0,
            valid_specimens=_BLOOD,
            source=citations.UNIT_FACTORS,
        ),
        Analyte.B1: AnalyteInfo(
            name="vitamin B1 (whole-blood thiamine diphosphate)",
            canonical=Unit.NMOL_PER_L,
            # nmol/L = ug/L x 2.35 (thiamine diphosphate 425.3 g/mol) [check]
            factors={Unit.NMOL_PER_L: 1.0, Unit.UG_PER_L: 2.35, Unit.NG_PER_ML: 2.35},
            loinc="32554-8",
            plausible_max=5_000.0,
            valid_specimens=frozenset({Specimen.WHOLE_BLOOD}),
            source=citations.UNIT_FACTORS,
        ),
        Analyte.B6: AnalyteInfo(
            name="vitamin B6 (plasma pyridoxal 5'-phosphate)",
            canonical=Unit.NMOL_PER_L,
            # nmol/L = ug/L x 4.046 (pyridoxal 5'-phosphate 247.1 g/mol) [check]
            factors={Unit.NMOL_PER_L: 1.0, Unit.UG_PER_L: 4.046, Unit.NG_PER_ML: 4.046},
            loinc="62236-5",
            plausible_max=10_000.0,
            valid_specimens=_BLOOD | {Specimen.WHOLE_BLOOD},
            source=citations.UNIT_FACTORS,
        ),
    }
)


def allowed_units(analyte: Analyte) -> tuple[Unit, ...]:
    """Units accepted for ``analyte``, canonical first."""
    return tuple(ANALYTES[analyte].factors)


def parse_unit(analyte: Analyte, text: str, *, field: str = "unit") -> Unit:
    """Read ``text`` as a unit of ``analyte``.

    Raises
    ------
    LabUnitError
        When the unit is unknown or does not belong to the analyte; the message names the allowed
        units, e.g. ``'unit' for b12 must be one of pg/mL, ng/L, pmol/L (got 'mg')``.
    """
    unit = Unit.lookup(text)
    allowed = allowed_units(analyte)
    if unit is None or unit not in allowed:
        names = ", ".join(u.value for u in allowed)
        msg = f"'{field}' for {analyte.value} must be one of {names} (got {text!r})"
        raise LabUnitError(field, msg, allowed=[u.value for u in allowed], received=text)
    return unit


def to_canonical(analyte: Analyte, value: float, unit: Unit) -> float:
    """Convert ``value`` in ``unit`` to the analyte's canonical unit."""
    return value * ANALYTES[analyte].factors[unit]


def from_canonical(analyte: Analyte, value: float, unit: Unit) -> float:
    """Convert ``value`` in the analyte's canonical unit to ``unit``."""
    return value / ANALYTES[analyte].factors[unit]


def check_lab_value(
    analyte: Analyte, value: float, unit_text: str, *, field_prefix: str = ""
) -> Unit:
    """Validate one result: its unit belongs to the analyte and its value is plausible.

    Returns the parsed unit. Raises :class:`LabUnitError` or :class:`InputError`.
    """
    unit = parse_unit(analyte, unit_text, field=f"{field_prefix}unit")
    info = ANALYTES[analyte]
    limit = from_canonical(analyte, info.plausible_max, unit)
    if value > limit:
        field = f"{field_prefix}value"
        msg = (
            f"'{field}' for {analyte.value} must be between 0 and {limit:,.6g} {unit.value}, "
            f"a plausible measurement (got {value:,.10g}); check the number and the unit"
        )
        raise InputError(field, msg, allowed=[f"0-{limit:g} {unit.value}"], received=value)
    return unit
