"""Observation components for nested case entries (gradings, photo and video measures).

Every leaf of an entry becomes one component whose code is its dotted path in bellpath's
``item`` code system and whose value keeps the JSON type: integer -> ``valueInteger``,
number -> ``valueQuantity`` (a photo or video measure's number with its UCUM unit from the
vocabulary), text -> ``valueString``, true/false -> ``valueBoolean``, null ->
``dataAbsentReason`` ``unknown``. Empty lists and objects are left out; the case's defaults
restore them. Components coded ``score.*`` carry computed scores: written for readers, ignored on
import (scores are recomputed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from pydantic import BaseModel

from bellpath.interop._codes import UCUM, project_system
from bellpath.interop._flatten import JSONLeaf, flatten
from bellpath.vocab import measure_for

__all__ = [
    "ITEM_SYSTEM",
    "SCORE_PREFIX",
    "component",
    "component_leaf",
    "entry_components",
    "measure_unit",
    "scores_by_entry",
]

ITEM_SYSTEM: Final = project_system("item")
SCORE_PREFIX: Final = "score."
_ABSENT: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


_MEASURE_PARENTS: Final = frozenset({"measures", "excursion"})
_IN_MEASURE_UNIT: Final = frozenset({"right", "left", "difference", "value"})


def measure_unit(path: str) -> tuple[str, str] | None:
    """``(display, UCUM code)`` of a photo or video measure's number at ``path``, else ``None``.

    ``measures.mrd1.right`` is in the measure's own unit (from the vocabulary), ``...percent`` in
    percent; a ratio, or a path that names no measure, has none.
    """
    parts = path.split(".")
    if len(parts) < 3 or parts[-3] not in _MEASURE_PARENTS:
        return None
    measure = measure_for(parts[-2])
    if measure is None:
        return None
    if parts[-1] == "percent":
        return "%", "%"
    if parts[-1] in _IN_MEASURE_UNIT:
        return measure.unit.symbol, measure.unit.value
    return None


def component(path: str, value: JSONLeaf) -> dict[str, Any]:
    """One Observation component for a leaf value (a measure's number with its UCUM unit)."""
    result: dict[str, Any] = {"code": {"coding": [{"system": ITEM_SYSTEM, "code": path}]}}
    if value is None:
        result["dataAbsentReason"] = {"coding": [{"system": _ABSENT, "code": "unknown"}]}
    elif isinstance(value, bool):
        result["valueBoolean"] = value
    elif isinstance(value, int):
        result["valueInteger"] = value
    elif isinstance(value, float):
        result["valueQuantity"] = {"value": value}
        unit = measure_unit(path)
        if unit is not None:
            result["valueQuantity"].update({"unit": unit[0], "system": UCUM, "code": unit[1]})
    else:
        result["valueString"] = str(value)
    return result


def entry_components(entry: Mapping[str, Any], *, skip: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Components for every non-empty leaf of ``entry`` except the top-level keys in ``skip``."""
    skipped = set(skip)
    kept = {key: value for key, value in entry.items() if key not in skipped}
    return [component(path, leaf) for path, leaf in flatten(kept) if path and leaf not in ([], {})]


def component_leaf(item: Mapping[str, Any]) -> tuple[str, JSONLeaf] | None:
    """``(path, value)`` of a component in bellpath's item system, else ``None``."""
    codings = item.get("code", {}).get("coding", [])
    path = next((c.get("code") for c in codings if c.get("system") == ITEM_SYSTEM), None)
    if not path:
        return None
    readers: dict[str, Any] = {
        "valueBoolean": bool,
        "valueInteger": int,
        "valueQuantity": lambda q: float(q["value"]),
        "valueString": str,
        "dataAbsentReason": lambda _: None,
    }
    for key, read in readers.items():
        if key in item:
            leaf: JSONLeaf = read(item[key])
            return path, leaf
    return None


def _numbers(value: Any, prefix: str = "") -> dict[str, JSONLeaf]:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if not isinstance(value, Mapping):
        return {}
    return {
        f"{prefix}{path.removeprefix('scores.')}": leaf
        for path, leaf in flatten(dict(value))
        if path not in {"date", "scale"}
        and isinstance(leaf, int | float | str)
        and not isinstance(leaf, bool)
    }


def scores_by_entry(assessment: object, count: int) -> list[dict[str, JSONLeaf]]:
    """The computed scores of each grading entry, when the assessment carries them.

    Reads ``assessment.scores`` (one item per grading entry, in order); any other shape gives no
    scores rather than a wrong pairing.
    """
    scores = getattr(assessment, "scores", None) if assessment is not None else None
    if not isinstance(scores, list) or len(scores) != count:
        return [{} for _ in range(count)]
    return [_numbers(item) for item in scores]
