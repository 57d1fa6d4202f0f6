"""Video pages: record (or choose) a video of the exercises; only its analysed summary is kept.

The upload form sits on the clinician's timeline (``/patients/{id}``) and on the patient's own
page (``/me``), and on a page of its own with the summaries so far (``/patients/{id}/videos``,
``/me/videos``). A refused upload shows that page again with the message next to the field;
nothing is stored. A stored upload goes back to the timeline, where the "Latest video" card shows
it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from bellpath.errors import InputError, VideoError
from bellpath.records.access import EntryKind
from bellpath.records.entries import list_entries
from bellpath.records.models import User
from bellpath.records.patients import current_episode, get_patient
from bellpath.vocab import words
from bellpath.web.deps import CsrfProtected, CurrentClinician, CurrentUser, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._reader import ClinicianReader, PatientReader, Reader
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._video_upload import video_form
from bellpath.web.security import services_of
from bellpath.web.uploads import store_spooled_video

__all__ = ["router", "video_upload", "videos_page"]

router = APIRouter(include_in_schema=False)

VIDEO_LABELS = {"video": "Video", "recorded_on": "Recorded on"}


def _summary_row(row: Any) -> dict[str, Any]:
    summary: dict[str, Any] = row.summary or {}
    readings = [summary.get("ocular_oral"), summary.get("oral_ocular")]
    detected = any(isinstance(r, dict) and r.get("detected") for r in readings)
    return {
        "id": row.id,
        "recorded_on": row.recorded_on,
        "duration": f"{float(summary.get('duration_s') or 0):.0f} s",
        "expressions": ", ".join(words(e.get("label", "")) for e in summary.get("expressions", []))
        or "none found",
        "synkinesis": "detected" if detected else "not detected",
    }


def videos_page(
    request: Request,
    *,
    session: Any,
    user: User,
    reader: Reader,
    checked: FormReader | None = None,
) -> Response:
    """The upload form and the video summaries so far."""
    patient_id = reader.patient_id
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    rows = list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.VIDEO)
    form = video_form(request, reader=reader)
    ctx = {
        "patient": patient,
        "reader": reader,
        "back_url": reader.home,
        "video_form": form,
        "videos": [_summary_row(r) for r in reversed(rows)],
        "values": checked.values if checked else {"recorded_on": form.today},
        "errors": checked.errors if checked else {},
        "nav": reader.nav,
    }
    status = 422 if checked and checked.errors else 200
    return render(request, "videos.html", ctx, viewer=Viewer.of(user), status_code=status)


def video_upload(
    request: Request, *, session: Any, user: User, reader: Reader, posted: FormData
) -> Response:
    """Analyse an uploaded video and keep its summary; a refused video stores nothing.

    A plain function: called from a ``def`` route, the analysis and the writes run in a worker
    thread, never on the event loop; the form's upload file is closed by ``FormDep``.
    """
    checked, stored = _video_upload(request, posted, user=user, reader=reader, session=session)
    if stored is None:
        return videos_page(request, session=session, user=user, reader=reader, checked=checked)
    return RedirectResponse(f"{reader.home}?saved=video#latest-video", status_code=303)


def _video_upload(
    request: Request, form: FormData, *, user: User, reader: Reader, session: Any
) -> tuple[FormReader, int | None]:
    """The checked form, and the stored video's id (``None`` when refused: see the reader)."""
    patient_id = reader.patient_id
    today = today_of(request)
    services = services_of(request)
    checked = FormReader(form, VIDEO_LABELS)
    patient = get_patient(session, actor=user, patient_id=patient_id)
    onset: dt.date = current_episode(session, patient=patient).onset
    recorded_on = checked.date("recorded_on", required=True, not_before=onset, not_after=today)
    upload = form.get("video")
    if not isinstance(upload, UploadFile) or not upload.filename:
        checked.add_error("video", "Video: please choose or record a video. You sent none.")
    if not checked.ok or recorded_on is None or not isinstance(upload, UploadFile):
        return checked, None
    try:
        with writing(request, user) as (wsession, actor):
            added = store_spooled_video(
                upload,
                session=wsession,
                services=services,
                user=actor,
                patient_id=patient_id,
                recorded_on=recorded_on,
                today=today,
            )
            return checked, added.video.id
    except VideoError as exc:
        checked.add_error("video", f"Video: {exc.message}")
    except InputError as exc:
        checked.add_input_error(exc, fallback="video")
    return checked, None


# ----------------------------------------------------------------------------- clinician routes


@router.get("/patients/{patient_id}/videos")
def clinician_videos(
    request: Request, session: SessionDep, user: CurrentClinician, reader: ClinicianReader
) -> Response:
    """Upload form and video summaries of one patient."""
    return videos_page(request, session=session, user=user, reader=reader)


@router.post("/patients/{patient_id}/videos")
def clinician_video_upload(
    request: Request,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
) -> Response:
    """Analyse a video of the patient and keep its summary."""
    return video_upload(request, session=session, user=user, reader=reader, posted=posted)


# ----------------------------------------------------------------------------- patient routes


@router.get("/me/videos")
def my_videos(
    request: Request, session: SessionDep, user: CurrentUser, reader: PatientReader
) -> Response:
    """Add a video of one's exercises; the summaries so far."""
    return videos_page(request, session=session, user=user, reader=reader)


@router.post("/me/videos")
def my_video_upload(
    request: Request,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentUser,
    reader: PatientReader,
) -> Response:
    """Analyse a video of one's exercises and keep its summary."""
    return video_upload(request, session=session, user=user, reader=reader, posted=posted)
