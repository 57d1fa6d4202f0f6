"""Turn pydantic validation errors into the project's :class:`~bellpath.errors.InputError`.

The API, the pages and the repository all report bad input the same way as the engine: the dotted
field, the allowed values when the field is coded, and what was received.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from bellpath.errors import InputError

__all__ = ["error_detail", "input_error", "validation_details"]

_QUOTED = re.compile(r"'([^']*)'")


def _field(loc: Iterable[Any], prefix: str = "") -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    # pydantic puts the failing validator's name (e.g. 'function-after[...]') in loc; drop it
    parts = [p for p in parts if "[" not in p]
    joined = ".".join(parts)
    if prefix:
        return f"{prefix}.{joined}" if joined else prefix
    return joined or "body"


def _allowed(error: Mapping[str, Any]) -> list[str] | None:
    ctx = error.get("ctx") or {}
    expected = ctx.get("expected")
    if error.get("type") in {"enum", "literal_error"} and isinstance(expected, str):
        return _QUOTED.findall(expected) or [expected]
    return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [_jsonable(v) for v in value]
    return str(value)


def _message(error: Mapping[str, Any], field: str) -> str:
    message = str(error.get("msg", "is invalid"))
    message = message.removeprefix("Value error, ")
    if message.startswith("'"):
        return message
    return f"'{field}': {message}"


def error_detail(error: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One pydantic error as ``{field, message, allowed, received}`` (JSON-safe).

    A bellpath :class:`InputError` raised inside a validator (a lab unit, a grading item) keeps
    its own field (under the location it was found at), allowed values and received value.
    """
    field = _field(error.get("loc", ()), prefix)
    inner = (error.get("ctx") or {}).get("error")
    if isinstance(inner, InputError):
        last = field.rsplit(".", 1)[-1]
        nested = inner.field if last == inner.field else f"{field}.{inner.field}"
        return {
            "field": nested if field != "body" else inner.field,
            "message": inner.message,
            "allowed": [str(a) for a in inner.allowed] if inner.allowed is not None else None,
            "received": _jsonable(inner.received),
        }
    return {
        "field": field,
        "message": _message(error, field),
        "allowed": _allowed(error),
        "received": _jsonable(error.get("input")),
    }


def validation_details(exc: ValidationError, prefix: str = "") -> list[dict[str, Any]]:
    """Every error of ``exc`` as :func:`error_detail` dictionaries."""
    return [error_detail(e, prefix) for e in exc.errors()]


def input_error(exc: ValidationError, prefix: str = "") -> InputError:
    """The first error of ``exc`` as an :class:`InputError`."""
    detail = error_detail(exc.errors()[0], prefix)
    return InputError(
        detail["field"],
        detail["message"],
        allowed=detail["allowed"],
        received=detail["received"],
    )
