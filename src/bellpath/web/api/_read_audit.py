"""Every ``GET`` of a patient's record through the API leaves a ``view`` event in its audit trail.

A dependency of the whole API router: for a signed-in caller reading ``/patients/{id}/...`` it adds
the event to the request's transaction, named by what was read (``record``, ``labs``,
``report.pdf``, ...). Reading the audit trail or the care team (no health data) is not recorded,
so the trail does not fill with its own readings. A read that fails (the record is not the
caller's, a bad query) records nothing and rolls the transaction back, so only reads that were
answered are recorded.

A reader's repeated reads of the same part within a minute are one event
(:data:`bellpath.records.audit.VIEW_REPEAT_WINDOW_S`).

The event is added when the route has answered, just before the transaction commits: a read holds
no write lock while it works (on SQLite, concurrent readers of one record otherwise queued for
the one write lock while each waited for the others' shared computation, and failed with
"database is locked" after the busy timeout).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request

from bellpath.records.audit import record_view
from bellpath.web.deps import OptionalUser, SessionDep
from bellpath.web.security import patient_in_path

__all__ = ["audit_api_read"]

_NOT_RECORDED = frozenset({"audit", "care-team"})


async def audit_api_read(
    request: Request, session: SessionDep, user: OptionalUser
) -> AsyncIterator[None]:
    """Record a ``view`` event for a GET of one patient's record once it was answered (see the
    module docstring); a route that raises records nothing. ``async``: it only adds the event
    to the session (written by the request's commit), so it needs no thread hand-off."""
    yield  # the route runs here; an error it raises propagates from this line
    if request.method != "GET" or user is None:
        return
    patient_id = patient_in_path(request)
    if patient_id is None:
        return
    raw = request.path_params["patient_id"]
    tail = request.url.path.split(f"/patients/{raw}", 1)[-1].strip("/")
    what = tail.split("/", 1)[0] or "record"
    if what in _NOT_RECORDED:
        return
    record_view(session, actor=user, patient_id=patient_id, what=what)
