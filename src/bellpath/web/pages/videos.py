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
from bellpath.web.deps import CsrfProtected, CurrentClinician, CurrentUser, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._video_upload import video_form
from bellpath.web.pages.me import own_patient_id
from bellpath.web.security import services_of
from bellpath.web.uploads import store_upload

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
    patient_id: int,
    base: str,
    back_url: str,
    self_view: bool,
    reader: FormReader | None = None,
) -> Response:
    """The upload form and the video summaries so far."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    rows = list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.VIDEO)
    form = video_form(request, action=base, self_view=self_view)
    ctx = {
        "patient": patient,
        "self_view": self_view,
        "back_url": back_url,
        "video_form": form,
        "videos": [_summary_row(r) for r in reversed(rows)],
        "values": reader.values if reader else {"recorded_on": form.today},
        "errors": reader.errors if reader else {},
        "nav": "me" if self_view else "patients",
    }
    status = 422 if reader and reader.errors else 200
    return render(request, "videos.html", ctx, viewer=Viewer.of(user), status_code=status)


async def video_upload(
    request: Request,
    *,
    session: Any,
    user: User,
    patient_id: int,
    base: str,
    back_url: str,
    self_view: bool,
) -> Response:
    """Analyse an uploaded video and keep its summary; a refused video stores nothing."""
    form = await request.form()
    try:
        reader, stored = await _video_upload(
            request, form, user=user, patient_id=patient_id, session=session
        )
    finally:
        await form.close()  # the upload's temporary file, at once
    if stored is None:
        return videos_page(
            request,
            session=session,
            user=user,
            patient_id=patient_id,
            base=base,
            back_url=back_url,
            self_view=self_view,
            reader=reader,
        )
    return RedirectResponse(f"{back_url}?saved=video#latest-video", status_code=303)


async def _video_upload(
    request: Request, form: FormData, *, user: User, patient_id: int, session: Any
) -> tuple[FormReader, int | None]:
    """The checked form, and the stored video's id (``None`` when refused: see the reader)."""
    today = today_of(request)
    services = services_of(request)
    reader = FormReader(form, VIDEO_LABELS)
    patient = get_patient(session, actor=user, patient_id=patient_id)
    onset: dt.date = current_episode(session, patient=patient).onset
    recorded_on = reader.date("recorded_on", required=True, not_before=onset, not_after=today)
    upload = form.get("video")
    if not isinstance(upload, UploadFile) or not upload.filename:
        reader.add_error("video", "Video: please choose or record a video. You sent none.")
    if not reader.ok or recorded_on is None or not isinstance(upload, UploadFile):
        return reader, None
    try:
        with writing(request, user) as (wsession, actor):
            added = await store_upload(
                upload,
                session=wsession,
                services=services,
                user=actor,
                patient_id=patient_id,
                recorded_on=recorded_on,
                today=today,
            )
            return reader, added.video.id
    except VideoError as exc:
        reader.add_error("video", f"Video: {exc.message}")
    except InputError as exc:
        reader.add_input_error(exc, fallback="video")
    return reader, None


# ----------------------------------------------------------------------------- clinician routes


@router.get("/patients/{patient_id}/videos")
def clinician_videos(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """Upload form and video summaries of one patient."""
    return videos_page(
        request,
        session=session,
        user=user,
        patient_id=patient_id,
        base=f"/patients/{patient_id}/videos",
        back_url=f"/patients/{patient_id}",
        self_view=False,
    )


@router.post("/patients/{patient_id}/videos")
async def clinician_video_upload(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Analyse a video of the patient and keep its summary."""
    return await video_upload(
        request,
        session=session,
        user=user,
        patient_id=patient_id,
        base=f"/patients/{patient_id}/videos",
        back_url=f"/patients/{patient_id}",
        self_view=False,
    )


# ----------------------------------------------------------------------------- patient routes


@router.get("/me/videos")
def my_videos(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Add a video of one's exercises; the summaries so far."""
    return videos_page(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        base="/me/videos",
        back_url="/me",
        self_view=True,
    )


@router.post("/me/videos")
async def my_video_upload(
    request: Request, _csrf: CsrfProtected, session: SessionDep, user: CurrentUser
) -> Response:
    """Analyse a video of one's exercises and keep its summary."""
    return await video_upload(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        base="/me/videos",
        back_url="/me",
        self_view=True,
    )
