"""`bellpath photo`: measure face photos (one, several, a folder, or one visit's expression set).

Thin edge over :mod:`bellpath.camera.pipeline`: parse options, measure each photo (a bad photo gives
its own error row and the batch goes on), print or write text/JSON/CSV/XLSX, optionally write
annotated overlays and add dated ``photo_measures`` entries to a case file.

Exit codes: 0 every photo measured; 1 at least one photo could not be measured (its error row says
why); 2 bad options or input (one line on stderr).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bellpath.batch.photos import MAX_JOBS, BatchOptions, measure_batch
from bellpath.camera.export import ExportFormat, render
from bellpath.camera.image_io import collect_photo_paths
from bellpath.camera.pipeline import (
    PhotoFailure,
    PhotoResult,
    default_detector,
    parse_side,
)
from bellpath.camera.visit import LABEL, AutoEfaceSubset, automated_eface
from bellpath.case import Side
from bellpath.cli._app import DISCLAIMER, app, err_console, guard
from bellpath.cli._case_file import add_to_case
from bellpath.cli._common import check_mm_per_px, native_stderr_quiet, parse_date_option
from bellpath.errors import InputError
from bellpath.face.expressions import Expression, expression_from_name, parse_expression
from bellpath.face.landmarks import LandmarkDetector

__all__ = ["EXIT_SOME_FAILED", "photo_command", "render_visit_text"]

EXIT_SOME_FAILED = 1
"""Exit code when at least one photo could not be measured."""

PRIVACY = "Photos were processed on this machine only; nothing was sent or kept."


# Tests swap this for a fake detector (the seam of issue 4).
detector_factory: Callable[[], LandmarkDetector] = default_detector


def _photo_files(paths: list[Path], visit: Path | None) -> list[Path]:
    """The photo files to measure: named files, folders' photos and the visit folder's photos."""
    sources = list(paths)
    if visit is not None:
        if not visit.is_dir():
            raise InputError("--visit", f"'--visit' must be a folder (got {str(visit)!r})")
        sources.append(visit)
    if not sources:
        raise InputError("PATH", "give at least one photo or folder, or --visit DIR")
    files = collect_photo_paths(sources)
    if not files:
        raise InputError("PATH", "no photos found (JPEG, PNG or HEIC files)")
    if visit is not None:
        for f in files:
            expression_from_name(f.name)  # a name naming two expressions is an error
    return files


def _check_overlay_dir(folder: Path) -> None:
    """Create the overlay folder now, so a bad one fails before any photo is measured."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            "--overlay",
            f"'--overlay' must be a folder bellpath can write to ({exc.strerror or exc}: "
            f"{str(folder)!r})",
            received=str(folder),
        ) from None
    if not os.access(folder, os.W_OK):
        raise InputError(
            "--overlay",
            f"'--overlay' must be a folder bellpath can write to (not writable: {str(folder)!r})",
            received=str(folder),
        )


def _check_jobs(value: int) -> int:
    if value == 0:
        return min(MAX_JOBS, os.cpu_count() or 1)
    if not 1 <= value <= MAX_JOBS:
        raise InputError(
            "--jobs",
            f"'--jobs' must be between 1 and {MAX_JOBS}, or 0 for all cores (got {value})",
            received=value,
        )
    return value


def _check_date(value: str | None, needed: bool) -> dt.date | None:
    if value is None:
        if needed:
            raise InputError("--date", "'--date' is required with --add-to (YYYY-MM-DD)")
        return None
    return parse_date_option(value, "--date")


def render_visit_text(subset: AutoEfaceSubset) -> str:
    """The automated eFACE subset as a short plain-text table."""
    lines = [
        LABEL,
        f"affected side: {subset.affected_side.words}",
        f"  {'item':<34}{'score':>7}  inputs / reason",
    ]
    for item in subset.items:
        score = "-" if item.score is None else f"{item.score:.0f}"
        detail = item.reason or ", ".join(f"{k} {v:.2f}" for k, v in item.inputs.items())
        lines.append(f"  {item.item.value:<34}{score:>7}  {detail}")

    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.1f}"

    lines.append(
        f"  subscores (subset): static {fmt(subset.static)}, dynamic {fmt(subset.dynamic)}, "
        f"synkinesis {fmt(subset.synkinesis)}; subset total {fmt(subset.total)}"
    )
    lines.append(
        "  The clinician eFACE has 15 items; nasolabial fold and midfacial, mentalis and "
        "platysmal synkinesis are not measured from photos."
    )
    return "\n".join(lines) + "\n"


def _measure_all(
    paths: list[Path],
    *,
    side: Side | None,
    expression: Expression | None,
    mm_per_px: float | None,
    overlay: Path | None,
    jobs: int,
) -> list[PhotoResult | PhotoFailure]:
    options = BatchOptions(
        affected_side=side, expression=expression, mm_per_px=mm_per_px, overlay_dir=overlay
    )
    out: list[PhotoResult | PhotoFailure] = []
    progress = Progress(
        TextColumn("measuring"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
        auto_refresh=False,  # redrawn between photos only, never while stderr is quieted
        disable=len(paths) < 2 or not err_console.is_terminal,  # nothing at all when piped
    )
    with progress:
        task = progress.add_task("", total=len(paths))
        progress.refresh()
        batch = measure_batch(
            paths,
            options,
            jobs=jobs,
            detector_factory=detector_factory,
            quiet_workers=os.environ.get("BELLPATH_NATIVE_LOGS") != "1",
        )
        while True:
            with native_stderr_quiet():
                result = next(batch, None)
            if result is None:
                break
            out.append(result)
            progress.update(task, advance=1, description=result.file)
            progress.refresh()
    return out


def _emit(text: str | bytes, output: Path | None, *, newline: str | None = None) -> None:
    """Print ``text``, or write it to ``output`` (``newline=""``: line endings kept as they are)."""
    if output is None:
        assert isinstance(text, str)
        typer.echo(text, nl=False)
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8", newline=newline)
    except OSError as exc:
        raise InputError("-o", f"cannot write {output}: {exc.strerror or exc}") from None
    err_console.print(f"wrote {output}", markup=False)


def _visit(
    folder: Path,
    results: list[PhotoResult | PhotoFailure],
    side: Side | None,
    fmt: ExportFormat,
) -> str:
    photos: dict[Expression, dict[str, Any]] = {}
    names: dict[Expression, str] = {}
    for result in results:
        if not isinstance(result, PhotoResult) or result.expression is None:
            continue
        if result.expression in photos:
            raise InputError(
                "--visit",
                f"two photos in {folder.name} are labelled {result.expression.value} "
                f"({names[result.expression]} and {result.file}); keep one per expression",
            )
        photos[result.expression] = result.to_json()["measures"]
        names[result.expression] = result.file
    subset = automated_eface(photos, affected_side=side, photo_names=names)
    rows = [r.to_json() for r in results]
    if fmt is ExportFormat.JSON:
        return json.dumps({"automated_eface": subset.to_json(), "photos": rows}, indent=2) + "\n"
    if fmt is not ExportFormat.TEXT:
        raise InputError(
            "--format",
            "'--format' for --visit must be text or json (the photo rows alone can be exported "
            "as csv or xlsx without --visit)",
            allowed=[ExportFormat.TEXT, ExportFormat.JSON],
            received=fmt.value,
        )
    return render_visit_text(subset) + "\n" + str(render(ExportFormat.TEXT, rows, note=DISCLAIMER))


@app.command("photo")
def photo_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Photos (JPEG, PNG, HEIC) or folders of photos.", show_default=False),
    ] = None,
    side: Annotated[
        str, typer.Option(help="Affected side: left, right or unknown (never guessed).")
    ] = "unknown",
    expression: Annotated[
        str | None,
        typer.Option(
            help="rest, brow_raise, gentle_closure, tight_closure, smile, snarl, pucker or eee "
            "(default: read from each file name)."
        ),
    ] = None,
    mm_per_px: Annotated[
        float | None,
        typer.Option("--mm-per-px", help="Known scale of the original photo (default: the iris)."),
    ] = None,
    overlay: Annotated[
        Path | None, typer.Option(help="Write an annotated image per photo into this folder.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json, csv or xlsx.")] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (xlsx needs it).")
    ] = None,
    visit: Annotated[
        Path | None,
        typer.Option(help="A folder with one visit's expression photos: the automated eFACE."),
    ] = None,
    add_to: Annotated[
        Path | None,
        typer.Option("--add-to", help="Add the measures to this case file (.json/.yaml)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Date the photos were taken (YYYY-MM-DD), for --add-to.")
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", help="Photos measured in parallel (worker processes; 0 = all cores)."
        ),
    ] = 1,
    landmarks: Annotated[
        bool,
        typer.Option(
            "--landmarks", help="Also export the 478 landmarks (json, csv, xlsx), in pixels."
        ),
    ] = False,
) -> None:
    """Measure face photos: brow, lids, mouth and symmetry in mm, with a quality check.

    One row per photo; a photo that cannot be measured gets its own error row and the exit
    code is 1. Photos never leave this machine and their location data is never copied.
    """
    with guard():
        chosen = ExportFormat.parse(fmt)
        affected = parse_side(side, field="--side")
        label = parse_expression(expression, field="--expression") if expression else None
        scale = check_mm_per_px(mm_per_px)
        when = _check_date(date, needed=add_to is not None)
        if chosen.is_binary and output is None:
            raise InputError(
                "-o", "'--format xlsx' writes a workbook: give -o FILE.xlsx", received=None
            )
        if visit is not None and label is not None:
            raise InputError(
                "--expression",
                "'--expression' cannot be used with --visit: each photo's label comes from its "
                "file name (e.g. 03_smile.jpg)",
                received=expression,
            )
        if overlay is not None:
            _check_overlay_dir(overlay)
        files = _photo_files(list(paths or []), visit)
        results = _measure_all(
            files,
            side=affected,
            expression=label,
            mm_per_px=scale,
            overlay=overlay,
            jobs=_check_jobs(jobs),
        )
        if visit is not None:
            text: str | bytes = _visit(visit, results, affected, chosen)
        else:
            rows = [
                r.to_json(landmarks=landmarks) if isinstance(r, PhotoResult) else r.to_json()
                for r in results
            ]
            text = render(chosen, rows, note=DISCLAIMER)
        if add_to is not None and when is not None:
            entries = [r.to_case_entry(when) for r in results if isinstance(r, PhotoResult)]
            total, _ = add_to_case(add_to, "photo_measures", entries, field="--add-to")
            err_console.print(
                f"added {len(entries)} photo_measures entr{'y' if len(entries) == 1 else 'ies'} "
                f"to {add_to.name} ({total} in all)",
                markup=False,
            )
        _emit(text, output, newline="" if chosen is ExportFormat.CSV else None)  # CSV ends CRLF
        failed = sum(isinstance(r, PhotoFailure) for r in results)
        if failed:
            err_console.print(
                f"{failed} of {len(results)} photo(s) could not be measured (see their rows)",
                markup=False,
            )
            raise typer.Exit(EXIT_SOME_FAILED)
