"""Code systems and coded values bellpath writes into, and reads from, FHIR resources.

Clinical tables are data: each row carries its source. Codes that have no published standard
equivalent (the grading scales, the red-flag findings, the side of the face...) use this project's
own code systems under :data:`BELLPATH_SYSTEM`; they are documented in ``docs/reports.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bellpath.case import Analyte, Specimen

__all__ = [
    "AGE_LOINC",
    "BELLPATH_SYSTEM",
    "BELLS_PALSY_ICD10",
    "BELLS_PALSY_SNOMED",
    "CONDITION_CLINICAL",
    "ICD10",
    "LAB_CODES",
    "LOINC",
    "SNOMED",
    "SPECIMEN_SNOMED",
    "UCUM",
    "LabCode",
    "analyte_for_loinc",
    "lab_code_for",
    "project_system",
    "ucum_code",
]

LOINC: Final = "http://loinc.org"
SNOMED: Final = "http://snomed.info/sct"
ICD10: Final = "http://hl7.org/fhir/sid/icd-10"
UCUM: Final = "http://unitsofmeasure.org"
CONDITION_CLINICAL: Final = "http://terminology.hl7.org/CodeSystem/condition-clinical"

BELLPATH_SYSTEM: Final = "https://bellpath.org/fhir"
"""Base URI of bellpath's own code systems (no LOINC or SNOMED code exists for these concepts)."""

BELLS_PALSY_SNOMED: Final = "193093009"
"""Bell's palsy, SNOMED CT (clinical.md section 6)."""
BELLS_PALSY_ICD10: Final = "G51.0"
"""Bell's palsy, ICD-10 (clinical.md section 6)."""
AGE_LOINC: Final = "30525-0"
"""LOINC 'Age' (a standard observation code); value in UCUM years ``a``."""


def project_system(name: str) -> str:
    """URI of one of bellpath's code systems, e.g. ``project_system("scale")``."""
    return f"{BELLPATH_SYSTEM}/CodeSystem/{name}"


@dataclass(frozen=True, slots=True)
class LabCode:
    """A LOINC code for one analyte and the units (as UCUM codes) that fit its property.

    ``loinc`` is ``None`` where clinical.md found no LOINC code: such results are exported with
    bellpath's ``analyte`` code system instead.
    """

    analyte: Analyte
    loinc: str | None
    units: frozenset[str]
    display: str
    source: str


LAB_CODES: Final[tuple[LabCode, ...]] = (
    LabCode(
        Analyte.B12,
        "2132-9",
        frozenset({"pg/mL", "ng/L"}),
        "Cobalamin (vitamin B12) [mass/volume] in serum or plasma",
        "clinical.md 6",
    ),
    LabCode(
        Analyte.B12,
        "14685-2",
        frozenset({"pmol/L"}),
        "Cobalamin (vitamin B12) [moles/volume] in serum or plasma",
        "clinical.md 6 [check]",
    ),
    LabCode(
        Analyte.MMA,
        "13964-2",
        frozenset({"umol/L", "nmol/L"}),
        "Methylmalonate [moles/volume] in serum or plasma",
        "clinical.md 4.1",
    ),
    LabCode(
        Analyte.HOMOCYSTEINE,
        "13965-9",
        frozenset({"umol/L"}),
        "Homocysteine [moles/volume] in serum or plasma",
        "clinical.md 4.1",
    ),
    LabCode(
        Analyte.FOLATE,
        "2284-8",
        frozenset({"ng/mL", "ug/L"}),
        "Folate [mass/volume] in serum or plasma",
        "clinical.md 4.1",
    ),
    LabCode(
        Analyte.B1,
        "32554-8",
        frozenset({"nmol/L"}),
        "Thiamine diphosphate [moles/volume] in blood",
        "clinical.md 4.1",
    ),
    LabCode(
        Analyte.B6,
        "62236-5",
        frozenset({"nmol/L"}),
        "Pyridoxal 5'-phosphate [moles/volume] in plasma",
        "clinical.md 4.1",
    ),
)

SPECIMEN_SNOMED: Final[dict[Specimen, tuple[str, str]]] = {
    Specimen.SERUM: ("119364003", "Serum specimen"),
    Specimen.PLASMA: ("119361006", "Plasma specimen"),
    Specimen.WHOLE_BLOOD: ("119297000", "Blood specimen"),
    Specimen.HAIR: ("119326000", "Hair specimen"),
}
"""Specimen types as SNOMED CT specimen concepts."""

_UCUM_SPELLINGS: Final = {"µ": "u", "μ": "u", "mcg": "ug"}


def ucum_code(unit: str) -> str:
    """The UCUM code for a unit as laboratories write it (``µmol/L`` -> ``umol/L``)."""
    code = unit.strip()
    for spelling, ucum in _UCUM_SPELLINGS.items():
        code = code.replace(spelling, ucum)
    return code


def lab_code_for(analyte: Analyte, unit: str) -> LabCode | None:
    """The LOINC row whose property fits this analyte and unit, or ``None`` when none does."""
    code = ucum_code(unit)
    for row in LAB_CODES:
        if row.analyte is analyte and row.loinc is not None and code in row.units:
            return row
    return None


def analyte_for_loinc(loinc: str) -> LabCode | None:
    """The table row of a LOINC code, or ``None`` when bellpath does not read that code."""
    for row in LAB_CODES:
        if row.loinc == loinc:
            return row
    return None
