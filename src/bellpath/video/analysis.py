"""Analyse a video of facial movement: :func:`analyse_video`.

Pipeline (one pass over the frames, then pure signal processing on the per-frame table)::

    decode (PyAV, upright, scaled to detect_width)     bellpath.video.decode
      -> landmarks, tracking mode                     MediaPipeDetector(static_image_mode=False)
      -> photo measures in full-resolution pixels,    bellpath.video.frame
         photo quality gate per frame (marked rows)
      -> px to mm with the iris scale smoothed over time    bellpath.video.scale
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
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bellpath.camera.pipeline import parse_side
from bellpath.case import Side
from bellpath.errors import VideoError
from bellpath.face.landmarks import LandmarkDetector
from bellpath.video.checks import flag_warnings, side_check
from bellpath.video.decode import VideoReader
from bellpath.video.dynamic import excursions, segment_symmetry
from bellpath.video.frame import FrameMeasurer
from bellpath.video.options import AnalysisOptions, video_detector
from bellpath.video.result import ExpressionResult, VideoResult, VideoWarning, WarningItem
from bellpath.video.scale import calibration, to_mm
from bellpath.video.segments import (
    MOVEMENT,
    SIDES,
    Segment,
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
from bellpath.video.synkinesis import assess_synkinesis

__all__ = ["AnalysisOptions", "Progress", "analyse_video", "video_detector"]

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int, int | None], None]
"""Called after each frame with (frames done, expected total or None)."""


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
    warnings.extend(flag_warnings(table))
    side_name = side.value if side is not None else None
    if side is None:
        warnings.append(
            WarningItem(
                VideoWarning.SIDE_UNKNOWN,
                "the affected side was not given, so no affected/healthy ratios are reported",
            )
        )
    scale, scale_info = calibration(
        table,
        fps,
        mm_per_px=opts.mm_per_px,
        window_s=opts.scale_window_s,
        iris_diameter_mm=opts.iris_diameter_mm,
    )
    to_mm(table, scale)
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
    warnings.extend(side_check(expressions, side_name))
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
        calibration=scale_info,
        rejected_by_reason=table.reason_counts(),
        processing_s=time.perf_counter() - started,
        table=table,
        smoothed=channels,
        rest_segments=rest_periods(channels, rest, fps, opts.segmentation),
    )


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
