"""``/api/v1/patients/{patient_id}/videos``: upload a video, keep only its analysed summary.

The upload is streamed into a private temporary file (never above
``BELLPATH_MAX_VIDEO_UPLOAD_BYTES``), analysed by :func:`bellpath.video.analysis.analyse_video`,
and deleted; only the summary is stored. A refused upload (too large, not a video, no face) is a
422 and stores nothing. There is no route to fetch a video: none is kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, status
from fastapi import UploadFile as ApiUpload

from bellpath.records.access import EntryKind
from bellpath.records.entries import delete_entry, get_entry, list_entries
from bellpath.records.videos import VideoAdded
from bellpath.web.api._errors import ErrorBody
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import VideoCreated, VideoPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, ServicesDep, SessionDep, TodayDep
from bellpath.web.uploads import store_upload

__all__ = ["created_response", "router"]

router = APIRouter(prefix="/patients/{patient_id}/videos", tags=["videos"])


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
