"""Ocular-oral synkinesis from video: the eye narrowing when the mouth moves, and the reverse.

After facial-nerve regeneration, fibres can reach the wrong muscles, so that smiling or puckering
also narrows the eye on the affected side (ocular-oral synkinesis; clinical.md section 7; Dynaface
measures it from video, Renne 2025, Facial Plast Surg Aesthet Med). Many healthy people narrow both
eyes a little in a broad smile, so bellpath looks at the *difference between the sides*.

Method
------
For each mouth expression (smile, pucker, and snarl / "EEE" when a segments file names them):

1. The **plateau** is the set of frames where the expression's main measure has reached at least
   ``plateau_fraction`` of its peak change; a single-frame blink in it barely moves the median.
2. **Narrowing** of each eye = ``100 * (rest - median over plateau) / rest`` of the palpebral
   fissure height (percent of its rest aperture).
3. **Index** = narrowing of the affected eye minus narrowing of the healthy eye, in percentage
   points. When the affected side is unknown, the index is the absolute difference and the side
   is the eye that narrows more.
4. **Detected** when the index is at least ``index_threshold_pct``.
5. **Coupling** (reported, not used to decide): Pearson correlation between the mouth movement and
   the affected eye's aperture within the segment; near -1 means the eye closes in step with the
   mouth, the signature of synkinesis rather than a blink.

The reverse (oral-ocular: the mouth corner moving during eye closure) uses the same steps on the
commissure excursion during gentle and tight eye closure, in millimetres, with
``oral_threshold_mm``.

Thresholds are project conventions, not published cut-offs: ``index_threshold_pct = 15`` is about
three times the side-to-side difference that landmark jitter and head pose leave on the synthetic
control clips; ``oral_threshold_mm = 1.5`` likewise. Override them in :class:`SynkinesisParams`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bellpath.face.expressions import Expression
from bellpath.video.segments import PRIMARY_MEASURE, SIDES, Segment, channel, mean_rows
from bellpath.vocab.measures import MeasureName

__all__ = [
    "OCULAR_TRIGGERS",
    "ORAL_TRIGGERS",
    "SegmentSynkinesis",
    "SynkinesisParams",
    "SynkinesisResult",
    "assess_synkinesis",
    "plateau",
]

FloatArray = npt.NDArray[np.float64]
Channels = Mapping[str, FloatArray]

OCULAR_TRIGGERS: tuple[str, ...] = (
    Expression.SMILE.value,
    Expression.PUCKER.value,
    Expression.SNARL.value,
    Expression.EEE.value,
)
"""Mouth movements during which the eyes are watched (ocular-oral synkinesis)."""

ORAL_TRIGGERS: tuple[str, ...] = (Expression.GENTLE_CLOSURE.value, Expression.TIGHT_CLOSURE.value)
"""Eye movements during which the mouth corners are watched (oral-ocular synkinesis)."""

EYE = MeasureName.PALPEBRAL_FISSURE
MOUTH = MeasureName.COMMISSURE_EXCURSION


@dataclass(frozen=True, slots=True)
class SynkinesisParams:
    """Thresholds of the synkinesis index (project conventions; see module docstring)."""

    index_threshold_pct: float = 15.0
    oral_threshold_mm: float = 1.5
    plateau_fraction: float = 0.8
    ocular_triggers: tuple[str, ...] = field(default=OCULAR_TRIGGERS)
    oral_triggers: tuple[str, ...] = field(default=ORAL_TRIGGERS)


@dataclass(frozen=True, slots=True)
class SegmentSynkinesis:
    """The synkinesis reading of one expression segment."""

    label: str
    segment: Segment
    change: dict[str, float | None]
    index: float | None
    side: str | None
    detected: bool
    coupling: float | None


@dataclass(frozen=True, slots=True)
class SynkinesisResult:
    """Overall reading: detected in any segment, the largest index, where it was seen."""

    detected: bool
    side: str | None
    index: float | None
    during: list[str]
    unit: str
    threshold: float
    per_segment: list[SegmentSynkinesis]


def plateau(
    channels: Channels,
    rest: Mapping[str, float],
    segment: Segment,
    sides: Sequence[str],
    fraction: float = 0.8,
) -> npt.NDArray[np.intp]:
    """Frames of the segment whose main change reaches ``fraction`` of its peak change."""
    sl = slice(segment.start, segment.end + 1)
    measure, sign = PRIMARY_MEASURE.get(segment.label, (MOUTH, 1.0))
    parts = [sign * (channels[channel(measure, s)][sl] - rest[channel(measure, s)]) for s in sides]
    change = mean_rows(parts)
    if not np.isfinite(change).any():
        return np.array([segment.peak], dtype=np.intp)
    top = float(np.nanmax(change))
    idx = np.flatnonzero(change >= fraction * top) if top > 0 else np.array([], dtype=np.intp)
    if idx.size == 0:
        return np.array([segment.peak], dtype=np.intp)
    return np.asarray(idx + segment.start, dtype=np.intp)


def _median(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else math.nan


def _read_segment(
    channels: Channels,
    rest: Mapping[str, float],
    segment: Segment,
    *,
    measure: str,
    percent: bool,
    affected_side: str | None,
    healthy_sides: Sequence[str],
    threshold: float,
    fraction: float,
) -> SegmentSynkinesis:
    frames = plateau(channels, rest, segment, healthy_sides, fraction)
    change: dict[str, float | None] = {}
    for each in SIDES:
        key = channel(measure, each)
        base = rest[key]
        value = _median(channels[key][frames])
        if percent:
            # Narrowing of the eye, percent of rest aperture (positive = narrower).
            raw = 100.0 * (base - value) / base if base > 0 else math.nan
        else:
            # Movement of the mouth corner, mm, whichever direction.
            raw = abs(value - base)
        change[each] = raw if math.isfinite(raw) else None
    index: float | None = None
    side = affected_side if affected_side in SIDES else None
    right, left = change["right"], change["left"]
    if right is not None and left is not None:
        if side == "right":
            index = right - left
        elif side == "left":
            index = left - right
        else:
            index = abs(right - left)
            side = "right" if right > left else "left"
    coupling = _coupling(channels, segment, measure, side, healthy_sides)
    detected = index is not None and index >= threshold
    return SegmentSynkinesis(
        label=segment.label,
        segment=segment,
        change=change,
        index=index,
        side=side,
        detected=detected,
        coupling=coupling,
    )


def _coupling(
    channels: Channels,
    segment: Segment,
    watched: str,
    side: str | None,
    healthy_sides: Sequence[str],
) -> float | None:
    if side is None:
        return None
    sl = slice(segment.start, segment.end + 1)
    driver_measure, sign = PRIMARY_MEASURE.get(segment.label, (MOUTH, 1.0))
    driver = sign * mean_rows([channels[channel(driver_measure, s)][sl] for s in healthy_sides])
    watched_values = channels[channel(watched, side)][sl]
    ok = np.isfinite(driver) & np.isfinite(watched_values)
    if ok.sum() < 3 or np.std(driver[ok]) < 1e-9 or np.std(watched_values[ok]) < 1e-9:
        return None
    return float(np.corrcoef(driver[ok], watched_values[ok])[0, 1])


def _combine(
    readings: list[SegmentSynkinesis],
    *,
    affected_side: str | None,
    unit: str,
    threshold: float,
) -> SynkinesisResult:
    indexed = [r for r in readings if r.index is not None]
    detected = [r for r in indexed if r.detected]
    if not indexed:
        return SynkinesisResult(False, affected_side, None, [], unit, threshold, readings)
    worst = max(indexed, key=lambda r: r.index if r.index is not None else -math.inf)
    side = worst.side if affected_side not in SIDES else affected_side
    return SynkinesisResult(
        detected=bool(detected),
        side=side,
        index=worst.index,
        during=list(dict.fromkeys(r.label for r in detected)),
        unit=unit,
        threshold=threshold,
        per_segment=readings,
    )


def assess_synkinesis(
    channels: Channels,
    rest: Mapping[str, float],
    segments: Sequence[Segment],
    *,
    affected_side: str | None,
    params: SynkinesisParams | None = None,
    local_rests: Sequence[Mapping[str, float]] | None = None,
) -> tuple[SynkinesisResult, SynkinesisResult]:
    """Ocular-oral and oral-ocular synkinesis over all segments (see module docstring).

    ``local_rests`` (one per segment, :func:`bellpath.video.segments.local_rest`) replaces
    ``rest`` segment by segment.

    Returns
    -------
    (ocular_oral, oral_ocular) : tuple of SynkinesisResult
        Index units: percentage points of eye aperture, and mm of mouth-corner movement.
    """
    p = params or SynkinesisParams()
    healthy: Sequence[str] = SIDES
    if affected_side in SIDES:
        healthy = ("left",) if affected_side == "right" else ("right",)
    have = all(channel(m, s) in channels for m in (EYE, MOUTH) for s in SIDES)
    ocular: list[SegmentSynkinesis] = []
    oral: list[SegmentSynkinesis] = []
    if have:
        for i, seg in enumerate(segments):
            seg_rest = local_rests[i] if local_rests is not None else rest
            if seg.label in p.ocular_triggers:
                ocular.append(
                    _read_segment(
                        channels,
                        seg_rest,
                        seg,
                        measure=EYE,
                        percent=True,
                        affected_side=affected_side,
                        healthy_sides=healthy,
                        threshold=p.index_threshold_pct,
                        fraction=p.plateau_fraction,
                    )
                )
            elif seg.label in p.oral_triggers:
                oral.append(
                    _read_segment(
                        channels,
                        seg_rest,
                        seg,
                        measure=MOUTH,
                        percent=False,
                        affected_side=affected_side,
                        healthy_sides=healthy,
                        threshold=p.oral_threshold_mm,
                        fraction=p.plateau_fraction,
                    )
                )
    return (
        _combine(
            ocular, affected_side=affected_side, unit="percent", threshold=p.index_threshold_pct
        ),
        _combine(oral, affected_side=affected_side, unit="mm", threshold=p.oral_threshold_mm),
    )
