"""Add dated entries to a case file without losing anything (``photo --add-to``,
``video --record``).

One way for both: the whole case is validated with the new entries before anything is written;
the write is atomic (a temporary file, then a rename); a YAML case keeps its comments and layout
when the change is only entries appended at its end, and is re-serialised otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from bellpath._fileio import replace_text
from bellpath.case import Complication
from bellpath.caseio import load_yaml_text, parse_case, read_mapping
from bellpath.errors import InputError

__all__ = ["add_to_case", "write_case_change"]


def _yaml_appended(
    original: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> str | None:
    """The YAML text with the new entries of its last key appended, comments and layout kept.

    Returns ``None`` when plain appending would not give ``after`` (another key changed, the
    list is not the file's last key, or the file is in flow style): then the file is rewritten.
    """
    changed = [key for key in after if after.get(key) != before.get(key)]
    if len(changed) != 1:
        return None
    key = changed[0]
    old = list(before.get(key) or [])
    new = list(after[key])
    if new[: len(old)] != old:
        return None
    addition = yaml.safe_dump(
        new[len(old) :] if old else {key: new}, sort_keys=False, allow_unicode=True
    )
    candidate = original.rstrip("\n") + "\n" + addition
    try:
        reparsed = load_yaml_text(candidate)
        parsed_before = load_yaml_text(original) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(parsed_before, dict) or not isinstance(reparsed, dict):
        return None
    return candidate if reparsed == dict(after) else None


def write_case_change(
    case_file: Path, before: Mapping[str, Any], after: Mapping[str, Any], *, field: str
) -> None:
    """Write ``after`` (the case file's mapping ``before``, with entries added) to ``case_file``.

    Raises :class:`InputError` naming the field when the result is not a valid case (the file is
    untouched) or the file cannot be written.
    """
    parse_case(after)
    if case_file.suffix.lower() == ".json":
        text = json.dumps(after, indent=2, ensure_ascii=False) + "\n"
    else:
        original = case_file.read_text(encoding="utf-8")
        appended = _yaml_appended(original, before, after)
        text = appended or yaml.safe_dump(dict(after), sort_keys=False, allow_unicode=True)
    try:
        replace_text(case_file, text)
    except OSError as exc:
        raise InputError(field, f"cannot write {case_file.name}: {exc.strerror or exc}") from None


def add_to_case(
    case_file: Path,
    key: str,
    entries: Sequence[BaseModel],
    *,
    field: str,
    complications: Iterable[Complication] = (),
) -> tuple[int, list[Complication]]:
    """Append ``entries`` to the case file's list ``key`` (and ``complications`` it lacks).

    Returns
    -------
    (total, added) : tuple of int and list of Complication
        How many entries ``key`` now holds, and the complications newly added.
    """
    before = read_mapping(case_file, field=field)
    after = dict(before)
    new = [e.model_dump(mode="json", exclude_defaults=True) for e in entries]
    after[key] = [*(before.get(key) or []), *new]
    known = list(before.get("complications") or [])
    added = [c for c in dict.fromkeys(complications) if c.value not in known]
    if added:
        after["complications"] = [*known, *(c.value for c in added)]
    write_case_change(case_file, before, after, field=field)
    return len(after[key]), added
