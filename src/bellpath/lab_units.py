"""Laboratory units and the analytes they belong to: one table, exact factors, sources beside them.

This is the check every :class:`bellpath.case.LabResult` passes, so it stands below the Case (and
below :mod:`bellpath.labs`, which re-exports it as ``bellpath.labs.units``). May import: the
vocabulary, :mod:`bellpath.citations` and :mod:`bellpath.errors`.

A value is always converted to its analyte's *canonical unit* before it is compared with a
reference threshold. A unit that does not belong to the analyte is an input error, never silently
converted (:class:`bellpath.errors.LabUnitError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bellpath import citations
from bellpath.errors import InputError, LabUnitError
from bellpath.vocab import Analyte, LabUnit, Specimen

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


Unit = LabUnit
"""Units bellpath reads (:class:`bellpath.vocab.LabUnit`; the values are UCUM codes)."""


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
            name=Analyte.B12.patient,
            canonical=Analyte.B12.unit,
            # pg/mL = pmol/L x 1.355 (cobalamin 1355.4 g/mol) [firm]
            factors={Unit.PG_PER_ML: 1.0, Unit.NG_PER_L: 1.0, Unit.PMOL_PER_L: 1.355},
            loinc=Analyte.B12.loinc,
            plausible_max=50_000.0,
            valid_specimens=_BLOOD,
            source=citations.UNIT_FACTORS,
        ),
        Analyte.HOLOTC: AnalyteInfo(
            name=Analyte.HOLOTC.patient,
            canonical=Analyte.HOLOTC.unit,
            factors={Unit.PMOL_PER_L: 1.0},
            loinc=Analyte.HOLOTC.loinc,
            plausible_max=5_000.0,
            valid_specimens=_BLOOD,
            source=citations.NICE_NG239,
        ),
        Analyte.MMA: AnalyteInfo(
            name=Analyte.MMA.patient,
            canonical=Analyte.MMA.unit,
            factors={Unit.UMOL_PER_L: 1.0, Unit.NMOL_PER_L: 0.001},
            loinc=Analyte.MMA.loinc,
            plausible_max=5_000.0,
            valid_specimens=_BLOOD,
            source=citations.MAYO_MMA,
        ),
        Analyte.HOMOCYSTEINE: AnalyteInfo(
            name=Analyte.HOMOCYSTEINE.patient,
            canonical=Analyte.HOMOCYSTEINE.unit,
            # umol/L = mg/L x 7.397 (homocysteine 135.2 g/mol) [check]
            factors={Unit.UMOL_PER_L: 1.0, Unit.MG_PER_L: 7.397},
            loinc=Analyte.HOMOCYSTEINE.loinc,
            plausible_max=500.0,
            valid_specimens=_BLOOD,
            source=citations.UNIT_FACTORS,
        ),
        Analyte.FOLATE: AnalyteInfo(
            name=Analyte.FOLATE.patient,
            canonical=Analyte.FOLATE.unit,
            # nmol/L = ng/mL x 2.266 (folic acid 441.4 g/mol) [check]
            factors={Unit.NG_PER_ML: 1.0, Unit.UG_PER_L: 1.0, Unit.NMOL_PER_L: 1 / 2.266},
            loinc=Analyte.FOLATE.loinc,
            plausible_max=200.0,
            valid_specimens=_BLOOD,
            source=citations.UNIT_FACTORS,
        ),
        Analyte.B1: AnalyteInfo(
            name=Analyte.B1.patient,
            canonical=Analyte.B1.unit,
            # nmol/L = ug/L x 2.35 (thiamine diphosphate 425.3 g/mol) [check]
            factors={Unit.NMOL_PER_L: 1.0, Unit.UG_PER_L: 2.35, Unit.NG_PER_ML: 2.35},
            loinc=Analyte.B1.loinc,
            plausible_max=5_000.0,
            valid_specimens=frozenset({Specimen.WHOLE_BLOOD}),
            source=citations.UNIT_FACTORS,
        ),
        Analyte.B6: AnalyteInfo(
            name=Analyte.B6.patient,
            canonical=Analyte.B6.unit,
            # nmol/L = ug/L x 4.046 (pyridoxal 5'-phosphate 247.1 g/mol) [check]
            factors={Unit.NMOL_PER_L: 1.0, Unit.UG_PER_L: 4.046, Unit.NG_PER_ML: 4.046},
            loinc=Analyte.B6.loinc,
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
