"""Live mirror sessions on the pages: the mirror saves a session; the weekly practice chart.

``POST /me/practice/sessions`` takes the session as JSON (the contract of
:mod:`bellpath.records.practice_sessions`) with the page's CSRF token in the ``X-CSRF-Token``
header, checked with the same signer as every form, and answers JSON: 201 with the stored session,
or the error as the API answers it (422 naming the field, 401, 403), never a page, because the
mirror is a script.

The chart (``/me/practice/progress.svg`` for the person, ``/patients/{id}/practice/progress.svg``
for the clinician) is drawn once per record version and day and revalidated with its ETag
(304), like the recovery charts.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from bellpath.errors import BellpathError, InputError, NotFoundError
from bellpath.records.assessments import cache_for
from bellpath.records.models import PracticeSession, User
from bellpath.records.practice_sessions import add_practice_session
from bellpath.reports.practice_chart import practice_chart
from bellpath.web.conditional import (
    etag,
    fresh,
    not_modified,
    patient_state,
    record_modified,
    set_validators,
)
from bellpath.web.deps import (
    CurrentClinician,
    CurrentUser,
    OptionalUser,
    SessionDep,
    get_current_user,
)
from bellpath.web.errors import error_body, status_for
from bellpath.web.pages._common import today_of, writing
from bellpath.web.pages._practice_progress import progress_weeks
from bellpath.web.pages._reader import own_patient_id
from bellpath.web.security import CSRF_HEADER, check_csrf

__all__ = ["router", "session_json"]

router = APIRouter(include_in_schema=False)

_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def session_json(row: PracticeSession) -> dict[str, Any]:
    """A stored session as the mirror reads it back (the API's ``PracticeSessionPublic``)."""
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "duration_s": row.duration_s,
        "affected_side": row.affected_side.value,
        "exercises": row.exercises,
        "created_at": row.created_at.isoformat(),
    }


async def _raw_body(request: Request) -> bytes:
    """The request body, read on the event loop so the handler itself can be a plain ``def``."""
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


def _body(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InputError(
            "body", "the session must be sent as JSON (Content-Type: application/json)"
        ) from None


@router.post("/me/practice/sessions")
def save_my_session(
    request: Request, session: SessionDep, signed_in: OptionalUser, raw: RawBody
) -> Response:
    """Store the session the live mirror sends; JSON in, JSON out (in the thread pool)."""
    try:
        user = get_current_user(request, signed_in)
        check_csrf(request, request.headers.get(CSRF_HEADER))
        patient_id = own_patient_id(session, user)
        data = _body(raw)
        with writing(request, user) as (write, actor):  # all of it stored, or none of it
            row = add_practice_session(
                write, actor=actor, patient_id=patient_id, data=data, today=today_of(request)
            )
            stored = session_json(row)
    except BellpathError as exc:
        return JSONResponse(error_body(exc), status_code=status_for(exc))
    return JSONResponse(stored, status_code=201)


def _chart(
    request: Request,
    session: SessionDep,
    user: User,
    patient_id: int,
    name: str,
    *,
    clinician: bool,
) -> Response:
    stem, _, suffix = name.rpartition(".")
    if stem != "progress" or suffix not in _FORMATS:
        raise NotFoundError(f"no chart called {name!r}")
    today: dt.date = today_of(request)
    state = patient_state(session, user, patient_id)
    tag = etag("practice-chart", state.stamp, today, name, clinician)
    modified = record_modified(state, today)
    if fresh(request, tag, modified):
        return not_modified(tag, modified)

    def draw() -> bytes:
        weeks, _ = progress_weeks(
            session, actor=user, patient_id=patient_id, today=today, clinician=clinician
        )
        return practice_chart(weeks, fmt=suffix)

    key = ("practice-chart", state.stamp, today, name, clinician)
    content = cache_for(session).derived.get(key, draw)
    response = Response(content, media_type=_FORMATS[suffix])
    set_validators(response, tag, modified)
    return response


@router.get("/me/practice/{name}")
def my_practice_chart(
    request: Request, name: str, session: SessionDep, user: CurrentUser
) -> Response:
    """The person's weekly practice chart (``progress.svg`` or ``progress.png``)."""
    return _chart(request, session, user, own_patient_id(session, user), name, clinician=False)


@router.get("/patients/{patient_id}/practice/{name}")
def clinician_practice_chart(
    request: Request, patient_id: int, name: str, session: SessionDep, user: CurrentClinician
) -> Response:
    """A patient's weekly practice chart over the whole course of practice."""
    return _chart(request, session, user, patient_id, name, clinician=True)
