"""Ground truth for facial measurement: a real face warped on one side by known millimetres.

No patient photos ship with bellpath, so accuracy is checked on a real face photograph
(``skimage.data.astronaut()``: Eileen Collins, public domain, NASA) whose one side is moved by a
known displacement with a smooth local warp:

* ``mouth_corner``: the mouth corner moves DOWN by ``mm`` (as in a drooping commissure);
* ``brow``: the brow moves DOWN by ``mm`` (brow ptosis); the upper lid margin stays;
* ``eye_aperture``: the palpebral fissure narrows by ``mm``: the upper lid margin moves down and the
  lower lid margin up, ``mm / 2`` each, sliding OVER the iris (occlusion, as in ptosis); the iris
  centre stays as long as the lids do not reach it (8 mm on the astronaut covers it);
* ``upper_lid``: only the upper lid margin moves DOWN by ``mm`` over the iris (ptosis), the lower
  lid stays: MRD1 and the fissure change by ``-mm``, MRD2 not at all.

How the warp is built (face frame of :mod:`bellpath.face.geometry`: ``Y`` up): each warp is a
vertical displacement field ``d(X, Y) = -a * w(X, Y)`` defined on the OUTPUT image, where ``w`` is
a separable product of smoothstep ramps with a flat top (``w = 1``) around the feature's
DESTINATION. The output samples the input at ``p - d(p)`` (``cv2.remap``), so a feature point at
the centre of the flat top moves by exactly ``a``, and nearby points within the flat top too: the
ground truth does not hinge on where a detector puts the feature. Ramps that stretch tissue are at
least ``1.5 a`` long (``|dw/dY| * a < 1``), so the mapping never folds; ramps that compress tissue
end at fixed anatomy (the upper lid for the brow; for a lid, a steep 0.4 mm ramp 1.6 mm inside its
new margin, which hides the covered iris like a real lid), so the iris and the scale stay put.

For video ground truth, :class:`WarpAnimator` re-renders the face for any amounts per frame
(amounts can change continuously over time), restricting the work to the warped regions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.calibration import calibrate
from bellpath.face.geometry import FaceFrame, face_frame, polyline_y_at
from bellpath.face.indices import (
    BROW_LOWER,
    BROW_UPPER,
    IRIS_CENTRE,
    LID_LOWER,
    LID_UPPER,
    MIDLINE,
    MOUTH_CORNER,
)
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector, detect_single
from bellpath.face.measures import MeasureName

__all__ = [
    "ASTRONAUT_CROP",
    "LID_EDGE_MM",
    "SyntheticFace",
    "Warp",
    "WarpAnimator",
    "WarpTarget",
    "astronaut_face",
    "expected_changes",
    "make_synthetic_face",
    "warp_face",
]

FloatArray = NDArray[np.float64]

LID_EDGE_MM = 1.6
"""How far inside the new lid margin the lid moves as a block (its blurred edge moves whole)."""

ASTRONAUT_CROP = (20, 230, 120, 330)
"""``(row0, row1, col0, col1)`` of the face in ``skimage.data.astronaut()`` (512 x 512)."""


class WarpTarget(StrEnum):
    """What a synthetic warp moves."""

    MOUTH_CORNER = "mouth_corner"
    BROW = "brow"
    EYE_APERTURE = "eye_aperture"
    UPPER_LID = "upper_lid"

    @property
    def measures(self) -> tuple[MeasureName, ...]:
        """The measures this warp targets (their true change is known and not zero)."""
        return _TARGETED[self]

    @property
    def unchanged(self) -> tuple[MeasureName, ...]:
        """Measures of the warped side this warp leaves alone (true change zero)."""
        return (MeasureName.MRD2,) if self is WarpTarget.UPPER_LID else ()


_TARGETED: Mapping[WarpTarget, tuple[MeasureName, ...]] = {
    WarpTarget.MOUTH_CORNER: (
        MeasureName.COMMISSURE_HEIGHT_DEVIATION,
        MeasureName.COMMISSURE_EXCURSION,
        MeasureName.SMILE_ANGLE,
    ),
    WarpTarget.BROW: (MeasureName.BROW_HEIGHT,),
    WarpTarget.EYE_APERTURE: (MeasureName.PALPEBRAL_FISSURE, MeasureName.MRD1, MeasureName.MRD2),
    WarpTarget.UPPER_LID: (MeasureName.PALPEBRAL_FISSURE, MeasureName.MRD1),
}


@dataclass(frozen=True)
class Warp:
    """One side's feature moved by ``mm`` millimetres (``mm >= 0``)."""

    target: WarpTarget
    side: Side
    mm: float

    def __post_init__(self) -> None:
        if not (0.0 <= self.mm <= 12.0):
            raise InputError(
                "mm",
                f"'mm' must be between 0 and 12 millimetres (got {self.mm!r})",
                received=self.mm,
            )


@dataclass(frozen=True, eq=False)
class SyntheticFace:
    """A face image with its reference landmarks and scale.

    Attributes
    ----------
    image : ndarray, shape (H, W, 3), uint8
        RGB.
    landmarks : FaceLandmarks
        Reference landmarks of the UNWARPED image (where the features start from).
    mm_per_px : float
        Scale from the iris (11.77 mm) of the reference landmarks.
    """

    image: NDArray[np.uint8]
    landmarks: FaceLandmarks
    mm_per_px: float

    @functools.cached_property
    def frame(self) -> FaceFrame:
        """The face frame of the reference landmarks."""
        return face_frame(self.landmarks.points)

    @functools.cached_property
    def features(self) -> dict[str, float]:
        """Reference feature positions in the face frame, pixels (``Y`` up).

        Keys: ``{side}_iris_x``, ``{side}_upper_lid``, ``{side}_lower_lid``, ``{side}_brow``,
        ``{side}_corner_x``, ``{side}_corner_y`` for side in ``right``, ``left``, and
        ``lip_mid_y`` (lower-lip midline point).
        """
        fp = self.frame.to_frame(self.landmarks.xy)
        out: dict[str, float] = {"lip_mid_y": float(fp[MIDLINE["lower_lip_outer"], 1])}
        for s in Side:
            cx = float(fp[IRIS_CENTRE[s], 0])
            brow = (fp[list(BROW_UPPER[s])] + fp[list(BROW_LOWER[s])]) / 2.0
            out[f"{s.value}_iris_x"] = cx
            out[f"{s.value}_iris_y"] = float(fp[IRIS_CENTRE[s], 1])
            out[f"{s.value}_upper_lid"] = polyline_y_at(fp[list(LID_UPPER[s])], cx)
            out[f"{s.value}_lower_lid"] = polyline_y_at(fp[list(LID_LOWER[s])], cx)
            out[f"{s.value}_brow"] = polyline_y_at(brow, cx)
            out[f"{s.value}_corner_x"] = float(fp[MOUTH_CORNER[s], 0])
            out[f"{s.value}_corner_y"] = float(fp[MOUTH_CORNER[s], 1])
        return out


def make_synthetic_face(image: NDArray[np.uint8], detector: LandmarkDetector) -> SyntheticFace:
    """Wrap any face image as a :class:`SyntheticFace` (reference landmarks from ``detector``)."""
    lm = detect_single(detector, image)
    return SyntheticFace(image, lm, calibrate(lm).mm_per_px)


@functools.lru_cache(maxsize=4)
def astronaut_face(scale: float = 4.0) -> SyntheticFace:
    """The astronaut's face, cropped (:data:`ASTRONAUT_CROP`) and upscaled ``scale`` times.

    ``scale=4`` gives an 840 x 840 image with about 0.35 mm per pixel (like a phone portrait's
    face); ``scale=2`` a 420 x 420 one for quick video tests. Cached per scale; detection uses a
    fresh MediaPipe detector.
    """
    import cv2  # noqa: PLC0415 - heavy
    from skimage import data  # noqa: PLC0415 - heavy

    from bellpath.camera.mediapipe_detector import MediaPipeDetector  # noqa: PLC0415

    r0, r1, c0, c1 = ASTRONAUT_CROP
    photo: NDArray[np.uint8] = np.asarray(data.astronaut(), dtype=np.uint8)  # type: ignore[no-untyped-call]
    crop = np.ascontiguousarray(photo[r0:r1, c0:c1])
    size = (round((c1 - c0) * scale), round((r1 - r0) * scale))
    image: NDArray[np.uint8] = np.ascontiguousarray(
        cv2.resize(crop, size, interpolation=cv2.INTER_CUBIC), dtype=np.uint8
    )
    image.flags.writeable = False
    with MediaPipeDetector() as det:
        return make_synthetic_face(image, det)


def _smoothstep(t: FloatArray) -> FloatArray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _plateau(v: FloatArray, lo0: float, lo1: float, hi0: float, hi1: float) -> FloatArray:
    """0 below ``lo0``, rising smoothly to 1 at ``lo1``, 1 to ``hi0``, falling to 0 at ``hi1``."""
    rise = _smoothstep((v - lo0) / max(lo1 - lo0, 1e-9))
    fall = 1.0 - _smoothstep((v - hi0) / max(hi1 - hi0, 1e-9))
    return rise * fall


@dataclass(frozen=True)
class _Field:
    """A vertical displacement field: ``dY = amount_px * w(X, Y)`` on a face-frame box."""

    amount_px: float  # signed: negative = down
    x_profile: tuple[float, float, float, float]
    y_profile: tuple[float, float, float, float]

    def box(self) -> tuple[float, float, float, float]:
        return self.x_profile[0], self.x_profile[3], self.y_profile[0], self.y_profile[3]

    def dy(self, fx: FloatArray, fy: FloatArray) -> FloatArray:
        return self.amount_px * _plateau(fx, *self.x_profile) * _plateau(fy, *self.y_profile)


def _fields(face: SyntheticFace, warp: Warp) -> list[_Field]:
    """Displacement fields (face frame, pixels) realising ``warp`` on ``face``."""
    px = 1.0 / face.mm_per_px  # pixels per mm
    a = warp.mm * px
    f = face.features
    s = warp.side.value
    cx = f[f"{s}_iris_x"]
    stretch = max(6.0 * px, 2.0 * a)  # ramps that stretch tissue: |slope| * a <= 0.75
    if warp.target is WarpTarget.MOUTH_CORNER:
        kx, ky = f[f"{s}_corner_x"], f[f"{s}_corner_y"] - a
        r0 = 2.0 * px
        ramp = max(8.0 * px, 2.0 * a)
        xs = (kx - r0 - ramp, kx - r0, kx + r0, kx + r0 + ramp)
        ys = (ky - r0 - ramp, ky - r0, ky + r0, ky + r0 + ramp)
        return [_Field(-a, xs, ys)]
    eye_x = (cx - 12.0 * px, cx - 4.0 * px, cx + 4.0 * px, cx + 12.0 * px)
    if warp.target is WarpTarget.BROW:
        b = f[f"{s}_brow"] - a  # destination
        lid = f[f"{s}_upper_lid"]
        bottom = lid + 0.5 * px
        top_flat = 1.5 * px
        low_flat = min(1.5 * px, max(0.0, (b - bottom) / 2.0))
        brow_x = (cx - 18.0 * px, cx - 10.0 * px, cx + 10.0 * px, cx + 18.0 * px)
        ys = (bottom, b - low_flat, b + top_flat, b + top_flat + stretch)
        return [_Field(-a, brow_x, ys)]
    # eye aperture: each lid slides over the iris by a/2 (occlusion: the lid and its margin move
    # as a block down to LID_EDGE_MM inside the new margin, then a steep ramp back to the
    # unmoved iris), the iris itself stays unless the lids reach its centre
    upper_only = warp.target is WarpTarget.UPPER_LID
    h = a if upper_only else a / 2.0
    up = f[f"{s}_upper_lid"] - h
    low = f[f"{s}_lower_lid"] + (0.0 if upper_only else h)
    flat = 2.0 * px
    steep = 0.4 * px
    # the two lid blocks must not overlap when the eye nearly closes
    edge = max(0.0, min(LID_EDGE_MM * px, (up - low) / 2.0 - steep))
    up_ys = (up - edge - steep, up - edge, up + flat, up + flat + stretch)
    low_ys = (low - flat - stretch, low - flat, low + edge, low + edge + steep)
    if upper_only:
        return [_Field(-h, eye_x, up_ys)]
    return [_Field(-h, eye_x, up_ys), _Field(h, eye_x, low_ys)]


def warp_face(face: SyntheticFace, warps: Iterable[Warp]) -> NDArray[np.uint8]:
    """The face image with every warp applied (one RGB ``uint8`` copy).

    Warps on different features of one side add up; where their fields overlap (a large brow
    warp with a large eye warp) the displacement there is the sum, so the ground truth of
    combined warps is approximate.
    """
    import cv2  # noqa: PLC0415 - heavy

    fields = [fld for w in warps if w.mm > 0 for fld in _fields(face, w)]
    out = np.array(face.image, copy=True)
    if not fields:
        return out
    h, w = out.shape[:2]
    frame = face.frame
    corners = []
    for fld in fields:
        x0, x1, y0, y1 = fld.box()
        box = np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]])
        corners.append(frame.to_image(box))
    allc = np.concatenate(corners)
    c0, r0 = np.floor(allc.min(axis=0)).astype(int) - 2
    c1, r1 = np.ceil(allc.max(axis=0)).astype(int) + 2
    c0, r0, c1, r1 = max(c0, 0), max(r0, 0), min(c1, w), min(r1, h)
    if c1 <= c0 or r1 <= r0:
        return out
    cols, rows = np.meshgrid(np.arange(c0, c1) + 0.5, np.arange(r0, r1) + 0.5)
    pix = np.stack([cols, rows], axis=-1)
    fr = frame.to_frame(pix.reshape(-1, 2)).reshape(pix.shape)
    dy = np.zeros(cols.shape)
    for fld in fields:
        dy += fld.dy(fr[..., 0], fr[..., 1])
    # source = p - d, d = dy * y_axis (image coordinates), minus 0.5 for cv2 pixel centres
    map_x = (cols - dy * frame.y_axis[0] - 0.5).astype(np.float32)
    map_y = (rows - dy * frame.y_axis[1] - 0.5).astype(np.float32)
    patch = cv2.remap(
        np.ascontiguousarray(face.image),
        map_x,
        map_y,
        interpolation=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REFLECT,
    )
    out[r0:r1, c0:c1] = patch
    return out


def expected_changes(face: SyntheticFace, warp: Warp) -> dict[MeasureName, float]:
    """True change of each targeted measure on the warped side, mm (degrees for smile angle).

    Signed: ``after - before`` on ``warp.side`` for bilateral measures; for
    ``commissure_height_deviation``, the change of (height of the other corner minus height of the
    warped one), i.e. ``+mm`` when the warped corner drops by ``mm``.
    """
    mm = warp.mm
    if warp.target is WarpTarget.BROW:
        return {MeasureName.BROW_HEIGHT: -mm}
    if warp.target is WarpTarget.UPPER_LID:
        return {MeasureName.PALPEBRAL_FISSURE: -mm, MeasureName.MRD1: -mm}
    if warp.target is WarpTarget.EYE_APERTURE:
        return {
            MeasureName.PALPEBRAL_FISSURE: -mm,
            MeasureName.MRD1: -mm / 2.0,
            MeasureName.MRD2: -mm / 2.0,
        }
    f = face.features
    s = warp.side.value
    to_mm = face.mm_per_px
    kx = abs(f[f"{s}_corner_x"]) * to_mm
    ky = (f[f"{s}_corner_y"] - f["lip_mid_y"]) * to_mm
    before_len, after_len = float(np.hypot(kx, ky)), float(np.hypot(kx, ky - mm))
    before_ang = float(np.degrees(np.arctan2(ky, kx)))
    after_ang = float(np.degrees(np.arctan2(ky - mm, kx)))
    return {
        MeasureName.COMMISSURE_HEIGHT_DEVIATION: mm,
        MeasureName.COMMISSURE_EXCURSION: after_len - before_len,
        MeasureName.SMILE_ANGLE: after_ang - before_ang,
    }


class WarpAnimator:
    """Render a face with warps whose amounts change over time (video ground truth).

    Example
    -------
    >>> anim = WarpAnimator(astronaut_face(2.0))              # doctest: +SKIP
    >>> for t in np.linspace(0, 2, 60):                       # doctest: +SKIP
    ...     smile = 3.0 * np.sin(np.pi * t / 2) ** 2
    ...     frame = anim.render({(WarpTarget.MOUTH_CORNER, Side.LEFT): smile})
    """

    def __init__(self, face: SyntheticFace) -> None:
        self.face = face

    @property
    def mm_per_px(self) -> float:
        """Scale of the rendered frames."""
        return self.face.mm_per_px

    def render(self, amounts: Mapping[tuple[WarpTarget, Side], float]) -> NDArray[np.uint8]:
        """One frame with ``amounts[(target, side)]`` millimetres of each warp."""
        return warp_face(self.face, [Warp(t, s, float(mm)) for (t, s), mm in amounts.items()])

    def frames(
        self, schedule: Sequence[Mapping[tuple[WarpTarget, Side], float]]
    ) -> Iterable[NDArray[np.uint8]]:
        """Lazily render one frame per entry of ``schedule`` (never holds them all)."""
        for amounts in schedule:
            yield self.render(amounts)
