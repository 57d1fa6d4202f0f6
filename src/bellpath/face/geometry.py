"""Plane geometry on landmarks: the face frame (inter-iris line horizontal), areas, angles.

All measures are taken in the *face frame* (Guarin et al. 2018, Emotrics): the image is rotated so
that the line through the two iris centres is horizontal; the facial midline is the perpendicular
bisector of the inter-iris segment. In the face frame

* the origin is the midpoint between the iris centres,
* ``X`` runs from the person's right iris towards the person's left iris (so the person's left
  half has ``X > 0``),
* ``Y`` points UP (towards the forehead), so heights are positive above the iris line.

References
----------
Guarin DL, Dusseldorp J, Hadlock TA, Jowett N. A machine learning approach for automated facial
measurements in facial palsy. JAMA Facial Plast Surg. 2018;20(4):335-337.
doi:10.1001/jamafacial.2018.0030
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.errors import PhotoError
from bellpath.face.indices import IRIS_CENTRE

__all__ = [
    "FaceFrame",
    "face_frame",
    "polygon_area",
    "polyline_y_at",
    "segment_angle_deg",
    "side_sign",
]

FloatArray = NDArray[np.float64]


def side_sign(side: Side) -> float:
    """``+1`` for the person's left half (``X > 0`` in the face frame), ``-1`` for the right."""
    return 1.0 if side is Side.LEFT else -1.0


@dataclass(frozen=True)
class FaceFrame:
    """The rigid transform from image pixels to the face frame (units stay pixels).

    Attributes
    ----------
    origin : ndarray, shape (2,)
        Midpoint of the iris centres, image pixels.
    x_axis : ndarray, shape (2,)
        Unit vector from the right iris centre to the left iris centre, image coordinates.
    y_axis : ndarray, shape (2,)
        Unit vector pointing up the face, ``(x_axis[1], -x_axis[0])`` in image coordinates
        (``y`` grows downwards in images).
    inter_iris_px : float
        Distance between the iris centres in pixels.
    """

    origin: FloatArray
    x_axis: FloatArray
    y_axis: FloatArray
    inter_iris_px: float

    def to_frame(self, points: FloatArray) -> FloatArray:
        """Image pixels ``(N, 2)`` -> face-frame coordinates ``(N, 2)`` (pixels)."""
        d = np.asarray(points, dtype=np.float64)[..., :2] - self.origin
        return np.stack([d @ self.x_axis, d @ self.y_axis], axis=-1)

    def to_image(self, points: FloatArray) -> FloatArray:
        """Face-frame coordinates ``(N, 2)`` -> image pixels ``(N, 2)``."""
        p = np.asarray(points, dtype=np.float64)
        out: FloatArray = self.origin + p[..., :1] * self.x_axis + p[..., 1:2] * self.y_axis
        return out

    @property
    def roll_deg(self) -> float:
        """Angle of the inter-iris line to the image horizontal, degrees.

        Positive when the person's left iris (on the image's right in an unmirrored photo) is
        lower in the image than the right one, i.e. the head tilts towards the left shoulder.
        """
        return math.degrees(math.atan2(float(self.x_axis[1]), float(self.x_axis[0])))


def face_frame(points: FloatArray) -> FaceFrame:
    """Build the face frame from landmarks ``(478, 2+)`` in image pixels.

    Notes
    -----
    With iris centres :math:`R` (person's right) and :math:`L`:
    :math:`o = (R + L)/2`, :math:`\\hat x = (L - R)/\\lVert L - R \\rVert`,
    :math:`\\hat y = (\\hat x_y, -\\hat x_x)`; a point :math:`p` has face-frame coordinates
    :math:`X = (p - o)\\cdot\\hat x`, :math:`Y = (p - o)\\cdot\\hat y`.

    Raises
    ------
    PhotoError
        ``bad_landmarks`` when the iris centres coincide.
    """
    pts = np.asarray(points, dtype=np.float64)
    right = pts[IRIS_CENTRE[Side.RIGHT], :2]
    left = pts[IRIS_CENTRE[Side.LEFT], :2]
    d = left - right
    dist = float(np.hypot(d[0], d[1]))
    if dist < 1e-6:
        raise PhotoError("bad_landmarks", "iris centres coincide; the face cannot be measured")
    x_axis = d / dist
    y_axis = np.array([x_axis[1], -x_axis[0]])
    return FaceFrame((right + left) / 2.0, x_axis, y_axis, dist)


def polygon_area(points: FloatArray) -> float:
    """Area of a simple polygon (shoelace formula), always non-negative.

    Notes
    -----
    :math:`A = \\tfrac12 \\left|\\sum_i (x_i y_{i+1} - x_{i+1} y_i)\\right|`, indices modulo N.
    """
    p = np.asarray(points, dtype=np.float64)
    if p.shape[0] < 3:
        return 0.0
    x, y = p[:, 0], p[:, 1]
    return float(0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


def polyline_y_at(polyline: FloatArray, x: float) -> float:
    """``Y`` of a polyline (face frame, ``(N, 2)``) where it crosses the vertical ``X = x``.

    The polyline is interpolated linearly between its vertices; when ``x`` lies outside its ``X``
    span, the nearest end segment is extrapolated (lids and brows extend past the pupil in practice,
    so this only matters for extreme gaze).
    """
    p = np.asarray(polyline, dtype=np.float64)
    order = np.argsort(p[:, 0], kind="stable")
    xs, ys = p[order, 0], p[order, 1]
    # collapse duplicate X (np.interp needs increasing abscissae)
    keep = np.concatenate([[True], np.diff(xs) > 1e-9])
    xs, ys = xs[keep], ys[keep]
    if xs.size == 1:
        return float(ys[0])
    if x < xs[0]:
        slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
        return float(ys[0] + slope * (x - xs[0]))
    if x > xs[-1]:
        slope = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        return float(ys[-1] + slope * (x - xs[-1]))
    return float(np.interp(x, xs, ys))


def segment_angle_deg(start: FloatArray, end: FloatArray) -> float:
    """Angle of the segment ``start -> end`` above the horizontal, degrees, in the face frame.

    The segment is taken pointing away from the midline, so the angle is positive when ``end`` is
    higher than ``start`` whichever half of the face it lies on:
    :math:`\\theta = \\operatorname{atan2}(\\Delta Y, |\\Delta X|)`.
    """
    d = np.asarray(end, dtype=np.float64) - np.asarray(start, dtype=np.float64)
    return math.degrees(math.atan2(float(d[1]), abs(float(d[0]))))
