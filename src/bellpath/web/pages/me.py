"""The patient's own pages: where they are in plain words, questionnaires, practice, selfies."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bellpath.errors import NotFoundError
from bellpath.grading.entries import Scale
from bellpath.guidance.practice_plan import practice_plan
from bellpath.records.access import EntryKind
from bellpath.records.entries import list_entries
from bellpath.records.models import Role, User
from bellpath.records.patients import list_patients
from bellpath.web.deps import CsrfProtected, CurrentUser, SessionDep
from bellpath.web.pages._common import load_timeline, today_of
from bellpath.web.pages._practice_progress import progress_view
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._scales import SELF_REPORTED, scale_form
from bellpath.web.pages._video_upload import video_form
from bellpath.web.pages._views import history_items
from bellpath.web.pages.entries import practice_page, practice_save, save_grading
from bellpath.web.pages.photos import photo_detail, photo_image, photo_upload, photos_page

__all__ = ["own_patient_id", "router"]

router = APIRouter(include_in_schema=False)

NOT_LINKED = (
    "Your account is not linked to a record yet. Please ask your clinician to link it; "
    "then this page shows where your recovery stands."
)


def own_patient_id(session: Any, user: User) -> int:
    """The record linked to a patient account (:class:`NotFoundError` when there is none)."""
    if user.role is not Role.PATIENT:
        raise NotFoundError("these pages are for a patient's own record")
    patients = list_patients(session, actor=user)
    if not patients:
        raise NotFoundError(NOT_LINKED)
    return patients[0].id


@router.get("/me")
def my_recovery(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Where the patient is, in plain words; what to talk about; what comes next."""
    if user.role is Role.PATIENT and not list_patients(session, actor=user):
        welcome = {"title": "Welcome", "message": NOT_LINKED, "nav": "me"}
        return render(request, "error.html", dict(welcome), viewer=Viewer.of(user))
    patient_id = own_patient_id(session, user)
    patient, view = load_timeline(
        session, actor=user, patient_id=patient_id, today=today_of(request), chart_base="/me"
    )
    upload = video_form(request, action="/me/videos", self_view=True)
    plan = practice_plan(view.case, view.assessment)
    progress = progress_view(
        session,
        actor=user,
        patient_id=patient_id,
        today=today_of(request),
        chart_url="/me/practice/progress.svg",
    )
    ctx = {"patient": patient, "view": view, "nav": "me", "video_form": upload, "plan": plan}
    ctx["practice_progress"] = progress
    return render(request, "me.html", ctx, viewer=Viewer.of(user))


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
    request: Request, scale: str, session: SessionDep, user: CurrentUser
) -> Response:
    """One questionnaire (SAQ or FaCE)."""
    own_patient_id(session, user)
    form = scale_form(_self_scale(scale))
    today = today_of(request)
    ctx = {
        "form": form,
        "self_view": True,
        "values": {"date": today.isoformat()},
        "today": today.isoformat(),
        "action": f"/me/questionnaires/{form.scale.value}",
        "back_url": "/me",
        "nav": "questionnaires",
    }
    return render(request, "grading.html", ctx, viewer=Viewer.of(user))


@router.post("/me/questionnaires/{scale}")
async def my_questionnaire_submit(
    request: Request, scale: str, _csrf: CsrfProtected, session: SessionDep, user: CurrentUser
) -> Response:
    """Store the answers; a missing answer shows the form again with a message."""
    return await save_grading(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        scale=_self_scale(scale),
        back_url="/me",
        done_url="/me?saved=questionnaire",
        self_view=True,
    )


# ----------------------------------------------------------------------------- practice


@router.get("/me/practice")
def my_practice(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """The daily practice log."""
    return practice_page(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        action="/me/practice",
        self_view=True,
    )


@router.post("/me/practice")
async def my_practice_submit(
    request: Request, _csrf: CsrfProtected, session: SessionDep, user: CurrentUser
) -> Response:
    """Log one day's practice."""
    return await practice_save(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        action="/me/practice",
        self_view=True,
    )


# ----------------------------------------------------------------------------- photos


@router.get("/me/photos")
def my_photos(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Add a selfie; the photos so far."""
    return photos_page(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        base="/me/photos",
        back_url="/me",
        self_view=True,
    )


@router.post("/me/photos")
async def my_photo_upload(
    request: Request, _csrf: CsrfProtected, session: SessionDep, user: CurrentUser
) -> Response:
    """Store and measure a selfie."""
    return await photo_upload(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        base="/me/photos",
        back_url="/me",
        self_view=True,
    )


@router.get("/me/photos/{photo_id}")
def my_photo(request: Request, photo_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """One selfie with its measurements."""
    return photo_detail(
        request,
        session=session,
        user=user,
        patient_id=own_patient_id(session, user),
        photo_id=photo_id,
        base="/me/photos",
        back_url="/me",
        self_view=True,
    )


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
