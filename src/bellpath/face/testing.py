"""Synthetic landmark sets with exact, known measures (for tests and examples; no detector).

:func:`symmetric_face` builds all 478 MediaPipe landmarks of a perfectly mirror-symmetric face in
the face frame (millimetres, ``Y`` up, midline ``X = 0``) from a few clinical dimensions; the
person's left half is the mirror image of the right half under
:data:`~bellpath.face.indices.MIRROR_PAIRS`. :func:`place` turns it into pixel landmarks of an
image at any scale, roll and position; :func:`shift` moves features on one side to make a known
asymmetry.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.face.calibration import IRIS_DIAMETER_MM
from bellpath.face.indices import (
    BROW_LOWER,
    BROW_UPPER,
    INNER_LIP_LOWER,
    INNER_LIP_UPPER,
    IRIS,
    LID_LOWER,
    LID_UPPER,
    LIP_LOWER,
    LIP_UPPER,
    MIDLINE,
    MIRROR_PAIRS,
)
from bellpath.face.landmarks import N_LANDMARKS, FaceLandmarks

__all__ = ["FaceDims", "place", "shift", "symmetric_face"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class FaceDims:
    """Dimensions of a symmetric synthetic face, millimetres (defaults: a typical adult)."""

    iris_half_distance: float = 31.0
    mrd1: float = 4.0
    mrd2: float = 5.0
    eye_half_width: float = 14.0
    brow_height: float = 18.0
    brow_thickness: float = 3.0
    corner_x: float = 25.0
    corner_y: float = -48.0
    upper_lip_y: float = -42.0
    lower_lip_y: float = -56.0
    dental_gap: float = 4.0


def symmetric_face(dims: FaceDims = FaceDims()) -> FloatArray:
    """``(478, 2)`` face-frame landmarks (mm, ``Y`` up) of a mirror-symmetric face.

    Lids are parabolas through the eye corners with the lid margin ``mrd1`` above / ``mrd2``
    below the iris centre straight above / below it; brow contours are straight lines
    ``brow_height +- brow_thickness / 2``; the lip contours join the corners to the midline.
    Unnamed landmarks get distinct symmetric filler positions.
    """
    d = dims
    pts = np.full((N_LANDMARKS, 2), np.nan)
    right: dict[int, tuple[float, float]] = {}
    cx = -d.iris_half_distance
    r = IRIS_DIAMETER_MM / 2.0
    centre, medial, top, lateral, bottom = IRIS[Side.RIGHT]
    right.update(
        {
            centre: (cx, 0.0),
            medial: (cx + r, 0.0),
            top: (cx, r),
            lateral: (cx - r, 0.0),
            bottom: (cx, -r),
        }
    )
    w = d.eye_half_width
    lids: tuple[tuple[tuple[int, ...], float], ...] = (
        (LID_UPPER[Side.RIGHT], d.mrd1),
        (LID_LOWER[Side.RIGHT], -d.mrd2),
    )
    for contour, height in lids:
        for k, idx in enumerate(contour):  # lateral (X = cx - w) to medial (cx + w)
            dx = -w + 2.0 * w * k / (len(contour) - 1)
            right[idx] = (cx + dx, height * (1.0 - (dx / w) ** 2))
    brows: tuple[tuple[tuple[int, ...], float], ...] = (
        (BROW_UPPER[Side.RIGHT], 0.5),
        (BROW_LOWER[Side.RIGHT], -0.5),
    )
    for brow, dy in brows:
        for k, idx in enumerate(brow):
            dx = -12.0 + 24.0 * k / (len(contour) - 1)
            right[idx] = (cx + dx, d.brow_height + dy * d.brow_thickness)
    gap = d.dental_gap / 2.0
    lips: tuple[tuple[tuple[int, ...], float, float], ...] = (
        (LIP_UPPER[Side.RIGHT], d.upper_lip_y, d.corner_x),
        (LIP_LOWER[Side.RIGHT], d.lower_lip_y, d.corner_x),
        (INNER_LIP_UPPER[Side.RIGHT], d.corner_y + gap, d.corner_x - 2.0),
        (INNER_LIP_LOWER[Side.RIGHT], d.corner_y - gap, d.corner_x - 2.0),
    )
    for lip, mid_y, half in lips:
        n = len(lip) - 1
        for k, idx in enumerate(lip):  # corner (k = 0) to midline (k = n)
            t = k / n
            right[idx] = (
                -half * (1.0 - t),
                d.corner_y + (mid_y - d.corner_y) * math.sin(t * math.pi / 2),
            )
    for idx, (x, y) in right.items():
        pts[idx] = (0.0, y) if MIRROR_PAIRS[idx] == idx else (x, y)
    pairs = np.asarray(MIRROR_PAIRS)
    filler = 0
    for i in range(N_LANDMARKS):
        j = int(pairs[i])
        if not np.isnan(pts[i, 0]):
            continue
        if not np.isnan(pts[j, 0]):  # partner placed: mirror it
            pts[i] = (-pts[j, 0], pts[j, 1])
            continue
        filler += 1
        y = 30.0 - (filler % 40) * 2.0
        x = 0.0 if j == i else -(40.0 + (filler // 40) * 3.0)
        pts[i] = (x, y)
        if j != i:
            pts[j] = (-x, y)
    for idx in MIDLINE.values():
        pts[idx, 0] = 0.0
    return pts


def place(
    face_mm: FloatArray,
    *,
    mm_per_px: float = 0.1,
    roll_deg: float = 0.0,
    centre: tuple[float, float] = (500.0, 400.0),
    image_size: tuple[int, int] = (1000, 1000),
    depth: bool = False,
) -> FaceLandmarks:
    """Pixel landmarks of a face-frame set (mm, ``Y`` up) in an image.

    ``roll_deg`` > 0 tilts the head towards the person's left shoulder (the left eye lower in the
    image); ``centre`` is where the iris midpoint lands. ``depth`` adds a flat ``z = 0`` column.
    """
    a = math.radians(roll_deg)
    x_axis = np.array([math.cos(a), math.sin(a)])
    y_axis = np.array([x_axis[1], -x_axis[0]])
    px = face_mm / mm_per_px
    img = np.asarray(centre) + px[:, :1] * x_axis + px[:, 1:2] * y_axis
    if depth:
        img = np.concatenate([img, np.zeros((img.shape[0], 1))], axis=1)
    return FaceLandmarks(img, image_size)


def shift(face_mm: FloatArray, indices: Iterable[int], dy: float, dx: float = 0.0) -> FloatArray:
    """A copy with the given landmarks moved by ``(dx, dy)`` mm (face frame, ``Y`` up)."""
    out = face_mm.copy()
    idx = list(indices)
    out[idx, 0] += dx
    out[idx, 1] += dy
    return out
