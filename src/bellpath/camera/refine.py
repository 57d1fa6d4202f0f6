"""Refine lid margins, brows and mouth corners from the image, against the model's symmetry bias.

Landmark models trained on healthy faces pull an asymmetric face towards symmetry: on a face with a
known local warp, raw MediaPipe moved the brow landmarks by about 0.67 of the true displacement and
the lid landmarks by about 0.5. That hides brow droop and eye narrowing, exactly what a clinician
looks for. This module re-locates, on each side, the three features the eye and brow measures read,
straight from the image, along the vertical through the iris centre (face frame of
:mod:`bellpath.face.geometry`):

* upper lid margin: the strongest dark-to-bright step going UP from the iris (iris or lashes below,
  lid skin above), searched from 3 mm below to 2 mm above the landmark estimate (never below the
  iris centre);
* lower lid margin: the strongest dark-to-bright step going DOWN from the iris, searched from 2 mm
  below to 3 mm above the estimate;
* brow: the darkest point of the brow band, searched from 7 mm below (but at least 2 mm above
  the upper lid, clear of the lashes) to 3 mm above.

The windows reach further in the direction the model under-reports (a drooping brow or a closing
eye). Each profile is the mean of 7 columns across ``+-1.5 mm`` around the iris centre, resampled
every 0.25 pixel and smoothed (Gaussian, 0.3 mm for lids, 0.8 mm for the brow); extremes are
located to sub-pixel precision by a parabola through the three samples around them.

The image edge and the landmark model need not agree on where exactly a margin lies (lashes, lid
shadow), so the refined position is the image feature :math:`e_s` plus a constant offset
:math:`c` per feature (:attr:`RefineSettings.offsets_mm`: MediaPipe minus image feature, measured
on a symmetric real face): :math:`\\hat m_s = e_s + c`. Both sides get the same constant, so the
SIDE DIFFERENCE comes from the image alone and a mirrored photo still gives swapped sides. (Taking
the offset from the same photo would let the model's bias on the affected side leak back in.) If
a feature is not found on both sides (no contrast, the extreme on the window border, or an eye
nearly closed: see :attr:`RefineSettings.min_open_fissure_mm`), it is left as detected and
reported in :attr:`Refinement.skipped`.

The mouth corners are refined by matching each against its mirrored partner
(:mod:`bellpath.camera._mouth`).

The lid (or brow) contour points then move by :math:`\\hat m_s - m_s`, fully within one iris radius
of the iris centre's vertical and tapering linearly to zero at the eye corners (brow: at 15 mm).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from bellpath.camera._mouth import MouthSettings, apply_corner_shifts, refine_mouth_corners
from bellpath.case import Side
from bellpath.face.calibration import IRIS_DIAMETER_MM, calibrate
from bellpath.face.geometry import FaceFrame, face_frame, polyline_y_at
from bellpath.face.indices import (
    BROW_LOWER,
    BROW_UPPER,
    IRIS_CENTRE,
    LID_LOWER,
    LID_UPPER,
)
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector, check_image

__all__ = [
    "REFINE_SETTINGS",
    "RefineSettings",
    "RefinedDetector",
    "Refinement",
    "refine_landmarks",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class RefineSettings:
    """Search windows and smoothing, millimetres (see the module notes)."""

    band_half_width_mm: float = 1.5
    lid_sigma_mm: float = 0.3
    brow_sigma_mm: float = 0.5
    upper_lid_window_mm: tuple[float, float] = (-3.0, 2.0)
    lower_lid_window_mm: tuple[float, float] = (-2.0, 3.0)
    brow_window_mm: tuple[float, float] = (-7.0, 3.0)
    brow_lid_clearance_mm: float = 2.0
    iris_clearance_mm: float = 0.3
    min_open_fissure_mm: float = 3.0
    """Below this lid-to-lid distance (per the model) an eye counts as nearly closed: the search,
    anchored on the iris, would then pick up the lid crease, so the lids are left as detected."""
    min_contrast: float = 8.0
    """Least grey-level step (0-255) or brow dip that counts as a feature."""
    brow_taper_mm: tuple[float, float] = (6.0, 15.0)
    mouth: MouthSettings | None = field(default_factory=MouthSettings)
    """Mouth-corner matching (:mod:`bellpath.camera._mouth`); ``None`` turns it off."""
    offsets_mm: tuple[tuple[str, float], ...] = (("upper", -0.8), ("lower", -0.5), ("brow", 1.0))
    """Landmark-model position minus image feature, per feature: where MediaPipe puts the margin
    relative to the strongest edge (lid) or the darkest line (brow); the mean of both sides on a
    symmetric real face (the astronaut reference of :mod:`bellpath.camera.synthetic`)."""


REFINE_SETTINGS: Final = RefineSettings()


@dataclass(frozen=True)
class Refinement:
    """What refinement did: per feature and side, the shift applied (pixels, face frame ``Y``)."""

    landmarks: FaceLandmarks
    shifts_px: dict[str, float] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()


def _grey_roi(
    image: NDArray[np.uint8], landmarks: FaceLandmarks
) -> tuple[NDArray[np.float32], NDArray[np.float64]]:
    """Grey levels of the face's bounding box (+ a quarter of its size) and the box's corner.

    Only the face is converted, so a 12-megapixel photo costs no more than a small one.
    """
    import cv2  # noqa: PLC0415 - heavy

    rgb = check_image(image)
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = landmarks.bbox()
    mx, my = (x1 - x0) / 4.0, (y1 - y0) / 4.0
    c0, r0 = max(int(x0 - mx), 0), max(int(y0 - my), 0)
    c1, r1 = min(int(x1 + mx) + 1, w), min(int(y1 + my) + 1, h)
    roi = np.ascontiguousarray(rgb[r0:r1, c0:c1])
    grey = cv2.cvtColor(roi, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return grey, np.array([c0, r0], dtype=np.float64)


def _profile(
    grey: NDArray[np.float32],
    frame: FaceFrame,
    cx: float,
    ys: FloatArray,
    half_width: float,
) -> FloatArray:
    """Mean grey level along face-frame ``Y = ys`` over 7 columns ``cx +- half_width``."""
    import cv2  # noqa: PLC0415 - heavy

    xs = cx + np.linspace(-half_width, half_width, 7)
    gx, gy = np.meshgrid(xs, ys)
    pts = frame.to_image(np.stack([gx.ravel(), gy.ravel()], axis=1)).reshape((*gx.shape, 2))
    vals = cv2.remap(
        grey,
        (pts[..., 0] - 0.5).astype(np.float32),
        (pts[..., 1] - 0.5).astype(np.float32),
        interpolation=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    out: FloatArray = np.asarray(vals, dtype=np.float64).mean(axis=1)
    return out


def _smooth(v: FloatArray, sigma_samples: float) -> FloatArray:
    """Gaussian smoothing (edges extended), in plain numpy: no SciPy import on the hot path."""
    sigma = max(sigma_samples, 0.5)
    r = int(np.ceil(3.0 * sigma))
    x = np.arange(-r, r + 1, dtype=np.float64)
    kernel = np.exp(-0.5 * (x / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.concatenate([np.full(r, v[0]), v, np.full(r, v[-1])])
    return np.convolve(padded, kernel, mode="valid")


def _extreme(
    v: FloatArray, *, maximum: bool, inside: NDArray[np.bool_]
) -> tuple[int, float, float] | None:
    """Index, sub-sample offset and prominence of the most prominent local extreme of ``v``.

    Only local extremes at ``inside`` positions are candidates (a value on the window border is
    no feature: the true one lies outside); prominence is how far a candidate stands out from the
    higher (for minima) of the two sides' extremes over the whole, padded profile. ``None`` when
    there is no candidate.
    """
    w = v if maximum else -v
    inner = np.nonzero((w[1:-1] >= w[:-2]) & (w[1:-1] > w[2:]) & inside[1:-1])[0] + 1
    if inner.size == 0:
        return None
    prominence = [w[i] - max(w[: i + 1].min(), w[i:].min()) for i in inner]
    best = int(np.argmax(prominence))
    i = int(inner[best])
    a, b, c = v[i - 1], v[i], v[i + 1]
    denom = a - 2 * b + c
    off = 0.5 * (a - c) / denom if abs(denom) > 1e-12 else 0.0
    return i, float(np.clip(off, -0.5, 0.5)), float(prominence[best])


@dataclass(frozen=True)
class _Probe:
    """Where to look: the image, the face frame, the iris column and the scale."""

    grey: NDArray[np.float32]
    frame: FaceFrame
    cx: float
    px_per_mm: float
    cfg: RefineSettings

    def sample(
        self, window: tuple[float, float], sigma_mm: float
    ) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
        """Smoothed profile around ``window`` (face-frame ``Y``, padded by 3 brow sigmas), its
        ``Y`` positions and the mask of those inside the window."""
        step = _STEP
        pad = 3.0 * self.cfg.brow_sigma_mm * self.px_per_mm
        lo, hi = window
        ys = np.arange(lo - pad, hi + pad, step)
        half = self.cfg.band_half_width_mm * self.px_per_mm
        prof = _smooth(
            _profile(self.grey, self.frame, self.cx, ys, half), sigma_mm * self.px_per_mm / step
        )
        inside = (ys >= lo) & (ys <= hi)
        return ys, prof, inside


_STEP = 0.25  # profile sampling step, pixels


def _find_brow(probe: _Probe, window: tuple[float, float]) -> float | None:
    """Face-frame ``Y`` (pixels) of the darkest line of the brow in ``window``; ``None``."""
    if window[1] - window[0] < 4 * _STEP:
        return None
    ys, prof, inside = probe.sample(window, probe.cfg.brow_sigma_mm)
    found = _extreme(prof, maximum=False, inside=inside)
    if found is None:
        return None
    i, off, dip = found
    if dip < probe.cfg.min_contrast:
        return None
    return float(ys[i] + off * _STEP)


def _find_lid(probe: _Probe, window: tuple[float, float], *, upper: bool) -> float | None:
    """Face-frame ``Y`` (pixels) of the strongest lid step in ``window``; ``None``."""
    if window[1] - window[0] < 4 * _STEP:
        return None
    ys, prof, inside = probe.sample(window, probe.cfg.lid_sigma_mm)
    grad = np.gradient(prof, _STEP)  # dI/dY, Y up
    found = _extreme(grad, maximum=upper, inside=inside)
    if found is None:
        return None
    i, off, _ = found
    step_height = abs(grad[i]) * probe.cfg.lid_sigma_mm * probe.px_per_mm * 2.5
    if step_height < probe.cfg.min_contrast:
        return None
    return float(ys[i] + off * _STEP)


def _taper(dx: FloatArray, full: float, zero: float) -> FloatArray:
    w = 1.0 - (np.abs(dx) - full) / max(zero - full, 1e-9)
    return np.clip(w, 0.0, 1.0)


def _find_all(
    probe_of: dict[Side, _Probe], fp: FloatArray, settings: RefineSettings
) -> dict[str, dict[Side, tuple[float, float]]]:
    """``{feature: {side: (model Y, image Y)}}`` for the features found (face frame, pixels)."""
    found: dict[str, dict[Side, tuple[float, float]]] = {"upper": {}, "lower": {}, "brow": {}}
    for side, probe in probe_of.items():
        ppm = probe.px_per_mm
        c = fp[IRIS_CENTRE[side]]
        clear = settings.iris_clearance_mm * ppm
        m_up = polyline_y_at(fp[list(LID_UPPER[side])], c[0])
        m_low = polyline_y_at(fp[list(LID_LOWER[side])], c[0])
        m_brow = polyline_y_at(
            (fp[list(BROW_UPPER[side])] + fp[list(BROW_LOWER[side])]) / 2.0, c[0]
        )
        uw, lw, bw = (
            settings.upper_lid_window_mm,
            settings.lower_lid_window_mm,
            settings.brow_window_mm,
        )
        up = low = None
        if m_up - m_low >= settings.min_open_fissure_mm * ppm:
            up = _find_lid(
                probe, (max(c[1] + clear, m_up + uw[0] * ppm), m_up + uw[1] * ppm), upper=True
            )
            low = _find_lid(
                probe, (m_low + lw[0] * ppm, min(c[1] - clear, m_low + lw[1] * ppm)), upper=False
            )
        brow_lo = max(m_up + settings.brow_lid_clearance_mm * ppm, m_brow + bw[0] * ppm)
        brow = _find_brow(probe, (brow_lo, m_brow + bw[1] * ppm))
        for kind, model, e in (("upper", m_up, up), ("lower", m_low, low), ("brow", m_brow, brow)):
            if e is not None:
                found[kind][side] = (model, e)
    return found


def _lid_weights(fp: FloatArray, contour: tuple[int, ...], cx: float, iris_r: float) -> FloatArray:
    """1 within an iris radius of ``cx``, tapering linearly to 0 at the eye corner on that side."""
    idx = np.array(contour[1:-1])
    corners = fp[[contour[0], contour[-1]], 0]
    dx = fp[idx, 0] - cx
    reach = np.where(dx < 0, cx - corners.min(), corners.max() - cx)
    w: FloatArray = np.clip(1.0 - (np.abs(dx) - iris_r) / np.maximum(reach - iris_r, 1e-9), 0, 1)
    return w


def refine_landmarks(
    image: NDArray[np.uint8],
    landmarks: FaceLandmarks,
    *,
    settings: RefineSettings = REFINE_SETTINGS,
) -> Refinement:
    """Refine the lid margins, the brows and the mouth corners of both sides from ``image``.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3), uint8
        The RGB image the landmarks were detected on (same pixel coordinates).
    landmarks : FaceLandmarks
        Landmarks to refine (ideally already mirror-consistent).
    settings : RefineSettings
        Search windows and smoothing.

    Returns
    -------
    Refinement
        The refined landmarks, the shift of each feature and the features left as detected.
    """
    grey, corner = _grey_roi(image, landmarks)
    local = landmarks.points.copy()
    local[:, :2] -= corner  # work in the coordinates of the face box
    frame = face_frame(local)
    px_per_mm = 1.0 / calibrate(landmarks).mm_per_px
    fp = frame.to_frame(local[:, :2])
    iris_r = IRIS_DIAMETER_MM / 2.0 * px_per_mm
    probes = {
        s: _Probe(grey, frame, float(fp[IRIS_CENTRE[s], 0]), px_per_mm, settings) for s in Side
    }
    found = _find_all(probes, fp, settings)
    pts = fp.copy()
    shifts: dict[str, float] = {}
    skipped: list[str] = []
    offsets = dict(settings.offsets_mm)
    for kind, per_side in found.items():
        if len(per_side) < 2:
            skipped.append(kind)
            continue
        for side, (model, e) in per_side.items():
            shift = e + offsets[kind] * px_per_mm - model
            shifts[f"{side.value}_{kind}"] = shift
            cx = float(fp[IRIS_CENTRE[side], 0])
            if kind == "brow":
                idx = np.array(BROW_UPPER[side] + BROW_LOWER[side])
                full, zero = (v * px_per_mm for v in settings.brow_taper_mm)
                pts[idx, 1] += shift * _taper(fp[idx, 0] - cx, full, zero)
            else:
                contour = LID_UPPER[side] if kind == "upper" else LID_LOWER[side]
                pts[np.array(contour[1:-1]), 1] += shift * _lid_weights(fp, contour, cx, iris_r)
    if settings.mouth is not None:
        corner_shifts = refine_mouth_corners(
            grey, frame, pts, px_per_mm=px_per_mm, cfg=settings.mouth
        )
        if corner_shifts is None:
            skipped.append("mouth_corner")
        else:
            pts = apply_corner_shifts(pts, corner_shifts)
            for side, v in corner_shifts.items():
                shifts[f"{side.value}_mouth_corner_x"] = float(v[0])
                shifts[f"{side.value}_mouth_corner_y"] = float(v[1])
    new = landmarks.points.copy()
    new[:, :2] = frame.to_image(pts) + corner
    return Refinement(landmarks.with_points(new), shifts, tuple(skipped))


class RefinedDetector:
    """A :class:`~bellpath.face.landmarks.LandmarkDetector` whose faces are refined from the image.

    Wraps another detector (typically :class:`~bellpath.camera.mirror.MirrorConsistentDetector`).
    """

    def __init__(
        self, detector: LandmarkDetector, *, settings: RefineSettings = REFINE_SETTINGS
    ) -> None:
        self.detector = detector
        self.settings = settings

    def detect(self, image: NDArray[np.uint8]) -> list[FaceLandmarks]:
        """Detect with the wrapped detector, then refine every face."""
        rgb = check_image(image)
        return [
            refine_landmarks(rgb, f, settings=self.settings).landmarks
            for f in self.detector.detect(rgb)
        ]

    def close(self) -> None:
        """Close the wrapped detector when it can be closed."""
        close = getattr(self.detector, "close", None)
        if callable(close):
            close()
