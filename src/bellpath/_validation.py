"""One clear :class:`~bellpath.errors.InputError` from a pydantic ``ValidationError``.

The message names the field as a dotted path (``labs.0.unit``), the allowed values and what was
received. Used by every reader of user data (case files, lab profile files, FHIR, spreadsheets).
May import: the Case contract, the vocabulary and :mod:`bellpath.errors`.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bellpath.case import Case
from bellpath.errors import InputError, format_allowed

__all__ = ["translate_validation_error"]

_QUOTED_FIELD = re.compile(r"^'([\w.]+)'")


def _walk_annotation(model: type[BaseModel], loc: tuple[int | str, ...]) -> Any:
    """The annotation of the field at ``loc`` (``None`` if it cannot be followed)."""
    current: Any = model
    for part in loc:
        if get_origin(current) is dict:
            current = _unwrap(get_args(current)[1])
            continue
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            current = _unwrap(current)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` and ``Annotated`` to the inner type."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    origin = get_origin(annotation)
    if origin in (list, dict):
        return annotation
    if len(args) == 1 and origin is not None:
        return _unwrap(args[0])
    return annotation


def _allowed(model: type[BaseModel], loc: tuple[int | str, ...], kind: str) -> list[str] | None:
    if kind == "extra_forbidden":
        parent = _walk_annotation(model, loc[:-1]) if len(loc) > 1 else model
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            return list(parent.model_fields)
        return None
    target = _walk_annotation(model, loc)
    if kind == "dict_key":
        args = get_args(target) if get_origin(target) is dict else ()
        target = args[0] if args else None
    if isinstance(target, type) and issubclass(target, Enum):
        return [str(m.value) for m in target]
    return None


_KIND_TEXT = {
    "missing": "is required",
    "date_from_datetime_parsing": "must be a date YYYY-MM-DD",
    "date_parsing": "must be a date YYYY-MM-DD",
    "date_type": "must be a date YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date YYYY-MM-DD",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "string_type": "must be text",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "extra_forbidden": "is not a known field",
    "finite_number": "must be a finite number",
}


def _shown(value: object, limit: int = 60) -> str:
    """``repr`` of a received value, cut short so the error stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


# One exit per kind of problem keeps each message next to its condition.
def _from_error(err: ErrorDetails, model: type[BaseModel]) -> InputError:  # noqa: PLR0911
    raw = tuple(err["loc"])
    is_key = bool(raw) and raw[-1] == "[key]"
    loc = tuple(p for p in raw if p != "[key]")
    field = ".".join(str(p) for p in loc) or "case"
    kind = err["type"]
    received = err.get("input")
    ctx = err.get("ctx") or {}
    original = ctx.get("error")
    if isinstance(original, InputError):
        # Raised by our own validators (e.g. a lab unit): keep its class, prefix the path.
        inner = original.field
        full = f"{field}.{inner}" if loc else inner
        message = original.message.replace(f"'{inner}'", f"'{full}'", 1)
        return type(original)(full, message, allowed=original.allowed, received=original.received)
    if kind == "value_error" and not loc:
        text = str(original) if original is not None else err["msg"]
        match = _QUOTED_FIELD.match(text)
        return InputError(match.group(1) if match else "case", text, received=None)
    allowed = _allowed(model, loc[:-1], "dict_key") if is_key else _allowed(model, loc, kind)
    if kind == "extra_forbidden":
        message = f"'{field}' is not a known field"
        if allowed:
            message += f"; allowed fields: {', '.join(allowed)}"
        return InputError(field, message, allowed=allowed, received=received)
    if kind == "missing":
        return InputError(field, f"'{field}' is required", received=None)
    if allowed is not None:
        message = f"'{field}' must be one of {format_allowed(allowed)} (got {_shown(received)})"
        return InputError(field, message, allowed=allowed, received=received)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {
            "greater_than_equal": f"at least {_num(ctx.get('ge'))}",
            "less_than_equal": f"at most {_num(ctx.get('le'))}",
            "greater_than": f"greater than {_num(ctx.get('gt'))}",
            "less_than": f"less than {_num(ctx.get('lt'))}",
        }[kind]
        return InputError(
            field,
            f"'{field}' must be {bound} (got {_shown(received)})",
            allowed=[bound],
            received=received,
        )
    wording = _KIND_TEXT.get(kind)
    if wording is None:
        detail = str(original) if original is not None else err["msg"]
        return InputError(
            field, f"'{field}' is invalid: {detail} (got {_shown(received)})", received=received
        )
    return InputError(field, f"'{field}' {wording} (got {_shown(received)})", received=received)


def translate_validation_error(exc: ValidationError, model: type[BaseModel] = Case) -> InputError:
    """The first problem of a pydantic ``ValidationError`` as one clear :class:`InputError`."""
    errors = exc.errors()
    error = _from_error(errors[0], model)
    if len(errors) > 1:
        error.message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        error.args = (error.message,)
    return error
