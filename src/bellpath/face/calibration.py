"""Pixel-to-millimetre calibration: from the iris diameter, or from a user-given scale.

The horizontal visible iris diameter varies little between adults (mean 11.77 mm, the Emotrics
default; clinical.md section 7), so it gives a scale without a ruler in the photo. bellpath keeps
the iris radius as a FLOAT from MediaPipe's refined iris landmarks (Emotrics rounds it to whole
pixels, which on a phone photo with a 40-pixel iris is a 2.5 % scale error) and averages both eyes.

Only the horizontal diameter (medial to lateral iris point) is used: the vertical one is clipped by
the lids, more so on the affected side.

References
----------
Guarin DL, Dusseldorp J, Hadlock TA, Jowett N. A machine learning approach for automated facial
measurements in facial palsy. JAMA Facial Plast Surg. 2018;20(4):335-337.
doi:10.1001/jamafacial.2018.0030 (Emotrics; iris diameter 11.77 mm as its default scale).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from bellpath.case import Side
from bellpath.errors import InputError, PhotoError
from bellpath.face.indices import IRIS
from bellpath.face.landmarks import FaceLandmarks

__all__ = [
    "IRIS_DIAMETER_MM",
    "Calibration",
    "CalibrationMethod",
    "calibrate",
    "iris_diameter_px",
]

IRIS_DIAMETER_MM = 11.77
"""Mean adult horizontal visible iris diameter, mm (Emotrics default; clinical.md section 7).
Overridable per call: ``calibrate(..., iris_diameter_mm=...)``."""


class CalibrationMethod(StrEnum):
    """How millimetres per pixel were obtained."""

    IRIS = "iris"
    GIVEN = "given"

    @property
    def description(self) -> str:
        """A plain sentence for reports."""
        if self is CalibrationMethod.IRIS:
            return f"scale from the iris diameter (assumed {IRIS_DIAMETER_MM} mm)"
        return "scale given by the user (mm per pixel)"


@dataclass(frozen=True)
class Calibration:
    """A scale and how it was obtained.

    Attributes
    ----------
    method : CalibrationMethod
    mm_per_px : float
        Millimetres per pixel of the image the landmarks belong to.
    iris_diameter_px : float or None
        Mean horizontal iris diameter in pixels (both eyes), when the landmarks had irises.
    """

    method: CalibrationMethod
    mm_per_px: float
    iris_diameter_px: float | None = None

    def to_json(self) -> dict[str, object]:
        """``{"method", "mm_per_px", "iris_diameter_px"}``."""
        return {
            "method": self.method.value,
            "mm_per_px": self.mm_per_px,
            "iris_diameter_px": self.iris_diameter_px,
        }

    def mm(self, pixels: float) -> float:
        """Convert a length in pixels to millimetres."""
        return pixels * self.mm_per_px

    def mm2(self, square_pixels: float) -> float:
        """Convert an area in square pixels to square millimetres."""
        return square_pixels * self.mm_per_px**2


def iris_diameter_px(landmarks: FaceLandmarks) -> float:
    """Mean horizontal iris diameter of both eyes, pixels (float, never rounded).

    Notes
    -----
    For each eye, :math:`d = \\lVert p_{medial} - p_{lateral} \\rVert` of MediaPipe's refined iris
    contour points; the result is :math:`(d_R + d_L) / 2`.
    """
    ds = []
    for side in Side:
        _, medial, _, lateral, _ = IRIS[side]
        ds.append(float(np.linalg.norm(landmarks.xy[medial] - landmarks.xy[lateral])))
    return sum(ds) / len(ds)


def calibrate(
    landmarks: FaceLandmarks,
    *,
    mm_per_px: float | None = None,
    iris_diameter_mm: float = IRIS_DIAMETER_MM,
) -> Calibration:
    """Scale for ``landmarks``: the user's ``mm_per_px`` when given, else from the iris.

    Raises
    ------
    InputError
        ``mm_per_px`` or ``iris_diameter_mm`` not a positive finite number.
    PhotoError
        ``iris`` when the iris is too small to give a scale (under 2 pixels).
    """
    if not (math.isfinite(iris_diameter_mm) and 5.0 <= iris_diameter_mm <= 20.0):
        raise InputError(
            "iris_diameter_mm",
            f"'iris_diameter_mm' must be between 5 and 20 mm (got {iris_diameter_mm!r})",
            received=iris_diameter_mm,
        )
    diameter = iris_diameter_px(landmarks)
    if mm_per_px is not None:
        if not (math.isfinite(mm_per_px) and mm_per_px > 0):
            raise InputError(
                "mm_per_px",
                f"'mm_per_px' must be a positive number of mm per pixel (got {mm_per_px!r})",
                received=mm_per_px,
            )
        return Calibration(CalibrationMethod.GIVEN, float(mm_per_px), diameter)
    if diameter < 2.0:
        raise PhotoError(
            "iris",
            f"the iris is only {diameter:.1f} pixels wide; use a closer or sharper photo, "
            "or give the scale in mm per pixel",
        )
    return Calibration(CalibrationMethod.IRIS, iris_diameter_mm / diameter, diameter)
