"""One frame through the landmark detector, the photo measures and the quality gate.

Measures are kept in *pixels* of the full-resolution frame here (lengths in px, areas in px²,
angles in degrees) together with the iris diameter in pixels; the analysis converts them to
millimetres afterwards with a scale smoothed over time
(:func:`bellpath.video.scale.scale_series`), so that the iris jitter of single frames does not
add noise to every measure.

The photo quality gate (:func:`bellpath.face.quality.check_quality`) decides per frame, with the
photo thresholds: no face, two faces of similar size, yaw or pitch beyond the reject limits, or a
face too small reject the frame (its row stays, marked with the reason). Flags (yaw, pitch, roll,
low resolution, smaller background face) are counted per frame and summarised as warnings. Closed
eyes are never a reason to reject a video frame: eye closure is one of the expressions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bellpath.case import Side
from bellpath.errors import PhotoError
from bellpath.face.calibration import (
    IRIS_DIAMETER_MM,
    Calibration,
    CalibrationMethod,
    iris_diameter_px,
)
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector
from bellpath.face.measures import MeasureName, measure_face
from bellpath.face.quality import (
    DEFAULT_THRESHOLDS,
    QualityThresholds,
    QualityWarning,
    check_quality,
    choose_face,
)
from bellpath.video.decode import DecodedFrame
from bellpath.video.series import FrameRow, RejectReason

__all__ = ["IGNORED_FLAGS", "IRIS_COLUMN", "POSE_COLUMNS", "FrameMeasurer"]

IRIS_COLUMN = "iris_diameter_px"
POSE_COLUMNS = ("yaw", "pitch", "roll")
IGNORED_FLAGS = frozenset({QualityWarning.EXPRESSION_UNKNOWN, QualityWarning.SIDE_UNKNOWN})
"""Photo flags that mean nothing per video frame (the label is unknown per frame by design)."""

_PIXEL_SCALE = Calibration(CalibrationMethod.GIVEN, 1.0)


@dataclass
class FrameMeasurer:
    """Turns decoded frames into :class:`FrameRow` (pixels; see the module docstring)."""

    detector: LandmarkDetector
    full_size: tuple[int, int]
    affected_side: Side | None = None
    thresholds: QualityThresholds = DEFAULT_THRESHOLDS
    keep_landmarks: bool = False
    iris_diameter_mm: float = IRIS_DIAMETER_MM

    def measure(self, frame: DecodedFrame) -> FrameRow:
        """Detect, gate and measure one frame."""
        try:
            faces = self.detector.detect(frame.image)
        except PhotoError as exc:
            return FrameRow(frame.index, frame.time_s, exc.code)
        if not faces:
            return FrameRow(frame.index, frame.time_s, RejectReason.NO_FACE)
        flags: list[str] = []
        try:
            sizes = [iris_diameter_px(f) for f in faces]
            chosen, face_flags = choose_face(sizes, thresholds=self.thresholds)
        except PhotoError as exc:
            return FrameRow(frame.index, frame.time_s, exc.code)
        flags.extend(f.code.value for f in face_flags)
        landmarks = faces[chosen]
        if frame.scale != 1.0:
            landmarks = landmarks.rescaled(self.full_size)
        return self._measure_landmarks(frame, landmarks, flags)

    def _measure_landmarks(
        self, frame: DecodedFrame, landmarks: FaceLandmarks, flags: list[str]
    ) -> FrameRow:
        try:
            measures = measure_face(
                landmarks, affected_side=self.affected_side, calibration=_PIXEL_SCALE
            )
            diameter = iris_diameter_px(landmarks)
        except PhotoError as exc:
            return FrameRow(frame.index, frame.time_s, exc.code)
        pose = measures.pose
        values: dict[str, float] = {
            "yaw": pose.yaw if pose.yaw is not None else float("nan"),
            "pitch": pose.pitch if pose.pitch is not None else float("nan"),
            "roll": pose.roll,
            IRIS_COLUMN: diameter,
        }
        for name, bilateral in measures.bilateral.items():
            values[f"{name.value}.right"] = bilateral.right
            values[f"{name.value}.left"] = bilateral.left
        for name, single in measures.single.items():
            values[name.value] = single.value
        lm = landmarks.xy.astype(np.float32) if self.keep_landmarks else None
        mm_per_px = self.iris_diameter_mm / diameter if diameter > 0 else float("inf")
        fissure = measures.bilateral[MeasureName.PALPEBRAL_FISSURE]
        try:
            quality = check_quality(
                yaw_deg=pose.yaw or 0.0,
                pitch_deg=pose.pitch or 0.0,
                roll_deg=pose.roll,
                mm_per_px=mm_per_px,
                fissure_right_mm=fissure.right * mm_per_px,
                fissure_left_mm=fissure.left * mm_per_px,
                expression=None,
                side_known=True,
                thresholds=self.thresholds,
            )
        except PhotoError as exc:
            # Rejected: keep pose and scale (they say why), drop the measures.
            kept = {k: values[k] for k in (*POSE_COLUMNS, IRIS_COLUMN)}
            return FrameRow(frame.index, frame.time_s, exc.code, kept, tuple(flags), lm)
        flags.extend(q.code.value for q in quality if q.code not in IGNORED_FLAGS)
        return FrameRow(frame.index, frame.time_s, None, values, tuple(flags), lm)
