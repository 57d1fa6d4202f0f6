"""The documented error shape of every 4xx answer, and the status codes every route may give."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["ERROR_RESPONSES", "ErrorBody", "ErrorItem"]


class ErrorItem(BaseModel):
    """One problem with the request: the field, why, what is allowed and what was received."""

    field: str | None = None
    message: str
    allowed: list[str] | None = None
    received: Any = None


class ErrorBody(BaseModel):
    """Every refusal: a code (``invalid_input``, ``not_found``, ...) and a message in plain words.

    Bad input (422) also names the ``field``, the ``allowed`` values and what was ``received``,
    with one ``detail`` item per problem.
    """

    error: str
    message: str
    field: str | None = None
    allowed: list[str] | None = None
    received: Any = None
    detail: list[ErrorItem] | None = Field(default=None)


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _doc("The request cannot be read (a malformed body or header)"),
    401: _doc("Not signed in: send 'Authorization: Bearer <token>'"),
    403: _doc("Signed in, but not allowed (or a password change is due first)"),
    404: _doc("No such record, or not one the caller may see"),
    409: _doc("The record changed or was deleted meanwhile (try again)"),
    413: _doc("The body is larger than the route's limit"),
    422: _doc("Bad input: the field, the allowed values and what was received"),
    429: _doc("Too many failed sign-ins: wait for Retry-After seconds"),
}
"""Added to every ``/api/v1`` route (FastAPI then leaves out its own 422 schema)."""
