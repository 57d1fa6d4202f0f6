"""The per-frame measure table, built one frame at a time.

Each decoded frame adds one row: its index and time, whether it passed the quality gate (and why
not), the head pose, the scale, and every per-side measure of the face (``brow_height.right``,
``palpebral_fissure.left``, ...). A row holds a few dozen floats, so a two-minute video at 30 fps
is about 1 MB: frames themselves are never kept. A rejected frame keeps its row with ``accepted``
false, its reason, and ``NaN`` measures (it is marked, not dropped).

Landmarks of every frame (478 x 2 floats, about 3.7 kB a frame) are kept only on request
(``keep_landmarks=True``), for the all-landmark CSV and the annotated video.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["FrameRow", "FrameTable", "RejectReason"]

FloatArray = npt.NDArray[np.float64]


class RejectReason:
    """Why a frame failed the gate (the ``reject_reason`` column); the photo gate's codes."""

    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    POSE = "pose"
    TOO_SMALL = "too_small"
    BAD_LANDMARKS = "bad_landmarks"
    DECODE = "decode"


@dataclass(frozen=True, slots=True)
class FrameRow:
    """One frame's outcome, as the analysis hands it to :meth:`FrameTable.append`."""

    index: int
    time_s: float
    reject_reason: str | None = None
    values: Mapping[str, float] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    landmarks: npt.NDArray[np.float32] | None = None

    @property
    def accepted(self) -> bool:
        """Whether the frame passed the quality gate."""
        return self.reject_reason is None


class FrameTable:
    """Column store of :class:`FrameRow` values, growing as frames arrive.

    Columns are created on first sight; a frame that lacks a column (a rejected frame, say) reads
    ``NaN`` there.
    """

    def __init__(self, *, keep_landmarks: bool = False) -> None:
        self.keep_landmarks = keep_landmarks
        self.index: array[int] = array("q")
        self.time_s: array[float] = array("d")
        self.reject_reason: list[str | None] = []
        self.flags: list[tuple[str, ...]] = []
        # array('d'): 8 bytes a value (a list of Python floats costs about 32).
        self._columns: dict[str, array[float]] = {}
        self.landmarks: list[npt.NDArray[np.float32] | None] = []

    def __len__(self) -> int:
        return len(self.index)

    def append(self, row: FrameRow) -> None:
        """Add one frame."""
        n = len(self.index)
        self.index.append(row.index)
        self.time_s.append(row.time_s)
        self.reject_reason.append(row.reject_reason)
        self.flags.append(row.flags)
        for name, value in row.values.items():
            column = self._columns.get(name)
            if column is None:
                column = array("d", [math.nan]) * n
                self._columns[name] = column
            column.append(float(value))
        for column in self._columns.values():
            if len(column) == n:
                column.append(math.nan)
        if self.keep_landmarks:
            self.landmarks.append(row.landmarks)

    @property
    def names(self) -> list[str]:
        """Column names in first-seen order."""
        return list(self._columns)

    def column(self, name: str) -> FloatArray:
        """One column as an array (``NaN`` where unknown); ``KeyError`` when never seen."""
        return np.frombuffer(self._columns[name], dtype=np.float64).copy()

    def columns(self) -> dict[str, FloatArray]:
        """Every column as arrays."""
        return {name: self.column(name) for name in self._columns}

    @property
    def accepted(self) -> npt.NDArray[np.bool_]:
        """True for frames that passed the gate."""
        return np.array([r is None for r in self.reject_reason], dtype=bool)

    @property
    def times(self) -> FloatArray:
        """Frame times in seconds."""
        return np.asarray(self.time_s, dtype=np.float64)

    def rejected_count(self) -> int:
        """Frames that failed the gate."""
        return sum(r is not None for r in self.reject_reason)

    def reason_counts(self) -> dict[str, int]:
        """How many frames failed for each reason."""
        counts: dict[str, int] = {}
        for reason in self.reject_reason:
            if reason is not None:
                counts[reason] = counts.get(reason, 0) + 1
        return counts

    def flag_counts(self) -> dict[str, int]:
        """How many accepted frames carried each quality flag."""
        counts: dict[str, int] = {}
        for flags in self.flags:
            for code in flags:
                counts[code] = counts.get(code, 0) + 1
        return counts

    def rows(self) -> Iterator[dict[str, object]]:
        """Rows as dicts, for CSV writing."""
        cols = self._columns
        for i, idx in enumerate(self.index):
            row: dict[str, object] = {
                "frame": idx,
                "time_s": round(self.time_s[i], 4),
                "accepted": self.reject_reason[i] is None,
                "reject_reason": self.reject_reason[i] or "",
                "flags": " ".join(self.flags[i]),
            }
            for name, column in cols.items():
                value = column[i]
                row[name] = "" if not math.isfinite(value) else round(value, 4)
            yield row

    def replace_column(self, name: str, values: FloatArray) -> None:
        """Set a whole column (same length as the table), e.g. after converting px to mm."""
        if len(values) != len(self.index):
            msg = f"column {name!r} has {len(values)} values for {len(self.index)} frames"
            raise ValueError(msg)
        self._columns[name] = array("d", np.asarray(values, dtype=np.float64).tobytes())
