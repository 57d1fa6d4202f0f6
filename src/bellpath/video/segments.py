"""Rest, movement peaks and the standard expressions in a series of per-frame measures.

Method (automatic segmentation)
-------------------------------
1. **Rest.** The rest value of each channel (a measure on one side, e.g. ``brow_height.left``)
   starts from two candidates: the median of the opening ``seed_s`` seconds (the standard protocol
   starts at rest) and the median of all frames. Each is refined three times as the median over
   the frames whose *activity* (below) is under ``rest_activity``; rest is the candidate that more
   frames come back to (so a video that starts mid-smile still finds its rest).
2. **Activity** of a frame is the largest change from rest over all channels, each divided by the
   change that counts as clear movement for that measure (:data:`MOVEMENT_SCALE_MM`). Activity 1
   means one measure moved by a clear amount.
3. **Movements** are runs of frames whose activity rises above ``enter_activity`` and stays above
   ``exit_activity`` (hysteresis, so noise at the threshold does not split a movement). Movements
   closer than ``merge_gap_s`` are merged; movements shorter than ``min_movement_s`` are dropped,
   which also drops ordinary blinks (about 0.1-0.4 s).
4. **Label.** Each movement is labelled by the signature of the *healthy* side (both sides when the
   affected side is unknown), the side that performs the intended movement: brow lift, eye aperture
   closing, mouth corners widening (smile) or narrowing (pucker). The score of each label is the
   change divided by :data:`LABEL_SCALE`; the highest score of at least 1 wins, otherwise the label
   is ``movement``. An eye closure with the brow pulled down by more than ``tight_brow_drop_mm``
   is a tight closure. Snarl and "EEE" cannot be told from a smile by these measures: give a
   segments file to label them.
5. **Peak** of a movement: the frame where the labelled measure is furthest from rest.
6. **Local rest.** Excursions and synkinesis are measured from the rest just before each movement:
   the median of the still frames (activity under ``rest_activity``) in the ``local_rest_s``
   seconds before it starts, when there are at least ``local_rest_min_s`` seconds of them, else
   the video's rest. A slow drift of posture or of the head's distance over a long recording then
   does not add to the excursions.

A user-given segments file replaces steps 3-4: each range keeps its label and only the peak frame is
found. A range labelled ``rest`` sets the rest values.

All thresholds are project conventions (no published standard exists for video segmentation),
named in :class:`SegmentationParams` and overridable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bellpath.face.expressions import Expression
from bellpath.vocab.measures import MeasureName

__all__ = [
    "LABEL_SCALE",
    "MOVEMENT",
    "MOVEMENT_SCALE_MM",
    "PRIMARY_MEASURE",
    "Segment",
    "SegmentationParams",
    "UserSegment",
    "activity",
    "channel",
    "estimate_rest",
    "find_peak",
    "local_rest",
    "mean_rows",
    "rest_periods",
    "segment_expressions",
    "segment_user",
]

FloatArray = npt.NDArray[np.float64]
Channels = Mapping[str, FloatArray]

MOVEMENT = "movement"
"""Label of a movement that matches no expression signature."""

SIDES: tuple[str, str] = ("right", "left")

MOVEMENT_SCALE_MM: dict[str, float] = {
    MeasureName.BROW_HEIGHT: 1.5,
    MeasureName.PALPEBRAL_FISSURE: 2.0,
    MeasureName.COMMISSURE_EXCURSION: 2.0,
}
"""Change from rest, in mm, that counts as clear movement of each measure (activity 1).

Project convention: several times the frame-to-frame jitter of MediaPipe landmarks after smoothing
(about 0.1-0.3 mm at 480-720 px face width), and well below the usual voluntary movement
(brow lift and smile excursion of several mm; eye closure of the whole ~10 mm fissure).
"""

LABEL_SCALE: dict[str, float] = {
    "brow_lift_mm": 3.0,
    "closure_fraction": 0.4,
    "smile_widening_mm": 2.5,
    "pucker_narrowing_mm": 1.5,
}
"""Change that gives a label score of 1 (project convention, see module docstring)."""

PRIMARY_MEASURE: dict[str, tuple[MeasureName, float]] = {
    Expression.BROW_RAISE: (MeasureName.BROW_HEIGHT, 1.0),
    Expression.GENTLE_CLOSURE: (MeasureName.PALPEBRAL_FISSURE, -1.0),
    Expression.TIGHT_CLOSURE: (MeasureName.PALPEBRAL_FISSURE, -1.0),
    Expression.SMILE: (MeasureName.COMMISSURE_EXCURSION, 1.0),
    Expression.EEE: (MeasureName.COMMISSURE_EXCURSION, 1.0),
    Expression.SNARL: (MeasureName.COMMISSURE_EXCURSION, 1.0),
    Expression.PUCKER: (MeasureName.COMMISSURE_EXCURSION, -1.0),
}
"""The measure that moves most in each expression and its direction (+1 up/wider, -1 down)."""


def channel(measure: str, side: str) -> str:
    """Name of one measure on one side in a channel mapping: ``"brow_height.left"``."""
    return f"{measure}.{side}"


@dataclass(frozen=True, slots=True)
class SegmentationParams:
    """Thresholds of the automatic segmentation (project conventions, see module docstring)."""

    seed_s: float = 0.5
    rest_activity: float = 0.5
    enter_activity: float = 1.0
    exit_activity: float = 0.5
    min_movement_s: float = 0.45
    merge_gap_s: float = 0.25
    tight_brow_drop_mm: float = 2.0
    local_rest_s: float = 2.0
    local_rest_min_s: float = 0.3
    movement_scale_mm: Mapping[str, float] = field(default_factory=lambda: dict(MOVEMENT_SCALE_MM))
    label_scale: Mapping[str, float] = field(default_factory=lambda: dict(LABEL_SCALE))


@dataclass(frozen=True, slots=True)
class Segment:
    """One expression (or unlabelled movement) with its frame range and peak frame (inclusive)."""

    label: str
    start: int
    peak: int
    end: int
    source: str = "auto"


@dataclass(frozen=True, slots=True)
class UserSegment:
    """A time range with a label, as given in a segments file."""

    label: str
    start_s: float
    end_s: float


def mean_rows(rows: Sequence[FloatArray]) -> FloatArray:
    """Mean over rows ignoring NaN; NaN where every row is NaN (without numpy's warning)."""
    stack = np.vstack(rows)
    finite = np.isfinite(stack)
    count = finite.sum(axis=0)
    total = np.where(finite, stack, 0.0).sum(axis=0)
    out = np.full(stack.shape[1], np.nan)
    np.divide(total, count, out=out, where=count > 0)
    return out


def _median(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else float("nan")


def activity(
    channels: Channels, rest: Mapping[str, float], scale_mm: Mapping[str, float]
) -> FloatArray:
    """Largest scaled change from rest over all channels, per frame (``NaN`` where unknown)."""
    n = len(next(iter(channels.values()))) if channels else 0
    out = np.full(n, np.nan)
    for measure, scale in scale_mm.items():
        for side in SIDES:
            key = channel(measure, side)
            if key not in channels or not np.isfinite(rest.get(key, np.nan)):
                continue
            dev = np.abs(channels[key] - rest[key]) / scale
            out = np.fmax(out, dev)
    return out


def estimate_rest(
    channels: Channels,
    fps: float,
    params: SegmentationParams | None = None,
    *,
    rest_frames: npt.NDArray[np.bool_] | None = None,
) -> dict[str, float]:
    """Rest value of every channel (see module docstring, step 1).

    ``rest_frames`` (from a user segment labelled rest) overrides the estimate.
    """
    p = params or SegmentationParams()
    if rest_frames is not None and rest_frames.any():
        return {k: _median(v[rest_frames]) for k, v in channels.items()}
    n = len(next(iter(channels.values()))) if channels else 0
    seed_n = min(n, max(1, round(p.seed_s * fps)))
    seed = {k: _median(v[:seed_n]) for k, v in channels.items()}
    overall = {k: _median(v) for k, v in channels.items()}
    best: dict[str, float] = overall
    best_still = -1
    # Two candidate starts; rest is the one that more frames come back to.
    for start in (seed, overall):
        rest, still = _refine(channels, start, p, min_still=max(3, seed_n // 2))
        if still > best_still:
            best, best_still = rest, still
    return best


def _refine(
    channels: Channels, rest: dict[str, float], p: SegmentationParams, *, min_still: int
) -> tuple[dict[str, float], int]:
    """Re-estimate rest as the median of frames near it; return it and how many frames are near."""
    still_count = 0
    for _ in range(3):
        act = activity(channels, rest, p.movement_scale_mm)
        still = act < p.rest_activity
        still_count = int(still.sum())
        if still_count < min_still:
            break
        rest = {k: _median(v[still]) for k, v in channels.items()}
    return rest, still_count


def rest_periods(
    channels: Channels,
    rest: Mapping[str, float],
    fps: float,
    params: SegmentationParams | None = None,
    *,
    min_s: float = 0.5,
) -> list[tuple[int, int]]:
    """Inclusive frame ranges of at least ``min_s`` seconds where the face is at rest.

    A frame is at rest when its activity is under ``rest_activity`` (the same test that
    estimates the rest values).
    """
    p = params or SegmentationParams()
    still = activity(channels, rest, p.movement_scale_mm) < p.rest_activity
    shortest = max(1, round(min_s * fps))
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, ok in enumerate(still):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            if i - start >= shortest:
                runs.append((start, i - 1))
            start = None
    if start is not None and len(still) - start >= shortest:
        runs.append((start, len(still) - 1))
    return runs


def local_rest(
    channels: Channels,
    rest: Mapping[str, float],
    segment: Segment,
    fps: float,
    params: SegmentationParams | None = None,
) -> dict[str, float]:
    """Rest just before ``segment`` (module docstring, step 6); the video's rest as fallback."""
    p = params or SegmentationParams()
    first = max(0, segment.start - round(p.local_rest_s * fps))
    window = {k: v[first : segment.start] for k, v in channels.items()}
    if segment.start - first < 1:
        return dict(rest)
    still = activity(window, rest, p.movement_scale_mm) < p.rest_activity
    if still.sum() < max(1, round(p.local_rest_min_s * fps)):
        return dict(rest)
    local = {k: _median(v[still]) for k, v in window.items()}
    return {k: (local[k] if np.isfinite(local.get(k, np.nan)) else v) for k, v in rest.items()}


def _movements(act: FloatArray, fps: float, p: SegmentationParams) -> list[tuple[int, int]]:
    """Inclusive frame ranges of movement by hysteresis, merged and filtered by duration."""
    runs: list[tuple[int, int]] = []
    inside = False
    start = 0
    for i, a in enumerate(act):
        value = float(a) if np.isfinite(a) else 0.0
        if not inside and value >= p.enter_activity:
            inside, start = True, i
            # Walk back to where the movement left rest.
            while start > 0 and np.isfinite(act[start - 1]) and act[start - 1] >= p.exit_activity:
                start -= 1
        elif inside and value < p.exit_activity:
            runs.append((start, i - 1))
            inside = False
    if inside:
        runs.append((start, len(act) - 1))
    merged: list[tuple[int, int]] = []
    gap = round(p.merge_gap_s * fps)
    for run in runs:
        if merged and run[0] - merged[-1][1] - 1 <= gap:
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    shortest = round(p.min_movement_s * fps)
    return [r for r in merged if r[1] - r[0] + 1 >= shortest]


def _change(
    channels: Channels, rest: Mapping[str, float], measure: str, sides: Sequence[str], sl: slice
) -> FloatArray:
    """Mean change from rest of ``measure`` over ``sides`` in frames ``sl``."""
    parts = [
        channels[channel(measure, s)][sl] - rest[channel(measure, s)]
        for s in sides
        if channel(measure, s) in channels
    ]
    if not parts:
        return np.full(sl.stop - sl.start, np.nan)
    return mean_rows(parts)


def _extreme(values: FloatArray, sign: float) -> float:
    finite = values[np.isfinite(values)]
    return float(np.max(sign * finite)) if finite.size else 0.0


def _label(
    channels: Channels,
    rest: Mapping[str, float],
    sides: Sequence[str],
    sl: slice,
    p: SegmentationParams,
) -> str:
    brow = _change(channels, rest, MeasureName.BROW_HEIGHT, sides, sl)
    fissure = _change(channels, rest, MeasureName.PALPEBRAL_FISSURE, sides, sl)
    mouth = _change(channels, rest, MeasureName.COMMISSURE_EXCURSION, sides, sl)
    rest_fissure = float(
        mean_rows(
            [np.array([rest.get(channel(MeasureName.PALPEBRAL_FISSURE, s), np.nan)]) for s in sides]
        )[0]
    )
    closure = _extreme(fissure, -1.0) / rest_fissure if rest_fissure > 0 else 0.0
    scores = {
        Expression.BROW_RAISE.value: _extreme(brow, 1.0) / p.label_scale["brow_lift_mm"],
        "closure": closure / p.label_scale["closure_fraction"],
        Expression.SMILE.value: _extreme(mouth, 1.0) / p.label_scale["smile_widening_mm"],
        Expression.PUCKER.value: _extreme(mouth, -1.0) / p.label_scale["pucker_narrowing_mm"],
    }
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 1.0:
        return MOVEMENT
    if best == "closure":
        tight = _extreme(brow, -1.0) > p.tight_brow_drop_mm
        return (Expression.TIGHT_CLOSURE if tight else Expression.GENTLE_CLOSURE).value
    return best


def find_peak(
    channels: Channels,
    rest: Mapping[str, float],
    label: str,
    sides: Sequence[str],
    *,
    start: int,
    end: int,
    scale_mm: Mapping[str, float] | None = None,
) -> int:
    """Frame in ``start..end`` (inclusive) where the label's measure is furthest from rest.

    An unlabelled movement peaks where the activity is highest.
    """
    sl = slice(start, end + 1)
    if label in PRIMARY_MEASURE:
        measure, sign = PRIMARY_MEASURE[label]
        values = sign * _change(channels, rest, measure, sides, sl)
    else:
        values = activity(
            {k: v[sl] for k, v in channels.items()}, rest, scale_mm or MOVEMENT_SCALE_MM
        )
    if not np.isfinite(values).any():
        return (start + end) // 2
    return start + _plateau_middle(values, PEAK_PLATEAU_FRACTION)


PEAK_PLATEAU_FRACTION = 0.9
"""A held expression has a flat top: its peak frame is the middle of the run of frames, around the
maximum, that stay within 90 % of the maximum change (noise then does not pick the first or last
frame of the hold)."""


def _plateau_middle(values: FloatArray, fraction: float) -> int:
    top = int(np.nanargmax(values))
    level = fraction * float(values[top])
    if not level > 0:
        return top
    lo = top
    while lo > 0 and np.isfinite(values[lo - 1]) and values[lo - 1] >= level:
        lo -= 1
    hi = top
    while hi < values.size - 1 and np.isfinite(values[hi + 1]) and values[hi + 1] >= level:
        hi += 1
    return (lo + hi) // 2


def segment_expressions(
    channels: Channels,
    rest: Mapping[str, float],
    fps: float,
    *,
    healthy_sides: Sequence[str] = SIDES,
    params: SegmentationParams | None = None,
) -> list[Segment]:
    """Find and label the movements of a video (module docstring, steps 2-5)."""
    p = params or SegmentationParams()
    act = activity(channels, rest, p.movement_scale_mm)
    segments: list[Segment] = []
    for start, end in _movements(act, fps, p):
        label = _label(channels, rest, healthy_sides, slice(start, end + 1), p)
        peak = find_peak(
            channels, rest, label, healthy_sides, start=start, end=end, scale_mm=p.movement_scale_mm
        )
        segments.append(Segment(label=label, start=start, peak=peak, end=end, source="auto"))
    return segments


def segment_user(
    channels: Channels,
    rest: Mapping[str, float],
    times_s: FloatArray,
    user: Sequence[UserSegment],
    *,
    healthy_sides: Sequence[str] = SIDES,
) -> list[Segment]:
    """Turn user time ranges into segments with their peak frame; ``rest`` ranges are skipped."""
    segments: list[Segment] = []
    for item in user:
        if item.label == Expression.REST:
            continue
        inside = np.flatnonzero((times_s >= item.start_s) & (times_s <= item.end_s))
        if inside.size == 0:
            continue
        start, end = int(inside[0]), int(inside[-1])
        peak = find_peak(channels, rest, item.label, healthy_sides, start=start, end=end)
        segments.append(Segment(label=item.label, start=start, peak=peak, end=end, source="user"))
    return segments
