"""Dynamic measures: how far each side moves from rest to the peak of each expression.

For every expression segment and every per-side measure (brow height, MRD1, palpebral fissure,
commissure excursion, smile angle, ...) bellpath reports

``right``, ``left``
    excursion = value at the peak frame minus the rest value (the rest just before the movement,
    :func:`bellpath.video.segments.local_rest`), on the smoothed series (mm, degrees
    for angles, mm² for areas). Positive means the measure grew (brow lifted, mouth corner moved
    out); negative means it shrank (eye closing, lips puckering).
``ratio``
    excursion of the affected side divided by that of the healthy side (1.0 = equal movement,
    0 = the affected side did not move, negative = it moved the other way). ``None`` when the
    affected side is unknown (bellpath never guesses it) or when the healthy side moved less than
    ``min_healthy_excursion`` (a ratio of two noise values means nothing).

Symmetry over time within a segment is summarised per measure as the Pearson ``correlation``
between the two sides' change from rest (1 = both sides move in step) and the ``area_ratio``,
the affected side's area under its absolute change curve divided by the healthy side's
(a time-integrated version of ``ratio``, less sensitive to the exact peak frame).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bellpath.video.segments import SIDES, Segment, channel
from bellpath.vocab import MeasureName, measure_for

__all__ = [
    "MIN_HEALTHY_EXCURSION",
    "Excursion",
    "SegmentSymmetry",
    "excursions",
    "measures_in",
    "segment_symmetry",
]

FloatArray = npt.NDArray[np.float64]
Channels = Mapping[str, FloatArray]

MIN_HEALTHY_EXCURSION: float = 0.5
"""Smallest healthy-side excursion (mm or degrees) for which a ratio is reported (project
convention: about twice the smoothed landmark jitter)."""


@dataclass(frozen=True, slots=True)
class Excursion:
    """Rest-to-peak change of one measure on each side, and affected/healthy."""

    right: float | None
    left: float | None
    ratio: float | None

    def to_json(self) -> dict[str, float | None]:
        """Plain JSON object, rounded to 0.01."""
        return {"right": _round(self.right), "left": _round(self.left), "ratio": _round(self.ratio)}


@dataclass(frozen=True, slots=True)
class SegmentSymmetry:
    """How evenly the two sides moved through a segment."""

    correlation: float | None
    area_ratio: float | None

    def to_json(self) -> dict[str, float | None]:
        """Plain JSON object, rounded to 0.01."""
        return {"correlation": _round(self.correlation), "area_ratio": _round(self.area_ratio)}


def _round(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 2)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def measures_in(channels: Channels) -> list[MeasureName]:
    """Measures present on both sides, in first-seen order (channels no measure names: skipped)."""
    seen: list[MeasureName] = []
    for key in channels:
        name, _, side = key.rpartition(".")
        measure = measure_for(name)
        if measure is None or side not in SIDES or measure in seen:
            continue
        if channel(measure, "right") in channels and channel(measure, "left") in channels:
            seen.append(measure)
    return seen


def _ratio(affected: float | None, healthy: float | None, floor: float) -> float | None:
    if affected is None or healthy is None or abs(healthy) < floor:
        return None
    return affected / healthy


def excursions(
    channels: Channels,
    rest: Mapping[str, float],
    segment: Segment,
    *,
    affected_side: str | None,
    min_healthy: float = MIN_HEALTHY_EXCURSION,
) -> dict[str, Excursion]:
    """Excursion of every two-sided measure from rest to the segment's peak frame.

    Parameters
    ----------
    channels : mapping of str to ndarray, shape (n_frames,)
        Smoothed per-frame values keyed ``"measure.side"``.
    rest : mapping of str to float
        Rest value per channel.
    segment : Segment
        The expression; its ``peak`` frame is read.
    affected_side : {"right", "left"} or None
        The side with the palsy, as set by the user; ``None`` gives no ratios.

    Returns
    -------
    dict of str to Excursion
        Keyed by measure (:class:`~bellpath.vocab.MeasureName` members: look up by member or value).

    Notes
    -----
    :math:`e_s = x_s(t_{peak}) - x_s^{rest}` for each side :math:`s`;
    ratio :math:`= e_{affected} / e_{healthy}` when :math:`|e_{healthy}| \\ge` ``min_healthy``.
    """
    out: dict[str, Excursion] = {}
    for measure in measures_in(channels):
        values: dict[str, float | None] = {}
        for side in SIDES:
            key = channel(measure, side)
            values[side] = _finite(float(channels[key][segment.peak] - rest[key]))
        ratio = None
        if affected_side in SIDES:
            healthy = "left" if affected_side == "right" else "right"
            ratio = _ratio(values[affected_side], values[healthy], min_healthy)
        out[measure] = Excursion(right=values["right"], left=values["left"], ratio=ratio)
    return out


def segment_symmetry(
    channels: Channels,
    rest: Mapping[str, float],
    segment: Segment,
    *,
    affected_side: str | None,
) -> dict[str, SegmentSymmetry]:
    """Correlation and area ratio of the two sides' change from rest within the segment."""
    sl = slice(segment.start, segment.end + 1)
    out: dict[str, SegmentSymmetry] = {}
    for measure in measures_in(channels):
        right = channels[channel(measure, "right")][sl] - rest[channel(measure, "right")]
        left = channels[channel(measure, "left")][sl] - rest[channel(measure, "left")]
        ok = np.isfinite(right) & np.isfinite(left)
        corr: float | None = None
        if ok.sum() >= 3 and np.std(right[ok]) > 1e-9 and np.std(left[ok]) > 1e-9:
            corr = float(np.corrcoef(right[ok], left[ok])[0, 1])
        area: float | None = None
        if affected_side in SIDES and ok.any():
            aff, healthy = (right, left) if affected_side == "right" else (left, right)
            denominator = float(np.sum(np.abs(healthy[ok])))
            if denominator > MIN_HEALTHY_EXCURSION:
                area = float(np.sum(np.abs(aff[ok]))) / denominator
        out[measure] = SegmentSymmetry(correlation=corr, area_ratio=area)
    return out
