"""Exception handlers: bellpath errors and request validation errors become clear JSON answers.

=========================  ======  ===========================================================
error                      status  body
=========================  ======  ===========================================================
InputError (and subclasses)  422   ``{error, message, field, allowed, received, detail: [...]}``
request validation            422  same shape, one ``detail`` item per problem
PhotoError / VideoError       422  ``{error: <code>, message, field: "photo"}``
NotAuthenticatedError         401  ``WWW-Authenticate: Bearer``
LoginThrottledError           429  ``Retry-After``
AccessDeniedError             403
NotFoundError                 404
DuplicateRecordError          409  ``{error: duplicate, message, field, existing_id}``
RecordError                   409
InteropError                  422
BellpathError                 400
IntegrityError, StaleDataError 409  a change raced another (e.g. a delete): try again
BodyTooLargeError             413  (and web.limits refuses by Content-Length before reading)
=========================  ======  ===========================================================

Pages may render their own friendly page instead: set ``app.state.page_error_renderer`` to a
callable ``(request, status, body) -> Response``; it is used for every path outside ``/api/``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from bellpath.auth.throttle import LoginThrottledError
from bellpath.errors import (
    AccessDeniedError,
    BellpathError,
    DuplicateRecordError,
    InputError,
    InteropError,
    NotFoundError,
    PhotoError,
    RecordError,
    VideoError,
)
from bellpath.records.validation import error_detail
from bellpath.web.limits import BodyTooLargeError, too_large_response
from bellpath.web.security import NotAuthenticatedError

__all__ = ["PageErrorRenderer", "error_body", "install_error_handlers", "status_for"]

PageErrorRenderer = Callable[[Request, int, dict[str, Any]], Response]


def status_for(exc: BellpathError) -> int:
    """The HTTP status of a bellpath error."""
    table: list[tuple[type[BellpathError], int]] = [
        (NotAuthenticatedError, 401),
        (LoginThrottledError, 429),
        (AccessDeniedError, 403),
        (NotFoundError, 404),
        (RecordError, 409),
        (InputError, 422),
        (PhotoError, 422),
        (VideoError, 422),
        (InteropError, 422),
    ]
    for kind, status in table:
        if isinstance(exc, kind):
            return status
    return 400


def error_body(exc: BellpathError) -> dict[str, Any]:
    """The JSON body of a bellpath error (never a stack trace, never stored data)."""
    body: dict[str, Any] = {"error": exc.code, "message": exc.message}
    if isinstance(exc, InputError):
        item = {
            "field": exc.field,
            "message": exc.message,
            "allowed": [str(a) for a in exc.allowed] if exc.allowed is not None else None,
            "received": _plain(exc.received),
        }
        body.update({k: v for k, v in item.items() if k != "message"})
        body["detail"] = [item]
    elif isinstance(exc, DuplicateRecordError):
        body.update(field=exc.field, existing_id=exc.existing_id)
    elif isinstance(exc, PhotoError | VideoError):
        body["field"] = "photo" if isinstance(exc, PhotoError) else "video"
    report = getattr(exc, "report_json", None)  # a refused import's review
    if isinstance(report, dict):
        body["report"] = report
    return body


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _respond(
    request: Request, status: int, body: dict[str, Any], headers: dict[str, str]
) -> Response:
    renderer: PageErrorRenderer | None = getattr(request.app.state, "page_error_renderer", None)
    if renderer is not None and not request.url.path.startswith("/api/"):
        return renderer(request, status, body)
    return JSONResponse(body, status_code=status, headers=headers)


async def _bellpath_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BellpathError)
    status = status_for(exc)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, LoginThrottledError):
        headers["Retry-After"] = str(exc.retry_after_s)
    return _respond(request, status, error_body(exc), headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [error_detail(e) for e in exc.errors()]
    first = details[0] if details else {"field": "body", "message": "invalid request"}
    body: dict[str, Any] = {
        "error": InputError.code,
        "message": first["message"],
        "field": first["field"],
        "allowed": first.get("allowed"),
        "received": first.get("received"),
        "detail": details,
    }
    return _respond(request, 422, body, {})


async def _too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BodyTooLargeError)
    return too_large_response(exc.limit, request.url.path)


async def _conflict(request: Request, exc: Exception) -> Response:
    """Two requests changed the same record at once (a change racing a delete): 409."""
    body = {
        "error": "conflict",
        "message": "the record was changed or deleted by another request; reload and try again",
    }
    return _respond(request, 409, body, {})


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(BodyTooLargeError, _too_large)
    app.add_exception_handler(IntegrityError, _conflict)
    app.add_exception_handler(StaleDataError, _conflict)
    app.add_exception_handler(BellpathError, _bellpath_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
