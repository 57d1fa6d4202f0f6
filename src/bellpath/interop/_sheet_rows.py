"""Cases <-> spreadsheet rows: one row per observation, lossless, checked on the way back.

Columns (:data:`COLUMNS`):

``patient``     whose row it is (a record id, or the case file's name)
``record``      ``episode`` | ``lab`` | ``grading`` | ``photo`` | ``video`` | ``practice`` |
                ``score``
``entry``       position of the lab/grading/photo/video entry or live mirror session in the
                case (its rows share it); a session's rows hold ``duration_s``,
                ``affected_side`` and per movement ``exercises.N.movement``, ``...ratio``...
``date``        the entry's date
``group``       the lab's analyte, the grading's scale, the photo's expression
``item``        what the row holds: an episode field (``onset``), a scale item
                (``voluntary.snarl``), a measure (``measures.brow_height``)
``value``       the value (a single-number measure, a scale item, a lab value...)
``unit``        the lab's unit, or the measure's unit (mm, deg, mm2)
``specimen``    the lab's specimen
``right``, ``left``, ``difference``, ``percent``, ``ratio``
                a two-sided measure on one row: the person's own right and left, their absolute
                difference and the percentage of the healthy side

``score`` rows carry the scores bellpath computed from a grading; they are for reading and are
ignored on import (scores are recomputed from the items).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from pydantic import ValidationError

from bellpath.case import Case
from bellpath.caseio import translate_validation_error
from bellpath.errors import InteropError, format_allowed
from bellpath.interop._fhir_values import scores_by_entry
from bellpath.interop._flatten import JSONLeaf, flatten, unflatten
from bellpath.vocab import measure_for

__all__ = [
    "COLUMNS",
    "NULL_CELL",
    "RECORDS",
    "Row",
    "cases_from_rows",
    "guard",
    "rows_from_cases",
    "unguard",
]

Row = dict[str, Any]

SIDES: Final = ("right", "left", "difference", "percent", "ratio")
COLUMNS: Final = (
    "patient",
    "record",
    "entry",
    "date",
    "group",
    "item",
    "comparator",
    "value",
    "unit",
    "specimen",
    *SIDES,
)
_LISTS: Final = {
    "labs": "lab",
    "gradings": "grading",
    "photo_measures": "photo",
    "video_measures": "video",
    "practice_sessions": "practice",
}
RECORDS: Final = ("episode", *_LISTS.values(), "score")
_GROUP_KEY: Final = {"grading": "scale", "photo": "expression", "video": "expression"}
NULL_CELL: Final = "n/a"
"""Written for a measure that exists but has no value (e.g. percent when the side is unknown)."""
_NULL: Final = "\x00null"
_FORMULA_STARTS: Final = frozenset("=+-@'\t\r")
_NUMBER: Final = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_INTEGER: Final = re.compile(r"^[+-]?\d+$")
_CENSORED: Final = re.compile(r"^(<=|>=|<|>)\s*([+-]?(?:\d+\.?\d*|\.\d+))$")


def _unit(name: str) -> str:
    """The measure's UCUM unit from the vocabulary (``""`` for a key bellpath does not know)."""
    measure = measure_for(name)
    return "" if measure is None else measure.unit.value


def _two_sided(value: Any) -> bool:
    """A measure with sides: ``{right, left, ...}`` (or ``{value}`` for a photo measure)."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(SIDES) | {"value"}


def _walk(node: Any, path: str, photo: bool) -> Iterator[tuple[str, Any, bool]]:
    """``(path, value, is_measure)``: two-sided measures whole, other leaves one by one."""
    if isinstance(node, dict) and _two_sided(node) and (photo or set(node) & {"right", "left"}):
        yield path, node, True
    elif isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else str(key), photo)
    elif isinstance(node, list) and node:
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}.{i}" if path else str(i), photo)
    elif node is not None and node not in ([], {}):
        yield path, node, False


def _entry_rows(record: str, index: int, entry: Mapping[str, Any]) -> Iterator[Row]:
    base: Row = {"record": record, "entry": index, "date": entry.get("date")}
    group_key = _GROUP_KEY.get(record)
    if group_key is not None and entry.get(group_key) is not None:
        base["group"] = entry[group_key]
    rest = {k: v for k, v in entry.items() if k not in {"date", group_key}}
    for path, value, measure in _walk(rest, "", record == "photo"):
        if measure:
            row = {**base, "item": path, "unit": _unit(path.rsplit(".", 1)[-1])}
            row.update({k: NULL_CELL if v is None else v for k, v in value.items()})
            yield row
        elif record == "practice" and path.endswith(("_mm", "_pct")):
            yield {**base, "item": path, "value": value, "unit": "mm" if path[-1] == "m" else "%"}
        else:
            yield {**base, "item": path, "value": value}


def rows_from_cases(
    cases: Mapping[str, Case], assessments: Mapping[str, object] | None = None
) -> list[Row]:
    """Every observation of every case as one row (see the module docstring for the columns)."""
    rows: list[Row] = []
    for patient, case in cases.items():
        data = case.model_dump(mode="json")
        episode = {k: v for k, v in data.items() if k not in _LISTS}
        for path, leaf in flatten(episode):
            if leaf is not None and leaf not in ([], {}):
                rows.append({"patient": patient, "record": "episode", "item": path, "value": leaf})
        for index, lab in enumerate(data.get("labs") or []):
            rows.append(
                {
                    "patient": patient,
                    "record": "lab",
                    "entry": index,
                    "date": lab.get("date"),
                    "group": lab["analyte"],
                    "comparator": lab.get("comparator"),
                    "value": lab["value"],
                    "unit": lab["unit"],
                    "specimen": lab["specimen"],
                }
            )
        gradings = data.get("gradings") or []
        scores = scores_by_entry((assessments or {}).get(patient), len(gradings))
        for key, record in _LISTS.items():
            if key == "labs":
                continue
            for index, entry in enumerate(data.get(key) or []):
                rows.extend({"patient": patient, **r} for r in _entry_rows(record, index, entry))
                if record == "grading":
                    for name, value in scores[index].items():
                        rows.append(
                            {
                                "patient": patient,
                                "record": "score",
                                "entry": index,
                                "date": entry.get("date"),
                                "group": entry.get("scale"),
                                "item": name,
                                "value": value,
                            }
                        )
    return [{column: guard(row.get(column)) for column in COLUMNS} for row in rows]


def guard(value: Any) -> Any:
    """Keep spreadsheet programs from running text as a formula (CSV/formula injection).

    Text that starts with ``= + - @``, a tab, a carriage return or a quote gets a leading ``'``;
    :func:`unguard` removes exactly one on import, so every text value round-trips.
    """
    if isinstance(value, str) and value and value[0] in _FORMULA_STARTS:
        return "'" + value
    return value


def unguard(text: str) -> str:
    """Undo :func:`guard`."""
    return text[1:] if text.startswith("'") else text


# ----------------------------------------------------------------------------- reading back


def _date_text(value: Any) -> str | None:
    """A date cell (Excel) or ISO text as ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _cell(value: Any) -> JSONLeaf:
    """A cell as JSON: numbers from text, ``true``/``false``, dates as ISO, empty -> ``None``."""
    if isinstance(value, dt.date):
        return _date_text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    raw = str(value).strip()
    if raw.startswith("'"):
        return unguard(raw)  # text on purpose, even when it looks like a number
    text = raw
    words: dict[str, JSONLeaf] = {"": None, "true": True, "false": False}
    if text.lower() in words:
        return words[text.lower()]
    if _INTEGER.match(text):
        return int(text)
    return float(text) if _NUMBER.match(text) else text


def _text(value: Any) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unguard(str(value).strip())


class _Patient:
    def __init__(self) -> None:
        self.episode: list[tuple[str, JSONLeaf]] = []
        self.entries: dict[tuple[str, int], list[tuple[str, JSONLeaf]]] = {}
        self.origin: dict[str, int] = {}


def _fail(row: int, column: str, message: str) -> InteropError:
    return InteropError(f"row {row}, column '{column}': {message}")


def cases_from_rows(rows: Sequence[Mapping[str, Any]], *, first_row: int = 2) -> dict[str, Case]:
    """Rebuild each patient's case; raise :class:`InteropError` naming row and column.

    ``first_row`` is the spreadsheet row number of ``rows[0]`` (2 after a header line); a row that
    carries its own number under the key ``__row__`` keeps it (blank lines skipped by a reader).
    Nothing is returned unless every row and every case is valid.
    """
    patients: dict[str, _Patient] = {}
    for offset, raw in enumerate(rows):
        number = int(raw.get("__row__", first_row + offset))
        _read_row(patients, raw, number)
    if not patients:
        msg = "the spreadsheet has no data rows: export a case first"
        raise InteropError(msg)
    return {name: _build(name, patient) for name, patient in patients.items()}


def _read_row(patients: dict[str, _Patient], raw: Mapping[str, Any], number: int) -> None:
    record = _text(raw.get("record"))
    if record not in RECORDS:
        raise _fail(number, "record", f"must be one of {format_allowed(RECORDS)} (got {record!r})")
    if record == "score":
        return  # computed, not entered: recomputed from the grading items
    patient = patients.setdefault(_text(raw.get("patient")) or "patient", _Patient())
    item = _text(raw.get("item"))
    if record == "episode":
        if item is None:
            raise _fail(number, "item", "an episode row needs the field name (e.g. onset)")
        patient.episode.append((item, _cell(raw.get("value"))))
        patient.origin[item] = number
        return
    entry_text = _text(raw.get("entry"))
    if entry_text is None or not entry_text.isdigit():
        raise _fail(number, "entry", f"must be a whole number 0 or more (got {entry_text!r})")
    index = int(entry_text)
    key = {record: key for key, record in _LISTS.items()}[record]
    pairs = patient.entries.setdefault((key, index), [])
    patient.origin.setdefault(f"{key}.{index}", number)
    if record == "lab":
        _lab_pairs(pairs, raw, number, index)
    else:
        _entry_pairs(pairs, raw, number, record)
        patient.origin[f"{key}.{index}.{raw.get('item')}"] = number


def _entry_pairs(
    pairs: list[tuple[str, JSONLeaf]], raw: Mapping[str, Any], number: int, record: str
) -> None:
    group_key = _GROUP_KEY.get(record)
    if not pairs:
        date, group = _date_text(raw.get("date")), _text(raw.get("group"))
        if date is not None:
            pairs.append(("date", date))
        if group is not None and group_key is not None:
            pairs.append((group_key, group))
    item = _text(raw.get("item"))
    if item is None:
        raise _fail(number, "item", f"a {record} row needs the item it holds")
    sided = any(_text(raw.get(side)) is not None for side in SIDES)
    single = record == "photo" and item.startswith("measures.")
    if not (sided or single):
        pairs.append((item, _cell(raw.get("value"))))
        return
    for side in (*SIDES, "value"):
        text = _text(raw.get(side))
        if text is not None and text.lower() == NULL_CELL:
            pairs.append((f"{item}.{side}", _NULL))
        elif text is not None:
            pairs.append((f"{item}.{side}", _cell(raw.get(side))))


def _lab_pairs(
    pairs: list[tuple[str, JSONLeaf]], raw: Mapping[str, Any], number: int, index: int
) -> None:
    if pairs:
        raise _fail(number, "entry", f"lab entry {index} appears on two rows")
    value = _cell(raw.get("value"))
    comparator = _text(raw.get("comparator"))
    if isinstance(value, str) and (censored := _CENSORED.match(value)):
        comparator, value = censored.group(1), _cell(censored.group(2))  # "<150" in one cell
    pairs.extend(
        [
            ("date", _date_text(raw.get("date"))),
            ("analyte", _text(raw.get("group"))),
            ("value", value),
            ("unit", _text(raw.get("unit"))),
        ]
    )
    if comparator is not None:
        pairs.append(("comparator", comparator))
    specimen = _text(raw.get("specimen"))
    if specimen is not None:
        pairs.append(("specimen", specimen))


def _build(name: str, patient: _Patient) -> Case:
    try:
        data = unflatten(patient.episode)
        for (key, index), pairs in sorted(patient.entries.items()):
            kept = [(k, None if v == _NULL else v) for k, v in pairs if v is not None]
            data.setdefault(key, {})[str(index)] = unflatten(kept)
    except ValueError as exc:
        msg = f"patient {name!r}: {exc}"
        raise InteropError(msg) from None
    for key in _LISTS:
        if key in data:
            entries = data[key]
            positions = sorted(int(i) for i in entries)
            if positions != list(range(len(positions))):
                row = patient.origin.get(f"{key}.{positions[-1]}", 0)
                raise _fail(row, "entry", f"entries of {key} must be numbered 0, 1, 2... ")
            data[key] = [entries[str(i)] for i in positions]
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise _validation(name, patient, exc) from None


def _validation(name: str, patient: _Patient, exc: ValidationError) -> InteropError:
    error = translate_validation_error(exc)
    loc = error.field.split(".")
    row = None
    for end in range(len(loc), 0, -1):
        row = patient.origin.get(".".join(loc[:end]))
        if row is not None:
            break
    where = f"row {row}, column '{_column_of(loc)}'" if row is not None else f"patient {name!r}"
    return InteropError(f"{where}: {error.message}")


def _column_of(loc: list[str]) -> str:
    if not loc or loc[0] not in _LISTS:
        return "value"
    record = _LISTS[loc[0]]
    field = loc[2] if len(loc) > 2 else "entry"
    if record == "lab":
        return {"analyte": "group", "unit": "unit", "specimen": "specimen", "date": "date"}.get(
            field, "value"
        )
    if field == "date":
        return "date"
    if field == _GROUP_KEY.get(record):
        return "group"
    return loc[-1] if loc[-1] in SIDES else "value"
