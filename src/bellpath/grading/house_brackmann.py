"""House-Brackmann facial nerve grading (House & Brackmann 1985, Otolaryngol Head Neck Surg 93:146).

A grade is entered directly (1-6 or the Roman numerals I-VI) or derived from the regional findings
of the original table (gross, at rest, forehead, eye, mouth).

Derivation rule (a common convention, marked [check] in the clinical reference): each regional
finding points to the best grade whose description it matches, and the overall grade is the
**worst** of the regions. For example a forehead with no movement (grades IV-V) and a mouth that is
only slightly weak (grade III) give grade IV. The rule is this module's documented choice; a
clinician's directly entered grade always wins over a derived one.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from pydantic import BaseModel, ConfigDict

from bellpath.errors import GradingError, format_allowed
from bellpath.grading._validate import category
from bellpath.vocab.scales import Scale

__all__ = [
    "HB_SOURCE",
    "EyeFinding",
    "ForeheadFinding",
    "GrossFinding",
    "HouseBrackmann",
    "HouseBrackmannRegions",
    "HouseBrackmannScores",
    "MouthFinding",
    "RestFinding",
    "derive_grade",
    "parse_grade",
]

HB_SOURCE = Scale.HOUSE_BRACKMANN.source

_ROMAN = ("I", "II", "III", "IV", "V", "VI")

# grade -> (name, gross description); clinical.md 3.1
_DESCRIPTIONS: dict[int, tuple[str, str]] = {
    1: ("normal", "normal facial function in all areas"),
    2: (
        "mild dysfunction",
        "slight weakness noticeable on close inspection; may have slight synkinesis",
    ),
    3: (
        "moderate dysfunction",
        "obvious but not disfiguring difference between sides; noticeable synkinesis, "
        "contracture or spasm; complete eye closure with effort",
    ),
    4: (
        "moderately severe dysfunction",
        "obvious weakness and/or disfiguring asymmetry; incomplete eye closure",
    ),
    5: ("severe dysfunction", "only barely perceptible motion; asymmetry at rest"),
    6: ("total paralysis", "no movement"),
}


class HouseBrackmann(IntEnum):
    """A House-Brackmann grade: I (normal) to VI (total paralysis); higher is worse."""

    I = 1  # noqa: E741  (the Roman numeral is the grade's name)
    II = 2
    III = 3
    IV = 4
    V = 5
    VI = 6

    @property
    def roman(self) -> str:
        """The grade as a Roman numeral, as clinicians write it."""
        return _ROMAN[self.value - 1]

    @property
    def label(self) -> str:
        """Short name, e.g. ``moderate dysfunction``."""
        return _DESCRIPTIONS[self.value][0]

    @property
    def description(self) -> str:
        """The gross description of the grade."""
        return _DESCRIPTIONS[self.value][1]

    @property
    def is_complete_paralysis(self) -> bool:
        """Grade VI: no movement at all (a complete palsy)."""
        return self is HouseBrackmann.VI

    def __str__(self) -> str:
        return self.roman


def parse_grade(value: object, field: str = "grade") -> HouseBrackmann:
    """Read a grade from 1-6, ``"3"``, ``"III"`` or ``"HB III"``; else :class:`GradingError`."""
    if isinstance(value, HouseBrackmann):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 6:
        return HouseBrackmann(value)
    if isinstance(value, float) and value.is_integer() and 1 <= value <= 6:
        return HouseBrackmann(int(value))
    if isinstance(value, str):
        text = value.strip().upper().removeprefix("HB").strip()
        if text.isdigit() and 1 <= int(text) <= 6:
            return HouseBrackmann(int(text))
        if text in _ROMAN:
            return HouseBrackmann(_ROMAN.index(text) + 1)
    allowed = [*range(1, 7), *_ROMAN]
    raise GradingError(
        field,
        f"'{field}' must be a House-Brackmann grade 1-6 or I-VI (got {value!r})",
        allowed=allowed,
        received=value,
    )


# ----------------------------------------------------------------------------- regional findings


class GrossFinding(StrEnum):
    """Overall impression (the 'gross' column)."""

    NORMAL = "normal"
    SLIGHT_WEAKNESS = "slight_weakness"
    OBVIOUS_NOT_DISFIGURING = "obvious_not_disfiguring"
    OBVIOUS_DISFIGURING = "obvious_disfiguring"
    BARELY_PERCEPTIBLE = "barely_perceptible"
    NO_MOVEMENT = "no_movement"

    @property
    def grade(self) -> HouseBrackmann:
        """Best grade whose description this finding matches."""
        return HouseBrackmann(list(GrossFinding).index(self) + 1)


class RestFinding(StrEnum):
    """Symmetry and tone at rest."""

    NORMAL = "normal"
    ASYMMETRY = "asymmetry"

    @property
    def grade(self) -> HouseBrackmann:
        """Normal at rest fits grades I-IV; asymmetry at rest means at least grade V."""
        return HouseBrackmann.I if self is RestFinding.NORMAL else HouseBrackmann.V


class ForeheadFinding(StrEnum):
    """Forehead movement."""

    NORMAL = "normal"
    MODERATE_TO_GOOD = "moderate_to_good"
    SLIGHT_TO_MODERATE = "slight_to_moderate"
    NONE = "none"

    @property
    def grade(self) -> HouseBrackmann:
        """Best grade whose description this finding matches (none: IV-V)."""
        return _FOREHEAD_GRADE[self]


class EyeFinding(StrEnum):
    """Eye closure."""

    NORMAL = "normal"
    COMPLETE_MINIMAL_EFFORT = "complete_minimal_effort"
    COMPLETE_WITH_EFFORT = "complete_with_effort"
    INCOMPLETE = "incomplete"

    @property
    def grade(self) -> HouseBrackmann:
        """Best grade whose description this finding matches (incomplete: IV-V)."""
        return _EYE_GRADE[self]


class MouthFinding(StrEnum):
    """Mouth movement."""

    NORMAL = "normal"
    SLIGHT_ASYMMETRY = "slight_asymmetry"
    SLIGHTLY_WEAK_MAX_EFFORT = "slightly_weak_max_effort"
    ASYMMETRIC_MAX_EFFORT = "asymmetric_max_effort"
    SLIGHT_MOVEMENT = "slight_movement"
    NO_MOVEMENT = "no_movement"

    @property
    def grade(self) -> HouseBrackmann:
        """Best grade whose description this finding matches."""
        return HouseBrackmann(list(MouthFinding).index(self) + 1)


_FOREHEAD_GRADE = {
    ForeheadFinding.NORMAL: HouseBrackmann.I,
    ForeheadFinding.MODERATE_TO_GOOD: HouseBrackmann.II,
    ForeheadFinding.SLIGHT_TO_MODERATE: HouseBrackmann.III,
    ForeheadFinding.NONE: HouseBrackmann.IV,
}
_EYE_GRADE = {
    EyeFinding.NORMAL: HouseBrackmann.I,
    EyeFinding.COMPLETE_MINIMAL_EFFORT: HouseBrackmann.II,
    EyeFinding.COMPLETE_WITH_EFFORT: HouseBrackmann.III,
    EyeFinding.INCOMPLETE: HouseBrackmann.IV,
}

REGIONS = ("gross", "rest", "forehead", "eye", "mouth")


class HouseBrackmannRegions(BaseModel):
    """The five regional findings of the House-Brackmann table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gross: GrossFinding
    rest: RestFinding
    forehead: ForeheadFinding
    eye: EyeFinding
    mouth: MouthFinding

    @classmethod
    def parse(cls, value: object, field: str = "regions") -> HouseBrackmannRegions:
        """Build from a mapping of region -> finding, raising :class:`GradingError` on bad input."""
        if not isinstance(value, dict):
            raise GradingError(
                field,
                f"'{field}' must be an object with keys {format_allowed(REGIONS)} (got {value!r})",
                allowed=REGIONS,
                received=value,
            )
        kinds = {
            "gross": GrossFinding,
            "rest": RestFinding,
            "forehead": ForeheadFinding,
            "eye": EyeFinding,
            "mouth": MouthFinding,
        }
        for key in value:
            if key not in kinds:
                raise GradingError(
                    f"{field}.{key}",
                    f"'{field}.{key}' is not a House-Brackmann region; regions are "
                    f"{format_allowed(REGIONS)}",
                    allowed=REGIONS,
                    received=key,
                )
        found = {}
        for key, kind in kinds.items():
            if key not in value:
                raise GradingError(
                    f"{field}.{key}",
                    f"'{field}.{key}' is missing; a derived grade needs all of "
                    f"{format_allowed(REGIONS)}",
                    allowed=REGIONS,
                    received=None,
                )
            found[key] = category(kind, value[key], f"{field}.{key}")
        return cls.model_validate(found)


def derive_grade(regions: HouseBrackmannRegions) -> HouseBrackmann:
    """The worst (highest) grade suggested by any region (documented convention, [check]).

    A face with no movement in every region (gross ``no_movement``, or no movement of the mouth with
    no forehead movement, incomplete eye closure and asymmetry at rest) is grade VI.
    """
    grades = [
        regions.gross.grade,
        regions.rest.grade,
        regions.forehead.grade,
        regions.eye.grade,
        regions.mouth.grade,
    ]
    return HouseBrackmann(max(grades))


class HouseBrackmannScores(BaseModel):
    """Score output for a House-Brackmann entry: ``{grade}`` (plus derived-from flag)."""

    model_config = ConfigDict(frozen=True)

    grade: HouseBrackmann
    derived: bool = False

    @property
    def primary(self) -> float:
        """The grade as a number for trajectories (lower is better)."""
        return float(self.grade)
