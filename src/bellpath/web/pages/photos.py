"""Photo pages: upload (or take with the phone's camera), then the measurements and the overlay.

The same handlers serve the clinician (``/patients/{id}/photos``) and the patient's own selfies
(``/me/photos``); the repository decides who may see and add what.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from PIL import Image, ImageOps
from starlette.datastructures import FormData, UploadFile

from bellpath.case import Side
from bellpath.errors import InputError, PhotoError
from bellpath.face.expressions import Expression
from bellpath.records.access import EntryKind
from bellpath.records.entries import get_entry, list_entries
from bellpath.records.models import User
from bellpath.records.patients import current_episode, get_patient
from bellpath.records.photos import add_photo, read_photo
from bellpath.web.deps import CsrfProtected, CurrentClinician, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._overlay import overlay_jpeg
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._views import photo_view
from bellpath.web.security import services_of

__all__ = ["photo_detail", "photo_image", "photo_upload", "photos_page", "router"]

router = APIRouter(include_in_schema=False)

PHOTO_LABELS = {"photo": "Photo", "expression": "Expression", "taken_on": "Taken on"}


def _expression_options() -> list[tuple[str, str]]:
    return [(e.value, e.label) for e in Expression]


def photos_page(
    request: Request,
    *,
    session: Any,
    user: User,
    patient_id: int,
    base: str,
    back_url: str,
    self_view: bool,
    reader: FormReader | None = None,
) -> Response:
    """The upload form and the photos so far."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    today = today_of(request)
    photos = list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO)
    settings = services_of(request).settings
    ctx = {
        "patient": patient,
        "self_view": self_view,
        "action": base,
        "photo_base": base,
        "back_url": back_url,
        "today": today.isoformat(),
        "max_mb": f"{settings.max_upload_bytes / 1e6:g}",
        "expression_options": _expression_options(),
        "photos": [
            {"id": p.id, "taken_on": p.taken_on, "expression": p.expression}
            for p in reversed(photos)
        ],
        "values": reader.values
        if reader
        else {"taken_on": today.isoformat(), "expression": Expression.REST.value},
        "errors": reader.errors if reader else {},
        "nav": "photos" if self_view else "patients",
    }
    status = 422 if reader and reader.errors else 200
    return render(request, "photos.html", ctx, viewer=Viewer.of(user), status_code=status)


async def photo_upload(
    request: Request,
    *,
    session: Any,
    user: User,
    patient_id: int,
    base: str,
    back_url: str,
    self_view: bool,
) -> Response:
    """Check, measure and store an uploaded photo; a refused photo stores nothing."""
    form = await request.form()
    try:
        return await _photo_upload(
            request,
            form,
            session=session,
            user=user,
            patient_id=patient_id,
            base=base,
            back_url=back_url,
            self_view=self_view,
        )
    finally:
        await form.close()  # the upload's temporary file, at once


async def _photo_upload(
    request: Request,
    form: FormData,
    *,
    session: Any,
    user: User,
    patient_id: int,
    base: str,
    back_url: str,
    self_view: bool,
) -> Response:
    today = today_of(request)
    services = services_of(request)
    reader = FormReader(form, PHOTO_LABELS)
    expression = reader.choice("expression", Expression) or Expression.REST
    patient = get_patient(session, actor=user, patient_id=patient_id)
    onset = current_episode(session, patient=patient).onset
    taken_on = reader.date("taken_on", required=True, not_before=onset, not_after=today)
    upload = form.get("photo")
    data = b""
    if not isinstance(upload, UploadFile) or not upload.filename:
        reader.add_error("photo", "Photo: please choose or take a photo. You sent none.")
    else:
        data = await upload.read(services.settings.max_upload_bytes + 1)
    photo_id: int | None = None
    if reader.ok and taken_on is not None:
        day = taken_on

        def measure_and_store() -> int:
            # Measuring a photo is CPU-bound: run in a worker thread, never on the event loop.
            with writing(request, user) as (wsession, actor):
                row = add_photo(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    data=data,
                    taken_on=day,
                    expression=expression,
                    max_bytes=services.settings.max_upload_bytes,
                    measurer=services.measurer,
                    today=today,
                )
                return int(row.id)

        try:
            photo_id = await run_in_threadpool(measure_and_store)
        except PhotoError as exc:
            reader.add_error("photo", f"Photo: {exc.message}")
        except InputError as exc:
            reader.add_input_error(exc, fallback="photo")
    if photo_id is None:
        return photos_page(
            request,
            session=session,
            user=user,
            patient_id=patient_id,
            base=base,
            back_url=back_url,
            self_view=self_view,
            reader=reader,
        )
    return RedirectResponse(f"{base}/{photo_id}?saved=photo", status_code=303)


def photo_detail(
    request: Request,
    *,
    session: Any,
    user: User,
    patient_id: int,
    photo_id: int,
    base: str,
    back_url: str,
    self_view: bool,
) -> Response:
    """One photo: the overlay beside the table of measurements."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO, entry_id=photo_id
    )
    ctx = {
        "patient": patient,
        "photo": {"id": row.id, "taken_on": row.taken_on, "expression": row.expression},
        "view": photo_view(row.measurements or {}),
        "photo_base": base,
        "back_url": back_url,
        "self_view": self_view,
    }
    return render(request, "photo.html", ctx, viewer=Viewer.of(user))


THUMB_SIDE = 480
"""Longest side of a thumbnail, in pixels."""


def _thumbnail(data: bytes) -> bytes | None:
    """A small upright JPEG without metadata, or ``None`` when Pillow cannot read the photo."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            upright = ImageOps.exif_transpose(img).convert("RGB")
    except (OSError, ValueError):
        return None
    upright.thumbnail((THUMB_SIDE, THUMB_SIDE))
    buffer = io.BytesIO()
    upright.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def photo_image(
    session: Any,
    *,
    user: User,
    patient_id: int,
    photo_id: int,
    overlay: bool,
    thumb: bool = False,
) -> Response:
    """The stored photo, a thumbnail, or the overlay (JPEG) when one can be drawn.

    Never cached by proxies or the browser's disk cache.
    """
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO, entry_id=photo_id
    )
    data, content_type = read_photo(session, actor=user, patient_id=patient_id, photo_id=photo_id)
    headers = {"Cache-Control": "private, no-store"}
    if overlay and row.measurements:
        side_text = (row.measurements or {}).get("affected_side")
        side = Side(side_text) if side_text in {s.value for s in Side} else None
        title = f"photo of {row.taken_on.isoformat()}"
        drawn = overlay_jpeg(
            row.stored_name, data, side=side, expression=row.expression, title=title
        )
        if drawn is not None:
            return Response(drawn, media_type="image/jpeg", headers=headers)
    if thumb:
        small = _thumbnail(data)
        if small is not None:
            return Response(small, media_type="image/jpeg", headers=headers)
    return Response(data, media_type=content_type, headers=headers)


# ----------------------------------------------------------------------------- clinician routes


@router.get("/patients/{patient_id}/photos")
def clinician_photos(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """Upload form and photos of one patient."""
    return photos_page(
        request,
        session=session,
        user=user,
        patient_id=patient_id,
        base=f"/patients/{patient_id}/photos",
        back_url=f"/patients/{patient_id}",
        self_view=False,
    )


@router.post("/patients/{patient_id}/photos")
async def clinician_photo_upload(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Store and measure a photo of the patient."""
    return await photo_upload(
        request,
        session=session,
        user=user,
        patient_id=patient_id,
        base=f"/patients/{patient_id}/photos",
        back_url=f"/patients/{patient_id}",
        self_view=False,
    )


@router.get("/patients/{patient_id}/photos/{photo_id}")
def clinician_photo(
    request: Request, patient_id: int, photo_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """One photo with its measurements."""
    return photo_detail(
        request,
        session=session,
        user=user,
        patient_id=patient_id,
        photo_id=photo_id,
        base=f"/patients/{patient_id}/photos",
        back_url=f"/patients/{patient_id}",
        self_view=False,
    )


@router.get("/patients/{patient_id}/photos/{photo_id}/overlay")
def clinician_photo_overlay(
    patient_id: int, photo_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The photo with landmarks and measures drawn (the photo itself when none can be drawn)."""
    return photo_image(session, user=user, patient_id=patient_id, photo_id=photo_id, overlay=True)


@router.get("/patients/{patient_id}/photos/{photo_id}/image")
def clinician_photo_file(
    patient_id: int, photo_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The photo as it was uploaded."""
    return photo_image(session, user=user, patient_id=patient_id, photo_id=photo_id, overlay=False)


@router.get("/patients/{patient_id}/photos/{photo_id}/thumb")
def clinician_photo_thumb(
    patient_id: int, photo_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """A small copy of the photo (for lists), without metadata."""
    return photo_image(
        session, user=user, patient_id=patient_id, photo_id=photo_id, overlay=False, thumb=True
    )
