"""``/api/v1/patients/{patient_id}/photos``: upload, measure and fetch photos.

An upload is refused, and nothing stored, when it is too large, not an image, or has no
measurable face. Responses never name the stored file; the image is fetched from ``/image``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from bellpath.errors import PhotoError
from bellpath.face.expressions import Expression
from bellpath.records.access import EntryKind
from bellpath.records.entries import delete_entry, get_entry, list_entries
from bellpath.records.photos import add_photo, read_photo, size_text
from bellpath.web.api._errors import ErrorBody
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import PhotoPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, ServicesDep, SessionDep, TodayDep
from bellpath.web.uploads import limited_chunks

__all__ = ["read_upload", "router"]

router = APIRouter(prefix="/patients/{patient_id}/photos", tags=["photos"])


async def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    """The uploaded bytes, refusing (without reading on) anything above ``max_bytes``."""

    def too_large() -> PhotoError:
        return PhotoError(
            "too_large",
            f"the photo is above the limit of {size_text(max_bytes)}; send a smaller photo",
        )

    return b"".join(
        [c async for c in limited_chunks(upload, max_bytes=max_bytes, too_large=too_large)]
    )


@router.get("", response_model=list[PhotoPublic])
def photos(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[PhotoPublic]:
    """Every photo of the current episode, oldest first, with its measurements."""
    if check.is_fresh:
        return check.answer()
    rows = list_entries(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO, **window.kwargs()
    )
    return [PhotoPublic.model_validate(r) for r in rows]


@router.post(
    "",
    response_model=PhotoPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        422: {"model": ErrorBody, "description": "Not an image, too large, or no face found"}
    },
)
async def new_photo(
    patient_id: int,
    *,
    today: TodayDep,
    session: SessionDep,
    services: ServicesDep,
    user: CurrentUser,
    file: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC photo")],
    taken_on: Annotated[dt.date | None, Form(description="Default: today")] = None,
    expression: Annotated[Expression | None, Form()] = None,
) -> PhotoPublic:
    """Upload a photo; it is measured by the photo pipeline before anything is stored."""
    data = await read_upload(file, services.settings.max_upload_bytes)
    row = await run_in_threadpool(
        add_photo,
        session,
        actor=user,
        patient_id=patient_id,
        data=data,
        taken_on=taken_on or today,
        expression=expression,
        max_bytes=services.settings.max_upload_bytes,
        measurer=services.measurer,
    )
    return PhotoPublic.model_validate(row)


@router.get("/{photo_id}", response_model=PhotoPublic)
def one_photo(
    patient_id: int, photo_id: int, session: SessionDep, user: CurrentUser
) -> PhotoPublic:
    """One photo's details and measurements."""
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO, entry_id=photo_id
    )
    return PhotoPublic.model_validate(row)


@router.get(
    "/{photo_id}/image",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}},
)
def photo_image(patient_id: int, photo_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """The stored image itself (never cached by the browser)."""
    data, content_type = read_photo(session, actor=user, patient_id=patient_id, photo_id=photo_id)
    return Response(data, media_type=content_type, headers={"Cache-Control": "private, no-store"})


@router.delete("/{photo_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_photo(
    patient_id: int, photo_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete a photo and its stored file."""
    delete_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO, entry_id=photo_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
