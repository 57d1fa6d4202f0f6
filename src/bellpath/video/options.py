"""Settings of a video analysis, and the default landmark detector for video."""

from __future__ import annotations

from dataclasses import dataclass, field

from bellpath.face.calibration import IRIS_DIAMETER_MM
from bellpath.face.landmarks import LandmarkDetector
from bellpath.face.quality import DEFAULT_THRESHOLDS, QualityThresholds
from bellpath.video.segments import SegmentationParams
from bellpath.video.smoothing import SmoothingParams
from bellpath.video.synkinesis import SynkinesisParams

__all__ = ["AnalysisOptions", "video_detector"]


@dataclass(frozen=True)
class AnalysisOptions:
    """Settings of a video analysis; every default is documented in docs/video.md.

    Attributes
    ----------
    detect_width : int or None
        Frames are scaled to this width (px) for the landmark detector; landmarks are mapped back
        to full-resolution pixels before measuring. MediaPipe sees a 192 px face crop, so 640 px
        loses no precision for a face that fills a third of the frame, and decodes faster.
        ``None`` detects on the full frame.
    max_duration_s : float
        Longest stretch analysed (10 minutes); a longer video is analysed up to there, with a
        warning. The standard expression set takes 1-2 minutes.
    min_duration_s : float
        Shorter than this (1.5 s) cannot hold rest plus one expression: no segmentation, warning.
    min_fps : float
        Below 12 frames per second a 0.3 s rise spans under 4 frames: warning (the smoothing
        window needs at least 5 frames).
    mostly_rejected : float
        Warn when more than this fraction of frames (0.5) failed the quality gate.
    scale_window_s : float
        The iris scale (mm per px) is a running median over this window (3 s): the iris size in
        pixels only changes when the person moves nearer or further, while single-frame iris
        jitter would otherwise add noise to every length.
    iris_diameter_mm : float
        Iris diameter for the scale (11.77 mm, Emotrics default; clinical.md section 7).
    mm_per_px : float or None
        A fixed, user-given scale instead of the iris (e.g. from a ruler in the frame).
    keep_landmarks : bool
        Keep every frame's 478 landmarks (for the all-landmark CSV and the annotated video).
    refine : bool
        Re-locate lid margins, brows and mouth corners from the image
        (:mod:`bellpath.camera.refine`), against the landmark model's pull towards symmetry: on
        the synthetic clips a 4 mm brow lift reads 3.0 mm raw and 4.3 mm refined, a 7 mm eye
        closure 5.2 mm raw and 6.7 mm refined. Costs a few ms per frame (docs/benchmarks.md).
    mirror : bool
        Also track the mirrored frames with a second MediaPipe instance and average
        (:mod:`bellpath.camera.mirror`). Off by default for video: the model's mirror bias is a
        constant offset per side, which cancels in rest-to-peak excursions, and it doubles the
        landmark cost. Turn it on for absolute side-to-side differences at rest.
    """

    detect_width: int | None = 640
    max_duration_s: float = 600.0
    min_duration_s: float = 1.5
    min_fps: float = 12.0
    mostly_rejected: float = 0.5
    scale_window_s: float = 3.0
    iris_diameter_mm: float = IRIS_DIAMETER_MM
    mm_per_px: float | None = None
    keep_landmarks: bool = False
    refine: bool = True
    mirror: bool = False
    quality: QualityThresholds = DEFAULT_THRESHOLDS
    smoothing: SmoothingParams = field(default_factory=SmoothingParams)
    segmentation: SegmentationParams = field(default_factory=SegmentationParams)
    synkinesis: SynkinesisParams = field(default_factory=SynkinesisParams)


def video_detector(*, refine: bool = True, mirror: bool = False) -> LandmarkDetector:
    """MediaPipe in tracking mode (one instance per stream), optionally mirrored and refined.

    Close it when done (``close()``).
    """
    from bellpath.camera.mediapipe_detector import MediaPipeDetector  # noqa: PLC0415 - heavy
    from bellpath.camera.mirror import MirrorConsistentDetector  # noqa: PLC0415
    from bellpath.camera.refine import RefinedDetector  # noqa: PLC0415

    detector: LandmarkDetector = MediaPipeDetector(static_image_mode=False, max_faces=2)
    if mirror:
        detector = MirrorConsistentDetector(
            detector, MediaPipeDetector(static_image_mode=False, max_faces=2)
        )
    if refine:
        detector = RefinedDetector(detector)
    return detector
