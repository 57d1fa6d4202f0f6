"""``/api/v1/patients/{patient_id}/videos``: upload a video, keep only its analysed summary.

The upload is streamed into a private temporary file (never above
``BELLPATH_MAX_VIDEO_UPLOAD_BYTES``), analysed by :func:`bellpath.video.analysis.analyse_video`,
and deleted; only the summary is stored. A refused upload (too large, not a video, no face) is a
422 and stores nothing. There is no route to fetch a video: none is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, status
from fastapi import UploadFile as ApiUpload
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from bellpath.errors import VideoError
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.entries import delete_entry, get_entry, list_entries
from bellpath.records.models import User
from bellpath.records.photos import size_text
from bellpath.records.videos import VideoAdded, VideoAnalyser, add_video, private_temp_file
from bellpath.web.api._errors import ErrorBody
from bellpath.web.api._uploads import limited_chunks
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import VideoCreated, VideoPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, ServicesDep, SessionDep, TodayDep
from bellpath.web.security import Services

__all__ = ["created_response", "router", "spooled_upload", "store_upload", "video_analyser_of"]

router = APIRouter(prefix="/patients/{patient_id}/videos", tags=["videos"])


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
        return VideoError(
            "too_large",
            f"the video is above the limit of {size_text(max_bytes)}; send a shorter "
            "clip (20 to 60 seconds of the exercises is plenty)",
        )

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


def created_response(added: VideoAdded) -> VideoCreated:
    """The API answer for a stored upload."""
    public = VideoPublic.model_validate(added.video)
    return VideoCreated(**public.model_dump(), synkinesis_added=added.synkinesis_added)


@router.get("", response_model=list[VideoPublic])
def videos(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[VideoPublic]:
    """Every video summary of the current episode, oldest first."""
    if check.is_fresh:
        return check.answer()
    rows = list_entries(
        session, actor=user, patient_id=patient_id, kind=EntryKind.VIDEO, **window.kwargs()
    )
    return [VideoPublic.model_validate(r) for r in rows]


@router.post(
    "",
    response_model=VideoCreated,
    status_code=status.HTTP_201_CREATED,
    responses={
        422: {
            "model": ErrorBody,
            "description": "Not a video, too large, unreadable, or no face found",
        }
    },
)
async def new_video(
    patient_id: int,
    *,
    today: TodayDep,
    session: SessionDep,
    services: ServicesDep,
    user: CurrentUser,
    file: Annotated[ApiUpload, File(description="MP4, MOV, WebM, MKV or AVI video")],
    recorded_on: Annotated[dt.date | None, Form(description="Default: today")] = None,
) -> VideoCreated:
    """Upload a video: it is analysed, its summary stored, and the video itself deleted.

    When the analysis detects synkinesis, the ``synkinesis`` complication is recorded too (once
    per episode; ``synkinesis_added`` says whether this upload added it).
    """
    try:
        added = await store_upload(
            file,
            session=session,
            services=services,
            user=user,
            patient_id=patient_id,
            recorded_on=recorded_on or today,
        )
    finally:
        await file.close()
    return created_response(added)


@router.get("/{video_id}", response_model=VideoPublic)
def one_video(
    patient_id: int, video_id: int, session: SessionDep, user: CurrentUser
) -> VideoPublic:
    """One video summary."""
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.VIDEO, entry_id=video_id
    )
    return VideoPublic.model_validate(row)


@router.delete("/{video_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_video(
    patient_id: int, video_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete a video summary (a synkinesis complication it added stays for the clinician)."""
    delete_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.VIDEO, entry_id=video_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
