"""Millimetres per pixel over time, and the conversion of the per-frame table to millimetres.

The iris diameter (11.77 mm on average, Emotrics default; clinical.md section 7) gives the scale
of every frame, but single-frame iris landmarks jitter and the lids cover the iris when the eyes
close. The scale is therefore a running median over a few seconds (it only changes when the
person moves nearer or further), leaving out frames with the eyes less than half open.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter

from bellpath.face.calibration import IRIS_DIAMETER_MM
from bellpath.face.measures import MeasureName, Unit
from bellpath.video.frame import IRIS_COLUMN
from bellpath.video.series import FrameTable

__all__ = ["calibration", "scale_series", "to_mm", "unit_power"]

FloatArray = npt.NDArray[np.float64]


def scale_series(
    iris_px: FloatArray,
    fissure_px: FloatArray,
    fps: float,
    *,
    window_s: float = 3.0,
    iris_diameter_mm: float = IRIS_DIAMETER_MM,
) -> FloatArray:
    """Millimetres per pixel for every frame, from the iris diameter smoothed over time.

    Parameters
    ----------
    iris_px : ndarray, shape (n_frames,)
        Mean horizontal iris diameter (px) per frame; ``NaN`` for rejected frames.
    fissure_px : ndarray, shape (n_frames,)
        Mean palpebral fissure (px) per frame: frames with the eyes less than half open are left
        out, because the lids then cover the iris and its landmarks drift.
    fps : float
        Frame rate.

    Returns
    -------
    ndarray, shape (n_frames,)
        :math:`s(t) = D_{iris} / \\operatorname{median}_{|t'-t| \\le w/2} d(t')`, gaps filled from
        the nearest known frames; ``NaN`` everywhere only when no frame had an iris.
    """
    d = np.array(iris_px, dtype=np.float64, copy=True)
    open_eyes = np.nanmedian(fissure_px) if np.isfinite(fissure_px).any() else np.nan
    if np.isfinite(open_eyes):
        d[~(fissure_px >= 0.5 * open_eyes)] = np.nan
    known = np.isfinite(d)
    if not known.any():
        d = np.array(iris_px, dtype=np.float64, copy=True)
        known = np.isfinite(d)
        if not known.any():
            return np.full(d.shape, np.nan)
    idx = np.arange(d.size)
    filled = np.interp(idx, idx[known], d[known])
    window = max(1, round(window_s * fps) | 1)
    smoothed = median_filter(filled, size=window, mode="nearest")
    return np.asarray(iris_diameter_mm / smoothed, dtype=np.float64)


def unit_power(column: str) -> int:
    """1 for lengths, 2 for areas, 0 for angles and non-measures (pose, iris px)."""
    name = column.split(".", 1)[0]
    try:
        unit = MeasureName(name).unit
    except ValueError:
        return 0
    return {Unit.MM: 1, Unit.MM2: 2}.get(unit, 0)


def to_mm(table: FrameTable, scale: FloatArray) -> None:
    """Convert every length (x scale) and area (x scale squared) column in place; add the scale."""
    for name in table.names:
        power = unit_power(name)
        if power:
            table.replace_column(name, table.column(name) * scale**power)
    table.replace_column("mm_per_px", scale)


def calibration(
    table: FrameTable,
    fps: float,
    *,
    mm_per_px: float | None,
    window_s: float,
    iris_diameter_mm: float,
) -> tuple[FloatArray, dict[str, Any]]:
    """Scale per frame: a fixed user value, or the iris smoothed over time; and its summary."""
    n = len(table)
    if mm_per_px is not None:
        return np.full(n, float(mm_per_px)), {"method": "given", "mm_per_px": mm_per_px}
    # Mean of both eyes (NaN for rejected frames), without nanmean's empty-slice warning.
    fissure = (table.column("palpebral_fissure.right") + table.column("palpebral_fissure.left")) / 2
    scale = scale_series(
        table.column(IRIS_COLUMN),
        fissure,
        fps,
        window_s=window_s,
        iris_diameter_mm=iris_diameter_mm,
    )
    return scale, {
        "method": "iris",
        "mm_per_px": round(float(np.nanmedian(scale)), 5),
        "mm_per_px_range": [round(float(np.nanmin(scale)), 5), round(float(np.nanmax(scale)), 5)],
        "iris_diameter_mm": iris_diameter_mm,
        "window_s": window_s,
    }
