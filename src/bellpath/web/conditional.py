"""Conditional requests: ETags from the record version, ``304 Not Modified`` without the work.

What a handler shows is a function of the record's state (:mod:`bellpath.records.versioning`),
the as-of date, the request's query and who asks. :func:`etag` names that combination before any
of the work is done, so :func:`not_modified` can answer a client that already holds it with an
empty ``304``: no assessment, no rendering, no serialising.

Health data may be kept by the browser only for revalidation: ``Cache-Control: private,
no-cache`` (never in a shared cache, never reused without asking; the 304 costs one round trip).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from bellpath import __version__
from bellpath.records.models import User
from bellpath.records.versioning import RecordState, visible_record_state
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = [
    "PRIVATE_REVALIDATE",
    "RecordCheck",
    "RecordChecked",
    "etag",
    "fresh",
    "not_modified",
    "patient_state",
    "patient_tag",
    "record_modified",
    "set_validators",
    "viewer_snapshot",
]

PRIVATE_REVALIDATE = "private, no-cache"
"""Kept by the browser for revalidation only; never by a shared cache."""


def etag(*parts: object) -> str:
    """A strong ETag over ``parts`` (and bellpath's version, so an upgrade changes every tag)."""
    raw = "\x1f".join(str(p) for p in (__version__, *parts))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def viewer_snapshot(user: User) -> tuple[object, ...]:
    """Every stored field of the viewer's account (a page's frame and settings depend on it)."""
    return tuple(getattr(user, c.key) for c in User.__table__.columns if c.key != "password_hash")


def fresh(request: Request, tag: str, last_modified: dt.datetime | None = None) -> bool:
    """Whether the client already holds ``tag`` (``If-None-Match``; else ``If-Modified-Since``)."""
    header = request.headers.get("if-none-match")
    if header is not None:
        sent = {t.strip().removeprefix("W/") for t in header.split(",")}
        return "*" in sent or tag in sent
    since = request.headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and last_modified.replace(microsecond=0) <= when


def set_validators(
    response: Response,
    tag: str,
    last_modified: dt.datetime | None = None,
    cache_control: str = PRIVATE_REVALIDATE,
) -> None:
    """Put ``ETag``, ``Last-Modified`` (when known) and ``Cache-Control`` on ``response``."""
    response.headers["etag"] = tag
    response.headers["cache-control"] = cache_control
    if last_modified is not None:
        response.headers["last-modified"] = format_datetime(last_modified.astimezone(dt.UTC), True)


def not_modified(
    tag: str, last_modified: dt.datetime | None = None, cache_control: str = PRIVATE_REVALIDATE
) -> Response:
    """An empty ``304`` carrying the validators."""
    response = Response(status_code=304)
    set_validators(response, tag, last_modified, cache_control)
    return response


def record_modified(state: RecordState, as_of: dt.date) -> dt.datetime | None:
    """``Last-Modified`` of a view of the record as of a date: its last change, or the start of
    that day when later (a view "as of today" changes at midnight even if the record does not).
    """
    midnight = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    return max(state.changed_at, midnight) if state.changed_at is not None else midnight


def patient_state(session: Session, user: User, patient_id: int) -> RecordState:
    """The state of a patient's record (access checked: 404 when not visible)."""
    return visible_record_state(session, actor=user, patient_id=patient_id)


def patient_tag(request: Request, session: Session, user: User, patient_id: int) -> str:
    """The ETag of a patient's resource at ``request``'s URL (access checked: 404 otherwise)."""
    state = patient_state(session, user, patient_id)
    return etag("patient", state.stamp, user.id, request.url.path, request.url.query)


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """A patient resource's ETag and whether the client already holds it."""

    tag: str
    is_fresh: bool

    def answer(self) -> Response:
        """The ``304`` for a fresh client."""
        return not_modified(self.tag)


def _record_check(
    request: Request, response: Response, patient_id: int, session: SessionDep, user: CurrentUser
) -> RecordCheck:
    tag = patient_tag(request, session, user, patient_id)
    set_validators(response, tag)
    return RecordCheck(tag=tag, is_fresh=fresh(request, tag))


RecordChecked = Annotated[RecordCheck, Depends(_record_check)]
"""For a list of a patient's entries: ``if check.is_fresh: return check.answer()``."""
