"""Dated grading entries: the JSON contract, scoring, ordering and error mapping."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bellpath.errors import GradingError
from bellpath.grading.eface import EfaceItem
from bellpath.grading.entries import (
    EfaceEntry,
    Scale,
    SunnybrookEntry,
    parse_entry,
    score_entries,
    score_entry,
)
from bellpath.grading.house_brackmann import HouseBrackmann

KEYS = ["brow_lift", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker"]


def test_house_brackmann_entry_roman_and_regions() -> None:
    e = parse_entry({"date": "2026-02-01", "scale": "house_brackmann", "grade": "IV"})
    assert score_entry(e).scores.model_dump() == {"grade": HouseBrackmann.IV, "derived": False}
    regions = {
        "gross": "barely_perceptible",
        "rest": "asymmetry",
        "forehead": "none",
        "eye": "incomplete",
        "mouth": "slight_movement",
    }
    d = parse_entry({"date": "2026-02-01", "scale": "house_brackmann", "regions": regions})
    scored = score_entry(d)
    assert scored.scores.model_dump() == {"grade": HouseBrackmann.V, "derived": True}
    assert scored.primary == 5.0


def test_sunnybrook_entry_full_and_composite_json_contract() -> None:
    full = parse_entry(
        {
            "date": "2026-02-01",
            "scale": "sunnybrook",
            "resting": {"eye": "wide", "cheek": "absent", "mouth": "dropped"},
            "voluntary": dict.fromkeys(KEYS, 2),
            "synkinesis": dict.fromkeys(KEYS, 0),
        }
    )
    out = json.loads(score_entry(full).model_dump_json())
    assert out["scale"] == "sunnybrook"
    assert out["scores"] == {"resting": 20, "voluntary": 40, "synkinesis": 0, "composite": 20}
    only = parse_entry({"date": "2026-02-01", "scale": "sunnybrook", "composite": 64})
    assert score_entry(only).primary == 64.0


def test_eface_saq_face_entries() -> None:
    items = dict.fromkeys([i.value for i in EfaceItem], 100.0)
    full = EfaceEntry(date=dt.date(2026, 2, 1), items=items)
    assert score_entry(full).primary == 100.0
    e = parse_entry({"date": "2026-02-01", "scale": "eface", "total": 71.5})
    assert score_entry(e).primary == 71.5
    s = parse_entry({"date": "2026-02-01", "scale": "saq", "items": [1] * 9})
    assert json.loads(score_entry(s).model_dump_json())["scores"] == {"total": 20.0}
    f = parse_entry({"date": "2026-02-01", "scale": "face", "items": [5] * 15})
    dumped = json.loads(score_entry(f).model_dump_json())["scores"]
    assert dumped["total"] == 100.0
    assert set(dumped["domains"]) == {
        "facial_movement",
        "facial_comfort",
        "oral_function",
        "eye_comfort",
        "lacrimal_control",
        "social_function",
    }


def test_score_entries_sorted_by_date() -> None:
    entries = [
        SunnybrookEntry(date=dt.date(2026, 3, 1), composite=50),
        SunnybrookEntry(date=dt.date(2026, 1, 1), composite=10),
    ]
    assert [s.primary for s in score_entries(entries)] == [10.0, 50.0]


def test_scale_directions() -> None:
    assert Scale.SUNNYBROOK.higher_is_better
    assert not Scale.HOUSE_BRACKMANN.higher_is_better
    assert not Scale.SAQ.higher_is_better
    assert "Ross" in Scale.SUNNYBROOK.source


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"date": "2026-01-01", "scale": "hb", "grade": 3}, "grading.scale", "house_brackmann"),
        ({"date": "2026-01-01", "scale": "house_brackmann"}, "house_brackmann.grade", "missing"),
        ({"date": "2026-01-01", "scale": "house_brackmann", "grade": 9}, "house_brackmann.grade",
         "(got 9)"),
        ({"date": "2026-01-01", "scale": "sunnybrook"}, "sunnybrook.composite", "missing"),
        ({"date": "2026-01-01", "scale": "sunnybrook", "resting": {}}, "sunnybrook.voluntary",
         "missing"),
        ({"date": "2026-01-01", "scale": "eface"}, "eface.items", "missing"),
        ({"date": "2026-01-01", "scale": "saq", "items": [9] * 9}, "saq.items.0", "(got 9)"),
        ({"date": "2026-01-01", "scale": "face", "items": [1] * 14}, "face.items", "exactly 15"),
        ({"date": "soon", "scale": "saq", "items": [1] * 9}, "saq.date", "valid date"),
        ({"date": "2026-01-01", "scale": "saq", "items": [1] * 9, "x": 1}, "saq.x",
         "Extra inputs"),
    ],
    ids=["unknown-scale", "hb-missing", "hb-range", "sb-missing", "sb-partial", "eface-missing",
         "saq-range", "face-count", "bad-date", "extra-key"],
)  # fmt: skip
def test_entry_errors(data: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(GradingError) as info:
        parse_entry(data)
    assert info.value.field == field
    assert fragment in info.value.message


def test_scores_are_shared_only_by_entries_that_are_equal_to_the_bit() -> None:
    # Scores are cached on an entry's exact JSON (issue 16): -0.0 equals 0.0 but is another entry.
    first = score_entry(parse_entry({"date": "2026-01-05", "scale": "eface", "total": 0.0}))
    again = score_entry(parse_entry({"date": "2026-01-05", "scale": "eface", "total": 0.0}))
    signed = score_entry(parse_entry({"date": "2026-01-05", "scale": "eface", "total": -0.0}))
    other = score_entry(parse_entry({"date": "2026-01-06", "scale": "eface", "total": 0.0}))
    assert again is first
    assert '"total":-0.0' in signed.model_dump_json()
    assert '"total":0.0' in first.model_dump_json()
    assert other.date == dt.date(2026, 1, 6)
