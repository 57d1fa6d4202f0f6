"""What a video analysis writes: JSON summary, per-frame CSV, chart, annotated MP4, text.

* :func:`to_json` - the summary (contract in :mod:`bellpath.video.result`).
* :func:`write_frames_csv` - one row per frame: time, accepted / reject reason, quality flags,
  every measure in mm (both sides), pose, iris diameter and scale; with ``landmarks=True`` also
  the 478 landmarks (``lm{i}_x``, ``lm{i}_y``, full-resolution pixels of the upright frame).
  Written row by row.
* :func:`write_chart` - the main measures of both sides over time (smoothed lines over the raw
  points), with each expression shaded and labelled at its peak (matplotlib, Agg backend: no
  display needed). PNG, SVG or PDF by the file name.
* :func:`write_annotated` - a copy of the video with the landmarks used, the current expression
  and the live excursions drawn on each frame (PyAV encode, libx264).
* :func:`render_text` - a plain-language summary for the terminal.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from bellpath.errors import InputError, VideoError
from bellpath.tabular import LineEnd, write_csv
from bellpath.video.decode import VideoReader
from bellpath.video.result import DISCLAIMER, VideoResult
from bellpath.video.segments import PRIMARY_MEASURE
from bellpath.vocab import MeasureName, words

__all__ = [
    "CHART_MEASURES",
    "render_text",
    "to_json",
    "write_annotated",
    "write_chart",
    "write_frames_csv",
]

CHART_MEASURES: tuple[tuple[MeasureName, str], ...] = tuple(
    (name, f"{title} ({name.unit.symbol})")
    for name, title in (
        (MeasureName.BROW_HEIGHT, "Brow height"),
        (MeasureName.PALPEBRAL_FISSURE, "Eye opening"),
        (MeasureName.COMMISSURE_EXCURSION, "Mouth corner excursion"),
    )
)
"""The panels of the chart: measure and axis label (its unit from the vocabulary)."""

_FIXED = ("frame", "time_s", "accepted", "reject_reason", "flags")


def to_json(result: VideoResult, *, indent: int | None = 2) -> str:
    """The JSON summary as text."""
    return json.dumps(result.to_json(), indent=indent, ensure_ascii=False)


def _frame_rows(result: VideoResult, landmarks: bool) -> Iterator[list[object]]:
    table = result.table
    names = table.names
    for i, row in enumerate(table.rows()):
        values: list[object] = [row[k] for k in _FIXED] + [row[n] for n in names]
        if landmarks:
            lm = table.landmarks[i] if i < len(table.landmarks) else None
            if lm is None:
                values.extend([""] * (2 * 478))
            else:
                values.extend(round(float(v), 2) for v in lm.reshape(-1))
        yield values


def write_frames_csv(result: VideoResult, out: IO[str], *, landmarks: bool = False) -> int:
    """Write the per-frame table as CSV to ``out``; return the number of rows.

    Raises
    ------
    InputError
        ``landmarks=True`` but the analysis did not keep them (``keep_landmarks``).
    """
    if landmarks and not result.table.keep_landmarks:
        raise InputError(
            "landmarks",
            "landmarks were not kept during the analysis; run it with keep_landmarks=True "
            "(bellpath video --landmarks)",
        )
    header = [*_FIXED, *result.table.names]
    if landmarks:
        header.extend(f"lm{i}_{axis}" for i in range(478) for axis in ("x", "y"))
    return write_csv(out, header, _frame_rows(result, landmarks), line_end=LineEnd.LF)


def write_chart(result: VideoResult, path: str | Path) -> Path:
    """Plot the main measures of both sides over time with the expressions marked."""
    import matplotlib  # noqa: PLC0415 - heavy, only when a chart is asked for

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError("chart", allowed=[".png", ".svg", ".pdf"], received=out.suffix or out.name)
    times = np.asarray(result.table.time_s)
    fig, axes = plt.subplots(len(CHART_MEASURES), 1, figsize=(11, 8), sharex=True)
    colours = {"right": "#1f77b4", "left": "#d62728"}
    for ax, (measure, label) in zip(axes, CHART_MEASURES, strict=True):
        for side, colour in colours.items():
            key = f"{measure}.{side}"
            if key not in result.smoothed:
                continue
            marker = " (affected)" if side == result.affected_side else ""
            raw = result.table.column(key)
            ax.plot(times, raw, ".", color=colour, alpha=0.25, markersize=2)
            ax.plot(times, result.smoothed[key], color=colour, label=f"{side}{marker}")
            rest = result.rest.get(key)
            if rest is not None and math.isfinite(rest):
                ax.axhline(rest, color=colour, linestyle=":", linewidth=0.8)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        for expression in result.expressions:
            ax.axvspan(expression.start_s, expression.end_s, color="#999999", alpha=0.15)
            ax.axvline(expression.peak_s, color="#555555", linewidth=0.7)
    for expression in result.expressions:
        axes[0].annotate(
            words(expression.label),
            (expression.peak_s, 1.0),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    rejected = ~result.table.accepted
    if rejected.any():
        for ax in axes:
            ax.plot(
                times[rejected],
                np.full(int(rejected.sum()), ax.get_ylim()[0]),
                "x",
                color="#777777",
                markersize=3,
                label=None,
            )
    axes[0].legend(loc="upper right", fontsize=8)
    axes[-1].set_xlabel("time (s)")
    fig.suptitle(f"{result.file}: movement over time (dotted: rest; x: rejected frames)")
    fig.text(0.01, 0.005, DISCLAIMER, fontsize=6, color="#555555")
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def _segment_at(result: VideoResult, frame: int) -> Any:
    for expression in result.expressions:
        if expression.segment.start <= frame <= expression.segment.end:
            return expression
    return None


def _live_lines(result: VideoResult, index: int) -> list[str]:
    """Change from rest of the chart measures at frame ``index`` (smoothed), right / left."""
    lines = []
    for measure, label in CHART_MEASURES:
        values = []
        for side in ("right", "left"):
            key = f"{measure}.{side}"
            series = result.smoothed.get(key)
            rest = result.rest.get(key)
            if series is None or rest is None or not math.isfinite(float(series[index])):
                values.append("  -  ")
            else:
                values.append(f"{series[index] - rest:+5.1f}")
        lines.append(f"{label.split(' (')[0]}: R {values[0]}  L {values[1]} {measure.unit.symbol}")
    return lines


def write_annotated(
    result: VideoResult, source: str | Path, path: str | Path, *, max_width: int = 960
) -> Path:
    """Re-read ``source`` and write it with landmarks and the current expression drawn.

    The analysis must have kept its landmarks (``keep_landmarks=True``). Frames are scaled to at
    most ``max_width`` pixels wide.
    """
    import av  # noqa: PLC0415 - heavy
    import cv2  # noqa: PLC0415 - heavy

    table = result.table
    if not table.keep_landmarks:
        raise InputError(
            "annotated",
            "landmarks were not kept during the analysis; run it with keep_landmarks=True",
        )
    out = Path(path)
    with VideoReader(source, max_width=max_width) as reader, av.open(str(out), "w") as container:
        stream: Any = None
        for frame in reader.frames():
            if frame.index >= len(table):
                break
            image = np.ascontiguousarray(frame.image)
            if stream is None:
                stream = container.add_stream("libx264", rate=round(result.fps) or 30)
                stream.height = image.shape[0] - image.shape[0] % 2
                stream.width = image.shape[1] - image.shape[1] % 2
                stream.pix_fmt = "yuv420p"
            lm = table.landmarks[frame.index]
            if lm is not None:
                for x, y in (lm / frame.scale).astype(int):
                    cv2.circle(image, (int(x), int(y)), 1, (0, 255, 0), -1)
            reason = table.reject_reason[frame.index]
            text = f"{frame.time_s:5.2f} s"
            current = _segment_at(result, frame.index)
            if reason:
                text += f"  rejected: {reason}"
            elif current is not None:
                text += f"  {current.label.replace('_', ' ')}"
            cv2.putText(image, text, (10, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 0), 2)
            for row, line in enumerate(_live_lines(result, frame.index)):
                cv2.putText(
                    image,
                    line,
                    (10, 48 + 22 * row),
                    cv2.FONT_HERSHEY_SIMPLEX,
                    0.5,
                    (255, 255, 0),
                    1,
                )
            cropped = image[: stream.height, : stream.width]
            video_frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(cropped), format="rgb24")
            for packet in stream.encode(video_frame):
                container.mux(packet)
        if stream is None:
            raise VideoError("truncated", "no frame could be re-read for the annotated video")
        for packet in stream.encode():
            container.mux(packet)
    return out


def _fmt(value: float | None, unit: str = " mm") -> str:
    return "-" if value is None else f"{value:+.1f}{unit}"


def render_text(result: VideoResult) -> str:
    """A readable summary: expressions with their excursions, synkinesis, warnings."""
    lines = [
        f"{result.file}: {result.duration_s:.1f} s, {result.frames} frames at {result.fps:g} fps, "
        f"{result.frames_rejected} rejected by the quality gate",
        f"affected side: {result.affected_side or 'unknown (no ratios)'}",
    ]
    main = {label: measure for label, (measure, _) in PRIMARY_MEASURE.items()}
    if result.expressions:
        lines.append("expressions (excursion from rest to peak, right / left, affected:healthy):")
    for e in result.expressions:
        measure = main.get(e.label)
        detail = ""
        if measure is not None and measure in e.excursion:
            x = e.excursion[measure]
            ratio = "-" if x.ratio is None else f"{x.ratio:.2f}"
            unit = f" {measure.unit.symbol}"
            detail = (
                f"  {measure.words}: {_fmt(x.right, unit)} / {_fmt(x.left, unit)}, ratio {ratio}"
            )
        lines.append(
            f"  {e.label:<15} {e.start_s:6.2f}-{e.end_s:6.2f} s, peak {e.peak_s:6.2f} s{detail}"
        )
    oo = result.ocular_oral
    verdict = "DETECTED" if oo.detected else "not detected"
    index = "-" if oo.index is None else f"{oo.index:.0f} points"
    lines.append(
        f"ocular-oral synkinesis: {verdict} (index {index}, threshold {oo.threshold:g}; "
        f"side {oo.side or '-'}; during {', '.join(oo.during) or '-'})"
    )
    if oo.detected and oo.index is not None:
        lines.append(
            f"  the {oo.side} eye narrowed {oo.index:.0f} percentage points more than the other "
            f"eye during {' and '.join(oo.during)}: a sign of synkinesis for your clinician or "
            "facial therapist to assess"
        )
    if result.oral_ocular.per_segment:
        ro = result.oral_ocular
        lines.append(
            f"oral-ocular synkinesis: {'DETECTED' if ro.detected else 'not detected'} "
            f"(index {_fmt(ro.index)})"
        )
    for w in result.warnings:
        lines.append(f"warning [{w.code.value}]: {w.message}")
    lines.append(DISCLAIMER)
    return "\n".join(lines)
