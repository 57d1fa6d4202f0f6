"""A live mirror session: the rest baseline, repetitions, prompts and the session summary.

Frames arrive one by one as :class:`~bellpath.face.live.FaceReading` (or ``None`` when no face was
found) with the time they were taken. The session

1. takes the **rest baseline**: the per-feature median of the first run of frames that stays
   within :data:`STEADY_TOLERANCE_MM` of each other for :data:`STEADY_S` seconds (the person is
   asked to relax and keep still; a movement never holds that still for that long);
2. for the chosen movement, gives each frame's figures (:func:`~bellpath.face.live.frame_figures`)
   and **counts repetitions** on the movement signal with hysteresis: a repetition starts when the
   larger side has moved :data:`REP_START_MM` and ends, counted, when it is back under
   :data:`REP_END_MM`; each repetition keeps its figures at its peak;
3. raises a **prompt** once it has held for :data:`PROMPT_HOLD_FRAMES` frames in a row (a single
   noisy frame never prompts) and counts each prompt once per onset;
4. gives the **summary** in the practice-session JSON contract (issue 19): per movement the
   repetitions and, over their peaks, the median affected and healthy excursion, ratio and eye
   narrowing, and how many prompts of each kind were shown.

Nothing here stores or logs a frame; only the numbers above are kept.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.live import (
    LIVE_MOVEMENTS,
    NARROWING_MOVEMENTS,
    FaceReading,
    Feature,
    FrameFigures,
    MouthPoints,
    Prompt,
    SideReading,
    frame_figures,
    prompt_for,
)
from bellpath.vocab.expressions import Expression

__all__ = [
    "PROMPT_HOLD_FRAMES",
    "REP_END_MM",
    "REP_START_MM",
    "STEADY_S",
    "STEADY_TOLERANCE_MM",
    "BaselineCollector",
    "ExerciseLog",
    "LiveSession",
    "RepCounter",
    "median_reading",
]

STEADY_S = 1.5
"""Seconds the face must stay still for the rest baseline (project convention [check])."""

STEADY_TOLERANCE_MM = 1.0
"""Largest spread (max - min) of any length over those frames, mm: landmark noise on a webcam is
a few tenths of a millimetre, a movement several millimetres (project convention [check])."""

REP_START_MM = 2.0
"""A repetition starts when the larger side has moved this far (mm) in the movement's direction."""

REP_END_MM = 1.0
"""...and ends, counted, when it is back under this (hysteresis: noise never counts twice)."""

PROMPT_HOLD_FRAMES = 3
"""Frames in a row a prompt's condition must hold before it is shown (about 0.2-0.3 s at 10-15
figures a second: longer than a blink's closing phase)."""


def median_reading(readings: list[FaceReading]) -> FaceReading:
    """Feature-by-feature median of ``readings`` (at least one); the mouth points' median too
    when every reading has them."""

    def side(s: Side) -> SideReading:
        return SideReading(
            *(statistics.median(r.side(s).get(f) for r in readings) for f in Feature)
        )

    mouths = [r.mouth for r in readings if r.mouth is not None]
    mouth = MouthPoints.median(mouths) if len(mouths) == len(readings) else None
    return FaceReading(side(Side.RIGHT), side(Side.LEFT), mouth)


def _spread(readings: deque[tuple[float, FaceReading]]) -> float:
    worst = 0.0
    for s in Side:
        for f in Feature:
            values = [r.side(s).get(f) for _, r in readings]
            worst = max(worst, max(values) - min(values))
    return worst


@dataclass
class BaselineCollector:
    """Finds the rest baseline in a stream of readings (see the module notes)."""

    steady_s: float = STEADY_S
    tolerance_mm: float = STEADY_TOLERANCE_MM
    _window: deque[tuple[float, FaceReading]] = field(default_factory=deque)

    def add(self, t_s: float, reading: FaceReading | None) -> FaceReading | None:
        """Add a frame; the baseline once the face has been still long enough, else ``None``.

        A frame without a face starts the wait again.
        """
        if reading is None:
            self._window.clear()
            return None
        self._window.append((t_s, reading))
        while len(self._window) > 1 and _spread(self._window) > self.tolerance_mm:
            self._window.popleft()
        if self._window[-1][0] - self._window[0][0] >= self.steady_s:
            return median_reading([r for _, r in self._window])
        return None

    @property
    def progress(self) -> float:
        """How far the wait has got, 0 to 1."""
        if len(self._window) < 2:
            return 0.0
        return min(1.0, (self._window[-1][0] - self._window[0][0]) / self.steady_s)


@dataclass
class RepCounter:
    """Counts repetitions of one movement and keeps each one's figures at its peak."""

    start_mm: float = REP_START_MM
    end_mm: float = REP_END_MM
    peaks: list[FrameFigures] = field(default_factory=list)
    _current: FrameFigures | None = None

    @property
    def count(self) -> int:
        """Repetitions completed."""
        return len(self.peaks)

    @property
    def in_rep(self) -> bool:
        """Whether a repetition is under way."""
        return self._current is not None

    def update(self, figures: FrameFigures) -> bool:
        """Feed one frame; ``True`` when it completed a repetition."""
        size = figures.movement_mm
        if self._current is None:
            if size >= self.start_mm:
                self._current = figures
            return False
        if size > self._current.movement_mm:
            self._current = figures
        if size < self.end_mm:
            self.peaks.append(self._current)
            self._current = None
            return True
        return False


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


@dataclass
class ExerciseLog:
    """One movement's repetitions and prompt counts within a session."""

    movement: Expression
    reps: RepCounter = field(default_factory=RepCounter)
    prompts: dict[Prompt, int] = field(default_factory=lambda: dict.fromkeys(Prompt, 0))

    @property
    def used(self) -> bool:
        """Whether anything happened: a repetition or a prompt."""
        return self.reps.count > 0 or any(self.prompts.values())

    def to_json(self) -> dict[str, Any]:
        """One ``exercises`` item of the practice-session contract."""
        peaks = self.reps.peaks
        narrowing = (
            _median([p.eye_narrowing_pct for p in peaks])
            if self.movement in NARROWING_MOVEMENTS
            else None
        )
        return {
            "movement": self.movement.value,
            "repetitions": self.reps.count,
            "affected_mm": _median([p.affected_mm for p in peaks]),
            "healthy_mm": _median([p.healthy_mm for p in peaks]),
            "ratio": _median([p.ratio for p in peaks]),
            "eye_narrowing_pct": narrowing,
            "narrowing_prompts": self.prompts[Prompt.NARROWING],
            "overpower_prompts": self.prompts[Prompt.OVERPOWER],
        }


class LiveSession:
    """One practice session in front of the live mirror.

    Parameters
    ----------
    affected_side : Side
        From the patient's record (the episode's side), never guessed.
    movement : Expression
        The first movement practised (one of :data:`~bellpath.face.live.LIVE_MOVEMENTS`).
    """

    def __init__(self, affected_side: Side, movement: Expression = Expression.SMILE) -> None:
        self.affected_side = affected_side
        self.baseline: FaceReading | None = None
        self._collector = BaselineCollector()
        self.logs: dict[Expression, ExerciseLog] = {}
        self.movement = movement
        self.set_movement(movement)
        self._pending: Prompt | None = None
        self._held = 0
        self.prompt: Prompt | None = None

    def set_movement(self, movement: Expression) -> None:
        """Practise ``movement`` from the next frame on (:class:`InputError` for another)."""
        if movement not in LIVE_MOVEMENTS:
            allowed = ", ".join(m.value for m in LIVE_MOVEMENTS)
            raise InputError(
                "movement",
                f"'movement' must be one of {allowed} (got {movement.value!r})",
                allowed=[m.value for m in LIVE_MOVEMENTS],
                received=movement.value,
            )
        self.movement = movement
        self.logs.setdefault(movement, ExerciseLog(movement))
        self._pending, self._held, self.prompt = None, 0, None

    def restart_baseline(self) -> None:
        """Take the rest baseline again (the person moved or the light changed)."""
        self.baseline = None
        self._collector = BaselineCollector()

    @property
    def baseline_progress(self) -> float:
        """How far the rest baseline has got, 0 to 1 (1 once taken)."""
        return 1.0 if self.baseline is not None else self._collector.progress

    def update(self, t_s: float, reading: FaceReading | None) -> FrameFigures | None:
        """Feed one frame taken at ``t_s`` seconds; its figures once the baseline is taken."""
        if self.baseline is None:
            self.baseline = self._collector.add(t_s, reading)
            if self.baseline is None:
                return None
        if reading is None:
            self._pending, self._held, self.prompt = None, 0, None
            return None
        figures = frame_figures(
            reading, self.baseline, movement=self.movement, affected_side=self.affected_side
        )
        log = self.logs[self.movement]
        log.reps.update(figures)
        self._update_prompt(prompt_for(figures), log)
        return figures

    def _update_prompt(self, wanted: Prompt | None, log: ExerciseLog) -> None:
        if wanted is None or wanted is not self._pending:
            self._pending, self._held = wanted, (1 if wanted is not None else 0)
        else:
            self._held += 1
        shown = self._pending if self._held >= PROMPT_HOLD_FRAMES else None
        if shown is not None and shown is not self.prompt:
            log.prompts[shown] += 1
        self.prompt = shown

    def summary(self, *, duration_s: float) -> dict[str, Any]:
        """The session in the practice-session JSON contract (without the optional date)."""
        return {
            "duration_s": max(0, round(duration_s)),
            "affected_side": self.affected_side.value,
            "exercises": [log.to_json() for log in self.logs.values() if log.used],
        }
