"""Reading case files (JSON or YAML) and writing assessments: the edge between files and the core.

Every problem becomes a :class:`bellpath.errors.InputError` whose one-line message names the field
as a dotted path (``labs.0.unit``), the allowed values and what was received.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bellpath._validation import translate_validation_error
from bellpath.case import Assessment, Case
from bellpath.errors import InputError
from bellpath.labs.profile_file import parse_profile
from bellpath.labs.profiles import ReferenceProfile

__all__ = [
    "case_data",
    "dump_assessment_json",
    "load_case",
    "load_profile",
    "load_yaml_text",
    "parse_case",
    "read_mapping",
    "translate_validation_error",
]

_JSON_SUFFIXES = frozenset({".json"})
_YAML_SUFFIXES = frozenset({".yaml", ".yml"})


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


def case_data(case: Case) -> dict[str, Any]:
    """The case as the plain data a case file holds: defaults left out, never a grading's scale.

    ``onset``, ``as_of`` and each grading's ``scale`` are always written (a scale is the default
    of its own entry type, yet it is what tells the entry types apart when the file is read back).
    """
    data: dict[str, Any] = case.model_dump(mode="json", exclude_defaults=True)
    data["onset"] = case.onset.isoformat()
    data["as_of"] = case.as_of.isoformat()
    if case.gradings:
        data["gradings"] = [
            {"date": g.date.isoformat(), "scale": g.scale.value, **rest}
            for g, rest in zip(case.gradings, data.get("gradings") or [], strict=True)
        ]
    return data


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


def load_yaml_text(text: str) -> Any:
    """YAML text as :func:`read_mapping` reads it (safe, dates left as text for the model)."""
    return yaml.load(text, _CaseLoader)  # noqa: S506  (a SafeLoader)


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
