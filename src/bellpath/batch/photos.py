"""Measure many photos, in this process or in several worker processes, results in input order.

One photo costs about 0.1 s on one core; a clinic's folder of a few hundred photos is worth
spreading over the cores. :func:`measure_batch` keeps the batch rules of
:func:`bellpath.camera.pipeline.measure_many` (one row per photo, a bad photo gets its own error row
and the batch goes on) and writes overlays next to the measuring, so no image ever travels between
processes. With ``jobs > 1`` each worker process builds its own detector once (MediaPipe graphs are
not shared between processes) and receives only file paths. Detectors are kept and closed as in
every other batch (:func:`~bellpath.batch.jobs.detector_for`,
:func:`~bellpath.batch.jobs.close_detectors`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bellpath.batch.jobs import close_detectors, detector_for
from bellpath.camera.pipeline import PhotoFailure, PhotoResult, default_detector, measure_many
from bellpath.case import Side
from bellpath.errors import BellpathError
from bellpath.face.expressions import Expression
from bellpath.face.landmarks import LandmarkDetector

__all__ = ["MAX_JOBS", "BatchOptions", "measure_batch"]

MAX_JOBS: Final = 64
"""Most worker processes accepted (a sanity bound)."""

Outcome = PhotoResult | PhotoFailure


@dataclass(frozen=True)
class BatchOptions:
    """What every photo of a batch shares (sent once to each worker)."""

    affected_side: Side | None
    expression: Expression | None = None
    mm_per_px: float | None = None
    overlay_dir: Path | None = None


def _measure_with(
    paths: Sequence[Path], options: BatchOptions, detector: LandmarkDetector
) -> Iterator[Outcome]:
    """Measure ``paths`` in this process, writing overlays as it goes."""
    for photo, result in measure_many(
        paths,
        affected_side=options.affected_side,
        expression=options.expression,
        mm_per_px=options.mm_per_px,
        detector=detector,
    ):
        if options.overlay_dir is not None and isinstance(result, PhotoResult):
            from bellpath.camera.overlay import (  # noqa: PLC0415  (Pillow drawing, on demand)
                draw_overlay,
                overlay_path,
                save_overlay,
            )

            if photo is not None:
                save_overlay(
                    draw_overlay(photo, result), overlay_path(options.overlay_dir, result.file)
                )
        yield result


# --------------------------------------------------------------------------- worker processes

_worker_factory: Callable[[], LandmarkDetector] | None = None
_worker_options: BatchOptions | None = None


def _init_worker(
    options: BatchOptions, factory: Callable[[], LandmarkDetector], quiet: bool
) -> None:
    """Build the worker's detector once (and keep MediaPipe's native lines off the terminal)."""
    global _worker_factory, _worker_options  # noqa: PLW0603  (per-process worker state)
    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    _worker_options = options
    _worker_factory = factory
    detector_for(factory)


@dataclass(frozen=True)
class _WorkerError:
    """A bellpath error raised in a worker (e.g. an overlay folder that cannot be written).

    Sent back as plain data: exceptions with custom constructors do not survive pickling.
    """

    message: str


def _work(path: Path) -> Outcome | _WorkerError:
    assert _worker_factory is not None and _worker_options is not None
    try:
        return next(_measure_with([path], _worker_options, detector_for(_worker_factory)))
    except BellpathError as exc:
        return _WorkerError(exc.message)


def measure_batch(
    paths: Sequence[Path],
    options: BatchOptions,
    *,
    jobs: int = 1,
    detector_factory: Callable[[], LandmarkDetector] = default_detector,
    quiet_workers: bool = True,
) -> Iterator[Outcome]:
    """Measure ``paths`` and yield one result per photo, in the order given.

    Parameters
    ----------
    paths : sequence of Path
        Photo files.
    options : BatchOptions
        Side, expression (``None``: from each file name), scale and overlay folder.
    jobs : int
        Worker processes; 1 measures in this process. Capped at the number of photos.
    detector_factory : callable
        Builds a detector (in each worker when ``jobs > 1``: must then be a module-level
        function, so it can be sent to the workers).
    quiet_workers : bool
        Send the workers' native stderr (MediaPipe's start-up lines) to the null device.

    Raises
    ------
    BellpathError
        ``jobs`` out of range, or a worker process died (run again with ``jobs=1``).
    """
    if not 1 <= jobs <= MAX_JOBS:
        raise BellpathError(f"'jobs' must be between 1 and {MAX_JOBS} (got {jobs})")
    workers = min(jobs, len(paths))
    if workers <= 1:
        try:
            yield from _measure_with(paths, options, detector_for(detector_factory))
        finally:
            close_detectors()
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process holding MediaPipe
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(options, detector_factory, quiet_workers),
        ) as pool:
            for item in pool.map(_work, paths):
                if isinstance(item, _WorkerError):
                    raise BellpathError(item.message)
                yield item
    except BrokenProcessPool:
        raise BellpathError(
            "a worker process stopped unexpectedly; run again with --jobs 1"
        ) from None
