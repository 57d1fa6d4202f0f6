"""Photo and video measure vocabulary: every facial measure, its unit (UCUM), whether it has a
right and a left value, and what it measures (clinical.md section 7; docs/photo-measures.md).

How each is computed is the geometry's business (:mod:`bellpath.face.measures`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["MEASURE_TERMS", "MeasureName", "MeasureUnit"]

_EMOTRICS = "Guarin et al. 2018 (Emotrics); clinical.md 7"
_DYNAFACE = "Dynaface; clinical.md 7"


class MeasureUnit(StrEnum):
    """Units of the measures; each value is its UCUM code."""

    MM = "mm"
    DEGREES = "deg"
    MM2 = "mm2"

    @property
    def symbol(self) -> str:
        """How the unit is printed beside a number (``°`` for degrees, ``mm²`` for areas)."""
        return _SYMBOLS[self]


_SYMBOLS: Mapping[MeasureUnit, str] = {
    MeasureUnit.MM: "mm",
    MeasureUnit.DEGREES: "°",
    MeasureUnit.MM2: "mm²",
}


class MeasureName(Coded):
    """Every photo measure; the value is the key in the JSON contract."""

    BROW_HEIGHT = "brow_height"
    MRD1 = "mrd1"
    MRD2 = "mrd2"
    PALPEBRAL_FISSURE = "palpebral_fissure"
    COMMISSURE_EXCURSION = "commissure_excursion"
    SMILE_ANGLE = "smile_angle"
    EYE_AREA = "eye_area"
    MOUTH_AREA = "mouth_area"
    DENTAL_AREA = "dental_area"
    COMMISSURE_HEIGHT_DEVIATION = "commissure_height_deviation"
    UPPER_LIP_HEIGHT_DEVIATION = "upper_lip_height_deviation"
    LOWER_LIP_HEIGHT_DEVIATION = "lower_lip_height_deviation"
    DENTAL_SHOW = "dental_show"
    FACIAL_ASYMMETRY_INDEX = "facial_asymmetry_index"

    @property
    def unit(self) -> MeasureUnit:
        """The unit of the measure."""
        return MeasureUnit(str(self.term.unit))

    @property
    def bilateral(self) -> bool:
        """Whether the measure has a right and a left value (else a single ``value``)."""
        return self in _BILATERAL

    @property
    def description(self) -> str:
        """One plain sentence on what is measured."""
        return self.term.patient


def _mm(name: str, label: str, what: str, source: str = _EMOTRICS) -> Term:
    return Term(label, what, name=name, unit=MeasureUnit.MM, source=source)


def _mm2(name: str, label: str, what: str) -> Term:
    return Term(label, what, name=name, unit=MeasureUnit.MM2, source=_DYNAFACE)


MEASURE_TERMS: Mapping[MeasureName, Term] = define_terms(
    MeasureName,
    {
        MeasureName.BROW_HEIGHT: _mm(
            "brow height",
            "Brow height",
            "iris centre to the middle of the brow, straight above the iris",
        ),
        MeasureName.MRD1: _mm(
            "MRD1", "MRD1", "iris centre to the upper lid margin (margin-reflex distance 1)"
        ),
        MeasureName.MRD2: _mm(
            "MRD2", "MRD2", "iris centre to the lower lid margin (margin-reflex distance 2)"
        ),
        MeasureName.PALPEBRAL_FISSURE: _mm(
            "palpebral fissure",
            "Palpebral fissure",
            "upper to lower lid margin, through the iris centre",
        ),
        MeasureName.COMMISSURE_EXCURSION: _mm(
            "commissure excursion",
            "Commissure excursion",
            "lower-lip midline point to the mouth corner",
        ),
        MeasureName.SMILE_ANGLE: Term(
            "Smile angle",
            "angle of that segment above the horizontal",
            name="smile angle",
            unit=MeasureUnit.DEGREES,
            source=_EMOTRICS,
        ),
        MeasureName.EYE_AREA: _mm2(
            "eye area", "Eye area", "area of the eye opening between the lids"
        ),
        MeasureName.MOUTH_AREA: _mm2(
            "mouth area", "Mouth area", "area of this half of the mouth (outer lip contour)"
        ),
        MeasureName.DENTAL_AREA: _mm2(
            "dental area",
            "Dental area",
            "area of this half of the mouth opening (inner lip contour)",
        ),
        MeasureName.COMMISSURE_HEIGHT_DEVIATION: _mm(
            "commissure height deviation",
            "Commissure height deviation",
            "height difference between the two mouth corners",
        ),
        MeasureName.UPPER_LIP_HEIGHT_DEVIATION: _mm(
            "upper lip height deviation",
            "Upper lip height deviation",
            "height difference of the upper lip, mid-way along",
        ),
        MeasureName.LOWER_LIP_HEIGHT_DEVIATION: _mm(
            "lower lip height deviation",
            "Lower lip height deviation",
            "height difference of the lower lip, mid-way along",
        ),
        MeasureName.DENTAL_SHOW: _mm(
            "dental show",
            "Dental show",
            "gap between the inner lip contours at the midline",
            source=_DYNAFACE,
        ),
        MeasureName.FACIAL_ASYMMETRY_INDEX: _mm(
            "facial asymmetry index",
            "Facial asymmetry index",
            "mean distance of each landmark from its mirrored partner",
            source=_DYNAFACE,
        ),
    },
)

_BILATERAL = frozenset(
    {
        MeasureName.BROW_HEIGHT,
        MeasureName.MRD1,
        MeasureName.MRD2,
        MeasureName.PALPEBRAL_FISSURE,
        MeasureName.COMMISSURE_EXCURSION,
        MeasureName.SMILE_ANGLE,
        MeasureName.EYE_AREA,
        MeasureName.MOUTH_AREA,
        MeasureName.DENTAL_AREA,
    }
)
