"""Laboratory reading: analytes and units, reference profiles, status and vitamin advice (pure).

Owns the thresholds and reading rules; the analytes' words and codes are the vocabulary's
(:mod:`bellpath.vocab.labs`) and the unit table is :mod:`bellpath.lab_units`. May import: the Case,
the vocabulary, lab_units, citations and errors; never an edge.
"""

from __future__ import annotations

from bellpath.labs.advice import read_vitamins, vitamin_advice
from bellpath.labs.profiles import (
    BSH_2014,
    DEFAULT_PROFILE,
    NICE_NG239,
    PROFILES,
    Direction,
    ReferenceProfile,
    Threshold,
    get_profile,
)
from bellpath.labs.readings import interpret_labs
from bellpath.labs.status import LabReading, latest_result, read_analyte, vitamin_status
from bellpath.labs.units import (
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
    "BSH_2014",
    "DEFAULT_PROFILE",
    "NICE_NG239",
    "PROFILES",
    "AnalyteInfo",
    "Direction",
    "LabReading",
    "ReferenceProfile",
    "Threshold",
    "Unit",
    "allowed_units",
    "check_lab_value",
    "from_canonical",
    "get_profile",
    "interpret_labs",
    "latest_result",
    "parse_unit",
    "read_analyte",
    "read_vitamins",
    "to_canonical",
    "vitamin_advice",
    "vitamin_status",
]
