"""A laboratory Observation read into a case's lab result (LOINC or bellpath's analyte code).

A known LOINC code must come with a unit of its property; an unknown code, a missing value or unit
and a dangling specimen reference raise :class:`~bellpath.errors.InteropError` naming the resource
and the field. A censored value keeps its ``comparator`` (``<150`` stays "below 150").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bellpath.case import Analyte
from bellpath.errors import InteropError, format_allowed
from bellpath.interop._codes import AGE_LOINC, LAB_CODES, analyte_for_loinc, ucum_code

__all__ = ["lab_from_observation"]


def lab_from_observation(
    where: str,
    resource: dict[str, Any],
    loinc: str | None,
    own: list[str],
    specimens: Mapping[str, str],
) -> dict[str, Any]:
    """The lab result (case JSON) an Observation holds; ``specimens`` maps references to types."""
    quantity = resource.get("valueQuantity")
    if not quantity or quantity.get("value") is None:
        msg = f"{where}: 'valueQuantity' is required for a laboratory result"
        raise InteropError(msg)
    unit = quantity.get("unit") or quantity.get("code")
    if not unit:
        msg = f"{where}: 'valueQuantity.unit' is required (a UCUM unit such as pg/mL)"
        raise InteropError(msg)
    if loinc is not None:
        row = analyte_for_loinc(loinc)
        if row is None:
            known = sorted({r.loinc for r in LAB_CODES if r.loinc is not None})
            msg = (
                f"{where}: 'code.coding' LOINC {loinc} is not a code bellpath reads "
                f"(allowed: {format_allowed([*known, AGE_LOINC])}); leave such results out, "
                "or skip them on purpose (--skip-unknown-codes)"
            )
            raise InteropError(msg)
        ucum = ucum_code(str(quantity.get("code") or unit))
        if ucum not in row.units:
            msg = (
                f"{where}: 'valueQuantity' unit {unit!r} does not match LOINC {loinc} "
                f"(allowed: {format_allowed(sorted(row.units))})"
            )
            raise InteropError(msg)
        analyte = row.analyte.value
    else:
        analyte = own[0]
        if analyte not in {a.value for a in Analyte}:
            msg = (
                f"{where}: 'code.coding' analyte {analyte!r} is unknown "
                f"(allowed: {format_allowed(a.value for a in Analyte)})"
            )
            raise InteropError(msg)
    lab: dict[str, Any] = {"analyte": analyte, "value": quantity["value"], "unit": unit}
    if quantity.get("comparator"):
        lab["comparator"] = quantity["comparator"]  # censored: "<150" stays "below 150"
    specimen_ref = (resource.get("specimen") or {}).get("reference")
    if specimen_ref:
        if specimen_ref not in specimens:
            msg = f"{where}: 'specimen.reference' {specimen_ref!r} is not in the bundle"
            raise InteropError(msg)
        lab["specimen"] = specimens[specimen_ref]
    if resource.get("effectiveDateTime"):
        lab["date"] = str(resource["effectiveDateTime"])[:10]
    return lab
