"""Facial measures from landmarks: pure geometry in the face frame, in millimetres and degrees.

Every measure follows Emotrics (Guarin et al. 2018; clinical.md section 7) where Emotrics defines
it, and Dynaface (eye, mouth and dental areas, facial asymmetry index) otherwise; the formulas are
in :func:`measure_face` and docs/photo-measures.md. Sides are the PERSON's own right and left.

References
----------
Guarin DL, Dusseldorp J, Hadlock TA, Jowett N. A machine learning approach for automated facial
measurements in facial palsy. JAMA Facial Plast Surg. 2018;20(4):335-337.
doi:10.1001/jamafacial.2018.0030
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.face.calibration import Calibration, calibrate
from bellpath.face.geometry import (
    FaceFrame,
    face_frame,
    polygon_area,
    polyline_y_at,
    segment_angle_deg,
    side_sign,
)
from bellpath.face.indices import (
    BROW_LOWER,
    BROW_UPPER,
    EYE_CONTOUR,
    INNER_LIP_LOWER,
    INNER_LIP_UPPER,
    IRIS_CENTRE,
    LID_LOWER,
    LID_UPPER,
    LIP_LOWER,
    LIP_UPPER,
    MIDLINE,
    MIRROR_PAIRS,
    MOUTH_CORNER,
)
from bellpath.face.landmarks import FaceLandmarks
from bellpath.face.pose import HeadPose, estimate_pose
from bellpath.vocab.measures import MeasureName, MeasureUnit

__all__ = [
    "LEVEL_TOLERANCE_PX",
    "PERCENT_MIN_HEALTHY",
    "BilateralMeasure",
    "FaceMeasures",
    "MeasureName",
    "SingleMeasure",
    "Unit",
    "measure_face",
]

FloatArray = NDArray[np.float64]

PERCENT_MIN_HEALTHY = 0.5
"""Below this magnitude of the healthy side's value (mm, degrees or mm2) the percent difference
is not reported (``None``): a ratio to nearly zero means nothing (a smile angle of 0.2 degrees)."""


LEVEL_TOLERANCE_PX = 1e-6
"""Two heights closer than this (pixels: numerical noise) are level: no lower side is named."""


Unit = MeasureUnit
"""Units of the measures (:class:`bellpath.vocab.MeasureUnit`)."""


@dataclass(frozen=True)
class BilateralMeasure:
    """A measure on each side.

    Attributes
    ----------
    right, left : float
        The person's right and left values.
    difference : float
        Absolute difference :math:`|r - l|`.
    percent : float or None
        Signed percent difference of the affected side from the healthy side,
        :math:`100\\,(a - h)/|h|`; ``None`` when the affected side is not given, or when
        :math:`|h|` < :data:`PERCENT_MIN_HEALTHY`.
    unit : Unit
    """

    right: float
    left: float
    difference: float
    percent: float | None
    unit: Unit

    def side(self, side: Side) -> float:
        """The value on ``side``."""
        return self.right if side is Side.RIGHT else self.left

    def to_json(self) -> dict[str, object]:
        """``{"right", "left", "difference", "percent", "unit"}``."""
        return {
            "right": self.right,
            "left": self.left,
            "difference": self.difference,
            "percent": self.percent,
            "unit": self.unit.value,
        }


@dataclass(frozen=True)
class SingleMeasure:
    """A single-number measure.

    Attributes
    ----------
    value : float
    unit : Unit
    side : Side or None
        For height deviations, the side that is LOWER (``None`` when level); ``None`` for the
        other single measures.
    """

    value: float
    unit: Unit
    side: Side | None = None

    def to_json(self) -> dict[str, object]:
        """``{"value", "unit", "side"}``."""
        return {
            "value": self.value,
            "unit": self.unit.value,
            "side": self.side.value if self.side else None,
        }


@dataclass(frozen=True)
class FaceMeasures:
    """Every measure of one face, with the pose and the calibration used.

    ``to_json()`` gives the ``affected_side``, ``calibration``, ``pose`` and ``measures`` parts of
    the photo JSON contract (issue 4); the photo edge adds ``file``, ``expression`` and
    ``warnings``.
    """

    bilateral: Mapping[MeasureName, BilateralMeasure]
    single: Mapping[MeasureName, SingleMeasure]
    pose: HeadPose
    calibration: Calibration
    affected_side: Side | None

    def __getitem__(self, name: MeasureName) -> BilateralMeasure | SingleMeasure:
        if name in self.bilateral:
            return self.bilateral[name]
        return self.single[name]

    def to_json(self) -> dict[str, object]:
        """The measurement part of the photo JSON contract."""
        measures: dict[str, object] = {}
        for name in MeasureName:
            if name in self.bilateral:
                measures[name.value] = self.bilateral[name].to_json()
            elif name in self.single:
                measures[name.value] = self.single[name].to_json()
        return {
            "affected_side": self.affected_side.value if self.affected_side else None,
            "calibration": self.calibration.to_json(),
            "pose": self.pose.to_json(),
            "measures": measures,
        }


def _bilateral(
    right: float, left: float, unit: Unit, affected_side: Side | None
) -> BilateralMeasure:
    percent: float | None = None
    if affected_side is not None:
        affected = right if affected_side is Side.RIGHT else left
        healthy = left if affected_side is Side.RIGHT else right
        if abs(healthy) >= PERCENT_MIN_HEALTHY:
            percent = 100.0 * (affected - healthy) / abs(healthy)
    return BilateralMeasure(float(right), float(left), float(abs(right - left)), percent, unit)


def _clip_half(polygon: FloatArray, side: Side) -> FloatArray:
    """Clip a face-frame polygon to one half of the face (Sutherland-Hodgman, one edge X = 0)."""
    sign = side_sign(side)
    out: list[FloatArray] = []
    n = polygon.shape[0]
    for i in range(n):
        cur, nxt = polygon[i], polygon[(i + 1) % n]
        cur_in, nxt_in = sign * cur[0] >= 0, sign * nxt[0] >= 0
        if cur_in:
            out.append(cur)
        if cur_in != nxt_in:
            t = cur[0] / (cur[0] - nxt[0])
            out.append(cur + t * (nxt - cur))
    return np.array(out) if out else np.zeros((0, 2))


def _closed_lip_polygon(
    pts: FloatArray,
    upper: Mapping[Side, tuple[int, ...]],
    lower: Mapping[Side, tuple[int, ...]],
) -> FloatArray:
    """Closed lip polygon: upper contour right corner -> left corner, lower contour back.

    Each contour tuple runs from the corner to the midline point.
    """
    up = list(upper[Side.RIGHT]) + list(reversed(upper[Side.LEFT][:-1]))
    low = list(lower[Side.LEFT][1:]) + list(reversed(lower[Side.RIGHT][1:-1]))
    return pts[up + low]


def _side_features(fp: FloatArray, side: Side) -> dict[str, float]:
    """Per-side lengths in pixels of the face frame (``fp``: all landmarks in the frame)."""
    c = fp[IRIS_CENTRE[side]]
    upper = polyline_y_at(fp[list(LID_UPPER[side])], c[0])
    lower = polyline_y_at(fp[list(LID_LOWER[side])], c[0])
    brow_mid = (fp[list(BROW_UPPER[side])] + fp[list(BROW_LOWER[side])]) / 2.0
    brow = polyline_y_at(brow_mid, c[0])
    corner = fp[MOUTH_CORNER[side]]
    lip_mid = np.array([0.0, fp[MIDLINE["lower_lip_outer"], 1]])
    return {
        "brow_height": brow - c[1],
        "mrd1": upper - c[1],
        "mrd2": c[1] - lower,
        "palpebral_fissure": upper - lower,
        "commissure_excursion": float(np.linalg.norm(corner - lip_mid)),
        "smile_angle": segment_angle_deg(lip_mid, corner),
        "eye_area": polygon_area(fp[list(EYE_CONTOUR[side])]),
    }


def _height_deviation(
    fp: FloatArray, contour: Mapping[Side, tuple[int, ...]], half_width: float
) -> SingleMeasure:
    """Height difference of a lip contour at mirrored points mid-way along each half."""
    ys = {s: polyline_y_at(fp[list(contour[s])], side_sign(s) * half_width / 2.0) for s in Side}
    return SingleMeasure(
        abs(ys[Side.RIGHT] - ys[Side.LEFT]), Unit.MM, _lower_side(ys[Side.RIGHT], ys[Side.LEFT])
    )


def _lower_side(right_y: float, left_y: float) -> Side | None:
    """The side whose point is lower (face frame ``Y``); ``None`` when level."""
    if abs(right_y - left_y) < LEVEL_TOLERANCE_PX:
        return None
    return Side.RIGHT if right_y < left_y else Side.LEFT


def facial_asymmetry_px(fp: FloatArray) -> float:
    """Mean distance (pixels) between each paired mesh landmark and its partner's mirror image.

    Notes
    -----
    :math:`\\mathrm{FAI} = \\frac{1}{|P|} \\sum_{(i,j) \\in P} \\lVert p_i - M p_j \\rVert` over
    the mirror pairs :math:`P` (:data:`~bellpath.face.indices.MIRROR_PAIRS`, self-paired midline
    points and irises excluded, which follow gaze) in the face frame, with :math:`M(X, Y) = (-X, Y)`
    the reflection across the midline. Zero for a perfectly symmetric face.
    """
    pairs = np.asarray(MIRROR_PAIRS[:468])
    idx = np.nonzero(pairs != np.arange(468))[0]
    partner = fp[pairs[idx]] * np.array([-1.0, 1.0])
    return float(np.mean(np.linalg.norm(fp[idx] - partner, axis=1)))


def measure_face(
    landmarks: FaceLandmarks,
    *,
    affected_side: Side | None,
    calibration: Calibration | None = None,
) -> FaceMeasures:
    """Measure a face from its landmarks.

    Parameters
    ----------
    landmarks : FaceLandmarks
        478 landmarks in pixels (ideally mirror-consistent and refined, see
        :class:`bellpath.camera.mirror.MirrorConsistentDetector` and :mod:`bellpath.camera.refine`).
    affected_side : Side or None
        The side the user says is affected; never guessed. ``None``: percent differences are not
        reported.
    calibration : Calibration, optional
        Scale; by default from the iris (:func:`~bellpath.face.calibration.calibrate`).

    Returns
    -------
    FaceMeasures

    Notes
    -----
    In the face frame (:func:`~bellpath.face.geometry.face_frame`: inter-iris line horizontal,
    ``Y`` up, midline ``X = 0``), with iris centre :math:`c`, lid and brow contours read where
    they cross the vertical :math:`X = c_X`:

    * brow height :math:`= Y_{brow}(c_X) - c_Y`, the brow line being the mean of its upper and
      lower contours;
    * MRD1 :math:`= Y_{upper\\,lid}(c_X) - c_Y`; MRD2 :math:`= c_Y - Y_{lower\\,lid}(c_X)`;
      palpebral fissure :math:`=` MRD1 + MRD2;
    * commissure excursion :math:`= \\lVert k - m \\rVert` with :math:`k` the mouth corner and
      :math:`m = (0, Y_{17})` the lower-lip midline point projected on the midline;
      smile angle :math:`= \\operatorname{atan2}(k_Y - m_Y, |k_X - m_X|)`;
    * eye area: shoelace area of the lid contour; mouth / dental area: the outer / inner lip
      polygon clipped to each half (``X < 0`` right, ``X > 0`` left);
    * commissure height deviation :math:`= |k_{R,Y} - k_{L,Y}|`; upper / lower lip height
      deviation: the same for the outer upper / lower lip contour at :math:`X = \\pm w/2`,
      :math:`w` the mean of the corners' :math:`|k_X|`; each reports the lower side;
    * dental show: inner upper-lip minus inner lower-lip contour height at the midline,
      :math:`\\ge 0`;
    * facial asymmetry index: :func:`facial_asymmetry_px` in mm.

    Lengths convert with ``calibration.mm_per_px`` (areas with its square).
    """
    cal = calibration if calibration is not None else calibrate(landmarks)
    frame: FaceFrame = face_frame(landmarks.points)
    fp = frame.to_frame(landmarks.xy)
    feats = {s: _side_features(fp, s) for s in Side}
    mm, mm2 = cal.mm_per_px, cal.mm_per_px**2

    bilateral: dict[MeasureName, BilateralMeasure] = {}
    for name in (
        MeasureName.BROW_HEIGHT,
        MeasureName.MRD1,
        MeasureName.MRD2,
        MeasureName.PALPEBRAL_FISSURE,
        MeasureName.COMMISSURE_EXCURSION,
    ):
        r, l_ = feats[Side.RIGHT][name.value] * mm, feats[Side.LEFT][name.value] * mm
        bilateral[name] = _bilateral(r, l_, Unit.MM, affected_side)
    bilateral[MeasureName.SMILE_ANGLE] = _bilateral(
        feats[Side.RIGHT]["smile_angle"],
        feats[Side.LEFT]["smile_angle"],
        Unit.DEGREES,
        affected_side,
    )
    bilateral[MeasureName.EYE_AREA] = _bilateral(
        feats[Side.RIGHT]["eye_area"] * mm2,
        feats[Side.LEFT]["eye_area"] * mm2,
        Unit.MM2,
        affected_side,
    )
    outer = _closed_lip_polygon(fp, LIP_UPPER, LIP_LOWER)
    inner = _closed_lip_polygon(fp, INNER_LIP_UPPER, INNER_LIP_LOWER)
    for name, poly in ((MeasureName.MOUTH_AREA, outer), (MeasureName.DENTAL_AREA, inner)):
        areas = {s: polygon_area(_clip_half(poly, s)) * mm2 for s in Side}
        bilateral[name] = _bilateral(areas[Side.RIGHT], areas[Side.LEFT], Unit.MM2, affected_side)

    corners = {s: fp[MOUTH_CORNER[s]] for s in Side}
    lower_corner = _lower_side(float(corners[Side.RIGHT][1]), float(corners[Side.LEFT][1]))
    half_width = (abs(corners[Side.RIGHT][0]) + abs(corners[Side.LEFT][0])) / 2.0
    upper_dev = _height_deviation(fp, LIP_UPPER, half_width)
    lower_dev = _height_deviation(fp, LIP_LOWER, half_width)
    inner_up = polyline_y_at(fp[list(INNER_LIP_UPPER[Side.RIGHT] + INNER_LIP_UPPER[Side.LEFT])], 0)
    inner_low = polyline_y_at(fp[list(INNER_LIP_LOWER[Side.RIGHT] + INNER_LIP_LOWER[Side.LEFT])], 0)
    single = {
        MeasureName.COMMISSURE_HEIGHT_DEVIATION: SingleMeasure(
            float(abs(corners[Side.RIGHT][1] - corners[Side.LEFT][1]) * mm), Unit.MM, lower_corner
        ),
        MeasureName.UPPER_LIP_HEIGHT_DEVIATION: SingleMeasure(
            upper_dev.value * mm, Unit.MM, upper_dev.side
        ),
        MeasureName.LOWER_LIP_HEIGHT_DEVIATION: SingleMeasure(
            lower_dev.value * mm, Unit.MM, lower_dev.side
        ),
        MeasureName.DENTAL_SHOW: SingleMeasure(max(0.0, inner_up - inner_low) * mm, Unit.MM),
        MeasureName.FACIAL_ASYMMETRY_INDEX: SingleMeasure(facial_asymmetry_px(fp) * mm, Unit.MM),
    }
    return FaceMeasures(bilateral, single, estimate_pose(landmarks), cal, affected_side)
