"""One task per file: plain functions that a Dask worker (or this process) runs on one path.

Each task takes a file path and a :class:`JobOptions` and returns ONE plain ``dict`` row, the
same JSON contract as the single-file commands:

* a case file -> ``{"file", **assessment}`` (the object ``bellpath assess --format json`` prints);
* a photo -> the photo row of ``bellpath photo --format json`` (docs/photo.md);
* a video -> the summary of ``bellpath video --format json`` (docs/video.md).

A file that cannot be processed gives ``{"file", "error": {"code", "message"}}`` instead: a
:class:`~bellpath.errors.BellpathError` keeps its code and message, anything unexpected becomes
``internal_error`` with the error's type. A task never raises, so one bad file never stops a batch.

Rows carry the file NAME only, never its folder or metadata. Options and rows are plain, picklable
data: nothing but a path goes to a worker, and no image or video ever leaves the worker that reads
it. MediaPipe detectors are built inside the worker, once per worker thread (:func:`detector_for`),
and never travel between processes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from bellpath import clock
from bellpath._fileio import collect_files
from bellpath.assess import assess
from bellpath.camera.image_io import PHOTO_SUFFIXES
from bellpath.camera.pipeline import INTERNAL_ERROR, default_detector, measure_many
from bellpath.case import Side
from bellpath.caseio import dump_assessment_json, parse_case, read_mapping
from bellpath.errors import BellpathError, InputError
from bellpath.face.expressions import Expression
from bellpath.face.landmarks import LandmarkDetector
from bellpath.guidance import DEFAULT_B6_LIMIT, B6UpperLevel
from bellpath.labs import ReferenceProfile, get_profile
from bellpath.labs.profile_file import parse_profile

__all__ = [
    "CASE_SUFFIXES",
    "INTERNAL_ERROR",
    "FileKind",
    "JobOptions",
    "Row",
    "analyse_video_file",
    "assess_case_file",
    "close_detectors",
    "detector_for",
    "error_row",
    "internal_error_row",
    "measure_photo_file",
    "run_chunk",
]

Row = dict[str, Any]
"""One output row: plain JSON-compatible data."""

CASE_SUFFIXES: Final = (".json", ".yaml", ".yml")
"""Case files read by ``bellpath batch cases`` from a folder."""


@dataclass(frozen=True)
class JobOptions:
    """What every file of a batch shares; sent (pickled) with each task, so plain data only.

    Attributes
    ----------
    today : date
        "Today" for case files without ``as_of``, fixed once by the caller so that every worker
        (whatever its clock or time zone) assesses against the same day.
    as_of : date or None
        Assess every case as of this date instead of its own ``as_of``.
    profile : str
        Built-in lab reference profile key (``bsh2014``, ``nice_ng239``).
    profile_data : mapping or None
        A clinic's profile file, already read (its mapping): replaces ``profile``. Sent as data,
        so workers need no access to the profile file.
    b6_limit : B6UpperLevel
        Upper intake level for the B6 warning.
    affected_side : Side or None
        Photos and videos: the affected side given by the user (``None``: unknown).
    expression : Expression or None
        Photos: one label for every photo (``None``: read from each file name).
    mm_per_px : float or None
        Photos and videos: a known scale instead of the iris.
    photo_detector : callable
        Builds the photo landmark detector in the worker. Must be a module-level function
        (it is pickled by reference).
    video_detector : callable or None
        Builds a fresh video detector per video (tracking state belongs to one stream);
        ``None`` uses :func:`bellpath.video.analysis.video_detector`.
    """

    today: dt.date = field(default_factory=clock.today)
    as_of: dt.date | None = None
    profile: str = "bsh2014"
    profile_data: Mapping[str, Any] | None = None
    b6_limit: B6UpperLevel = DEFAULT_B6_LIMIT
    affected_side: Side | None = None
    expression: Expression | None = None
    mm_per_px: float | None = None
    photo_detector: Callable[[], LandmarkDetector] = default_detector
    video_detector: Callable[[], LandmarkDetector] | None = None


def error_row(file: str, code: str, message: str) -> Row:
    """``{"file", "error": {"code", "message"}}``: the row of a file that could not be processed."""
    return {"file": file, "error": {"code": code, "message": message}}


def _scrubbed(message: str, path: Path) -> str:
    """``message`` with the file's folder taken out: rows name files, never where they live."""
    for spelled in {str(path.resolve()), str(path.absolute()), str(path)}:
        if spelled != path.name:
            message = message.replace(spelled, path.name)
    return message


def _failed(path: Path, exc: BellpathError) -> Row:
    return error_row(path.name, exc.code, _scrubbed(exc.message, path))


def internal_error_row(file: str, exc: BaseException, *, path: Path | None = None) -> Row:
    """The row of a file whose task hit an unexpected error (a defect, or a lost worker)."""
    detail = f"{type(exc).__name__}: {exc}"
    if path is not None:
        detail = _scrubbed(detail, path)
    return error_row(
        file,
        INTERNAL_ERROR,
        f"bellpath could not process this file ({detail}); please report it with the file's "
        "kind and size, not the file",
    )


# --------------------------------------------------------------------------- per-worker detectors

_local = threading.local()


def detector_for(factory: Callable[[], LandmarkDetector]) -> LandmarkDetector:
    """The detector ``factory`` builds, made once per worker thread and reused for every photo.

    A MediaPipe graph takes about a second to load and is not safe to share between threads, so
    each thread of each worker process keeps its own; they are never pickled or sent anywhere.
    """
    cache: dict[Callable[[], LandmarkDetector], LandmarkDetector] | None = getattr(
        _local, "detectors", None
    )
    if cache is None:
        cache = {}
        _local.detectors = cache
    detector = cache.get(factory)
    if detector is None:
        detector = factory()
        cache[factory] = detector
    return detector


def close_detectors() -> int:
    """Close and forget this thread's detectors (after an in-process batch); returns how many."""
    cache: dict[Any, LandmarkDetector] = getattr(_local, "detectors", None) or {}
    for detector in cache.values():
        close = getattr(detector, "close", None)
        if callable(close):
            close()
    count = len(cache)
    cache.clear()
    return count


# --------------------------------------------------------------------------- the tasks


@functools.lru_cache(maxsize=8)
def _profile_from_json(text: str) -> ReferenceProfile:
    return parse_profile(json.loads(text))


def _profile(options: JobOptions) -> ReferenceProfile:
    if options.profile_data is not None:
        return _profile_from_json(json.dumps(options.profile_data, sort_keys=True, default=str))
    return get_profile(options.profile)


def assess_case_file(path: Path, options: JobOptions) -> Row:
    """Assess one case file: ``{"file", **assessment}`` or an error row.

    Same rules as ``bellpath assess CASE_FILE --format json``: ``options.as_of`` replaces the
    file's ``as_of``; a file without one is assessed as of ``options.today``.
    """
    try:
        data = read_mapping(path)
        if options.as_of is not None:
            data["as_of"] = options.as_of.isoformat()
        elif "as_of" not in data:
            data["as_of"] = options.today.isoformat()
        assessment = assess(parse_case(data), profile=_profile(options), b6_limit=options.b6_limit)
        return {"file": path.name, **json.loads(dump_assessment_json(assessment, indent=None))}
    except BellpathError as exc:
        return _failed(path, exc)
    except Exception as exc:  # a defect: its own row, the batch goes on
        return internal_error_row(path.name, exc, path=path)


def measure_photo_file(path: Path, options: JobOptions) -> Row:
    """Measure one photo with this worker's detector: the photo row or an error row."""
    try:
        detector = detector_for(options.photo_detector)
        for _, result in measure_many(
            [path],
            affected_side=options.affected_side,
            expression=options.expression,
            mm_per_px=options.mm_per_px,
            detector=detector,
        ):
            return result.to_json()
        return internal_error_row(path.name, RuntimeError("no result"))  # pragma: no cover
    except BellpathError as exc:
        return _failed(path, exc)
    except Exception as exc:
        return internal_error_row(path.name, exc, path=path)


def analyse_video_file(path: Path, options: JobOptions) -> Row:
    """Analyse one video (a fresh tracking detector for it): the summary row or an error row."""
    from bellpath.video.analysis import (  # noqa: PLC0415  (video stack only when needed)
        AnalysisOptions,
        analyse_video,
    )

    try:
        detector = options.video_detector() if options.video_detector is not None else None
        result = analyse_video(
            path,
            affected_side=options.affected_side,
            detector=detector,
            options=AnalysisOptions(mm_per_px=options.mm_per_px),
        )
        return result.to_json()
    except BellpathError as exc:
        return _failed(path, exc)
    except OSError as exc:  # as `bellpath video`: a file the system cannot read
        return error_row(path.name, "unreadable", _scrubbed(exc.strerror or str(exc), path))
    except Exception as exc:
        return internal_error_row(path.name, exc, path=path)


# --------------------------------------------------------------------------- kinds of file


class FileKind(StrEnum):
    """What a batch processes; each kind knows its files, its task and its noun."""

    CASES = "cases"
    PHOTOS = "photos"
    VIDEOS = "videos"

    @property
    def noun(self) -> str:
        """Singular, for messages (``3 of 40 photo(s) failed``)."""
        return self.value.removesuffix("s")

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File endings picked from a folder."""
        if self is FileKind.CASES:
            return CASE_SUFFIXES
        if self is FileKind.PHOTOS:
            return tuple(sorted(PHOTO_SUFFIXES))
        from bellpath.video.decode import SUPPORTED_SUFFIXES  # noqa: PLC0415

        return tuple(SUPPORTED_SUFFIXES)

    @property
    def max_chunk(self) -> int:
        """Most files sent to a worker in one cluster task (see ``bellpath.batch.run``)."""
        return {FileKind.CASES: 64, FileKind.PHOTOS: 8, FileKind.VIDEOS: 1}[self]

    @property
    def task(self) -> Callable[[Path, JobOptions], Row]:
        """The per-file function (module-level, so Dask pickles it by reference)."""
        return {
            FileKind.CASES: assess_case_file,
            FileKind.PHOTOS: measure_photo_file,
            FileKind.VIDEOS: analyse_video_file,
        }[self]

    def collect(self, paths: list[Path]) -> list[Path]:
        """The files to process: folders expanded (one level), files named explicitly kept.

        A file named explicitly is kept whatever its ending, so it gets its own error row.
        """
        return collect_files(paths, self.suffixes)

    @classmethod
    def parse(cls, value: str, *, field: str = "KIND") -> FileKind:
        """Coerce a user value, or raise :class:`InputError` naming the allowed kinds."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InputError(field, allowed=list(cls), received=value) from None


def run_chunk(kind: FileKind, paths: list[Path], options: JobOptions) -> list[Row]:
    """Run ``kind``'s task on several files in one go (one cluster task): one row per file."""
    return [kind.task(path, options) for path in paths]
