"""Laboratory units and the analytes they belong to (kept here for existing imports).

The table and the check live in :mod:`bellpath.lab_units`, below the Case, because every
:class:`bellpath.case.LabResult` passes that check; this module hands the same names on.
"""

from __future__ import annotations

from bellpath.lab_units import (
    ANALYTES,
    AnalyteInfo,
    Unit,
    allowed_units,
    check_lab_value,
    from_canonical,
    parse_unit,
    to_canonical,
)

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
