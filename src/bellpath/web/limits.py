"""Limits applied before a request body is read: size, JSON nesting, numbers, ids.

:class:`RequestLimitsMiddleware` sits in front of every route:

* an id in the path (a run of digits) beyond :data:`MAX_ID` cannot name a record: 404 at once;
* a ``Content-Length`` above the route's limit is refused with 413 before a byte is read;
* a body without ``Content-Length`` (chunked) is counted as it streams and cut off at the limit;
* a JSON body nested deeper than ``max_json_depth``, or holding ``NaN``/``Infinity`` or a number
  too large for a float, is refused with 422 naming the field.

The limits are settings (:class:`bellpath.settings.Settings`): ``max_upload_bytes`` for photo
uploads, ``max_video_upload_bytes`` for videos, ``max_body_bytes`` for everything else.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bellpath.settings import Settings

__all__ = [
    "MAX_ID",
    "BodyTooLargeError",
    "RequestLimits",
    "RequestLimitsMiddleware",
    "json_problem",
]

MAX_ID = 2**31 - 1
"""Largest record id (PostgreSQL ``integer``); a larger number in a path names nothing."""

MULTIPART_OVERHEAD = 64 * 1024
"""Room for the multipart envelope and form fields around an uploaded file."""

_NUMBER = re.compile(r"^\s*[+-]?[\d_]+\s*$")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class BodyTooLargeError(HTTPException):
    """A streamed body passed the route's limit (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))
        self.limit = limit


@dataclass(frozen=True)
class RequestLimits:
    """The limits in bytes and levels, from the settings."""

    body_bytes: int
    photo_bytes: int
    video_bytes: int
    json_depth: int

    @classmethod
    def from_settings(cls, settings: Settings) -> RequestLimits:
        """The limits the settings name."""
        return cls(
            body_bytes=settings.max_body_bytes,
            photo_bytes=settings.max_upload_bytes + MULTIPART_OVERHEAD,
            video_bytes=settings.max_video_upload_bytes + MULTIPART_OVERHEAD,
            json_depth=settings.max_json_depth,
        )

    def for_path(self, path: str) -> int:
        """The body limit of the route at ``path`` (photo and video uploads are larger)."""
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if last == "photos":
            return self.photo_bytes
        if last == "videos":
            return self.video_bytes
        return self.body_bytes


def _error(status: int, error: str, message: str, field: str = "body") -> JSONResponse:
    body: dict[str, Any] = {
        "error": error,
        "message": message,
        "field": field,
        "allowed": None,
        "received": None,
    }
    body["detail"] = [{k: v for k, v in body.items() if k != "error"}]
    return JSONResponse(body, status_code=status, headers={"cache-control": "no-store"})


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.0f} MB"
    return f"{limit / 1024:.0f} KB"


def too_large_message(limit: int) -> str:
    """Plain words for a body over ``limit`` bytes."""
    return f"the request is larger than the limit of {_size(limit)}; send a smaller file"


def too_large_response(limit: int, path: str = "/api/") -> Response:
    """The 413 answer: the API's error shape, or a short page for the browser pages."""
    if path.startswith("/api/"):
        return _error(413, "too_large", too_large_message(limit))
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Too large</title>"
        f"<p>{too_large_message(limit)}. Go back and choose a smaller file.</p></html>"
    )
    return HTMLResponse(page, status_code=413, headers={"cache-control": "no-store"})


def _out_of_range_id(path: str) -> bool:
    for segment in path.split("/"):
        if segment and _NUMBER.match(unquote(segment)):
            try:
                value = int(unquote(segment).strip().replace("_", ""))
            except ValueError:
                continue
            if not -MAX_ID <= value <= MAX_ID:
                return True
    return False


def _depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether brackets nest deeper than ``limit`` (strings skipped; no parsing, no recursion)."""
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


class _NotFinite(float):
    """A parsed number that is NaN, infinite, or too large for a float."""


def _float(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) else _NotFinite(value)


def _constant(text: str) -> float:
    return _NotFinite(float(text))


def _find_not_finite(value: Any, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    if isinstance(value, _NotFinite):
        return path
    items: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        items = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    for key, item in items:
        found = _find_not_finite(item, (*path, key))
        if found is not None:
            return found
    return None


def json_problem(body: bytes, *, max_depth: int) -> tuple[str, str] | None:
    """``(field, message)`` when a JSON body nests too deep or holds a non-finite number.

    A body that is not JSON at all is left to the route (it answers 422 in its own words).
    """
    if _depth_exceeds(body, max_depth):
        return "body", f"the JSON body nests deeper than {max_depth} levels"
    try:
        parsed = json.loads(body, parse_float=_float, parse_constant=_constant)
    except (ValueError, RecursionError):
        return None
    where = _find_not_finite(parsed)
    if where is None:
        return None
    field = ".".join(where) or "body"
    return field, f"'{field}' must be a finite number (NaN and Infinity are not numbers)"


def _is_json(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


class RequestLimitsMiddleware:
    """Refuses oversized, over-nested or non-finite bodies, and impossible ids, before routing."""

    def __init__(self, app: ASGIApp, *, limits: Callable[[], RequestLimits]) -> None:
        self.app = app
        self._limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if _out_of_range_id(path):
            message = f"not found: ids run from 1 to {MAX_ID}"
            await _error(404, "not_found", message, "id")(scope, receive, send)
            return
        limits = self._limits()
        limit = limits.for_path(path)
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _error(400, "bad_request", "Content-Length is not a number")(
                    scope, receive, send
                )
                return
            if int(declared) > limit:
                await too_large_response(limit, path)(scope, receive, send)
                return
        method = str(scope.get("method", "GET"))
        if method in _BODY_METHODS and _is_json(headers.get("content-type", "")):
            await self._json(scope, receive, send, limit, limits.json_depth)
            return
        await self._streamed(scope, receive, send, limit)

    async def _json(
        self, scope: Scope, receive: Receive, send: Send, limit: int, depth: int
    ) -> None:
        chunks: list[bytes] = []
        total = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > limit:
                await too_large_response(limit, str(scope.get("path", "")))(scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        problem = json_problem(body, max_depth=depth)
        if problem is not None:
            field, text = problem
            await _error(422, "invalid_input", text, field)(scope, receive, send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        total = 0

        async def counted() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counted, send)
