"""Videos of a patient: checked, analysed, and only the summary kept; the video is never stored.

Privacy choice: a video of a face is identifying health data and large. bellpath analyses an
upload from a private temporary file (mode 0600, removed as soon as the analysis ends, whether it
succeeded or not) and stores only what :func:`bellpath.video.analysis.analyse_video` measured, as a
:class:`~bellpath.case.VideoMeasuresEntry` without its file name (a file name may carry a person's
name). No frame, landmark or file name is kept; to see the movement again, record a new video.

An upload is refused, and nothing stored, when it is empty, too large, not a video container
bellpath reads (judged by its bytes, never by its name), cannot be decoded, or shows no measurable
face (:class:`~bellpath.errors.VideoError`). When the analysis detects synkinesis, the
``synkinesis`` complication is recorded with the video, once per episode (as
``bellpath video --record`` does for a case file); deleting the video later leaves it in place for
the clinician to judge.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.case import Complication, Side, VideoMeasuresEntry
from bellpath.errors import VideoError
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.case_builder import build_case
from bellpath.records.entries import not_in_future
from bellpath.records.models import ComplicationEntry, Patient, User, Video
from bellpath.records.patients import check_with_engine, current_episode
from bellpath.records.photos import size_text
from bellpath.records.validation import input_error

__all__ = [
    "SNIFF_BYTES",
    "VIDEO_TYPES",
    "VideoAdded",
    "VideoAnalyser",
    "add_video",
    "pipeline_analyser",
    "private_temp_file",
    "sniff_video",
]

VideoAnalyser = Callable[[Path, Side | None], dict[str, Any]]
"""Analyses a video file (path, affected side): the JSON summary of a ``VideoResult``."""

VIDEO_TYPES: dict[str, tuple[str, str]] = {
    "mp4": ("video/mp4", ".mp4"),
    "quicktime": ("video/quicktime", ".mov"),
    "3gpp": ("video/3gpp", ".3gp"),
    "webm": ("video/webm", ".webm"),
    "matroska": ("video/x-matroska", ".mkv"),
    "avi": ("video/x-msvideo", ".avi"),
}
"""Accepted containers -> (content type, file ending)."""

SNIFF_BYTES = 64
"""How many leading bytes :func:`sniff_video` reads."""

_IMAGE_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}
)
"""ISO-BMFF brands of still images (HEIC, AVIF): an ``ftyp`` box alone does not make a video."""
_QUICKTIME_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip"})
"""First atoms of an older QuickTime file without an ``ftyp`` box."""


def _iso_kind(head: bytes) -> str:
    """ISO base media (MP4, MOV, 3GP): an ``ftyp`` box, or the first atoms of an older MOV."""
    box = head[4:8]
    if box in _QUICKTIME_ATOMS:
        return "quicktime"
    brand = head[8:12]
    if box != b"ftyp" or brand in _IMAGE_BRANDS:
        return ""
    if brand == b"qt  ":
        return "quicktime"
    return "3gpp" if brand.startswith(b"3g") else "mp4"


def _container(head: bytes) -> str:
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML: Matroska or WebM
        return "webm" if b"webm" in head[:SNIFF_BYTES] else "matroska"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    return _iso_kind(head)


def sniff_video(head: bytes) -> tuple[str, str]:
    """``(content_type, suffix)`` of a video judged by its first bytes, never by its name.

    Raises
    ------
    VideoError
        ``not_a_video``: not an MP4, MOV, 3GP, WebM, MKV or AVI container.
    """
    kind = _container(head[:SNIFF_BYTES])
    if not kind:
        raise VideoError(
            "not_a_video",
            "the upload is not a video bellpath can read; send an MP4, MOV, WebM, MKV or AVI "
            "video (a phone's own camera recording is fine)",
        )
    return VIDEO_TYPES[kind]


@contextmanager
def private_temp_file(
    folder: Path | None, suffix: str = ".video"
) -> Iterator[tuple[BinaryIO, Path]]:
    """A new file only this account may read (0600), removed when the block ends, even on errors.

    Yields the file open for writing (close it before reading the path) and its path. ``folder``
    is created (mode 0700) when missing; ``None`` uses the system's temporary folder.
    """
    if folder is not None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="upload-", dir=folder)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, path
    finally:
        path.unlink(missing_ok=True)


def pipeline_analyser() -> VideoAnalyser:
    """:func:`bellpath.video.analysis.analyse_video` with its defaults, one video at a time.

    The same analysis as ``bellpath video``, so a video uploaded to the web app gets the same
    numbers as the same video analysed on the command line.
    """
    lock = threading.Lock()

    def _analyse(path: Path, side: Side | None) -> dict[str, Any]:
        from bellpath.video.analysis import analyse_video  # noqa: PLC0415 - heavy: MediaPipe

        with lock:
            result = analyse_video(path, affected_side=side)
        summary: dict[str, Any] = result.to_json()
        return summary

    return _analyse


@dataclass(frozen=True, slots=True)
class VideoAdded:
    """A stored video summary, and whether its synkinesis reading added the complication."""

    video: Video
    synkinesis_added: bool


def _entry(summary: dict[str, Any], recorded_on: dt.date) -> VideoMeasuresEntry:
    try:
        entry = VideoMeasuresEntry.from_summary(summary, recorded_on)
    except ValidationError as exc:
        raise input_error(exc, "summary") from None
    except (KeyError, TypeError) as exc:
        raise VideoError(
            "bad_summary", f"the video analysis gave an incomplete summary (missing {exc})"
        ) from None
    return entry.model_copy(update={"file_name": None})


def _add_synkinesis(
    session: Session, *, actor: User, patient: Patient, episode_id: int, noted_on: dt.date
) -> bool:
    exists = session.scalar(
        select(ComplicationEntry.id).where(
            ComplicationEntry.episode_id == episode_id,
            ComplicationEntry.complication == Complication.SYNKINESIS,
        )
    )
    if exists is not None:
        return False
    row = ComplicationEntry(
        episode_id=episode_id,
        created_by=actor.id,
        complication=Complication.SYNKINESIS,
        noted_on=noted_on,
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=EntryKind.COMPLICATION.value,
        entity_id=row.id,
        patient_id=patient.id,
    )
    return True


def _check_file(path: Path, max_bytes: int) -> tuple[int, str]:
    size = path.stat().st_size
    if size == 0:
        raise VideoError("empty", "the upload is empty; choose a video and send it again")
    if size > max_bytes:
        raise VideoError(
            "too_large",
            f"the video is {size_text(size)}, above the limit of {size_text(max_bytes)}; "
            "send a shorter clip (20 to 60 seconds of the exercises is plenty)",
        )
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    return size, sniff_video(head)[0]


def add_video(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    video: Path,
    recorded_on: dt.date,
    max_bytes: int,
    analyser: VideoAnalyser,
    today: dt.date | None = None,
) -> VideoAdded:
    """Check and analyse a video file of the patient's current episode; store its summary only.

    ``video`` is the caller's (private, temporary) file; it is read, never moved or kept.

    Raises
    ------
    VideoError
        ``empty``, ``too_large``, ``not_a_video``, or the analysis's own codes (``unreadable``,
        ``truncated``, ``no_face``).
    InputError
        A date in the future.
    """
    today = today or clock.today()
    not_in_future("recorded_on", recorded_on, today)
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.VIDEO)
    size, content_type = _check_file(video, max_bytes)
    episode = current_episode(session, patient=patient)
    episode_id = episode.id
    entry = _entry(analyser(video, episode.affected_side), recorded_on)
    row = Video(
        episode_id=episode_id,
        created_by=actor.id,
        recorded_on=recorded_on,
        content_type=content_type,
        size_bytes=size,
        summary=entry.model_dump(mode="json", exclude={"date", "file_name"}),
    )
    session.add(row)
    session.flush()
    detected = Complication.SYNKINESIS in entry.implied_complications
    added = detected and _add_synkinesis(
        session, actor=actor, patient=patient, episode_id=episode_id, noted_on=recorded_on
    )
    check_with_engine(build_case(session, episode_id, today))
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=EntryKind.VIDEO.value,
        entity_id=row.id,
        patient_id=patient.id,
    )
    return VideoAdded(video=row, synkinesis_added=added)
