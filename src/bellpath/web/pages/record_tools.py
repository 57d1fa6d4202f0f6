"""A record's tools on the pages: file downloads, the audit trail, the care team.

====================================================  =============================================
``GET  /patients/{id}/downloads/{file_kind}``         a report, spreadsheet or FHIR bundle
``GET  /patients/{id}/audit``                         who read and changed the record, corrections
``GET  /patients/{id}/care-team``                     the colleagues who share the record
``POST /patients/{id}/care-team``                     add a clinician by e-mail (the owner)
``POST /patients/{id}/care-team/{user_id}/remove``    take one off the team (the owner)
====================================================  =============================================

Opening a timeline and downloading a file record a ``view`` event in the patient's audit trail.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bellpath.errors import InputError, NotFoundError
from bellpath.records.audit import audit_trail, record_view
from bellpath.records.care_team import add_member, list_members, remove_member
from bellpath.records.models import User
from bellpath.records.overview import account_emails
from bellpath.records.patients import get_patient
from bellpath.vocab import AuditAction
from bellpath.web.deps import CsrfProtected, CurrentClinician, CurrentUser, FormDep, SessionDep
from bellpath.web.downloads import DownloadKind, build_download, download_response
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._render import Viewer, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

AUDIT_ROWS = 200


def _action_label(action: str) -> str:
    """A stored audit action in the vocabulary's words ("Added", "Corrected", "Viewed")."""
    try:
        return AuditAction(action).label
    except ValueError:  # an action this version does not know: shown as it was stored
        return action


@router.get("/patients/{patient_id}/downloads/{file_kind}")
def download(
    request: Request, patient_id: int, file_kind: str, session: SessionDep, user: CurrentUser
) -> Response:
    """A file of the patient's record, sent as an attachment (the patient: their own)."""
    try:
        kind = DownloadKind(file_kind)
    except ValueError:
        raise NotFoundError(f"no download called {file_kind!r}") from None
    file = build_download(
        session, actor=user, patient_id=patient_id, kind=kind, as_of=today_of(request)
    )
    record_view(session, actor=user, patient_id=patient_id, what=kind.value)
    return download_response(file)


def _who(emails: dict[int, str], actor_id: int | None) -> str:
    if actor_id is None:
        return "a deleted account"
    return emails.get(actor_id, "a deleted account")


@router.get("/patients/{patient_id}/audit")
def audit_page(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The patient's audit trail, newest first: views, additions, corrections with old values."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    trail = audit_trail(session, patient_id=patient_id, limit=AUDIT_ROWS)
    emails = account_emails(session, user_ids=(event.actor_id for event, _ in trail))
    rows = [
        {
            "at": event.at.strftime("%Y-%m-%d %H:%M UTC"),
            "who": _who(emails, event.actor_id),
            "action": _action_label(event.action),
            "what": event.entity.replace("_", " ").replace("-", " "),
            "changes": amendment.changes if amendment is not None else {},
            "reason": amendment.reason if amendment is not None else "",
        }
        for event, amendment in trail
    ]
    ctx = {"patient": patient, "rows": rows, "limit": AUDIT_ROWS, "nav": "patients"}
    return render(request, "audit.html", ctx, viewer=Viewer.of(user))


def _team_page(
    request: Request,
    session: Any,
    user: User,
    patient_id: int,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    record = get_patient(session, actor=user, patient_id=patient_id)
    ctx = {
        "patient": PatientInfo.of(record),
        "members": list_members(session, actor=user, patient_id=patient_id),
        "is_owner": record.owner_id == user.id,
        "owner": _who(account_emails(session, user_ids=[record.owner_id]), record.owner_id),
        "errors": errors or {},
        "values": values or {},
        "nav": "patients",
    }
    status = 422 if errors else 200
    return render(request, "care_team.html", ctx, viewer=Viewer.of(user), status_code=status)


@router.get("/patients/{patient_id}/care-team")
def care_team_page(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """Who shares this record; the owner adds and removes colleagues here."""
    return _team_page(request, session, user, patient_id)


@router.post("/patients/{patient_id}/care-team")
def care_team_add(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Add a colleague by the e-mail of their clinician account."""
    form = FormReader(posted, {"email": "Colleague's e-mail"})
    email = form.text("email", required=True, max_length=254)
    if form.ok and email is not None:
        try:
            with writing(request, user) as (wsession, actor):
                add_member(wsession, actor=actor, patient_id=patient_id, email=email)
            return RedirectResponse(f"/patients/{patient_id}/care-team", status_code=303)
        except InputError as exc:
            form.add_error("email", f"Colleague's e-mail: {exc.message}")
    return _team_page(request, session, user, patient_id, errors=form.errors, values=form.values)


@router.post("/patients/{patient_id}/care-team/{user_id}/remove")
def care_team_remove(
    request: Request, patient_id: int, user_id: int, _csrf: CsrfProtected, user: CurrentClinician
) -> Response:
    """Take a colleague off the care team; the record is hidden from them again."""
    with writing(request, user) as (wsession, actor):
        remove_member(wsession, actor=actor, patient_id=patient_id, user_id=user_id)
    return RedirectResponse(f"/patients/{patient_id}/care-team", status_code=303)
