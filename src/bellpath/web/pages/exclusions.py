"""The clinician's page of recorded red flags: record that a finding's other cause was excluded.

Each recorded finding gets a small form: the date the other cause was excluded (for example by
imaging or a specialist's review). The signed-in clinician is recorded as the one who excluded it.
From that date the timeline shows the Bell's palsy dates and figures again, with a note.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bellpath.errors import InputError
from bellpath.records.access import EntryKind
from bellpath.records.entries import list_entries
from bellpath.records.exclusions import exclude_finding
from bellpath.records.patients import get_patient
from bellpath.web.deps import CsrfProtected, CurrentClinician, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._labels import label
from bellpath.web.pages._render import Viewer, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

LABELS = {"excluded_on": "Other cause excluded on"}


def _rows(session: Any, user: Any, patient_id: int) -> list[dict[str, Any]]:
    rows = list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.FINDING)
    return [
        {
            "id": r.id,
            "label": label(r.finding),
            "noted_on": r.noted_on.isoformat(),
            "excluded_on": r.excluded_on.isoformat() if r.excluded_on else "",
            "excluded_by": r.excluded_by_name or "",
        }
        for r in rows
    ]


def _page(
    request: Request,
    session: Any,
    user: Any,
    patient_id: int,
    *,
    errors: dict[str, str] | None = None,
    failed: int | None = None,
    status_code: int = 200,
) -> Response:
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    ctx = {
        "patient": patient,
        "rows": _rows(session, user, patient_id),
        "errors": errors or {},
        "failed": failed,
        "today": today_of(request).isoformat(),
    }
    return render(request, "findings.html", ctx, viewer=Viewer.of(user), status_code=status_code)


@router.get("/patients/{patient_id}/findings")
def findings_page(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The recorded red flags, each with its exclusion form."""
    return _page(request, session, user, patient_id)


@router.post("/patients/{patient_id}/findings/{finding_id}/exclusion")
def findings_exclude(
    request: Request,
    *,
    patient_id: int,
    finding_id: int,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Record (or, with an empty date, withdraw) the exclusion of a finding's other cause."""
    today = today_of(request)
    form = FormReader(posted, LABELS)
    when = form.date("excluded_on", not_after=today)
    if form.ok:
        try:
            with writing(request, user) as (wsession, actor):
                exclude_finding(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    entry_id=finding_id,
                    excluded_on=when,
                    today=today,
                )
        except InputError as exc:
            form.add_input_error(exc, fallback="excluded_on")
    if not form.ok:
        return _page(
            request,
            session,
            user,
            patient_id,
            errors=form.errors,
            failed=finding_id,
            status_code=422,
        )
    return RedirectResponse(f"/patients/{patient_id}?saved=exclusion", status_code=303)
