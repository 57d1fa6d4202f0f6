"""Grading-scale vocabulary: the scales bellpath scores, how clinicians name them, their primary
number and its direction, and the paper behind each (clinical.md section 3). No LOINC code exists
for these scales (clinical.md 6): FHIR exports use bellpath's own code system."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["SCALE_TERMS", "Scale"]


class Scale(Coded):
    """The grading scales bellpath scores."""

    HOUSE_BRACKMANN = "house_brackmann"
    SUNNYBROOK = "sunnybrook"
    EFACE = "eface"
    SAQ = "saq"
    FACE = "face"

    @property
    def primary_name(self) -> str:
        """The one number of the scale used for trajectories and charts."""
        return _PRIMARY[self]

    @property
    def higher_is_better(self) -> bool:
        """Direction of the primary number (HB grade and SAQ: lower is better)."""
        return self not in (Scale.HOUSE_BRACKMANN, Scale.SAQ)


SCALE_TERMS: Mapping[Scale, Term] = define_terms(
    Scale,
    {
        Scale.HOUSE_BRACKMANN: Term(
            "House-Brackmann",
            "House-Brackmann grade",
            name="House-Brackmann",
            source="House JW, Brackmann DE. Otolaryngol Head Neck Surg 1985;93(2):146-7",
        ),
        Scale.SUNNYBROOK: Term(
            "Sunnybrook",
            "Sunnybrook score",
            name="Sunnybrook",
            source=(
                "Ross BG, Fradet G, Nedzelski JM. Development of a sensitive clinical facial "
                "grading system. Otolaryngol Head Neck Surg 1996;114(3):380-6"
            ),
        ),
        Scale.EFACE: Term(
            "eFACE",
            "eFACE score",
            name="eFACE",
            source=(
                "Banks CA et al. Clinician-graded electronic facial paralysis assessment: "
                "the eFACE. "
                "Plast Reconstr Surg 2015;136(2):223e-230e; "
                "Banks CA et al. JAMA Facial Plast Surg 2016;18(4):292"
            ),
        ),
        Scale.SAQ: Term(
            "SAQ",
            "synkinesis questionnaire",
            name="SAQ",
            source=(
                "Mehta RP, Wernick Robinson M, Hadlock TA. "
                "Validation of a synkinesis assessment questionnaire. "
                "Laryngoscope 2007;117(5):923-6"
            ),
        ),
        Scale.FACE: Term(
            "FaCE",
            "FaCE questionnaire",
            name="FaCE",
            source=(
                "Kahn JB, Gliklich RE, Boyev KP, et al. Validation of a patient-graded instrument "
                "for facial nerve paralysis: the FaCE scale. Laryngoscope 2001;111(3):387-98"
            ),
        ),
    },
)

_PRIMARY: Mapping[Scale, str] = MappingProxyType(
    {
        Scale.HOUSE_BRACKMANN: "grade",
        Scale.SUNNYBROOK: "composite",
        Scale.EFACE: "total",
        Scale.SAQ: "total",
        Scale.FACE: "total",
    }
)
