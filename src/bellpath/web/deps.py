"""FastAPI dependencies as ``Annotated`` aliases: one session per request, the current user.

``SessionDep`` opens one transaction per request: it commits when the handler returns, before the
answer is sent, and rolls back when anything raises, so a failed request leaves no partial rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from bellpath import clock
from bellpath.errors import AccessDeniedError
from bellpath.records.db import READING, has_writes
from bellpath.records.models import Role, User
from bellpath.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    READ_METHODS,
    NotAuthenticatedError,
    Services,
    check_csrf,
    services_of,
    user_from_request,
)

__all__ = [
    "CsrfProtected",
    "CurrentAdmin",
    "CurrentClinician",
    "CurrentUser",
    "FormDep",
    "OptionalUser",
    "ServicesDep",
    "SessionDep",
    "TodayDep",
    "get_current_user",
    "get_optional_user",
    "get_session",
    "get_today",
    "read_form",
    "verify_csrf",
]


async def _services(request: Request) -> Services:
    return services_of(request)


ServicesDep = Annotated[Services, Depends(_services)]
"""The app's services. The dependencies that only read the request are ``async``: a plain
``def`` dependency costs a hand-off to the thread pool and back on every request."""


async def get_session(services: ServicesDep, request: Request) -> AsyncIterator[Session]:
    """One session and one transaction per request (commit on success, roll back on error).

    A ``GET`` gets a reading session: it stores nothing but its audit event, and on PostgreSQL
    runs without ``BEGIN``/``COMMIT`` round trips
    (:func:`bellpath.records.db.make_reading_factory`).
    Opening a session touches no database (its transaction begins at the first statement, in
    the handler's thread), so only the end runs in the thread pool: one hand-off per request
    instead of two. The end of a read that stores nothing (a repeated read, whose audit event
    is already written) runs here, on the event loop: on PostgreSQL it makes no round trip
    (no transaction is open) and on SQLite it only ends a read, which waits for no lock.
    """
    session = services.reading() if request.method in READ_METHODS else services.sessions()
    try:
        yield session
    except GeneratorExit:  # closed without being resumed: nothing may be awaited here
        session.close()
        raise
    except BaseException:
        try:
            await run_in_threadpool(_end, session, commit=False)
        finally:
            session.close()  # also when the hand-off itself was cancelled (idempotent)
        raise
    if session.info.get(READING) and not has_writes(session):
        _end(session, commit=True)  # a read that stores nothing: its end waits on nothing
    else:
        await run_in_threadpool(_end, session, commit=True)


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
"""Ends (commits) before the response is sent: a client never sees 201 for a write that a crash
could still lose, and a commit that fails answers 409 instead of a success already sent."""


def get_optional_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user, or ``None`` (pages that also serve signed-out visitors)."""
    return user_from_request(request, session)


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


class PasswordChangeRequiredError(AccessDeniedError):
    """An admin reset the password: change it before anything else (403)."""

    code = "password_change_required"

    def __init__(self) -> None:
        super().__init__(
            "an administrator reset your password: choose a new one first "
            "(PATCH /api/v1/users/{your id} with 'password' and 'current_password', or the "
            "account page)"
        )


_WHILE_RESET = re.compile(r"^/(api/v1/auth/(me|sign-out)|api/v1/users/\d+|account(/.*)?|signout)$")
"""What a user whose password was reset may still reach."""


def get_current_user(request: Request, user: User | None) -> User:
    """The signed-in user; :class:`NotAuthenticatedError` (401) otherwise."""
    if user is None:
        raise NotAuthenticatedError
    if user.must_change_password and not _WHILE_RESET.match(request.url.path):
        raise PasswordChangeRequiredError
    return user


async def _current_user(request: Request, user: OptionalUser) -> User:
    return get_current_user(request, user)


CurrentUser = Annotated[User, Depends(_current_user)]


async def get_current_clinician(user: CurrentUser) -> User:
    """The signed-in clinician; 403 for other roles."""
    if user.role is not Role.CLINICIAN:
        raise AccessDeniedError("this needs a clinician account")
    return user


CurrentClinician = Annotated[User, Depends(get_current_clinician)]


async def get_current_admin(user: CurrentUser) -> User:
    """The signed-in admin; 403 for other roles."""
    if user.role is not Role.ADMIN:
        raise AccessDeniedError("this needs an admin account")
    return user


CurrentAdmin = Annotated[User, Depends(get_current_admin)]


async def verify_csrf(request: Request) -> None:
    """Check the form's ``csrf_token`` field (or the ``X-CSRF-Token`` header) on POSTs."""
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    check_csrf(request, token)


CsrfProtected = Annotated[None, Depends(verify_csrf)]


async def read_form(request: Request) -> AsyncIterator[FormData]:
    """The request's form, parsed on the event loop (Starlette keeps it on the request, so the
    CSRF check reads the same one); its uploads' temporary files are closed when the handler
    returns."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(read_form, scope="function")]
"""The parsed form, for plain ``def`` form handlers: their database and CPU work then runs in the
thread pool, never on the event loop."""


def get_today(request: Request) -> dt.date:
    """Today from the application's one clock (``app.state.today``: the settings' clock, which
    tests and ``BELLPATH_TODAY`` freeze); the system date when none is set."""
    source: clock.Clock | None = getattr(request.app.state, "today", None)
    return source() if source is not None else clock.today()


async def _today(request: Request) -> dt.date:
    return get_today(request)


TodayDep = Annotated[dt.date, Depends(_today)]
"""Today, from the same clock for every route and page."""
