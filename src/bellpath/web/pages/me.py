"""The patient's own pages: where they are in plain words, questionnaires, practice, selfies."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bellpath.errors import NotFoundError
from bellpath.grading.entries import Scale
from bellpath.records.access import EntryKind
from bellpath.records.entries import list_entries
from bellpath.records.models import Role
from bellpath.records.patients import list_patients
from bellpath.web.conditional import (
    etag,
    fresh,
    not_modified,
    patient_state,
    set_validators,
    viewer_snapshot,
)
from bellpath.web.deps import CsrfProtected, CurrentUser, FormDep, SessionDep
from bellpath.web.pages._common import load_timeline, today_of
from bellpath.web.pages._my_plan import my_plan_context
from bellpath.web.pages._practice_progress import progress_view
from bellpath.web.pages._reader import NOT_LINKED, PatientReader, Reader, own_patient_id
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._scales import SELF_REPORTED, scale_form
from bellpath.web.pages._video_upload import video_form
from bellpath.web.pages._views import history_items
from bellpath.web.pages.entries import practice_page, practice_save, save_grading
from bellpath.web.pages.photos import photo_detail, photo_image, photo_upload, photos_page
from bellpath.web.security import csrf_token

__all__ = ["own_patient_id", "router"]

router = APIRouter(include_in_schema=False)


@router.get("/me")
def my_recovery(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Where the patient is, in plain words; what to talk about; what comes next."""
    if user.role is Role.PATIENT and not list_patients(session, actor=user):
        welcome = {"title": "Welcome", "message": NOT_LINKED, "nav": "me"}
        return render(request, "error.html", dict(welcome), viewer=Viewer.of(user))
    patient_id = own_patient_id(session, user)
    today = today_of(request)
    # As the clinician's timeline: the ETag names the record's version, the date, the viewer and
    # the query, so revalidating an unchanged page is an empty 304 without any of the work.
    state = patient_state(session, user, patient_id)
    tag = etag(
        "me", state.stamp, today, viewer_snapshot(user), csrf_token(request), request.url.query
    )
    if fresh(request, tag):
        return not_modified(tag)
    patient, view = load_timeline(
        session, actor=user, patient_id=patient_id, today=today, chart_base="/me"
    )
    reader = Reader(patient_id=patient_id, is_patient=True)
    upload = video_form(request, reader=reader)
    ctx = {"patient": patient, "view": view, "nav": "me", "video_form": upload}
    # The practice plan with the therapist's changes, streak, reminders (issue 19).
    ctx |= my_plan_context(session, actor=user, patient_id=patient_id, today=view.as_of)
    # The live mirror sessions' weekly progress (issue 19).
    ctx["practice_progress"] = progress_view(
        session,
        actor=user,
        patient_id=patient_id,
        today=today,
        chart_url="/me/practice/progress.svg",
    )
    response = render(request, "me.html", {**ctx, "reader": reader}, viewer=Viewer.of(user))
    set_validators(response, tag)
    return response


# ----------------------------------------------------------------------------- questionnaires


@router.get("/me/questionnaires")
def my_questionnaires(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """The two self-reported scales and the earlier answers."""
    patient_id = own_patient_id(session, user)
    gradings = [
        g
        for g in list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.GRADING)
        if g.scale in {s.value for s in SELF_REPORTED}
    ]
    history = history_items(gradings=gradings, labs=[], complications=[], findings=[], photos=[])
    ctx = {"history": history, "nav": "questionnaires"}
    return render(request, "questionnaires.html", ctx, viewer=Viewer.of(user))


def _self_scale(name: str) -> Scale:
    if name not in {s.value for s in SELF_REPORTED}:
        raise NotFoundError(f"no questionnaire called {name!r}")
    return Scale(name)


@router.get("/me/questionnaires/{scale}")
def my_questionnaire(
    request: Request, scale: str, user: CurrentUser, reader: PatientReader
) -> Response:
    """One questionnaire (SAQ or FaCE)."""
    form = scale_form(_self_scale(scale))
    today = today_of(request)
    ctx = {
        "form": form,
        "reader": reader,
        "values": {"date": today.isoformat()},
        "today": today.isoformat(),
        "action": f"/me/questionnaires/{form.scale.value}",
        "back_url": "/me",
        "nav": "questionnaires",
    }
    return render(request, "grading.html", ctx, viewer=Viewer.of(user))


@router.post("/me/questionnaires/{scale}")
def my_questionnaire_submit(
    request: Request,
    *,
    scale: str,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentUser,
    reader: PatientReader,
) -> Response:
    """Store the answers; a missing answer shows the form again with a message."""
    return save_grading(
        request,
        session=session,
        user=user,
        reader=reader,
        posted=posted,
        scale=_self_scale(scale),
        done_url="/me?saved=questionnaire",
    )


# ----------------------------------------------------------------------------- practice


@router.get("/me/practice")
def my_practice(
    request: Request, session: SessionDep, user: CurrentUser, reader: PatientReader
) -> Response:
    """The daily practice log."""
    return practice_page(request, session=session, user=user, reader=reader)


@router.post("/me/practice")
def my_practice_submit(
    request: Request,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentUser,
    reader: PatientReader,
) -> Response:
    """Log one day's practice."""
    return practice_save(request, session=session, user=user, reader=reader, posted=posted)


# ----------------------------------------------------------------------------- photos


@router.get("/me/photos")
def my_photos(
    request: Request, session: SessionDep, user: CurrentUser, reader: PatientReader
) -> Response:
    """Add a selfie; the photos so far."""
    return photos_page(request, session=session, user=user, reader=reader)


@router.post("/me/photos")
def my_photo_upload(
    request: Request,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentUser,
    reader: PatientReader,
) -> Response:
    """Store and measure a selfie."""
    return photo_upload(request, session=session, user=user, reader=reader, posted=posted)


@router.get("/me/photos/{photo_id}")
def my_photo(
    request: Request, photo_id: int, session: SessionDep, user: CurrentUser, reader: PatientReader
) -> Response:
    """One selfie with its measurements."""
    return photo_detail(request, session=session, user=user, reader=reader, photo_id=photo_id)


@router.get("/me/photos/{photo_id}/overlay")
def my_photo_overlay(photo_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """A selfie with the measures drawn."""
    pid = own_patient_id(session, user)
    return photo_image(session, user=user, patient_id=pid, photo_id=photo_id, overlay=True)


@router.get("/me/photos/{photo_id}/image")
def my_photo_file(photo_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """A selfie as it was uploaded."""
    pid = own_patient_id(session, user)
    return photo_image(session, user=user, patient_id=pid, photo_id=photo_id, overlay=False)


@router.get("/me/photos/{photo_id}/thumb")
def my_photo_thumb(photo_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """A small copy of a selfie, without metadata."""
    pid = own_patient_id(session, user)
    return photo_image(
        session, user=user, patient_id=pid, photo_id=photo_id, overlay=False, thumb=True
    )
