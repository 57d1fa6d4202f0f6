"""Reading a user's segments file: every validation error names the row and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import InputError
from bellpath.video.segments import UserSegment
from bellpath.video.segments_file import load_segments, parse_segments


def test_csv_with_spaces_hyphens_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "\ufeffLabel, Start_s ,end_s\nRest,0,1.5\nBrow raise,2,4\ngentle-closure,4.5,6\n"
    )
    assert load_segments(path) == [
        UserSegment("rest", 0.0, 1.5),
        UserSegment("brow_raise", 2.0, 4.0),
        UserSegment("gentle_closure", 4.5, 6.0),
    ]


@pytest.mark.parametrize("wrapped", [False, True], ids=["list", "object"])
def test_json_list_or_object(tmp_path: Path, wrapped: bool) -> None:
    items = [
        {"label": "smile", "start_s": 5, "end_s": 7},
        {"label": "rest", "start_s": 0, "end_s": 1},
    ]
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"segments": items} if wrapped else items))
    assert [s.label for s in load_segments(path)] == ["rest", "smile"]  # sorted by start


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        ([{"label": "grin", "start_s": 0, "end_s": 1}], "segments.0.label", "must be one of"),
        ([{"label": "smile", "start_s": "soon", "end_s": 1}], "segments.0.start_s", "number"),
        ([{"label": "smile", "start_s": -1, "end_s": 1}], "segments.0.start_s", "zero or more"),
        ([{"label": "smile", "start_s": 2, "end_s": 2}], "segments.0.end_s", "must be after"),
        ([{"label": "smile", "start_s": 0}], "segments.0.end_s", "is missing"),
        (["smile 0 1"], "segments.0", "must be an object"),
        (
            [
                {"label": "smile", "start_s": 0, "end_s": 2},
                {"label": "pucker", "start_s": 1, "end_s": 3},
            ],
            "segments",
            "overlap",
        ),
        ([{"label": "rest", "start_s": 0, "end_s": 2}], "segments", "names no expression"),
    ],
    ids=[
        "label",
        "not-a-number",
        "negative",
        "empty-range",
        "missing",
        "not-object",
        "overlap",
        "rest-only",
    ],
)
def test_validation_errors(items: list[object], field: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_segments(items)
    assert info.value.field == field
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("s.csv", "start,end\n0,1\n", "needs a header row label,start_s,end_s"),
        ("s.json", "{not json", "is not valid JSON"),
        ("s.json", '{"segments": 3}', "must hold a list"),
    ],
    ids=["csv-header", "json-syntax", "json-shape"],
)
def test_file_errors(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_segments(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read segments file"):
        load_segments(tmp_path / "none.csv")


@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0.01, 50)), min_size=1, max_size=8))
def test_separate_ranges_round_trip(pairs: list[tuple[float, float]]) -> None:
    # Property: non-overlapping ranges come back sorted with the same bounds.
    items, t = [], 0.0
    for gap, length in pairs:
        start = t + gap
        items.append({"label": "smile", "start_s": start, "end_s": start + length})
        t = start + length
    out = parse_segments(list(reversed(items)))
    assert [(s.start_s, s.end_s) for s in out] == [(i["start_s"], i["end_s"]) for i in items]
