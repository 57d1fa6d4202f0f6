"""`bellpath batch cases|photos|videos`: many files on this machine's cores or a Dask cluster.

Thin edge over :mod:`bellpath.batch`: parse options, start (or reach) the cluster, submit one task
per file, show progress, and stream one row per file to CSV or JSON Lines. A file that cannot be
processed gets its own error row and the batch goes on, as in ``bellpath photo``.

Exit codes: 0 every file processed; 1 at least one could not be (its row says why); 2 bad options
or input, or a scheduler that cannot be reached (one line on stderr).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bellpath import clock
from bellpath.batch.address import CONNECT_TIMEOUT_S, MAX_WORKERS, parse_scheduler
from bellpath.batch.jobs import FileKind, JobOptions, Row
from bellpath.batch.run import (
    BatchSummary,
    OutputFormat,
    iter_rows,
    worth_a_cluster,
    write_rows,
)
from bellpath.camera.pipeline import default_detector, parse_side
from bellpath.caseio import read_mapping
from bellpath.cli._app import DISCLAIMER, app, err_console, guard
from bellpath.cli._common import (
    B6LimitOption,
    ProfileOption,
    check_mm_per_px,
    native_stderr_quiet,
    parse_b6_limit,
    parse_date_option,
)
from bellpath.errors import InputError
from bellpath.face.expressions import parse_expression
from bellpath.face.landmarks import LandmarkDetector
from bellpath.labs import PROFILES
from bellpath.labs.profile_file import parse_profile

if TYPE_CHECKING:  # Dask is imported only when a batch starts a cluster
    from distributed import Client

__all__ = ["EXIT_SOME_FAILED", "PRIVACY", "batch_app", "run_kind"]

EXIT_SOME_FAILED = 1
"""Exit code when at least one file could not be processed."""

PRIVACY = (
    "Files were read where bellpath runs (this machine, or your cluster's workers); nothing was "
    "uploaded anywhere else, and the rows hold file names only."
)

# Tests may swap this for a fake detector factory (a module-level function: workers import it).
photo_detector_factory: Callable[[], LandmarkDetector] = default_detector

batch_app = typer.Typer(
    name="batch",
    help=(
        "Process many case files, photos or videos on this machine's cores or a Dask cluster; "
        "one row per file to CSV or JSON Lines.\n\n" + DISCLAIMER
    ),
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")


# --------------------------------------------------------------------------- shared options

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Files or folders (read one level deep).", show_default=False, metavar="PATH"
    ),
]
Output = Annotated[
    Path,
    typer.Option(
        "-o", "--output", help="Write the rows to this file (.csv or .jsonl).", metavar="FILE"
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format", help="csv or jsonl (default: from the -o file's ending).", metavar="FORMAT"
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="A Dask scheduler, tcp://HOST:PORT (default: a local cluster on this machine).",
        metavar="ADDRESS",
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        help="Start a local cluster of N worker processes (default: one per core, for batches "
        "big enough to pay for it; smaller ones run in this process).",
        metavar="N",
    ),
]
ConnectTimeout = Annotated[
    float,
    typer.Option(
        "--connect-timeout",
        help="Seconds to try to reach --scheduler.",
        min=0.1,
        metavar="SECONDS",
    ),
]
Serial = Annotated[
    bool, typer.Option("--serial", help="Run in this process, one file after the other.")
]
ShowProgress = Annotated[bool, typer.Option(help="Show the progress bar on stderr.")]
SideOption = Annotated[
    str,
    typer.Option(help="Affected side: left, right or unknown (never guessed).", metavar="SIDE"),
]
MmPerPx = Annotated[
    float | None,
    typer.Option(
        "--mm-per-px", help="Known scale of the originals (default: the iris).", metavar="MM"
    ),
]


def _check_workers(workers: int | None, scheduler: str | None, serial: bool, files: int) -> int:
    if workers is not None and scheduler is not None:
        raise InputError(
            "--workers",
            "'--workers' sets the local cluster's size; a scheduler's workers are started with "
            "`dask worker` (leave out --workers with --scheduler)",
            received=workers,
        )
    if serial and scheduler is not None:
        raise InputError(
            "--serial", "'--serial' runs in this process: leave out --scheduler", received=True
        )
    if workers is None:
        return max(1, min(os.cpu_count() or 1, files))
    if not 1 <= workers <= MAX_WORKERS:
        raise InputError(
            "--workers",
            f"'--workers' must be between 1 and {MAX_WORKERS} (got {workers})",
            received=workers,
        )
    return min(workers, files)


def _check_output(output: Path) -> None:
    """Refuse an output that cannot be written now, before any file is processed."""
    if output.is_dir():
        raise InputError(
            "-o", f"'-o' must be a file, not a folder (got {str(output)!r})", received=str(output)
        )
    folder = output.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise InputError(
            "-o",
            f"cannot write {output}: its folder does not exist or is not writable; give a file "
            "in a folder that exists and that you can write to",
            received=str(output),
        )


def _check_date(value: str | None, field: str) -> dt.date | None:
    return None if value is None else parse_date_option(value, field)


def _quietly(rows: Iterator[Row], quiet: bool) -> Iterator[Row]:
    while True:
        with native_stderr_quiet() if quiet else nullcontext():
            row = next(rows, None)
        if row is None:
            return
        yield row


def _warn_duplicate_names(files: list[Path]) -> None:
    """Rows name files, not folders: say so when two files of the batch share a name."""
    counts = Counter(f.name for f in files)
    shared = sorted(name for name, n in counts.items() if n > 1)
    if shared:
        shown = ", ".join(shared[:3]) + (f" and {len(shared) - 3} more" if len(shared) > 3 else "")
        err_console.print(
            f"note: {len(shared)} file name(s) occur in more than one folder ({shown}); rows name "
            "files only, so give them unique names to tell their rows apart",
            markup=False,
        )


def run_kind(
    kind: FileKind,
    paths: list[Path],
    options: JobOptions,
    *,
    output: Path,
    fmt: str | None,
    scheduler: str | None,
    workers: int | None,
    serial: bool,
    progress: bool,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
) -> BatchSummary:
    """Validate the shared options, run the batch and write the output (the common edge)."""
    chosen = OutputFormat.choose(fmt, output)
    _check_output(output)
    address = parse_scheduler(scheduler) if scheduler is not None else None
    files = kind.collect(list(paths))
    if not files:
        raise InputError(
            "PATH", f"no {kind.value} found ({', '.join(kind.suffixes)} files)", received=None
        )
    size = _check_workers(workers, scheduler, serial, len(files))
    _warn_duplicate_names(files)
    chosen_serial = False
    if scheduler is None and workers is None and not serial:
        chosen_serial = serial = not worth_a_cluster(kind, len(files), os.cpu_count() or 1)
    bar = Progress(
        TextColumn(kind.value),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        auto_refresh=False,  # redrawn between files only, never while stderr is quieted
        disable=not progress or len(files) < 2 or not err_console.is_terminal,
    )
    failed = 0

    def advance(row: Row) -> None:
        nonlocal failed
        failed += "error" in row
        bar.update(task, advance=1, failed=failed)
        bar.refresh()

    started = time.perf_counter()
    client_cm: AbstractContextManager[Client | None] = nullcontext()
    if not serial:
        from bellpath.batch.cluster import open_client  # noqa: PLC0415  (Dask, when needed)

        client_cm = open_client(address, size, timeout_s=connect_timeout_s)
    with client_cm as client, bar:
        task = bar.add_task("", total=len(files), failed=0)
        bar.refresh()
        rows = _quietly(iter_rows(kind, files, options, client=client), quiet=client is None)
        total = write_rows(rows, output, chosen, kind, on_row=advance)
    seconds = time.perf_counter() - started
    summary = BatchSummary(total, failed, seconds, output)
    if chosen_serial:
        where = "in this process, quicker than a cluster for this many; --workers N starts one"
    elif serial:
        where = "in this process"
    else:
        where = str(address) if address is not None else f"{size} local worker processes"
    err_console.print(
        f"wrote {output}: {total} {kind.noun} row(s) in {seconds:.1f} s ({where})", markup=False
    )
    err_console.print(PRIVACY, markup=False)
    err_console.print(DISCLAIMER, markup=False)
    return summary


def _finish(summary: BatchSummary, kind: FileKind) -> None:
    if summary.failed:
        err_console.print(
            f"{summary.failed} of {summary.total} {kind.noun}(s) could not be processed "
            "(see their error rows)",
            markup=False,
        )
        raise typer.Exit(EXIT_SOME_FAILED)


@dataclass(frozen=True)
class _Shared:
    """The options every ``bellpath batch`` command takes, as given on the command line."""

    paths: list[Path]
    output: Path
    fmt: str | None
    scheduler: str | None
    workers: int | None
    serial: bool
    connect_timeout: float
    progress: bool

    def run(self, kind: FileKind, options: Callable[[], JobOptions]) -> None:
        """Build the job options, run the batch, then exit 1 if any file failed (2: bad input)."""
        with guard():
            summary = run_kind(
                kind,
                self.paths,
                options(),
                output=self.output,
                fmt=self.fmt,
                scheduler=self.scheduler,
                workers=self.workers,
                serial=self.serial,
                progress=self.progress,
                connect_timeout_s=self.connect_timeout,
            )
        _finish(summary, kind)


def _profile_options(profile: str) -> dict[str, Any]:
    key = profile.strip().casefold()
    if key in PROFILES:
        return {"profile": key}
    if Path(profile).suffix.casefold() in (".yaml", ".yml", ".json"):
        data = read_mapping(profile, field="--profile")
        parse_profile(data)  # a bad profile is an input error now, not an error row per case
        return {"profile_data": data}
    raise InputError(
        "--profile", allowed=[*PROFILES, "a .yaml/.json profile file"], received=profile
    )


# --------------------------------------------------------------------------- commands


@batch_app.command("cases")
def cases_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    paths: Paths,
    output: Output,
    fmt: Format = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
    serial: Serial = False,
    connect_timeout: ConnectTimeout = CONNECT_TIMEOUT_S,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Assess every case as of this date (YYYY-MM-DD).", metavar="DATE"
        ),
    ] = None,
    profile: ProfileOption = "bsh2014",
    b6_limit: B6LimitOption = "efsa",
    progress: ShowProgress = True,
) -> None:
    """Assess many case files (.yaml, .yml, .json): one row per case, as `bellpath assess`."""
    shared = _Shared(paths, output, fmt, scheduler, workers, serial, connect_timeout, progress)
    shared.run(
        FileKind.CASES,
        lambda: JobOptions(
            today=clock.today(),
            as_of=_check_date(as_of, "--as-of"),
            b6_limit=parse_b6_limit(b6_limit),
            **_profile_options(profile),
        ),
    )


@batch_app.command("photos")
def photos_command(  # noqa: PLR0917
    paths: Paths,
    output: Output,
    fmt: Format = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
    serial: Serial = False,
    connect_timeout: ConnectTimeout = CONNECT_TIMEOUT_S,
    side: SideOption = "unknown",
    expression: Annotated[
        str | None,
        typer.Option(
            help="One label for every photo (default: read from each file name).",
            metavar="EXPRESSION",
        ),
    ] = None,
    mm_per_px: MmPerPx = None,
    progress: ShowProgress = True,
) -> None:
    """Measure many face photos: one row per photo, the numbers of `bellpath photo`."""
    shared = _Shared(paths, output, fmt, scheduler, workers, serial, connect_timeout, progress)
    shared.run(
        FileKind.PHOTOS,
        lambda: JobOptions(
            affected_side=parse_side(side, field="--side"),
            expression=parse_expression(expression, field="--expression") if expression else None,
            mm_per_px=check_mm_per_px(mm_per_px),
            photo_detector=photo_detector_factory,
        ),
    )


@batch_app.command("videos")
def videos_command(  # noqa: PLR0917
    paths: Paths,
    output: Output,
    fmt: Format = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
    serial: Serial = False,
    connect_timeout: ConnectTimeout = CONNECT_TIMEOUT_S,
    side: SideOption = "unknown",
    mm_per_px: MmPerPx = None,
    progress: ShowProgress = True,
) -> None:
    """Analyse many videos: one summary row per video, as `bellpath video --format json`."""
    shared = _Shared(paths, output, fmt, scheduler, workers, serial, connect_timeout, progress)
    shared.run(
        FileKind.VIDEOS,
        lambda: JobOptions(
            affected_side=parse_side(side, field="--side"), mm_per_px=check_mm_per_px(mm_per_px)
        ),
    )
