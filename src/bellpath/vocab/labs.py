"""Laboratory vocabulary: analytes, specimens, units, the vitamins and what their labs say.

LOINC codes live here once (:data:`LAB_LOINC`; clinical.md section 6), as do the SNOMED CT
specimen concepts (:data:`SPECIMEN_SNOMED`). Unit spellings are UCUM codes. What is *done* with a
value (conversion factors, plausible ranges, thresholds) is the lab rules' business
(:mod:`bellpath.labs`), not the vocabulary's.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = [
    "ANALYTE_TERMS",
    "COMPARATOR_TERMS",
    "LAB_LOINC",
    "SPECIMEN_SNOMED",
    "SPECIMEN_TERMS",
    "VITAMIN_ADVICE_TERMS",
    "VITAMIN_STATUS_TERMS",
    "VITAMIN_TERMS",
    "Analyte",
    "Comparator",
    "LabCode",
    "LabUnit",
    "Specimen",
    "VitaminAdvice",
    "VitaminName",
    "VitaminStatus",
]

_LABS = "clinical.md 4.1"


class LabUnit(StrEnum):
    """Units bellpath reads; each value is its UCUM code. ``ng/L`` equals ``pg/mL``; ``ug/L``
    equals ``ng/mL``."""

    PG_PER_ML = "pg/mL"
    NG_PER_L = "ng/L"
    PMOL_PER_L = "pmol/L"
    NMOL_PER_L = "nmol/L"
    UMOL_PER_L = "umol/L"
    NG_PER_ML = "ng/mL"
    UG_PER_L = "ug/L"
    MG_PER_L = "mg/L"

    @property
    def ucum(self) -> str:
        """The UCUM code (the value itself)."""
        return self.value

    @classmethod
    def lookup(cls, text: str) -> LabUnit | None:
        """Find a unit by its spelling, tolerating case, spaces, ``µ``/``mc`` for micro."""
        return _lookup(text)


@functools.lru_cache(maxsize=256)
def _lookup(text: str) -> LabUnit | None:
    key = _normalise(text)
    for unit in LabUnit:
        if _normalise(unit.value) == key:
            return unit
    return None


def _normalise(text: str) -> str:
    key = text.strip().replace(" ", "").replace("µ", "u").replace("μ", "u")
    key = key.replace("mcg", "ug").replace("mcmol", "umol")
    return key.casefold()


class Analyte(Coded):
    """Laboratory analytes bellpath reads (clinical.md section 4.1). ``unit`` is the canonical
    unit the thresholds are compared in; ``loinc`` the code of the usual test."""

    B12 = "b12"
    HOLOTC = "holotc"
    MMA = "mma"
    HOMOCYSTEINE = "homocysteine"
    FOLATE = "folate"
    B1 = "b1"
    B6 = "b6"

    @property
    def unit(self) -> LabUnit:
        """The canonical unit (thresholds are compared in it)."""
        return LabUnit(str(self.term.unit))

    @property
    def loinc(self) -> str | None:
        """LOINC code of the usual test, or None where the clinical reference gives none."""
        return self.term.loinc


ANALYTE_TERMS: Mapping[Analyte, Term] = define_terms(
    Analyte,
    {
        Analyte.B12: Term(
            "Vitamin B12 (cobalamin)",
            "vitamin B12 (serum cobalamin)",
            name="B12",
            unit=LabUnit.PG_PER_ML,
            loinc="2132-9",
            source="clinical.md 4.1 and 6",
        ),
        Analyte.HOLOTC: Term(
            "Active B12 (holotranscobalamin)",
            "active B12 (holotranscobalamin)",
            name="holoTC",
            unit=LabUnit.PMOL_PER_L,
            source="clinical.md 4.1 (no LOINC code given)",
        ),
        Analyte.MMA: Term(
            "Methylmalonic acid (MMA)",
            "methylmalonic acid",
            name="MMA",
            unit=LabUnit.UMOL_PER_L,
            loinc="13964-2",
            source=_LABS,
        ),
        Analyte.HOMOCYSTEINE: Term(
            "Homocysteine",
            "homocysteine",
            name="homocysteine",
            unit=LabUnit.UMOL_PER_L,
            loinc="13965-9",
            source=_LABS,
        ),
        Analyte.FOLATE: Term(
            "Folate",
            "folate (serum)",
            name="folate",
            unit=LabUnit.NG_PER_ML,
            loinc="2284-8",
            source=_LABS,
        ),
        Analyte.B1: Term(
            "Vitamin B1 (thiamine diphosphate)",
            "vitamin B1 (whole-blood thiamine diphosphate)",
            name="B1",
            unit=LabUnit.NMOL_PER_L,
            loinc="32554-8",
            source=_LABS,
        ),
        Analyte.B6: Term(
            "Vitamin B6 (pyridoxal 5'-phosphate)",
            "vitamin B6 (plasma pyridoxal 5'-phosphate)",
            name="B6",
            unit=LabUnit.NMOL_PER_L,
            loinc="62236-5",
            source=_LABS,
        ),
    },
)


@dataclass(frozen=True, slots=True)
class LabCode:
    """A LOINC code for one analyte and the units (UCUM codes) that fit its property.

    ``loinc`` is ``None`` where clinical.md found no LOINC code: such results are exported with
    bellpath's ``analyte`` code system instead.
    """

    analyte: Analyte
    loinc: str | None
    units: frozenset[str]
    display: str
    source: str


LAB_LOINC: Final[tuple[LabCode, ...]] = (
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
"""Every LOINC code bellpath writes or reads, with the units that fit it (clinical.md 6)."""


class Specimen(Coded):
    """Specimen types. Hair is accepted as recorded data but is not a valid vitamin test."""

    SERUM = "serum"
    PLASMA = "plasma"
    WHOLE_BLOOD = "whole_blood"
    HAIR = "hair"


SPECIMEN_TERMS: Mapping[Specimen, Term] = define_terms(
    Specimen,
    {
        Specimen.SERUM: Term(
            "Serum", "serum", name="serum", snomed="119364003", source="SNOMED CT specimen"
        ),
        Specimen.PLASMA: Term(
            "Plasma", "plasma", name="plasma", snomed="119361006", source="SNOMED CT specimen"
        ),
        Specimen.WHOLE_BLOOD: Term(
            "Whole blood",
            "whole blood",
            name="whole blood",
            snomed="119297000",
            source="SNOMED CT specimen",
        ),
        Specimen.HAIR: Term(
            "Hair (not a valid vitamin test)",
            "hair",
            name="hair",
            snomed="119326000",
            source="SNOMED CT specimen; clinical.md 4.3 (hair is not a valid vitamin test)",
        ),
    },
)

_SNOMED_DISPLAY: Final = {
    Specimen.SERUM: "Serum specimen",
    Specimen.PLASMA: "Plasma specimen",
    Specimen.WHOLE_BLOOD: "Blood specimen",
    Specimen.HAIR: "Hair specimen",
}

SPECIMEN_SNOMED: Final[Mapping[Specimen, tuple[str, str]]] = MappingProxyType(
    {spec: (str(spec.term.snomed), display) for spec, display in _SNOMED_DISPLAY.items()}
)
"""Specimen types as SNOMED CT specimen concepts: (code, display)."""


class VitaminName(Coded):
    """The vitamins the source document discusses."""

    B12 = "b12"
    B1 = "b1"
    B6 = "b6"


VITAMIN_TERMS: Mapping[VitaminName, Term] = define_terms(
    VitaminName,
    {
        VitaminName.B12: Term("Vitamin B12", "vitamin B12", name="B12", source="source document"),
        VitaminName.B1: Term("Vitamin B1", "vitamin B1", name="B1", source="source document"),
        VitaminName.B6: Term("Vitamin B6", "vitamin B6", name="B6", source="source document"),
    },
)


class VitaminStatus(Coded):
    """What the labs say about one vitamin."""

    DEFICIENT = "deficient"
    BORDERLINE = "borderline"
    SUFFICIENT = "sufficient"
    UNKNOWN = "unknown"
    UNRELIABLE = "unreliable"
    INDETERMINATE = "indeterminate"
    """A censored result (``<250 pg/mL``) whose range straddles a cut-off: it cannot be classed."""


VITAMIN_STATUS_TERMS: Mapping[VitaminStatus, Term] = define_terms(
    VitaminStatus,
    {
        VitaminStatus.DEFICIENT: Term("Deficient", "low", name="deficient", source=_LABS),
        VitaminStatus.BORDERLINE: Term(
            "Borderline", "in a grey zone", name="borderline", source=_LABS
        ),
        VitaminStatus.SUFFICIENT: Term("Sufficient", "fine", name="sufficient", source=_LABS),
        VitaminStatus.UNKNOWN: Term("Not tested", "not tested yet", name="unknown", source=_LABS),
        VitaminStatus.UNRELIABLE: Term(
            "Unreliable test",
            "from a test that cannot be relied on",
            name="unreliable",
            source="clinical.md 4.3",
        ),
        VitaminStatus.INDETERMINATE: Term(
            "Cannot be classed (censored result)",
            "reported only as above or below a number, so it cannot be read as low or fine",
            name="indeterminate",
            source="FHIR Quantity.comparator; docs/reports.md (censored results)",
        ),
    },
)


class Comparator(Coded):
    """How a censored lab result relates to its number (FHIR ``Quantity.comparator``).

    ``<150 pg/mL`` means "below 150": the laboratory could not measure lower, so the true value
    is anywhere under 150, never exactly 150.
    """

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


COMPARATOR_TERMS: Mapping[Comparator, Term] = define_terms(
    Comparator,
    {
        Comparator.LT: Term(
            "below (<)", "below", name="below", source="FHIR R4 quantity-comparator"
        ),
        Comparator.LE: Term(
            "at most (<=)", "at most", name="at most", source="FHIR R4 quantity-comparator"
        ),
        Comparator.GT: Term(
            "above (>)", "above", name="above", source="FHIR R4 quantity-comparator"
        ),
        Comparator.GE: Term(
            "at least (>=)", "at least", name="at least", source="FHIR R4 quantity-comparator"
        ),
    },
)


class VitaminAdvice(Coded):
    """What a supplement of that vitamin can do now."""

    MAY_HELP = "may_help"
    CONFIRM_TEST = "confirm_test"
    UNLIKELY_TO_HELP = "unlikely_to_help"
    TEST_FIRST = "test_first"
    NO_BENEFIT_NOW = "no_benefit_now"


VITAMIN_ADVICE_TERMS: Mapping[VitaminAdvice, Term] = define_terms(
    VitaminAdvice,
    {
        VitaminAdvice.MAY_HELP: Term(
            "A supplement may help",
            "your level is low; treating it may help the nerve regrow",
            name="may help",
            source="clinical.md 4",
        ),
        VitaminAdvice.CONFIRM_TEST: Term(
            "Confirm with a second test",
            "your result is in a grey zone; one more test can tell",
            name="confirm with a test",
            source="clinical.md 4",
        ),
        VitaminAdvice.UNLIKELY_TO_HELP: Term(
            "A supplement is unlikely to help",
            "your level is fine; an extra supplement is unlikely to help",
            name="unlikely to help",
            source="clinical.md 4",
        ),
        VitaminAdvice.TEST_FIRST: Term(
            "Test before any supplement",
            "we do not know your level yet; a blood test comes first",
            name="test first",
            source="clinical.md 4",
        ),
        VitaminAdvice.NO_BENEFIT_NOW: Term(
            "No benefit for the palsy now",
            "at this stage vitamins do not change the nerve's recovery",
            name="no benefit now",
            source="clinical.md 1 and 4",
        ),
    },
)
