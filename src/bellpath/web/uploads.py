"""Uploads shared by the API and the pages: reading one in chunks under a size limit, spooling a
video into a private temporary file, and storing an uploaded video's analysed summary.

Below both ``web.api`` and ``web.pages`` (neither imports the other).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from bellpath.errors import BellpathError, VideoError
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.models import User
from bellpath.records.photos import size_text
from bellpath.records.videos import VideoAdded, VideoAnalyser, add_video, private_temp_file
from bellpath.web.security import Services

__all__ = [
    "CHUNK",
    "limited_chunks",
    "spooled_upload",
    "store_spooled_video",
    "store_upload",
    "video_analyser_of",
]

CHUNK = 1 << 20
"""Bytes read at a time (1 MiB)."""


async def limited_chunks(
    upload: UploadFile, *, max_bytes: int, too_large: Callable[[], BellpathError]
) -> AsyncIterator[bytes]:
    """The upload's bytes, chunk by chunk; ``too_large()`` is raised (and nothing more read)
    as soon as more than ``max_bytes`` have arrived."""
    total = 0
    while chunk := await upload.read(CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise too_large()
        yield chunk


def _video_too_large(max_bytes: int) -> VideoError:
    return VideoError(
        "too_large",
        f"the video is above the limit of {size_text(max_bytes)}; send a shorter "
        "clip (20 to 60 seconds of the exercises is plenty)",
    )


@asynccontextmanager
async def spooled_upload(
    upload: UploadFile, *, folder: Path, max_bytes: int
) -> AsyncIterator[Path]:
    """The upload copied into a private temporary file, removed when the block ends.

    Raises
    ------
    VideoError
        ``too_large`` as soon as more than ``max_bytes`` arrive (nothing more is read).
    """

    def too_large() -> VideoError:
        return _video_too_large(max_bytes)

    with private_temp_file(folder) as (handle, path):
        async for chunk in limited_chunks(upload, max_bytes=max_bytes, too_large=too_large):
            await run_in_threadpool(handle.write, chunk)
        handle.close()
        yield path


def video_analyser_of(services: Services) -> VideoAnalyser:
    """The app's video analyser.

    Raises
    ------
    VideoError
        ``analysis_unavailable`` when this server was started without one.
    """
    if services.video_analyser is None:
        raise VideoError(
            "analysis_unavailable",
            "this server does not analyse videos; run 'bellpath video' on the file instead",
        )
    return services.video_analyser


async def store_upload(
    upload: UploadFile,
    *,
    session: Session,
    services: Services,
    user: User,
    patient_id: int,
    recorded_on: dt.date,
    today: dt.date | None = None,
) -> VideoAdded:
    """Check access, spool, analyse and store the summary of one uploaded video.

    Access is checked before a byte is read, so a refused caller never uploads a whole video.
    """
    patient = visible_patient(session, actor=user, patient_id=patient_id)
    ensure_may_write(user, patient, EntryKind.VIDEO)
    analyser = video_analyser_of(services)
    settings = services.settings
    max_bytes = settings.max_video_upload_bytes
    async with spooled_upload(upload, folder=settings.upload_tmp_dir, max_bytes=max_bytes) as path:
        return await run_in_threadpool(
            add_video,
            session,
            actor=user,
            patient_id=patient_id,
            video=path,
            recorded_on=recorded_on,
            max_bytes=max_bytes,
            analyser=analyser,
            today=today,
        )


def store_spooled_video(
    upload: UploadFile,
    *,
    session: Session,
    services: Services,
    user: User,
    patient_id: int,
    recorded_on: dt.date,
    today: dt.date | None = None,
) -> VideoAdded:
    """:func:`store_upload` for an upload already parsed with its form (the pages): blocking,
    for a plain ``def`` handler, so it runs in the thread pool, never on the event loop."""
    patient = visible_patient(session, actor=user, patient_id=patient_id)
    ensure_may_write(user, patient, EntryKind.VIDEO)
    analyser = video_analyser_of(services)
    settings = services.settings
    max_bytes = settings.max_video_upload_bytes
    with private_temp_file(settings.upload_tmp_dir) as (handle, path):
        total = 0
        while chunk := upload.file.read(CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise _video_too_large(max_bytes)
            handle.write(chunk)
        handle.close()
        return add_video(
            session,
            actor=user,
            patient_id=patient_id,
            video=path,
            recorded_on=recorded_on,
            max_bytes=max_bytes,
            analyser=analyser,
            today=today,
        )
