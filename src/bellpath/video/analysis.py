"""Analyse a video of facial movement: :func:`analyse_video`.

Pipeline (one pass over the frames, then pure signal processing on the per-frame table)::

    decode (PyAV, upright, scaled to detect_width)     bellpath.video.decode
      -> landmarks, tracking mode                     MediaPipeDetector(static_image_mode=False)
      -> photo measures in full-resolution pixels,    bellpath.video.frame
         photo quality gate per frame (marked rows)
      -> px to mm with the iris scale smoothed over time (scale_series)
      -> Savitzky-Golay jitter filter                 bellpath.video.smoothing
      -> rest, movements, expressions, peaks          bellpath.video.segments
      -> excursions, ratios, symmetry                 bellpath.video.dynamic
      -> ocular-oral / oral-ocular synkinesis         bellpath.video.synkinesis
      -> VideoResult (JSON contract)                  bellpath.video.result

Bad input: an unreadable file raises :class:`~bellpath.errors.VideoError` (``unreadable``,
``not_found``, ``truncated`` when nothing decodes); a video with no usable face in any frame
raises ``no_face``. Everything else keeps its partial result and says what is off in
``warnings``: a file cut short, most frames rejected, too short for an expression, longer than
``max_duration_s`` (only the start is analysed), no rest found, a user segment outside the video.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter

from bellpath.case import Side
from bellpath.errors import VideoError
from bellpath.face.calibration import IRIS_DIAMETER_MM
from bellpath.face.landmarks import LandmarkDetector
from bellpath.face.measures import MeasureName, Unit
from bellpath.face.pipeline import parse_side
from bellpath.face.quality import DEFAULT_THRESHOLDS, QualityThresholds, QualityWarning
from bellpath.video.decode import VideoReader
from bellpath.video.dynamic import excursions, segment_symmetry
from bellpath.video.frame import IRIS_COLUMN, FrameMeasurer
from bellpath.video.result import ExpressionResult, VideoResult, VideoWarning, WarningItem
from bellpath.video.segments import (
    MOVEMENT,
    PRIMARY_MEASURE,
    SIDES,
    Segment,
    SegmentationParams,
    UserSegment,
    estimate_rest,
    local_rest,
    rest_periods,
    segment_expressions,
    segment_user,
)
from bellpath.video.segments_file import load_segments
from bellpath.video.series import FrameTable
from bellpath.video.smoothing import SmoothingParams, smooth_series
from bellpath.video.synkinesis import SynkinesisParams, assess_synkinesis

__all__ = ["AnalysisOptions", "Progress", "analyse_video", "scale_series", "video_detector"]

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int, int | None], None]
"""Called after each frame with (frames done, expected total or None)."""


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
        (:mod:`bellpath.face.refine`), against the landmark model's pull towards symmetry: on
        the synthetic clips a 4 mm brow lift reads 3.0 mm raw and 4.3 mm refined, a 7 mm eye
        closure 5.2 mm raw and 6.7 mm refined. Costs a few ms per frame (docs/benchmarks.md).
    mirror : bool
        Also track the mirrored frames with a second MediaPipe instance and average
        (:mod:`bellpath.face.mirror`). Off by default for video: the model's mirror bias is a
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
    from bellpath.face.mediapipe_detector import MediaPipeDetector  # noqa: PLC0415 - heavy
    from bellpath.face.mirror import MirrorConsistentDetector  # noqa: PLC0415
    from bellpath.face.refine import RefinedDetector  # noqa: PLC0415

    detector: LandmarkDetector = MediaPipeDetector(static_image_mode=False, max_faces=2)
    if mirror:
        detector = MirrorConsistentDetector(
            detector, MediaPipeDetector(static_image_mode=False, max_faces=2)
        )
    if refine:
        detector = RefinedDetector(detector)
    return detector


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


def _unit_power(column: str) -> int:
    """1 for lengths, 2 for areas, 0 for angles and non-measures (pose, iris px)."""
    name = column.split(".", 1)[0]
    try:
        unit = MeasureName(name).unit
    except ValueError:
        return 0
    return {Unit.MM: 1, Unit.MM2: 2}.get(unit, 0)


def _to_mm(table: FrameTable, scale: FloatArray) -> None:
    for name in table.names:
        power = _unit_power(name)
        if power:
            table.replace_column(name, table.column(name) * scale**power)
    table.replace_column("mm_per_px", scale)


def _flag_warnings(table: FrameTable) -> list[WarningItem]:
    counts = table.flag_counts()
    n = max(1, len(table))
    out: list[WarningItem] = []
    mapping = {
        QualityWarning.YAW.value: VideoWarning.POSE,
        QualityWarning.PITCH.value: VideoWarning.POSE,
        QualityWarning.ROLL.value: VideoWarning.POSE,
        QualityWarning.LOW_RESOLUTION.value: VideoWarning.LOW_RESOLUTION,
        QualityWarning.OTHER_FACES.value: VideoWarning.OTHER_FACES,
    }
    for code, count in counts.items():
        if code not in mapping or count < 0.1 * n:
            continue
        advice = QualityWarning(code).advice
        out.append(
            WarningItem(
                mapping[code], f"{code} flagged in {100 * count / n:.0f}% of frames: {advice}"
            )
        )
    return out


def _read_frames(
    reader: VideoReader,
    measurer: FrameMeasurer,
    table: FrameTable,
    *,
    max_frames: int | None,
    progress: Progress | None,
) -> bool:
    """Fill ``table``; return True when the video was cut at ``max_frames``."""
    expected = reader.info.frames
    if max_frames is not None and expected is not None:
        expected = min(expected, max_frames)
    for frame in reader.frames():
        if max_frames is not None and frame.index >= max_frames:
            return True
        table.append(measurer.measure(frame))
        if progress is not None:
            progress(len(table), expected)
    return False


def _coerce_segments(
    segments: Sequence[UserSegment] | str | Path | None,
) -> list[UserSegment] | None:
    if segments is None:
        return None
    if isinstance(segments, str | Path):
        return load_segments(segments)
    return list(segments)


def analyse_video(
    path: str | Path,
    *,
    affected_side: Side | str | None,
    segments: Sequence[UserSegment] | str | Path | None = None,
    detector: LandmarkDetector | None = None,
    progress: Progress | None = None,
    options: AnalysisOptions | None = None,
) -> VideoResult:
    """Measure facial movement in a video: expressions, excursions, synkinesis.

    Parameters
    ----------
    path : str or Path
        mp4, mov, webm, avi (anything FFmpeg reads); rotation metadata is honoured.
    affected_side : Side, "left", "right", "unknown" or None
        Set by the user, never guessed; unknown gives no affected/healthy ratios.
    segments : list of UserSegment, or a path to a segments file, optional
        Labelled time ranges; when given they replace the automatic segmentation.
    detector : LandmarkDetector, optional
        Default: :func:`video_detector` with ``options.refine`` and ``options.mirror`` (closed
        again at the end).
    progress : callable, optional
        ``progress(done, total)`` after each frame.
    options : AnalysisOptions, optional

    Returns
    -------
    VideoResult

    Raises
    ------
    VideoError
        ``not_found``, ``unreadable``, ``truncated`` (nothing decodes), ``no_face`` (no frame
        passed the quality gate).
    InputError
        A bad ``affected_side`` or segments file.
    """
    opts = options or AnalysisOptions()
    side = parse_side(affected_side, field="affected_side")
    user_segments = _coerce_segments(segments)
    started = time.perf_counter()
    warnings: list[WarningItem] = []
    table = FrameTable(keep_landmarks=opts.keep_landmarks)
    # Open the file first: a missing or unreadable video fails before MediaPipe loads.
    reader = VideoReader(path, max_width=opts.detect_width)
    own_detector = detector is None
    if detector is None:
        try:
            detector = video_detector(refine=opts.refine, mirror=opts.mirror)
        except BaseException:
            reader.close()
            raise
    try:
        with reader:
            info = reader.info
            measurer = FrameMeasurer(
                detector=detector,
                full_size=(info.width, info.height),
                affected_side=side,
                thresholds=opts.quality,
                keep_landmarks=opts.keep_landmarks,
                iris_diameter_mm=opts.iris_diameter_mm,
            )
            max_frames = int(opts.max_duration_s * info.fps)
            cut = _read_frames(reader, measurer, table, max_frames=max_frames, progress=progress)
            truncated, decode_errors = reader.truncated, reader.decode_errors
    finally:
        if own_detector:
            close: Any = getattr(detector, "close", None)
            if close is not None:
                close()
    if info.fps < opts.min_fps:
        warnings.append(
            WarningItem(
                VideoWarning.LOW_FRAME_RATE,
                f"{info.fps:g} frames per second is too few to catch the peak of a quick movement "
                f"(at least {opts.min_fps:g} advised); film at 30 fps",
            )
        )
    if cut:
        warnings.append(
            WarningItem(
                VideoWarning.LONG_VIDEO,
                f"only the first {opts.max_duration_s:.0f} s were analysed; "
                "split a longer recording into one clip per session",
            )
        )
    if truncated:
        warnings.append(
            WarningItem(
                VideoWarning.TRUNCATED,
                f"the file ends early or is damaged: results cover the {len(table)} frames "
                "that could be decoded",
            )
        )
    if decode_errors:
        warnings.append(
            WarningItem(VideoWarning.DECODE_ERRORS, f"{decode_errors} damaged packets were skipped")
        )
    return _finish(
        Path(path).name,
        info.fps,
        table,
        side=side,
        user_segments=user_segments,
        warnings=warnings,
        opts=opts,
        geometry=(info.width, info.height, info.rotation),
        started=started,
    )


def _finish(
    file: str,
    fps: float,
    table: FrameTable,
    *,
    side: Side | None,
    user_segments: list[UserSegment] | None,
    warnings: list[WarningItem],
    opts: AnalysisOptions,
    geometry: tuple[int, int, int],
    started: float,
) -> VideoResult:
    n = len(table)
    accepted = int(table.accepted.sum())
    if accepted == 0:
        reasons = ", ".join(f"{k}: {v}" for k, v in table.reason_counts().items())
        raise VideoError(
            "no_face",
            f"no frame of {file!r} could be measured ({n} frames; {reasons}); film the face "
            "from the front, in even light, filling at least a third of the frame",
        )
    rejected = n - accepted
    if rejected > opts.mostly_rejected * n:
        reasons = ", ".join(f"{k} {v}" for k, v in table.reason_counts().items())
        warnings.append(
            WarningItem(
                VideoWarning.MOSTLY_REJECTED,
                f"{rejected} of {n} frames failed the quality gate ({reasons}); "
                "results rest on the remaining frames",
            )
        )
    warnings.extend(_flag_warnings(table))
    side_name = side.value if side is not None else None
    if side is None:
        warnings.append(
            WarningItem(
                VideoWarning.SIDE_UNKNOWN,
                "the affected side was not given, so no affected/healthy ratios are reported",
            )
        )
    scale, calibration = _calibration(table, fps, opts)
    _to_mm(table, scale)
    channels = _channels(table, fps, opts.smoothing)
    times = table.times
    duration = float(times[-1] - times[0]) + 1.0 / fps if n else 0.0
    rest_frames = None
    if user_segments:
        rest_frames = np.zeros(n, dtype=bool)
        for us in user_segments:
            if us.label == "rest":
                rest_frames |= (times >= us.start_s) & (times <= us.end_s)
    rest = estimate_rest(channels, fps, opts.segmentation, rest_frames=rest_frames)
    healthy: tuple[str, ...] = SIDES
    if side is not None:
        healthy = ("left",) if side is Side.RIGHT else ("right",)
    segments = _segments(
        channels,
        rest,
        times,
        fps,
        user_segments=user_segments,
        healthy=healthy,
        duration=duration,
        opts=opts,
        warnings=warnings,
    )
    rests = [local_rest(channels, rest, seg, fps, opts.segmentation) for seg in segments]
    expressions = [
        ExpressionResult(
            segment=seg,
            start_s=float(times[seg.start]),
            peak_s=float(times[seg.peak]),
            end_s=float(times[seg.end]),
            excursion=excursions(channels, seg_rest, seg, affected_side=side_name),
            symmetry=segment_symmetry(channels, seg_rest, seg, affected_side=side_name),
        )
        for seg, seg_rest in zip(segments, rests, strict=True)
    ]
    warnings.extend(_side_check(expressions, side_name))
    ocular, oral = assess_synkinesis(
        channels,
        rest,
        segments,
        affected_side=side_name,
        params=opts.synkinesis,
        local_rests=rests,
    )
    return VideoResult(
        file=file,
        fps=fps,
        frames=n,
        frames_rejected=rejected,
        expressions=expressions,
        ocular_oral=ocular,
        oral_ocular=oral,
        warnings=warnings,
        affected_side=side_name,
        duration_s=duration,
        width=geometry[0],
        height=geometry[1],
        rotation=geometry[2],
        rest=rest,
        calibration=calibration,
        rejected_by_reason=table.reason_counts(),
        processing_s=time.perf_counter() - started,
        table=table,
        smoothed=channels,
        rest_segments=rest_periods(channels, rest, fps, opts.segmentation),
    )


SIDE_CHECK_RATIO = 1.25
"""Warn when the side given as affected moved more than this times the other side, summed over
all movements (the main measure of each labelled expression; brow, eye and mouth for an
unlabelled movement): the side may have been mixed up. The warning
never changes the side."""

_SIDE_CHECK_MEASURES = ("brow_height", "palpebral_fissure", "commissure_excursion")


def _side_check(expressions: list[ExpressionResult], side: str | None) -> list[WarningItem]:
    if side is None or not expressions:
        return []
    other = "right" if side == "left" else "left"
    moved = {side: 0.0, other: 0.0}
    for e in expressions:
        # A labelled expression counts only its own measure (a synkinetic eye narrowing during a
        # smile is movement of the affected side, not a sign of a mixed-up side).
        measures = (PRIMARY_MEASURE[e.label][0],) if e.label in PRIMARY_MEASURE else None
        for measure in measures or _SIDE_CHECK_MEASURES:
            x = e.excursion.get(measure)
            if x is None or x.right is None or x.left is None:
                continue
            moved["right"] += abs(x.right)
            moved["left"] += abs(x.left)
    if moved[other] <= 0 or moved[side] <= SIDE_CHECK_RATIO * moved[other]:
        return []
    return [
        WarningItem(
            VideoWarning.SIDE_CHECK,
            f"the {side} side, given as affected, moved {moved[side] / moved[other]:.1f} times as "
            f"much as the {other} side over all movements; check --side "
            "(bellpath never guesses it)",
        )
    ]


def _calibration(
    table: FrameTable, fps: float, opts: AnalysisOptions
) -> tuple[FloatArray, dict[str, Any]]:
    """Scale per frame: a fixed user value, or the iris smoothed over time; and its summary."""
    n = len(table)
    if opts.mm_per_px is not None:
        return np.full(n, float(opts.mm_per_px)), {"method": "given", "mm_per_px": opts.mm_per_px}
    # Mean of both eyes (NaN for rejected frames), without nanmean's empty-slice warning.
    fissure = (table.column("palpebral_fissure.right") + table.column("palpebral_fissure.left")) / 2
    scale = scale_series(
        table.column(IRIS_COLUMN),
        fissure,
        fps,
        window_s=opts.scale_window_s,
        iris_diameter_mm=opts.iris_diameter_mm,
    )
    return scale, {
        "method": "iris",
        "mm_per_px": round(float(np.nanmedian(scale)), 5),
        "mm_per_px_range": [round(float(np.nanmin(scale)), 5), round(float(np.nanmax(scale)), 5)],
        "iris_diameter_mm": opts.iris_diameter_mm,
        "window_s": opts.scale_window_s,
    }


def _segments(
    channels: dict[str, FloatArray],
    rest: dict[str, float],
    times: FloatArray,
    fps: float,
    *,
    user_segments: list[UserSegment] | None,
    healthy: tuple[str, ...],
    duration: float,
    opts: AnalysisOptions,
    warnings: list[WarningItem],
) -> list[Segment]:
    """Automatic or user segments, with the warnings they give rise to."""
    if duration < opts.min_duration_s:
        warnings.append(
            WarningItem(
                VideoWarning.TOO_SHORT,
                f"the video lasts {duration:.1f} s, too short to hold rest and an expression "
                f"(at least {opts.min_duration_s:g} s); film each expression from rest",
            )
        )
        return []
    if user_segments is not None:
        segments = segment_user(channels, rest, times, user_segments, healthy_sides=healthy)
        named = sum(1 for us in user_segments if us.label != "rest")
        if len(segments) < named:
            warnings.append(
                WarningItem(
                    VideoWarning.SEGMENT_SKIPPED,
                    f"{named - len(segments)} segment(s) lie outside the video "
                    f"(0-{duration:.1f} s) and were skipped",
                )
            )
    else:
        segments = segment_expressions(
            channels, rest, fps, healthy_sides=healthy, params=opts.segmentation
        )
    if not segments:
        warnings.append(
            WarningItem(
                VideoWarning.NO_EXPRESSION,
                "no movement clearly larger than the landmark jitter was found; "
                "make each expression as large as possible, and start and end at rest",
            )
        )
    unclassified = [s for s in segments if s.label == MOVEMENT]
    if unclassified:
        warnings.append(
            WarningItem(
                VideoWarning.UNCLASSIFIED,
                f"{len(unclassified)} movement(s) matched no expression signature; "
                "give a segments file to label them (snarl and EEE need one)",
            )
        )
    return segments


def _channels(table: FrameTable, fps: float, params: SmoothingParams) -> dict[str, FloatArray]:
    """Smoothed two-sided measures, keyed ``measure.side`` (rejected frames are NaN first)."""
    accepted = table.accepted
    out: dict[str, FloatArray] = {}
    for name in table.names:
        measure, _, s = name.rpartition(".")
        if s not in SIDES or not measure:
            continue
        values = np.where(accepted, table.column(name), np.nan)
        out[name] = smooth_series(values, fps, params)
    return out
