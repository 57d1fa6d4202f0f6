"""The answer of :func:`bellpath.video.analyse_video` and its JSON form (a public contract).

JSON keys (issue 5; add, never rename)::

    {"file", "fps", "frames", "frames_rejected",
     "expressions": [{"label", "start_s", "peak_s", "end_s",
                      "excursion": {MEASURE: {"right", "left", "ratio"}}}],
     "synkinesis": {"ocular_oral": {"detected", "side", "index", "during"}},
     "warnings": [...]}

Added beside them: ``duration_s``, ``affected_side``, ``width``/``height``/``rotation``,
``frames_rejected_by_reason``, ``calibration``, ``rest`` (rest value of every measure on each
side), ``rest_segments`` (stretches of at least 0.5 s at rest), per expression ``source``
(auto / user), ``peak_frame`` and ``symmetry``; per synkinesis reading ``unit``, ``threshold``,
``method`` and ``per_expression``; ``synkinesis.oral_ocular``;
``processing`` (seconds and frames per second); ``disclaimer``. Warnings are
``{"code", "message"}`` objects, like the photo warnings. Sides are the person's own right and
left; lengths in mm, angles in degrees, areas in mm².
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from bellpath.video.dynamic import Excursion, SegmentSymmetry
from bellpath.video.segments import Segment
from bellpath.video.series import FrameTable
from bellpath.video.synkinesis import SynkinesisResult
from bellpath.vocab.notice import NOTICE
from bellpath.vocab.quality import VideoWarning

__all__ = [
    "DISCLAIMER",
    "ExpressionResult",
    "VideoResult",
    "VideoWarning",
    "WarningItem",
]

DISCLAIMER = f"{NOTICE} Video measures are estimates from landmarks; a clinician interprets them."


@dataclass(frozen=True, slots=True)
class WarningItem:
    """One warning: its code and a message with this video's figures and what to do."""

    code: VideoWarning
    message: str

    def to_json(self) -> dict[str, str]:
        """``{"code", "message"}``."""
        return {"code": self.code.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class ExpressionResult:
    """One expression found in the video, with its timing and the excursion of each measure."""

    segment: Segment
    start_s: float
    peak_s: float
    end_s: float
    excursion: dict[str, Excursion]
    """Keyed by :class:`~bellpath.vocab.MeasureName` members (a string enum)."""
    symmetry: dict[str, SegmentSymmetry]

    @property
    def label(self) -> str:
        """Expression code (``smile``, ``brow_raise``, ... or ``movement``)."""
        return self.segment.label

    def to_json(self) -> dict[str, Any]:
        """The expression object of the JSON contract."""
        return {
            "label": self.label,
            "start_s": round(self.start_s, 3),
            "peak_s": round(self.peak_s, 3),
            "end_s": round(self.end_s, 3),
            "excursion": {k: v.to_json() for k, v in self.excursion.items()},
            "source": self.segment.source,
            "peak_frame": self.segment.peak,
            "symmetry": {k: v.to_json() for k, v in self.symmetry.items()},
        }


def _r(value: float | None, digits: int = 2) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def synkinesis_json(result: SynkinesisResult, times_s: list[float], method: str) -> dict[str, Any]:
    """One synkinesis reading as JSON (``detected``, ``side``, ``index``, ``during``, ...)."""
    return {
        "detected": result.detected,
        "side": result.side,
        "index": _r(result.index, 1),
        "during": result.during,
        "unit": result.unit,
        "threshold": result.threshold,
        "method": method,
        "per_expression": [
            {
                "label": r.label,
                "peak_s": round(times_s[r.segment.peak], 3),
                "change": {k: _r(v, 1) for k, v in r.change.items()},
                "index": _r(r.index, 1),
                "detected": r.detected,
                "coupling": _r(r.coupling, 2),
            }
            for r in result.per_segment
        ],
    }


OCULAR_ORAL_METHOD = (
    "narrowing of each eye's palpebral fissure (percent of rest) over the plateau of each smile "
    "and pucker; index = affected minus healthy narrowing, percentage points"
)
ORAL_OCULAR_METHOD = (
    "movement of each mouth corner (commissure excursion, mm from rest) over the plateau of each "
    "eye closure; index = affected minus healthy movement, mm"
)


@dataclass
class VideoResult:
    """Everything an analysis found. ``to_json()`` is the public contract (module docstring)."""

    file: str
    fps: float
    frames: int
    frames_rejected: int
    expressions: list[ExpressionResult]
    ocular_oral: SynkinesisResult
    oral_ocular: SynkinesisResult
    warnings: list[WarningItem]
    affected_side: str | None
    duration_s: float
    width: int
    height: int
    rotation: int
    rest: dict[str, float]
    calibration: dict[str, Any]
    rejected_by_reason: dict[str, int]
    processing_s: float
    table: FrameTable = field(repr=False)
    rest_segments: list[tuple[int, int]] = field(default_factory=list)
    smoothed: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict, repr=False)

    @property
    def times_s(self) -> list[float]:
        """Frame times in seconds."""
        return list(self.table.time_s)

    def rest_json(self) -> dict[str, dict[str, float | None]]:
        """Rest value of every two-sided measure: ``{measure: {"right", "left"}}``."""
        out: dict[str, dict[str, float | None]] = {}
        for key, value in self.rest.items():
            measure, _, side = key.rpartition(".")
            if side in ("right", "left"):
                out.setdefault(measure, {})[side] = _r(value)
        return out

    def to_json(self) -> dict[str, Any]:
        """The JSON summary (module docstring)."""
        times = self.times_s
        return {
            "file": self.file,
            "fps": round(self.fps, 3),
            "frames": self.frames,
            "frames_rejected": self.frames_rejected,
            "expressions": [e.to_json() for e in self.expressions],
            "synkinesis": {
                "ocular_oral": synkinesis_json(self.ocular_oral, times, OCULAR_ORAL_METHOD),
                "oral_ocular": synkinesis_json(self.oral_ocular, times, ORAL_OCULAR_METHOD),
            },
            "warnings": [w.to_json() for w in self.warnings],
            "duration_s": round(self.duration_s, 3),
            "affected_side": self.affected_side,
            "width": self.width,
            "height": self.height,
            "rotation": self.rotation,
            "frames_rejected_by_reason": dict(self.rejected_by_reason),
            "calibration": self.calibration,
            "rest": self.rest_json(),
            "rest_segments": [
                {"start_s": round(times[a], 3), "end_s": round(times[b], 3)}
                for a, b in self.rest_segments
            ],
            "processing": {
                "seconds": round(self.processing_s, 3),
                "frames_per_second": round(self.frames / self.processing_s, 1)
                if self.processing_s > 0
                else None,
                "real_time_factor": round(self.duration_s / self.processing_s, 2)
                if self.processing_s > 0
                else None,
            },
            "disclaimer": DISCLAIMER,
        }
