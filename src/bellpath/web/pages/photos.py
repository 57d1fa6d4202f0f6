"""Photo pages: upload (or take with the phone's camera), then the measurements and the overlay.

The same handlers serve the clinician (``/patients/{id}/photos``) and the patient's own selfies
(``/me/photos``); the repository decides who may see and add what.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from PIL import Image, ImageOps
from starlette.datastructures import FormData, UploadFile

from bellpath.case import Side
from bellpath.errors import InputError, PhotoError
from bellpath.face.expression_check import expression_mismatch
from bellpath.face.expressions import Expression
from bellpath.records.access import EntryKind
from bellpath.records.entries import get_entry, list_entries
from bellpath.records.models import User
from bellpath.records.patients import current_episode, get_patient
from bellpath.records.photos import PhotoMeasurer, add_photo, read_photo
from bellpath.web.deps import CsrfProtected, CurrentClinician, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._overlay import overlay_jpeg
from bellpath.web.pages._reader import ClinicianReader, Reader
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._views import photo_view
from bellpath.web.security import services_of

__all__ = ["photo_detail", "photo_image", "photo_upload", "photos_page", "router"]

router = APIRouter(include_in_schema=False)

PHOTO_LABELS = {"photo": "Photo", "expression": "Expression", "taken_on": "Taken on"}


class ExpressionMismatchError(Exception):
    """The face does not look like the chosen expression (the upload asks to confirm)."""


def _checked(measurer: PhotoMeasurer, expression: Expression) -> PhotoMeasurer:
    """``measurer``, refusing a photo whose face does not fit ``expression`` (nothing stored)."""

    def measure(data: bytes, label: Expression | None, side: Side | None) -> dict[str, Any]:
        measured = measurer(data, label, side)
        why = expression_mismatch(expression, measured)
        if why is not None:
            raise ExpressionMismatchError(why)
        return measured

    return measure


def _expression_options() -> list[tuple[str, str]]:
    return [(e.value, e.label) for e in Expression]


def photos_page(
    request: Request,
    *,
    session: Any,
    user: User,
    reader: Reader,
    checked: FormReader | None = None,
) -> Response:
    """The upload form and the photos so far."""
    patient_id = reader.patient_id
    base = reader.url("photos")
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    today = today_of(request)
    photos = list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO)
    settings = services_of(request).settings
    ctx = {
        "patient": patient,
        "reader": reader,
        "action": base,
        "photo_base": base,
        "back_url": reader.home,
        "today": today.isoformat(),
        "max_mb": f"{settings.max_upload_bytes / 1e6:g}",
        "expression_options": _expression_options(),
        "photos": [
            {"id": p.id, "taken_on": p.taken_on, "expression": p.expression}
            for p in reversed(photos)
        ],
        "values": checked.values if checked else {"taken_on": today.isoformat()},
        "confirm_expression": bool(checked and "expression_confirmed" in checked.values),
        "errors": checked.errors if checked else {},
        "nav": "photos" if reader.is_patient else "patients",
    }
    status = 422 if checked and checked.errors else 200
    return render(request, "photos.html", ctx, viewer=Viewer.of(user), status_code=status)


def photo_upload(
    request: Request, *, session: Any, user: User, reader: Reader, posted: FormData
) -> Response:
    """Check, measure and store an uploaded photo; a refused photo stores nothing.

    A plain function: called from a ``def`` route, the measuring (CPU-bound) and the writes run
    in a worker thread, never on the event loop; the form's upload file is closed by ``FormDep``.
    """
    patient_id = reader.patient_id
    base = reader.url("photos")
    today = today_of(request)
    services = services_of(request)
    checked = FormReader(posted, PHOTO_LABELS)
    expression = checked.choice("expression", Expression, required=True)
    confirmed = checked.flag("expression_confirmed")
    patient = get_patient(session, actor=user, patient_id=patient_id)
    onset = current_episode(session, patient=patient).onset
    taken_on = checked.date("taken_on", required=True, not_before=onset, not_after=today)
    upload = posted.get("photo")
    data = b""
    if not isinstance(upload, UploadFile) or not upload.filename:
        checked.add_error("photo", "Photo: please choose or take a photo. You sent none.")
    else:
        data = upload.file.read(services.settings.max_upload_bytes + 1)
    photo_id: int | None = None
    measurer = services.measurer
    if measurer is not None and expression is not None and not confirmed:
        measurer = _checked(measurer, expression)
    if checked.ok and taken_on is not None and expression is not None:
        try:
            with writing(request, user) as (wsession, actor):
                row = add_photo(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    data=data,
                    taken_on=taken_on,
                    expression=expression,
                    max_bytes=services.settings.max_upload_bytes,
                    measurer=measurer,
                    today=today,
                )
                photo_id = int(row.id)
        except ExpressionMismatchError as exc:
            checked.values["expression_confirmed"] = ""  # ask: the form shows the confirmation
            checked.add_error(
                "expression",
                f"Expression: {exc}. Nothing was saved. Choose the expression the photo shows, "
                "or tick the box to keep your choice, then choose the photo again.",
            )
        except PhotoError as exc:
            checked.add_error("photo", f"Photo: {exc.message}")
        except InputError as exc:
            checked.add_input_error(exc, fallback="photo")
    if photo_id is None:
        return photos_page(request, session=session, user=user, reader=reader, checked=checked)
    return RedirectResponse(f"{base}/{photo_id}?saved=photo", status_code=303)


def photo_detail(
    request: Request,
    *,
    session: Any,
    user: User,
    reader: Reader,
    photo_id: int,
) -> Response:
    """One photo: the overlay beside the table of measurements."""
    patient_id = reader.patient_id
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PHOTO, entry_id=photo_id
    )
    ctx = {
        "patient": patient,
        "photo": {"id": row.id, "taken_on": row.taken_on, "expression": row.expression},
        "view": photo_view(row.measurements or {}),
        "photo_base": reader.url("photos"),
        "back_url": reader.home,
        "reader": reader,
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
    request: Request, session: SessionDep, user: CurrentClinician, reader: ClinicianReader
) -> Response:
    """Upload form and photos of one patient."""
    return photos_page(request, session=session, user=user, reader=reader)


@router.post("/patients/{patient_id}/photos")
def clinician_photo_upload(
    request: Request,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
) -> Response:
    """Store and measure a photo of the patient."""
    return photo_upload(request, session=session, user=user, reader=reader, posted=posted)


@router.get("/patients/{patient_id}/photos/{photo_id}")
def clinician_photo(
    request: Request,
    photo_id: int,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
) -> Response:
    """One photo with its measurements."""
    return photo_detail(request, session=session, user=user, reader=reader, photo_id=photo_id)


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
