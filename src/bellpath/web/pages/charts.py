"""Chart images for the timeline and the patient's page (from :mod:`bellpath.reports.charts`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bellpath.errors import NotFoundError
from bellpath.grading.entries import Scale
from bellpath.records.assessments import cache_for
from bellpath.records.models import User
from bellpath.records.patients import patient_assessment
from bellpath.reports.charts import case_chart
from bellpath.web.conditional import (
    etag,
    fresh,
    not_modified,
    patient_state,
    record_modified,
    set_validators,
)
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep
from bellpath.web.pages._common import today_of
from bellpath.web.pages._reader import own_patient_id

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def _chart(
    request: Request, session: SessionDep, user: User, patient_id: int, name: str
) -> Response:
    """The chart image, drawn once per record version and date, revalidated with 304."""
    scale_name, _, suffix = name.rpartition(".")
    if suffix not in _FORMATS or scale_name not in {s.value for s in Scale}:
        raise NotFoundError(f"no chart called {name!r}")
    today = today_of(request)
    state = patient_state(session, user, patient_id)
    tag = etag("chart", state.stamp, today, name)
    modified = record_modified(state, today)
    if fresh(request, tag, modified):
        return not_modified(tag, modified)

    def draw() -> bytes:
        assessed = patient_assessment(session, actor=user, patient_id=patient_id, as_of=today)
        return case_chart(assessed.case, Scale(scale_name), fmt=suffix)

    content = cache_for(session).derived.get(("chart", state.stamp, today, name), draw)
    response = Response(content, media_type=_FORMATS[suffix])
    set_validators(response, tag, modified)
    return response


@router.get("/patients/{patient_id}/chart/{name}")
def clinician_chart(
    request: Request, patient_id: int, name: str, session: SessionDep, user: CurrentClinician
) -> Response:
    """One scale's chart for a patient, e.g. ``sunnybrook.svg`` or ``eface.png``."""
    return _chart(request, session, user, patient_id, name)


@router.get("/me/chart/{name}")
def my_chart(request: Request, name: str, session: SessionDep, user: CurrentUser) -> Response:
    """One scale's chart of the patient's own record."""
    return _chart(request, session, user, own_patient_id(session, user), name)
