"""The live mirror's figures for one frame: excursions from rest, the side ratio, eye narrowing.

Pure functions on per-side lengths in millimetres (a :class:`FaceReading`), so that they can be
checked with property tests; :mod:`bellpath.face.live_session` strings frames together (rest
baseline, repetitions, prompts) and :mod:`bellpath.camera.live_frames` turns a camera frame into a
reading with the same detector and measures as ``bellpath photo``.

Per side (the person's own right and left), a reading holds three lengths of
:func:`bellpath.face.measures.measure_face`: the mouth corner's distance from the lower-lip midline
(commissure excursion), the brow height above the iris centre, and the eye aperture (palpebral
fissure). The **excursion** of a feature is its value minus its value at rest. The mouth corner's
excursion is measured against the REST lower-lip midline, not the current frame's (see
:class:`MouthPoints`): the landmark model lifts its lower-lip midline point during a smile even
where the lip has not moved, more when the right corner moves more, and a single-frame length
then reads a weaker LEFT corner short (issue 19). Each practised
movement has one main feature and a direction (:data:`MAIN_FEATURE`): a smile moves the mouth
corner outward (+), a pucker inward (-), a brow raise lifts the brow (+), a gentle closure closes
the eye (-). The **ratio** is the affected side's excursion over the healthy side's, reported
only once the healthy side has moved at least :data:`MIN_HEALTHY_MOVEMENT_MM`. The **eye
narrowing** is the fall of the eye aperture from rest, in percent of the rest aperture.

Prompts (plain words in :data:`PROMPT_TEXT`) and their thresholds:

* the affected eye narrows during a smile or pucker by more than :data:`NARROWING_PROMPT_PCT`
  (normal smile narrowing 21.56 % +/- 13.38 % in 50 normal subjects; the threshold is the mean
  plus one SD, see the constant);
* the healthy side overpowers the movement: ratio under :data:`OVERPOWER_RATIO` while the healthy
  side has moved at least :data:`OVERPOWER_MIN_HEALTHY_MM`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from bellpath.case import Side
from bellpath.face.measures import FaceMeasures, MeasureName
from bellpath.vocab.expressions import Expression

__all__ = [
    "BLINK_NARROWING_PCT",
    "LIVE_MOVEMENTS",
    "MAIN_FEATURE",
    "MIN_HEALTHY_MOVEMENT_MM",
    "NARROWING_MOVEMENTS",
    "NARROWING_PROMPT_PCT",
    "NORMAL_SMILE_NARROWING_PCT",
    "NORMAL_SMILE_NARROWING_SD_PCT",
    "OVERPOWER_MIN_HEALTHY_MM",
    "OVERPOWER_RATIO",
    "PROMPT_TEXT",
    "FaceReading",
    "Feature",
    "FrameFigures",
    "MouthPoints",
    "Prompt",
    "SideReading",
    "frame_figures",
    "narrowing_pct",
    "other_side",
    "prompt_for",
    "reading_from_measures",
    "side_ratio",
]


class Feature(StrEnum):
    """A per-side length the live mirror follows."""

    MOUTH_CORNER = "mouth_corner"
    BROW = "brow"
    EYE_APERTURE = "eye_aperture"


_MEASURE_OF: Final = MappingProxyType(
    {
        Feature.MOUTH_CORNER: MeasureName.COMMISSURE_EXCURSION,
        Feature.BROW: MeasureName.BROW_HEIGHT,
        Feature.EYE_APERTURE: MeasureName.PALPEBRAL_FISSURE,
    }
)

MAIN_FEATURE: Final[Mapping[Expression, tuple[Feature, int]]] = MappingProxyType(
    {
        Expression.SMILE: (Feature.MOUTH_CORNER, 1),
        Expression.PUCKER: (Feature.MOUTH_CORNER, -1),
        Expression.BROW_RAISE: (Feature.BROW, 1),
        Expression.GENTLE_CLOSURE: (Feature.EYE_APERTURE, -1),
    }
)
"""Each practised movement's main feature and its direction (+1: the length grows)."""

LIVE_MOVEMENTS: Final = tuple(MAIN_FEATURE)
"""The movements the live mirror measures (rest is the baseline taken at the start)."""

NARROWING_MOVEMENTS: Final = frozenset({Expression.SMILE, Expression.PUCKER})
"""Movements during which the eye should stay open (movement separation, issue 19)."""

NORMAL_SMILE_NARROWING_PCT: Final = 21.56
"""Mean eye narrowing during a smile in 50 normal subjects, percent of the rest aperture.
Computer-assisted assessment of ocular synkinesis: a comparison of methods. Laryngoscope 2013,
doi:10.1002/lary.23778 (eyes with synkinesis: 32.65 %, SD 13.68 %) [check: authors, pages]."""

NORMAL_SMILE_NARROWING_SD_PCT: Final = 13.38
"""Its standard deviation in the same normal subjects (same source)."""

NARROWING_PROMPT_PCT: Final = NORMAL_SMILE_NARROWING_PCT + NORMAL_SMILE_NARROWING_SD_PCT
"""Prompt when the affected eye narrows by more than this (34.94 %): the normal mean plus one SD,
beyond what about 84 % of normal smiles show. Not two SDs (48.3 %): the mean of eyes WITH
synkinesis (32.65 %) lies below even one SD above normal, so a stricter line would stay silent for
most of the eyes the prompt is for, and a gentle prompt costs little when it is wrong."""

BLINK_NARROWING_PCT: Final = 70.0
"""When the HEALTHY eye narrows by more than this too, the frame is a blink or a squeeze, not a
linked movement: no narrowing prompt (project convention [check]; a normal smile narrows the eye
by 21.56 +/- 13.38 %, so 70 % is beyond three SDs)."""

MIN_HEALTHY_MOVEMENT_MM: Final = 1.0
"""No ratio until the healthy side has moved at least this far in the movement's direction: a
ratio to nearly nothing means nothing (landmark noise is a few tenths of a millimetre)."""

OVERPOWER_RATIO: Final = 0.5
"""Prompt "let the strong side do less" when the affected side moves less than half as far as the
healthy side. Mirror retraining asks for small, slow, SYMMETRIC movements and holding back the
strong side rather than forcing the weak one (Diels 2000; Nakamura 2003). The 0.5 is this
project's convention [check: a facial therapist may set it per person]."""

OVERPOWER_MIN_HEALTHY_MM: Final = 3.0
"""...and only once the healthy side has moved at least this far (a clear movement, not the start
of one); project convention [check]."""


class Prompt(StrEnum):
    """A gentle, specific prompt during practice."""

    NARROWING = "narrowing"
    OVERPOWER = "overpower"


PROMPT_TEXT: Final[Mapping[Prompt, str]] = MappingProxyType(
    {
        Prompt.NARROWING: (
            "Your eye on the weaker side is closing a little as you move your mouth. "
            "Try a smaller, slower movement and let that eye stay soft and open."
        ),
        Prompt.OVERPOWER: (
            "The stronger side is doing most of the work. Try a smaller movement, "
            "so both sides of your mouth and face move about the same."
        ),
    }
)


def other_side(side: Side) -> Side:
    """The other side of the face."""
    return Side.LEFT if side is Side.RIGHT else Side.RIGHT


@dataclass(frozen=True, slots=True)
class SideReading:
    """One side's lengths, millimetres."""

    mouth_corner: float
    brow: float
    eye_aperture: float

    def get(self, feature: Feature) -> float:
        """The length of ``feature``."""
        value: float = getattr(self, feature.value)
        return value

    def minus(self, other: SideReading) -> SideReading:
        """Feature by feature difference ``self - other``."""
        return SideReading(*(self.get(f) - other.get(f) for f in Feature))


@dataclass(frozen=True, slots=True)
class MouthPoints:
    """Where the mouth corners and the lower-lip midline are, in the face frame, millimetres.

    The face frame (:func:`bellpath.face.geometry.face_frame`) is anchored on the iris centres,
    which a smile or a pucker does not move. The commissure excursion of a photo is the corner's
    distance from the lower-lip midline point of the SAME photo; between frames of a movement that
    point is a poor anchor: on the warped astronaut (a smile that leaves the lower lip where it
    is) the landmark model lifts it by 0.7-1.5 mm, by more when the right corner moves more, so
    a weaker left corner read 0.85-0.91 of its true ratio (0.71 through the page's JPEG) against
    0.98-1.01 for a weaker right one. Measured from the rest midline, fixed in the face frame:
    0.95-0.97 and 1.01-1.03 (0.91 and 1.07 through JPEG; docs/practice.md, "The live mirror").

    Attributes
    ----------
    right, left : tuple of float
        Each mouth corner ``(X, Y)``: ``X`` towards the person's left, ``Y`` up.
    lip_mid_y : float
        ``Y`` of the lower-lip midline point (``X = 0`` by definition of the excursion).
    """

    right: tuple[float, float]
    left: tuple[float, float]
    lip_mid_y: float

    def corner(self, side: Side) -> tuple[float, float]:
        """One mouth corner."""
        return self.right if side is Side.RIGHT else self.left

    def reach(self, side: Side, lip_mid_y: float) -> float:
        """The corner's distance from the midline point ``(0, lip_mid_y)``, mm."""
        x, y = self.corner(side)
        return math.hypot(x, y - lip_mid_y)

    def swapped(self) -> MouthPoints:
        """The points of the mirror image (sides exchanged, ``X`` negated)."""
        (rx, ry), (lx, ly) = self.right, self.left
        return MouthPoints((-lx, ly), (-rx, ry), self.lip_mid_y)

    @staticmethod
    def median(points: list[MouthPoints]) -> MouthPoints:
        """Coordinate-by-coordinate median of ``points`` (at least one)."""

        def med(values: list[float]) -> float:
            return float(statistics.median(values))

        return MouthPoints(
            (med([p.right[0] for p in points]), med([p.right[1] for p in points])),
            (med([p.left[0] for p in points]), med([p.left[1] for p in points])),
            med([p.lip_mid_y for p in points]),
        )


@dataclass(frozen=True, slots=True)
class FaceReading:
    """Both sides' lengths from one frame, millimetres (the person's right and left).

    ``mouth`` (when the frame gave landmarks) lets :meth:`minus` measure the mouth corners
    against the rest lower-lip midline (:class:`MouthPoints`).
    """

    right: SideReading
    left: SideReading
    mouth: MouthPoints | None = None

    def side(self, side: Side) -> SideReading:
        """One side's lengths."""
        return self.right if side is Side.RIGHT else self.left

    def swapped(self) -> FaceReading:
        """The reading of the mirror image (sides exchanged)."""
        mouth = self.mouth.swapped() if self.mouth is not None else None
        return FaceReading(self.left, self.right, mouth)

    def minus(self, baseline: FaceReading) -> FaceReading:
        """Excursions from ``baseline`` (rest), side by side.

        With mouth points in both, each mouth corner's excursion is the change of its distance
        from the REST lower-lip midline point; otherwise the change of the photo measure.
        """
        right, left = self.right.minus(baseline.right), self.left.minus(baseline.left)
        now, rest = self.mouth, baseline.mouth
        if now is None or rest is None:
            return FaceReading(right, left)

        def corner(s: Side) -> float:
            return now.reach(s, rest.lip_mid_y) - rest.reach(s, rest.lip_mid_y)

        return FaceReading(
            SideReading(corner(Side.RIGHT), right.brow, right.eye_aperture),
            SideReading(corner(Side.LEFT), left.brow, left.eye_aperture),
        )


def reading_from_measures(measures: FaceMeasures, mouth: MouthPoints | None = None) -> FaceReading:
    """The live mirror's lengths from the photo measures of one frame (and its mouth points)."""

    def side(s: Side) -> SideReading:
        values = [measures.bilateral[_MEASURE_OF[f]].side(s) for f in Feature]
        return SideReading(*values)

    return FaceReading(side(Side.RIGHT), side(Side.LEFT), mouth)


def side_ratio(
    affected_mm: float, healthy_mm: float, *, min_healthy_mm: float = MIN_HEALTHY_MOVEMENT_MM
) -> float | None:
    """Affected over healthy excursion (both signed in the movement's direction), at least 0.

    ``None`` while the healthy side has moved less than ``min_healthy_mm``. An affected side that
    moved the other way has not made the movement: 0, not a negative ratio.
    """
    if healthy_mm < min_healthy_mm:
        return None
    return max(0.0, affected_mm / healthy_mm)


def narrowing_pct(rest_aperture_mm: float, aperture_mm: float) -> float | None:
    """Fall of the eye aperture from rest, percent of the rest aperture (negative: wider).

    ``None`` when the rest aperture is not positive (no eye to narrow).
    """
    if rest_aperture_mm <= 0.0:
        return None
    return 100.0 * (rest_aperture_mm - aperture_mm) / rest_aperture_mm


@dataclass(frozen=True, slots=True)
class FrameFigures:
    """What the live mirror shows for one frame.

    Attributes
    ----------
    excursion : FaceReading
        Every feature's change from rest, mm (signed: + the length grew).
    affected_mm, healthy_mm : float
        The main feature's excursion in the movement's direction, each side.
    ratio : float or None
        ``affected_mm / healthy_mm`` (:func:`side_ratio`).
    eye_narrowing_pct, healthy_eye_narrowing_pct : float or None
        Narrowing of the affected and the healthy eye from rest.
    """

    movement: Expression
    affected_side: Side
    excursion: FaceReading
    affected_mm: float
    healthy_mm: float
    ratio: float | None
    eye_narrowing_pct: float | None
    healthy_eye_narrowing_pct: float | None

    @property
    def movement_mm(self) -> float:
        """How far the movement has gone: the larger side's excursion in its direction."""
        return max(self.affected_mm, self.healthy_mm)


def frame_figures(
    reading: FaceReading, baseline: FaceReading, *, movement: Expression, affected_side: Side
) -> FrameFigures:
    """The figures of one frame against the rest ``baseline``."""
    feature, direction = MAIN_FEATURE[movement]
    healthy_side = other_side(affected_side)
    exc = reading.minus(baseline)
    affected = direction * exc.side(affected_side).get(feature)
    healthy = direction * exc.side(healthy_side).get(feature)
    return FrameFigures(
        movement=movement,
        affected_side=affected_side,
        excursion=exc,
        affected_mm=affected,
        healthy_mm=healthy,
        ratio=side_ratio(affected, healthy),
        eye_narrowing_pct=narrowing_pct(
            baseline.side(affected_side).eye_aperture, reading.side(affected_side).eye_aperture
        ),
        healthy_eye_narrowing_pct=narrowing_pct(
            baseline.side(healthy_side).eye_aperture, reading.side(healthy_side).eye_aperture
        ),
    )


def prompt_for(
    figures: FrameFigures,
    *,
    narrowing_limit_pct: float = NARROWING_PROMPT_PCT,
    overpower_ratio: float = OVERPOWER_RATIO,
) -> Prompt | None:
    """The prompt this frame calls for, if any (the narrowing prompt first: it is the eye)."""
    narrowing = figures.eye_narrowing_pct
    healthy_narrowing = figures.healthy_eye_narrowing_pct
    blink = healthy_narrowing is not None and healthy_narrowing > BLINK_NARROWING_PCT
    if (
        figures.movement in NARROWING_MOVEMENTS
        and figures.movement_mm >= MIN_HEALTHY_MOVEMENT_MM
        and narrowing is not None
        and narrowing > narrowing_limit_pct
        and not blink
    ):
        return Prompt.NARROWING
    if (
        figures.ratio is not None
        and figures.healthy_mm >= OVERPOWER_MIN_HEALTHY_MM
        and figures.ratio < overpower_ratio
    ):
        return Prompt.OVERPOWER
    return None
