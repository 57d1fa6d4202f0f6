"""Reading case files (JSON or YAML) and writing assessments: the edge between files and the core.

Every problem becomes a :class:`bellpath.errors.InputError` whose one-line message names the field
as a dotted path (``labs.0.unit``), the allowed values and what was received.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bellpath.case import Assessment, Case
from bellpath.errors import InputError, format_allowed
from bellpath.labs.profile_file import parse_profile
from bellpath.labs.profiles import ReferenceProfile

__all__ = [
    "dump_assessment_json",
    "load_case",
    "load_profile",
    "parse_case",
    "read_mapping",
    "translate_validation_error",
]

_JSON_SUFFIXES = frozenset({".json"})
_YAML_SUFFIXES = frozenset({".yaml", ".yml"})
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


def parse_case(data: Mapping[str, Any]) -> Case:
    """Validate ``data`` into a :class:`Case`, raising :class:`InputError` on any problem."""
    if not isinstance(data, Mapping):
        raise InputError(
            "case", f"a case must be a mapping of fields (got {type(data).__name__})", received=data
        )
    try:
        return Case.model_validate(dict(data))
    except ValidationError as exc:
        raise translate_validation_error(exc) from None


def load_case(path: str | Path) -> Case:
    """Read a case from a ``.json``, ``.yaml`` or ``.yml`` file."""
    return parse_case(read_mapping(path))


class _CaseLoader(yaml.SafeLoader):
    """YAML's safe loader, leaving dates as text: the case model reads them and names the field
    of a bad one (``2026-13-01``) instead of YAML failing with a traceback."""


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_mapping(path: str | Path, *, field: str = "case_file") -> dict[str, Any]:
    """Read a JSON or YAML file (by suffix) into a mapping, without validating it further."""
    file = Path(path)
    suffix = file.suffix.casefold()
    allowed = sorted(_JSON_SUFFIXES | _YAML_SUFFIXES)
    if suffix not in _JSON_SUFFIXES | _YAML_SUFFIXES:
        raise InputError(
            field,
            f"'{field}' must end in {', '.join(allowed)} (got {str(file)!r})",
            allowed=allowed,
            received=str(file),
        )
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(field, f"'{field}' not found: {str(file)!r}", received=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(field, f"'{field}' cannot be read: {exc}", received=str(file)) from None
    try:
        data = json.loads(text) if suffix in _JSON_SUFFIXES else yaml.load(text, _CaseLoader)  # noqa: S506  (a SafeLoader)
    except RecursionError:
        raise InputError(
            field, f"'{field}' nests lists or mappings too deeply", received=str(file)
        ) from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            first += f" (line {mark.line + 1})"
        elif isinstance(exc, json.JSONDecodeError):
            first = f"{exc.msg} (line {exc.lineno})"
        kind = "JSON" if suffix in _JSON_SUFFIXES else "YAML"
        raise InputError(
            field, f"'{field}' is not valid {kind}: {first}", received=str(file)
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            field,
            f"'{field}' must hold a mapping of fields (got {type(data).__name__})",
            received=str(file),
        )
    return data


def load_profile(path: str | Path) -> ReferenceProfile:
    """Read a clinic's reference profile from a YAML or JSON file (see docs/engine.md)."""
    return parse_profile(read_mapping(path, field="profile"))


def dump_assessment_json(assessment: Assessment, *, indent: int | None = 2) -> str:
    """The assessment as JSON text (the stable public contract)."""
    return assessment.model_dump_json(indent=indent)
