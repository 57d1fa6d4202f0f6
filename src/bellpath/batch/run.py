"""Run a batch: one task per file, rows gathered as they complete and streamed to a file.

:func:`iter_rows` yields one row per file, in this process (``client=None``) or on a Dask cluster.
On a cluster it sends a few files per task (:func:`chunk_size_for`: a Dask task costs a few
milliseconds of scheduling, as much as assessing a case), keeps only a bounded number of tasks in
flight (:data:`IN_FLIGHT_PER_WORKER` per worker), so a folder of 100 000 photos never queues
100 000 results in memory, and hands the rows over as soon as their task completes (rows are in
completion order; each names its file).

:func:`write_rows` streams rows to JSON Lines or CSV without holding them: CSV rows are first
spooled as JSON Lines next to the output (a flat row's columns are only known once every file has
been seen), then written out line by line. Either way the output appears in one step (a temporary
file, then a rename): an interrupted batch leaves no half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Final

from bellpath.batch.flat import BASE_COLUMNS, flatten
from bellpath.batch.jobs import (
    FileKind,
    JobOptions,
    Row,
    close_detectors,
    internal_error_row,
    run_chunk,
)
from bellpath.errors import InputError
from bellpath.tabular import LineEnd, write_csv

if TYPE_CHECKING:  # Dask is imported only when a batch runs on a cluster
    from distributed import Client, Future

__all__ = [
    "CLUSTER_PAYS_FROM",
    "IN_FLIGHT_PER_WORKER",
    "TASKS_PER_WORKER",
    "BatchSummary",
    "OutputFormat",
    "chunk_size_for",
    "iter_rows",
    "run_batch",
    "worth_a_cluster",
    "write_rows",
]

IN_FLIGHT_PER_WORKER: Final = 4
"""Tasks queued per worker thread: enough to keep every worker busy, few enough to bound memory."""

TASKS_PER_WORKER: Final = 4
"""Files are grouped so that each worker still gets at least this many tasks (load balance)."""


class OutputFormat(StrEnum):
    """File formats of ``bellpath batch -o FILE``."""

    CSV = "csv"
    JSONL = "jsonl"

    @classmethod
    def choose(cls, value: str | None, output: Path) -> OutputFormat:
        """``--format`` if given, otherwise from the output's ending (``.csv``, ``.jsonl``)."""
        if value is None:
            suffix = output.suffix.lower().lstrip(".")
            if suffix in ("jsonl", "ndjson"):
                return cls.JSONL
            if suffix == "csv":
                return cls.CSV
            raise InputError(
                "--format",
                f"'--format' must be csv or jsonl when -o does not end in .csv or .jsonl "
                f"(got -o {str(output)!r})",
                allowed=list(cls),
                received=None,
            )
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InputError("--format", allowed=list(cls), received=value) from None


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did."""

    total: int
    failed: int
    seconds: float
    output: Path

    @property
    def succeeded(self) -> int:
        """Files processed without an error row."""
        return self.total - self.failed


def _workers(client: Client) -> int:
    info = client.scheduler_info()
    threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
    return max(1, threads)


CLUSTER_PAYS_FROM: Final[Mapping[FileKind, int]] = MappingProxyType(
    {FileKind.CASES: 5000, FileKind.PHOTOS: 300, FileKind.VIDEOS: 2}
)
"""Files from which a local cluster is started by default (fewer: in this process).

A local cluster costs a fixed 3-4 s (start-up, then bellpath and MediaPipe loaded in each worker,
bench/bench_batch.py) that a two-core machine wins back only on about 10 s of work: some 300
photos, or thousands of cases (about 2 ms each). Every video takes seconds, so two are enough.
"""


def worth_a_cluster(kind: FileKind, files: int, cores: int) -> bool:
    """Whether a local cluster should pay for itself (see :data:`CLUSTER_PAYS_FROM`)."""
    return cores > 1 and files >= CLUSTER_PAYS_FROM[kind]


def chunk_size_for(kind: FileKind, files: int, workers: int) -> int:
    """Files per task: enough to amortise the cluster's per-task cost, few enough to balance.

    At most :attr:`FileKind.max_chunk` (cases are milliseconds each, photos about 0.1 s, videos
    seconds), and small enough that the batch makes at least :data:`TASKS_PER_WORKER` tasks per
    worker (or one task per file, when there are fewer files than that).
    """
    balanced = files // (TASKS_PER_WORKER * max(1, workers))
    return max(1, min(kind.max_chunk, balanced))


def iter_rows(
    kind: FileKind,
    files: Sequence[Path],
    options: JobOptions,
    *,
    client: Client | None = None,
    in_flight: int | None = None,
    chunk_size: int | None = None,
) -> Iterator[Row]:
    """One row per file: in this process (``client=None``, input order) or on the cluster.

    Parameters
    ----------
    kind : FileKind
        Cases, photos or videos (picks the task).
    files : sequence of Path
        The files; sent to workers as absolute paths, which must be valid where they run.
    options : JobOptions
        Shared by every task.
    client : distributed.Client or None
        ``None`` runs every task here, one after the other (the detectors are closed at the end).
    in_flight : int or None
        Most tasks submitted but not yet collected (default: :data:`IN_FLIGHT_PER_WORKER` per
        worker thread of the cluster, at least 2).
    chunk_size : int or None
        Files per task on the cluster (default: :func:`chunk_size_for`).

    Yields
    ------
    dict
        The task's row; a task lost with its worker (killed, out of memory) gives an
        ``internal_error`` row for each of its files, and the batch goes on.
    """
    if client is None:
        try:
            for path in files:
                yield kind.task(path, options)
        finally:
            close_detectors()
        return
    workers = _workers(client)
    window = in_flight or max(2, IN_FLIGHT_PER_WORKER * workers)
    size = chunk_size or chunk_size_for(kind, len(files), workers)
    # absolute, not resolved: a share mounted through a symlink keeps the path workers know
    absolute = [p.absolute() for p in files]
    pending = iter([absolute[i : i + size] for i in range(0, len(absolute), size)])
    names: dict[Future, list[str]] = {}  # type: ignore[type-arg]

    def submit(chunk: list[Path]) -> Future:  # type: ignore[type-arg]
        future: Future = client.submit(  # type: ignore[type-arg]
            run_chunk, kind, chunk, options, pure=False
        )
        names[future] = [p.name for p in chunk]
        return future

    started = [submit(c) for _, c in zip(range(window), pending, strict=False)]
    from distributed import as_completed  # noqa: PLC0415  (Dask only for cluster runs)

    queue = as_completed(started, loop=client.loop)  # type: ignore[no-untyped-call]
    for future in queue:
        chunk_names = names.pop(future)
        try:
            rows: list[Row] = future.result()
        except Exception as exc:  # tasks never raise: the worker died or it was cancelled
            rows = [internal_error_row(name, exc) for name in chunk_names]
        future.release()
        following = next(pending, None)
        if following is not None:
            queue.add(submit(following))  # type: ignore[no-untyped-call]
        yield from rows


def _atomic_target(output: Path) -> tuple[IO[str], Path]:
    try:
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".partial")
    except OSError as exc:
        raise InputError(
            "-o",
            f"cannot write {output}: {exc.strerror or exc}; give a file in a folder that exists "
            "and that you can write to",
            received=str(output),
        ) from None
    return os.fdopen(fd, "w", encoding="utf-8", newline=""), Path(tmp)


def _jsonl(row: Row) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_rows(
    rows: Iterable[Row],
    output: Path,
    fmt: OutputFormat,
    kind: FileKind,
    *,
    on_row: Callable[[Row], None] | None = None,
) -> int:
    """Stream ``rows`` to ``output`` as JSON Lines or CSV; returns how many rows were written.

    ``on_row`` is called after each row is written (progress). The file appears only when every
    row is written; on any error (or Ctrl-C) the temporary files are removed.
    """
    handle, tmp = _atomic_target(output)
    spool: Path | None = None
    count = 0
    try:
        with handle:
            if fmt is OutputFormat.JSONL:
                for row in rows:
                    handle.write(_jsonl(row))
                    count += 1
                    if on_row is not None:
                        on_row(row)
            else:
                spool_handle, spool = _atomic_target(output.with_name(output.name + ".rows"))
                columns = list(BASE_COLUMNS[kind])
                seen = set(columns)
                with spool_handle:
                    for row in rows:
                        flat = flatten(kind, row)
                        for key in flat:
                            if key not in seen:
                                seen.add(key)
                                columns.append(key)
                        spool_handle.write(_jsonl(flat))
                        count += 1
                        if on_row is not None:
                            on_row(row)
                # CRLF, as RFC 4180: fields holding a line break of either kind are then quoted
                with spool.open(encoding="utf-8") as lines:
                    flat_rows = (json.loads(line) for line in lines)
                    write_csv(handle, columns, flat_rows, line_end=LineEnd.CRLF)
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if spool is not None:
            spool.unlink(missing_ok=True)
    return count


def run_batch(
    kind: FileKind,
    files: Sequence[Path],
    options: JobOptions,
    output: Path,
    fmt: OutputFormat,
    *,
    client: Client | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> BatchSummary:
    """Process ``files`` and stream their rows to ``output``; see :func:`iter_rows`."""
    started = time.perf_counter()
    failed = 0

    def counted(row: Row) -> None:
        nonlocal failed
        if "error" in row:
            failed += 1
        if on_row is not None:
            on_row(row)

    total = write_rows(
        iter_rows(kind, files, options, client=client), output, fmt, kind, on_row=counted
    )
    return BatchSummary(total, failed, time.perf_counter() - started, output)
