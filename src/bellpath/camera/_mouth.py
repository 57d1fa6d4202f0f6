"""Mouth-corner refinement by matching each corner against its mirrored partner.

The landmark model pulls the two mouth corners towards a symmetric pose: when one corner drops, the
other one follows part of the way. Edges do not locate a commissure well, but the other corner
does: the mirror image of the right corner region is what the left corner region would look like
on a symmetric face. bellpath finds where it fits best around the left corner (normalised
cross-correlation on a face-frame grid of 0.2 mm, sub-sample peak), and the same with sides
exchanged. Each match gives the asymmetry vector :math:`\\delta = k_L - M(k_R)` (``M`` the
reflection across the midline); the two estimates are averaged. The corners keep the model's
symmetric part :math:`s = (k_L + M(k_R))/2` and take the image's asymmetry:
:math:`k_L' = s + \\delta/2`, :math:`k_R' = M(s - \\delta/2)`.

A match whose correlation peak is below ``min_correlation``, or on the border of the search area,
leaves the corners as detected.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.face.geometry import FaceFrame
from bellpath.face.indices import (
    INNER_LIP_LOWER,
    INNER_LIP_UPPER,
    LIP_LOWER,
    LIP_UPPER,
    MOUTH_CORNER,
)

__all__ = ["MouthSettings", "apply_corner_shifts", "refine_mouth_corners"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class MouthSettings:
    """Template and search sizes in millimetres."""

    grid_mm: float = 0.2
    template_half_mm: float = 2.5
    """Half-size of the matched patch: the commissure itself, not the whole lip."""
    search_half_mm: float = 3.0
    min_correlation: float = 0.5


def _sample(
    grey: NDArray[np.float32], frame: FaceFrame, centre: FloatArray, n: int, step: float
) -> NDArray[np.float32]:
    """Grey levels on a ``(2n+1)``-square face-frame grid around ``centre`` (spacing ``step``
    pixels); rows go DOWN the face (image-like)."""
    import cv2  # noqa: PLC0415 - heavy

    offs = np.arange(-n, n + 1, dtype=np.float64) * step
    gx, gy = np.meshgrid(centre[0] + offs, centre[1] - offs)
    pts = frame.to_image(np.stack([gx.ravel(), gy.ravel()], axis=1)).reshape((*gx.shape, 2))
    vals = cv2.remap(
        grey,
        (pts[..., 0] - 0.5).astype(np.float32),
        (pts[..., 1] - 0.5).astype(np.float32),
        interpolation=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return np.asarray(vals, dtype=np.float32)


def _peak(score: NDArray[np.float32]) -> tuple[float, float, float] | None:
    """Sub-sample ``(row, col, value)`` of the interior maximum; ``None`` on the border."""
    r, c = np.unravel_index(int(np.argmax(score)), score.shape)
    if r in (0, score.shape[0] - 1) or c in (0, score.shape[1] - 1):
        return None

    def parabola(a: float, b: float, d: float) -> float:
        den = a - 2 * b + d
        return float(np.clip(0.5 * (a - d) / den, -0.5, 0.5)) if abs(den) > 1e-12 else 0.0

    dr = parabola(score[r - 1, c], score[r, c], score[r + 1, c])
    dc = parabola(score[r, c - 1], score[r, c], score[r, c + 1])
    return float(r) + dr, float(c) + dc, float(score[r, c])


def _asymmetry(
    grey: NDArray[np.float32],
    frame: FaceFrame,
    *,
    source: FloatArray,
    target: FloatArray,
    px_per_mm: float,
    cfg: MouthSettings,
) -> FloatArray | None:
    """Where the mirrored ``source`` corner fits around ``target``: returns ``fit - target``."""
    import cv2  # noqa: PLC0415 - heavy

    step = cfg.grid_mm * px_per_mm
    # grid sizes from millimetres alone (never from pixels: x.5 would round either way)
    n_templ = int(cfg.template_half_mm / cfg.grid_mm + 1e-6)
    n_search = int(cfg.search_half_mm / cfg.grid_mm + 1e-6)
    templ = _sample(grey, frame, source, n_templ, step)[:, ::-1]
    area = _sample(grey, frame, target, n_templ + n_search, step)
    score = np.asarray(
        cv2.matchTemplate(area, np.ascontiguousarray(templ), cv2.TM_CCOEFF_NORMED),
        dtype=np.float32,
    )
    found = _peak(score)
    if found is None or found[2] < cfg.min_correlation:
        return None
    row, col, _ = found
    centre = (score.shape[0] - 1) / 2.0
    # columns go along +X, rows go down the face (-Y)
    return np.array([(col - centre) * step, -(row - centre) * step])


def refine_mouth_corners(
    grey: NDArray[np.float32],
    frame: FaceFrame,
    fp: FloatArray,
    *,
    px_per_mm: float,
    cfg: MouthSettings | None = None,
) -> dict[Side, FloatArray] | None:
    """Shift (face frame, pixels) to apply to each mouth corner; ``None`` when no reliable match.

    ``fp`` holds all landmarks in the face frame. Lip contour points near a corner should follow
    the corner's shift with a taper (see :func:`apply_corner_shifts`).
    """
    cfg = cfg or MouthSettings()
    k_r, k_l = fp[MOUTH_CORNER[Side.RIGHT]], fp[MOUTH_CORNER[Side.LEFT]]
    mirror = np.array([-1.0, 1.0])
    fit_l = _asymmetry(grey, frame, source=k_r, target=k_l, px_per_mm=px_per_mm, cfg=cfg)
    fit_r = _asymmetry(grey, frame, source=k_l, target=k_r, px_per_mm=px_per_mm, cfg=cfg)
    if fit_l is None or fit_r is None:
        return None
    # left corner per image: k_l + fit_l, with the right at k_r:  delta1 = k_l + fit_l - M(k_r)
    # right corner per image: k_r + fit_r, with the left at k_l:  delta2 = k_l - M(k_r + fit_r)
    delta = ((k_l + fit_l - k_r * mirror) + (k_l - (k_r + fit_r) * mirror)) / 2.0
    sym = (k_l + k_r * mirror) / 2.0
    new_l = sym + delta / 2.0
    new_r = (sym - delta / 2.0) * mirror
    return {Side.LEFT: new_l - k_l, Side.RIGHT: new_r - k_r}


def apply_corner_shifts(fp: FloatArray, shifts: dict[Side, FloatArray]) -> FloatArray:
    """Move each mouth corner by its shift, and the lip contours near it with a linear taper.

    Weight 1 at the corner, falling to 0 half-way to the midline along ``X``.
    """
    out = fp.copy()
    for side, shift in shifts.items():
        corner = fp[MOUTH_CORNER[side]]
        reach = max(abs(float(corner[0])) / 2.0, 1e-6)
        idx = sorted(
            set(LIP_UPPER[side] + LIP_LOWER[side] + INNER_LIP_UPPER[side] + INNER_LIP_LOWER[side])
        )
        for i in idx:
            w = float(np.clip(1.0 - abs(float(fp[i, 0] - corner[0])) / reach, 0.0, 1.0))
            out[i] += w * shift
    return out
