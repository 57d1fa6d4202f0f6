"""Code systems and coded values bellpath writes into, and reads from, FHIR resources.

Clinical tables are data: each row carries its source. Codes that have no published standard
equivalent (the grading scales, the red-flag findings, the side of the face...) use this project's
own code systems under :data:`BELLPATH_SYSTEM`; they are documented in ``docs/reports.md``.
"""

from __future__ import annotations

from typing import Final

from bellpath.vocab import LAB_LOINC, SPECIMEN_SNOMED, Analyte, LabCode

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


LAB_CODES: Final[tuple[LabCode, ...]] = LAB_LOINC
"""The LOINC rows (:data:`bellpath.vocab.LAB_LOINC`: LOINC codes live there once)."""

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
