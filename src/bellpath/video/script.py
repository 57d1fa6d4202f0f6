"""A movement script: what a synthetic face does over time, with known timings and sizes.

Used to make ground-truth test data at two levels: per-frame measure series
(:func:`script_channels`, for the signal-processing tests) and whole video clips
(:mod:`bellpath.video.synthetic`, which animates a warped real face along the same script).

Each :class:`Move` rises with a smooth (cosine) ramp, holds, and returns to rest; its peak time is
the middle of the hold. Sizes are in millimetres of change at the peak, per channel
(``"commissure_excursion.left"``: +4.0 means the person's left mouth corner moves 4 mm outward).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = [
    "REST_MM",
    "FloatArray",
    "Move",
    "envelope",
    "script_channels",
    "script_duration",
    "standard_script",
]

FloatArray = npt.NDArray[np.float64]

REST_MM: dict[str, float] = {
    "brow_height.right": 22.0,
    "brow_height.left": 22.0,
    "palpebral_fissure.right": 10.0,
    "palpebral_fissure.left": 10.0,
    "commissure_excursion.right": 28.0,
    "commissure_excursion.left": 28.0,
}
"""Rest values of a typical adult face for the series-level scripts (mm)."""


@dataclass(frozen=True, slots=True)
class Move:
    """One movement: start, ramp and hold durations (s), and the change at the peak per channel."""

    label: str
    start_s: float
    change: Mapping[str, float] = field(default_factory=dict)
    rise_s: float = 0.4
    hold_s: float = 0.8
    fall_s: float = 0.4

    @property
    def peak_s(self) -> float:
        """Middle of the hold."""
        return self.start_s + self.rise_s + self.hold_s / 2

    @property
    def end_s(self) -> float:
        """Back at rest."""
        return self.start_s + self.rise_s + self.hold_s + self.fall_s


def envelope(move: Move, t: FloatArray) -> FloatArray:
    """Fraction of the peak change reached at times ``t`` (0 at rest, 1 during the hold)."""
    out = np.zeros_like(t, dtype=np.float64)
    a = move.start_s
    b = a + move.rise_s
    c = b + move.hold_s
    d = c + move.fall_s
    rising = (t >= a) & (t < b)
    out[rising] = 0.5 - 0.5 * np.cos(np.pi * (t[rising] - a) / move.rise_s)
    out[(t >= b) & (t <= c)] = 1.0
    falling = (t > c) & (t < d)
    out[falling] = 0.5 + 0.5 * np.cos(np.pi * (t[falling] - c) / move.fall_s)
    return out


def script_duration(moves: Sequence[Move], tail_s: float = 1.0) -> float:
    """End of the last move plus a rest tail."""
    return max((m.end_s for m in moves), default=0.0) + tail_s


def script_channels(
    moves: Sequence[Move],
    fps: float,
    duration_s: float,
    *,
    rest: Mapping[str, float] | None = None,
    noise_mm: float = 0.0,
    seed: int = 0,
) -> tuple[FloatArray, dict[str, FloatArray]]:
    """Per-frame times and channel values of a script, optionally with Gaussian jitter."""
    base = dict(REST_MM if rest is None else rest)
    n = round(duration_s * fps)
    t = np.arange(n, dtype=np.float64) / fps
    rng = np.random.default_rng(seed)
    channels = {k: np.full(n, v, dtype=np.float64) for k, v in base.items()}
    for move in moves:
        env = envelope(move, t)
        for key, mm in move.change.items():
            channels[key] = channels[key] + mm * env
    if noise_mm > 0:
        for key, values in channels.items():
            channels[key] = values + rng.normal(0.0, noise_mm, n)
    return t, channels


def _both(measure: str, mm: float) -> dict[str, float]:
    return {f"{measure}.right": mm, f"{measure}.left": mm}


def standard_script(
    *,
    affected_side: str = "left",
    affected_fraction: float = 0.5,
    eye_narrowing_mm: float = 0.0,
    gap_s: float = 0.8,
    start_s: float = 1.0,
) -> list[Move]:
    """Brow raise, gentle closure, smile and pucker, the affected side moving ``affected_fraction``.

    ``eye_narrowing_mm`` narrows the affected eye during smile and pucker (synkinesis).
    """
    healthy = "right" if affected_side == "left" else "left"
    sizes = {"brow_height": 4.0, "palpebral_fissure": -9.0, "smile": 5.0, "pucker": -4.0}

    def sided(measure: str, mm: float) -> dict[str, float]:
        return {f"{measure}.{healthy}": mm, f"{measure}.{affected_side}": mm * affected_fraction}

    eye = {f"palpebral_fissure.{affected_side}": -eye_narrowing_mm} if eye_narrowing_mm else {}
    moves: list[Move] = []
    t = start_s
    for label, change in (
        ("brow_raise", sided("brow_height", sizes["brow_height"])),
        ("gentle_closure", _both("palpebral_fissure", sizes["palpebral_fissure"])),
        ("smile", {**sided("commissure_excursion", sizes["smile"]), **eye}),
        ("pucker", {**sided("commissure_excursion", sizes["pucker"]), **eye}),
    ):
        move = Move(label=label, start_s=t, change=change)
        moves.append(move)
        t = move.end_s + gap_s
    return moves
