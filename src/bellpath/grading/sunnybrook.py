"""Sunnybrook Facial Grading System (Ross, Fradet & Nedzelski 1996, Otolaryngol HNS 114:380).

Three parts, all judged on the affected side against the normal side:

* **Resting symmetry**: eye, cheek (nasolabial fold), mouth. Resting score = sum x 5 (0-20; lower is
  better).
* **Voluntary movement**: five standard expressions, each 1 (unable to initiate) to 5 (complete).
  Voluntary score = sum x 4 (20-100).
* **Synkinesis**: the same five expressions, each 0 (none) to 3 (severe). Score = sum (0-15).

Composite = voluntary - resting - synkinesis. The published range is 0-100, but the arithmetic floor
is -15 (voluntary 20, resting 20, synkinesis 15). bellpath stores and returns the **raw** composite;
:attr:`SunnybrookScores.display_composite` clamps it to 0-100 for display, and interfaces show the
raw value beside it whenever the two differ.

Categories that share a point value (eye narrow / wide / eyelid surgery, cheek less / more
pronounced) are distinct members of string enums: their points come from a table, never from the
member value, so they can never alias each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bellpath.grading._validate import category, integer_item, mapping
from bellpath.vocab.scales import Scale

__all__ = [
    "COMPOSITE_MAX",
    "COMPOSITE_MIN",
    "SUNNYBROOK_SOURCE",
    "Expression",
    "RestingCheek",
    "RestingEye",
    "RestingMouth",
    "SunnybrookScores",
    "sunnybrook",
    "sunnybrook_composite_only",
]

SUNNYBROOK_SOURCE = Scale.SUNNYBROOK.source
COMPOSITE_MIN = -15
"""Arithmetic floor of the composite (voluntary 20 - resting 20 - synkinesis 15)."""
COMPOSITE_MAX = 100


class RestingEye(StrEnum):
    """Eye (palpebral fissure) at rest."""

    NORMAL = "normal"
    NARROW = "narrow"
    WIDE = "wide"
    EYELID_SURGERY = "eyelid_surgery"

    @property
    def points(self) -> int:
        """Points before the x5 weighting."""
        return _EYE_POINTS[self]


class RestingCheek(StrEnum):
    """Cheek (nasolabial fold) at rest."""

    NORMAL = "normal"
    ABSENT = "absent"
    LESS_PRONOUNCED = "less_pronounced"
    MORE_PRONOUNCED = "more_pronounced"

    @property
    def points(self) -> int:
        """Points before the x5 weighting."""
        return _CHEEK_POINTS[self]


class RestingMouth(StrEnum):
    """Mouth at rest."""

    NORMAL = "normal"
    DROPPED = "dropped"
    PULLED_UP = "pulled_up"

    @property
    def points(self) -> int:
        """Points before the x5 weighting."""
        return _MOUTH_POINTS[self]


# Point tables (Ross 1996; clinical.md 3.2). Equal points, distinct categories.
_EYE_POINTS = {
    RestingEye.NORMAL: 0,
    RestingEye.NARROW: 1,
    RestingEye.WIDE: 1,
    RestingEye.EYELID_SURGERY: 1,
}
_CHEEK_POINTS = {
    RestingCheek.NORMAL: 0,
    RestingCheek.ABSENT: 2,
    RestingCheek.LESS_PRONOUNCED: 1,
    RestingCheek.MORE_PRONOUNCED: 1,
}
_MOUTH_POINTS = {RestingMouth.NORMAL: 0, RestingMouth.DROPPED: 1, RestingMouth.PULLED_UP: 1}

RESTING_WEIGHT = 5
VOLUNTARY_WEIGHT = 4
RESTING_PARTS = ("eye", "cheek", "mouth")


class Expression(StrEnum):
    """The five standard expressions scored for voluntary movement and synkinesis."""

    BROW_LIFT = "brow_lift"
    GENTLE_EYE_CLOSURE = "gentle_eye_closure"
    OPEN_MOUTH_SMILE = "open_mouth_smile"
    SNARL = "snarl"
    LIP_PUCKER = "lip_pucker"


_EXPRESSIONS = tuple(e.value for e in Expression)


class SunnybrookScores(BaseModel):
    """Sunnybrook scores: ``{resting, voluntary, synkinesis, composite}``.

    Part scores are ``None`` when a clinic recorded only the composite.
    """

    model_config = ConfigDict(frozen=True)

    resting: int | None
    voluntary: int | None
    synkinesis: int | None
    composite: int

    @property
    def display_composite(self) -> int:
        """Composite clamped to the published 0-100 range (show the raw value beside it)."""
        return max(0, min(COMPOSITE_MAX, self.composite))

    @property
    def primary(self) -> float:
        """The raw composite, for trajectories (higher is better)."""
        return float(self.composite)


def sunnybrook(
    resting: Mapping[str, object],
    voluntary: Mapping[str, object],
    synkinesis: Mapping[str, object],
    *,
    field: str = "sunnybrook",
) -> SunnybrookScores:
    """Score a full Sunnybrook grading.

    Parameters
    ----------
    resting
        ``{"eye": ..., "cheek": ..., "mouth": ...}`` with the category names of
        :class:`RestingEye`, :class:`RestingCheek`, :class:`RestingMouth`.
    voluntary
        The five :class:`Expression` keys, each an integer 1-5.
    synkinesis
        The five :class:`Expression` keys, each an integer 0-3.
    field
        Dotted prefix used in error messages.

    Returns
    -------
    SunnybrookScores
        Resting (0-20), voluntary (20-100), synkinesis (0-15) and the raw composite (-15..100).

    Notes
    -----
    ``resting = 5 * (eye + cheek + mouth)``, ``voluntary = 4 * sum(items)``,
    ``synkinesis = sum(items)``, ``composite = voluntary - resting - synkinesis``.

    References
    ----------
    Ross BG et al. 1996, doi:10.1016/S0194-59989670206-1.
    """
    rest = mapping(resting, f"{field}.resting", RESTING_PARTS)
    eye = category(RestingEye, rest["eye"], f"{field}.resting.eye")
    cheek = category(RestingCheek, rest["cheek"], f"{field}.resting.cheek")
    mouth = category(RestingMouth, rest["mouth"], f"{field}.resting.mouth")
    vol = mapping(voluntary, f"{field}.voluntary", _EXPRESSIONS)
    syn = mapping(synkinesis, f"{field}.synkinesis", _EXPRESSIONS)
    vol_points = [integer_item(vol[k], f"{field}.voluntary.{k}", 1, 5) for k in _EXPRESSIONS]
    syn_points = [integer_item(syn[k], f"{field}.synkinesis.{k}", 0, 3) for k in _EXPRESSIONS]
    resting_score = RESTING_WEIGHT * (eye.points + cheek.points + mouth.points)
    voluntary_score = VOLUNTARY_WEIGHT * sum(vol_points)
    synkinesis_score = sum(syn_points)
    return SunnybrookScores(
        resting=resting_score,
        voluntary=voluntary_score,
        synkinesis=synkinesis_score,
        composite=voluntary_score - resting_score - synkinesis_score,
    )


def sunnybrook_composite_only(composite: object, *, field: str = "sunnybrook") -> SunnybrookScores:
    """A Sunnybrook entry where only the composite was recorded (integer -15..100)."""
    value = integer_item(composite, f"{field}.composite", COMPOSITE_MIN, COMPOSITE_MAX)
    return SunnybrookScores(resting=None, voluntary=None, synkinesis=None, composite=value)
