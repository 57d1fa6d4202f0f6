"""Plausible and usual values of each analyte: catching a typing or unit slip before it is stored.

Two ranges per analyte, in its canonical unit (converted to whatever unit the result is given in):

* **plausible**: beyond it the value is taken for a slip (``2,40`` typed for ``240``, a result in
  pmol/L entered as pg/mL) and refused with a message naming the range;
* **usual**: the values a clinic commonly sees; outside it (but plausible) a form shows the value
  back and asks to confirm it before saving. The API stores such values without asking.

The table is data, with its source beside each row. These are bellpath project conventions set
around the reference thresholds of the clinical reference (section 4.1), far wider than any
reference interval; a clinic's laboratory may report beyond the usual range and still be right,
which is why that range only asks for confirmation. All figures are marked [check] in
docs/parameters.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bellpath.case import Analyte
from bellpath.errors import InputError
from bellpath.labs.units import ANALYTES, Unit, from_canonical, parse_unit

__all__ = ["PLAUSIBLE", "Plausible", "check_plausible", "outside_usual", "range_text"]

_CONVENTION = (
    "bellpath project convention [check]: plausible range well beyond any reported result, "
    "usual range around the clinical reference thresholds (clinical.md 4.1)"
)


@dataclass(frozen=True, slots=True)
class Plausible:
    """Plausible and usual ranges of one analyte, in its canonical unit."""

    low: float
    high: float
    usual_low: float
    usual_high: float
    source: str = _CONVENTION


PLAUSIBLE: Mapping[Analyte, Plausible] = MappingProxyType(
    {
        # B12 deficiency < 200 pg/mL (BSH 2014); the upper bound is the units table's maximum.
        Analyte.B12: Plausible(20.0, ANALYTES[Analyte.B12].plausible_max, 100.0, 2_000.0),
        # holotranscobalamin deficiency < 25 pmol/L (NICE NG239).
        Analyte.HOLOTC: Plausible(1.0, ANALYTES[Analyte.HOLOTC].plausible_max, 10.0, 200.0),
        # MMA raised > 0.40 umol/L (Mayo); very high in inborn errors, hence the wide bound.
        Analyte.MMA: Plausible(0.01, ANALYTES[Analyte.MMA].plausible_max, 0.05, 2.0),
        Analyte.HOMOCYSTEINE: Plausible(
            1.0, ANALYTES[Analyte.HOMOCYSTEINE].plausible_max, 3.0, 50.0
        ),
        Analyte.FOLATE: Plausible(0.2, ANALYTES[Analyte.FOLATE].plausible_max, 1.5, 40.0),
        Analyte.B1: Plausible(5.0, ANALYTES[Analyte.B1].plausible_max, 40.0, 300.0),
        Analyte.B6: Plausible(1.0, ANALYTES[Analyte.B6].plausible_max, 10.0, 300.0),
    }
)


def _in_unit(analyte: Analyte, unit: Unit, low: float, high: float) -> tuple[float, float]:
    return from_canonical(analyte, low, unit), from_canonical(analyte, high, unit)


def _number(value: float) -> str:
    return f"{round(value):,}" if value >= 1000 else f"{value:.4g}"


def range_text(low: float, high: float, unit: Unit) -> str:
    """``20 to 50,000 pg/mL`` (whole numbers from 1,000, else four significant figures)."""
    return f"{_number(low)} to {_number(high)} {unit.value}"


def check_plausible(
    analyte: Analyte, value: float, unit_text: str, *, field: str = "value"
) -> None:
    """Refuse a value outside the analyte's plausible range (in the result's own unit).

    Raises
    ------
    InputError
        Naming the range, e.g. ``'value' for b12 must be 20 to 50,000 pg/mL, a plausible
        result (got 2.4); check the number, its decimal separator and the unit``.
    """
    unit = parse_unit(analyte, unit_text)
    row = PLAUSIBLE[analyte]
    low, high = _in_unit(analyte, unit, row.low, row.high)
    if not low <= value <= high:
        raise InputError(
            field,
            f"'{field}' for {analyte.value} must be {range_text(low, high, unit)}, a plausible "
            f"result (got {value:,.10g}); check the number, its decimal separator and the unit",
            allowed=[range_text(low, high, unit)],
            received=value,
        )


def outside_usual(analyte: Analyte, value: float, unit_text: str) -> str | None:
    """The usual range as text when ``value`` lies outside it, else ``None``."""
    unit = parse_unit(analyte, unit_text)
    row = PLAUSIBLE[analyte]
    low, high = _in_unit(analyte, unit, row.usual_low, row.usual_high)
    return None if low <= value <= high else range_text(low, high, unit)
