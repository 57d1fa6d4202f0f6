"""``bellpath photo --add-to``: add dated photo measures to a case file without losing anything.

The whole case is validated with the new entries before anything is written; the write is atomic
(a temporary file, then a rename); a YAML case keeps its comments and layout when the entries can
simply be appended.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bellpath._fileio import replace_text
from bellpath.case import PhotoMeasuresEntry
from bellpath.caseio import parse_case, read_mapping
from bellpath.errors import InputError

__all__ = ["add_to_case"]


def _yaml_appended(original: str, had_key: bool, new: list[dict[str, Any]]) -> str | None:
    """The YAML text with ``new`` entries appended at its end, comments and layout kept.

    Returns ``None`` when plain appending would not give the intended data (for example
    ``photo_measures`` is not the last key, or the file is in flow style): then the file is
    rewritten instead.
    """
    addition = yaml.safe_dump(
        new if had_key else {"photo_measures": new}, sort_keys=False, allow_unicode=True
    )
    candidate = original.rstrip("\n") + "\n" + addition
    try:
        reparsed = yaml.safe_load(candidate)
        before = yaml.safe_load(original) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(before, dict) or not isinstance(reparsed, dict):
        return None
    expected = dict(before)
    expected["photo_measures"] = [*(before.get("photo_measures") or []), *new]
    return candidate if reparsed == expected else None


def add_to_case(case_file: Path, entries: list[PhotoMeasuresEntry]) -> int:
    """Append ``entries`` to the case file's ``photo_measures``, validating the whole case first.

    Nothing is written if the result would not be a valid case. A YAML file keeps its comments and
    layout: the entries are appended at its end when that gives the intended data, otherwise the
    file is re-serialised. Writes are atomic (a temporary file, then a rename).

    Returns
    -------
    int
        The number of entries now in ``photo_measures``.
    """
    data = read_mapping(case_file, field="--add-to")
    had_key = bool(data.get("photo_measures"))
    new = [e.model_dump(mode="json", exclude_defaults=True) for e in entries]
    existing = [*(data.get("photo_measures") or []), *new]
    data["photo_measures"] = existing
    parse_case(data)  # raises InputError naming the field; the file is untouched
    if case_file.suffix.lower() == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        original = case_file.read_text(encoding="utf-8")
        appended = _yaml_appended(original, had_key, new)
        text = appended or yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        replace_text(case_file, text)
    except OSError as exc:
        raise InputError("--add-to", f"cannot write {case_file.name}: {exc}") from None
    return len(existing)
