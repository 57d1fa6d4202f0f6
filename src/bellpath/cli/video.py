"""`bellpath video`: movement over time, expression peaks and synkinesis from a video.

Thin edge over :func:`bellpath.video.analysis.analyse_video`: parse options, analyse each video
with a progress bar on stderr (frames per second), print or write text / JSON / per-frame CSV,
optionally write a chart and an annotated copy, and record the result in a case file.

A folder is processed in batch (``.mp4 .mov .m4v .webm .mkv .avi`` files, one level deep); a video
that cannot be analysed gets its own error row (``{"file", "error": {"code", "message"}}``) and
the batch goes on.

Exit codes: 0 every video analysed; 1 at least one could not be (its row says why); 2 bad options
or input (one line on stderr).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from bellpath import clock
from bellpath._fileio import collect_files
from bellpath.camera.pipeline import parse_side
from bellpath.case import VideoMeasuresEntry
from bellpath.caseio import read_mapping
from bellpath.cli._app import app, err_console, guard
from bellpath.cli._case_file import add_to_case
from bellpath.cli._common import parse_date_option
from bellpath.errors import BellpathError, InputError
from bellpath.face.landmarks import LandmarkDetector
from bellpath.video.analysis import AnalysisOptions, analyse_video
from bellpath.video.decode import SUPPORTED_SUFFIXES
from bellpath.video.outputs import render_text, write_annotated, write_chart, write_frames_csv
from bellpath.video.result import VideoResult
from bellpath.video.segments import UserSegment
from bellpath.video.segments_file import load_segments

__all__ = ["EXIT_SOME_FAILED", "FORMATS", "collect_videos", "record_video", "video_command"]

EXIT_SOME_FAILED = 1
"""Exit code when at least one video could not be analysed."""

FORMATS = ("text", "json", "csv")

PRIVACY = "The video was processed on this machine only; nothing was sent or kept."


def _default_detector() -> LandmarkDetector | None:
    return None  # analyse_video's own: MediaPipe in tracking mode


# Tests may swap this for a fake detector factory.
detector_factory: Callable[[], LandmarkDetector | None] = _default_detector


def collect_videos(paths: list[Path]) -> list[Path]:
    """Expand folders into their video files (sorted by name); keep files given by name."""
    return collect_files(paths, SUPPORTED_SUFFIXES)


def _check_format(value: str) -> str:
    key = value.strip().lower()
    if key not in FORMATS:
        raise InputError("--format", allowed=FORMATS, received=value)
    return key


def _check_date(value: str | None) -> dt.date:
    return clock.today() if value is None else parse_date_option(value, "--date")


def record_video(case_file: Path, result: VideoResult, when: dt.date) -> tuple[int, bool]:
    """Add a dated ``video_measures`` entry to a case file, and the synkinesis complication.

    The whole case is validated before anything is written, and the file is replaced atomically
    in its own format (JSON or YAML).

    Returns
    -------
    (entries, added_synkinesis) : tuple of int and bool
        How many video entries the case now holds, and whether ``synkinesis`` was newly added
        to its complications.
    """
    data = read_mapping(case_file, field="--record")
    case_side = data.get("affected_side")
    if case_side and result.affected_side and case_side != result.affected_side:
        raise InputError(
            "--side",
            f"the case file says the affected side is {case_side}, but the video was analysed "
            f"with --side {result.affected_side}; use the same side (nothing was recorded)",
            allowed=[case_side],
            received=result.affected_side,
        )
    entry = VideoMeasuresEntry.from_summary(result.to_json(), when)
    total, added = add_to_case(
        case_file,
        "video_measures",
        [entry],
        field="--record",
        complications=entry.implied_complications,
    )
    return total, bool(added)


def _analyse_one(
    path: Path,
    *,
    side: str,
    segments: list[UserSegment] | None,
    options: AnalysisOptions,
    show_progress: bool,
) -> VideoResult:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} frames/s"),
        TimeRemainingColumn(),
    )
    bar = Progress(*columns, console=err_console, transient=True, disable=not show_progress)
    with bar:
        task = bar.add_task(path.name, total=None, rate="-")

        def report(done: int, total: int | None) -> None:
            if done % 10 and done != total:
                return
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.0f}" if elapsed > 0 else "-"
            bar.update(task, completed=done, total=total, rate=rate)

        return analyse_video(
            path,
            affected_side=side,
            segments=segments,
            detector=detector_factory(),
            progress=report,
            options=options,
        )


def _csv(result: VideoResult, landmarks: bool) -> str:
    buffer = io.StringIO()
    write_frames_csv(result, buffer, landmarks=landmarks)
    return buffer.getvalue()


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError("-o", f"cannot write {output}: {exc.strerror or exc}") from None
    err_console.print(f"wrote {output}", markup=False)


def _numbered(path: Path, many: bool, stem: str) -> Path:
    """``chart.png`` for one video; ``chart-<video stem>.png`` in a batch."""
    if not many:
        return path
    return path.with_name(f"{path.stem}-{stem}{path.suffix}")


@dataclass(frozen=True)
class _Outputs:
    output: Path | None
    chart: Path | None
    annotated: Path | None
    landmarks: bool


def _process(
    files: list[Path],
    *,
    side: str,
    segments: list[UserSegment] | None,
    options: AnalysisOptions,
    fmt: str,
    outputs: _Outputs,
    record: tuple[Path, dt.date] | None,
    show_progress: bool,
) -> tuple[list[dict[str, Any]], list[str], int]:
    """Analyse each video; one failure gives its own row and the batch goes on."""
    many = len(files) > 1
    rows: list[dict[str, Any]] = []
    texts: list[str] = []
    failed = 0
    for file in files:
        try:
            result = _analyse_one(
                file, side=side, segments=segments, options=options, show_progress=show_progress
            )
        except (BellpathError, OSError) as exc:
            failed += 1
            code = getattr(exc, "code", "unreadable")
            message = getattr(exc, "message", str(exc))
            rows.append({"file": file.name, "error": {"code": code, "message": message}})
            texts.append(f"{file.name}: error [{code}]: {message}")
            continue
        if outputs.chart is not None:
            written = write_chart(result, _numbered(outputs.chart, many, file.stem))
            err_console.print(f"wrote {written}", markup=False)
        if outputs.annotated is not None:
            target = _numbered(outputs.annotated, many, file.stem)
            err_console.print(f"wrote {write_annotated(result, file, target)}", markup=False)
        if fmt == "csv":
            target_csv = _numbered(outputs.output, many, file.stem) if outputs.output else None
            _emit(_csv(result, outputs.landmarks), target_csv)
        rows.append(result.to_json())
        texts.append(render_text(result))
        if record is not None:
            count, added = record_video(record[0], result, record[1])
            note = "; synkinesis added to complications" if added else ""
            err_console.print(
                f"recorded the video summary in {record[0].name} ({count} in all){note}",
                markup=False,
            )
    return rows, texts, failed


@app.command("video")
def video_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Videos (mp4, mov, webm, avi) or folders of videos.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    side: Annotated[
        str, typer.Option(help="Affected side: left, right or unknown (never guessed).")
    ] = "unknown",
    segments: Annotated[
        Path | None,
        typer.Option(help="CSV or JSON of labelled time ranges (label,start_s,end_s)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or csv (per frame).")] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    chart: Annotated[
        Path | None, typer.Option(help="Write a chart of the measures over time (.png/.svg/.pdf).")
    ] = None,
    annotated: Annotated[
        Path | None, typer.Option(help="Write a copy of the video with landmarks drawn (.mp4).")
    ] = None,
    landmarks: Annotated[
        bool, typer.Option("--landmarks", help="With --format csv: all 478 landmarks per frame.")
    ] = False,
    mm_per_px: Annotated[
        float | None, typer.Option("--mm-per-px", help="Known scale (default: the iris).")
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(
            help="Add a dated video summary (and synkinesis, if found) to this case file."
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Date the video was filmed (YYYY-MM-DD; default today).")
    ] = None,
    max_seconds: Annotated[
        float,
        typer.Option("--max-seconds", help="Analyse at most this many seconds of each video."),
    ] = 600.0,
    fast: Annotated[
        bool,
        typer.Option("--fast", help="Skip the lid/brow/mouth refinement (faster, less accurate)."),
    ] = False,
    mirror: Annotated[
        bool,
        typer.Option("--mirror", help="Also track the mirrored video and average (slower)."),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show the progress bar on stderr.")] = True,
) -> None:
    """Analyse facial movement in a video: expressions, excursions in mm, synkinesis.

    Film the standard expressions from the front, each from rest to its peak and back. The
    video never leaves this machine.
    """
    with guard():
        chosen = _check_format(fmt)
        affected = parse_side(side, field="--side")
        side_value = affected.value if affected is not None else "unknown"
        if mm_per_px is not None and not (0 < mm_per_px <= 100):
            raise InputError(
                "--mm-per-px",
                f"'--mm-per-px' must be a positive number of mm per pixel (got {mm_per_px!r})",
                received=mm_per_px,
            )
        if not (1.0 <= max_seconds <= 7200.0):
            raise InputError(
                "--max-seconds",
                f"'--max-seconds' must be between 1 and 7200 (got {max_seconds!r})",
                received=max_seconds,
            )
        if landmarks and chosen != "csv":
            raise InputError("--landmarks", "'--landmarks' needs --format csv", received=chosen)
        user_segments = load_segments(segments) if segments is not None else None
        when = _check_date(date) if record is not None else None
        files = collect_videos(list(paths))
        if not files:
            raise InputError(
                "PATH", "no videos found (" + ", ".join(SUPPORTED_SUFFIXES) + " files)"
            )
        if record is not None and len(files) > 1:
            raise InputError(
                "--record", "'--record' takes one video at a time", received=len(files)
            )
        if chosen == "csv" and len(files) > 1 and output is None:
            raise InputError("-o", "per-frame CSV of several videos needs -o FILE (one per video)")
        options = AnalysisOptions(
            mm_per_px=mm_per_px,
            keep_landmarks=landmarks or annotated is not None,
            refine=not fast,
            mirror=mirror,
            max_duration_s=max_seconds,
        )
        rows, texts, failed = _process(
            files,
            side=side_value,
            segments=user_segments,
            options=options,
            fmt=chosen,
            outputs=_Outputs(output, chart, annotated, landmarks),
            record=(record, when) if record is not None and when is not None else None,
            show_progress=progress,
        )
        if chosen == "json":
            payload: Any = rows[0] if len(rows) == 1 else rows
            _emit(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", output)
        elif chosen == "text":
            _emit("\n\n".join(texts) + f"\n{PRIVACY}\n", output)
        if failed:
            err_console.print(
                f"{failed} of {len(files)} video(s) could not be analysed (see their rows)",
                markup=False,
            )
            raise typer.Exit(EXIT_SOME_FAILED)
