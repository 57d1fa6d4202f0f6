"""Reading case files: every bad input becomes one InputError naming field, allowed, received."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.assess import assess
from bellpath.case import Analyte, Assessment, Case, Phase
from bellpath.caseio import dump_assessment_json, load_case, load_profile, parse_case
from bellpath.errors import InputError, LabUnitError
from bellpath.examples import EXAMPLES, example_path
from bellpath.labs import NICE_NG239

BASE: dict[str, Any] = {"onset": "2026-01-05", "as_of": "2026-02-20"}


def with_(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def test_parse_a_minimal_case() -> None:
    case = parse_case(BASE)
    assert case.onset == dt.date(2026, 1, 5)
    assert case.days_since_onset == 46


@pytest.mark.parametrize(
    ("data", "field", "fragments"),
    [
        pytest.param({"as_of": "2026-01-01"}, "onset", ["required"], id="missing-onset"),
        pytest.param(with_(onset="5 Jan"), "onset", ["YYYY-MM-DD", "'5 Jan'"], id="bad-date"),
        pytest.param(
            with_(severity="mild"), "severity", ["complete, incomplete", "'mild'"], id="bad-enum"
        ),
        pytest.param(
            with_(labs=[{"analyte": "vitd", "value": 1, "unit": "ng/mL"}]),
            "labs.0.analyte",
            ["b12, holotc", "'vitd'"],
            id="unknown-analyte",
        ),
        pytest.param(
            with_(labs=[{"analyte": "b12", "value": 1, "unit": "furlongs"}]),
            "labs.0.unit",
            ["pg/mL, ng/L, pmol/L", "'furlongs'"],
            id="unknown-unit",
        ),
        pytest.param(
            with_(labs=[{"analyte": "b12", "value": 200, "unit": "umol/L"}]),
            "labs.0.unit",
            ["pg/mL, ng/L, pmol/L", "'umol/L'"],
            id="unit-of-another-analyte",
        ),
        pytest.param(
            with_(labs=[{"analyte": "b12", "value": -3, "unit": "pg/mL"}]),
            "labs.0.value",
            ["at least 0", "-3"],
            id="negative-value",
        ),
        pytest.param(
            with_(labs=[{"analyte": "b12", "value": 1_000_000, "unit": "pg/mL"}]),
            "labs.0.value",
            ["between 0 and 50,000 pg/mL", "1,000,000"],
            id="absurd-value",
        ),
        pytest.param(
            with_(labs=[{"analyte": "b12", "value": "lots", "unit": "pg/mL"}]),
            "labs.0.value",
            ["number", "'lots'"],
            id="value-not-a-number",
        ),
        pytest.param(
            with_(labs=[{"analyte": "b12", "value": 300, "unit": "pg/mL", "specimen": "saliva"}]),
            "labs.0.specimen",
            ["serum, plasma, whole_blood, hair", "'saliva'"],
            id="bad-specimen",
        ),
        pytest.param(
            with_(first_movement="2025-12-01"),
            "first_movement",
            ["must not be before 'onset'"],
            id="movement-before-onset",
        ),
        pytest.param(
            with_(onset="2026-03-01"),
            "onset",
            ["must not be after 'as_of'"],
            id="onset-after-as-of",
        ),
        pytest.param(with_(mood="sad"), "mood", ["not a known field", "onset"], id="unknown-key"),
        pytest.param(
            with_(complications=["tics"]),
            "complications.0",
            ["synkinesis", "'tics'"],
            id="bad-complication",
        ),
        pytest.param(with_(age=130), "age", ["at most 120"], id="age-too-high"),
        pytest.param(
            with_(supplements=[{"vitamin": "b6"}]),
            "supplements.0.daily_mg",
            ["required"],
            id="dose",
        ),
    ],
)
def test_bad_input_names_field_allowed_and_received(
    data: dict[str, Any], field: str, fragments: list[str]
) -> None:
    with pytest.raises(InputError) as info:
        parse_case(data)
    assert info.value.field == field
    assert f"'{field}'" in info.value.message
    for fragment in fragments:
        assert fragment in info.value.message
    assert "\n" not in info.value.message


def test_long_received_values_are_cut_short() -> None:
    with pytest.raises(InputError) as info:
        parse_case(with_(severity="x" * 500))
    assert len(info.value.message) < 150
    assert info.value.received == "x" * 500


def test_unit_errors_keep_their_class_and_allowed_list() -> None:
    with pytest.raises(LabUnitError) as info:
        parse_case(with_(labs=[{"analyte": "b6", "value": 20, "unit": "pg/mL"}]))
    assert info.value.allowed == ["nmol/L", "ug/L", "ng/mL"]


def test_not_a_mapping() -> None:
    with pytest.raises(InputError, match="mapping"):
        parse_case(["onset"])  # type: ignore[arg-type]


def test_load_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "case.yaml"
    yaml_file.write_text("onset: 2026-01-05\nas_of: 2026-01-20\nseverity: complete\n")
    json_file = tmp_path / "case.json"
    json_file.write_text(json.dumps({"onset": "2026-01-05", "as_of": "2026-01-20"}))
    assert load_case(yaml_file).severity is not None
    assert load_case(json_file).onset == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        pytest.param("case.txt", "onset: 2026-01-01", ".json, .yaml, .yml", id="suffix"),
        pytest.param("case.yaml", "onset: [2026", "not valid YAML", id="broken-yaml"),
        pytest.param("case.json", "{onset: 1", "not valid JSON", id="broken-json"),
        pytest.param("case.yaml", "- a\n- b\n", "mapping", id="list-not-mapping"),
    ],
)
def test_file_problems(tmp_path: Path, name: str, text: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_case(path)
    assert info.value.field == "case_file"
    assert fragment in info.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_case(tmp_path / "nope.yaml")


def test_bundled_examples_load() -> None:
    phases = {name: load_case(example_path(name)) for name in EXAMPLES}
    assert all(isinstance(case, Case) for case in phases.values())


def test_load_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(
        "key: lab\ntitle: Our lab\ncitation: Handbook\nextends: nice_ng239\n"
        "thresholds:\n  b6: {deficient: 25, unit: nmol/L}\n"
    )
    profile = load_profile(path)
    assert profile.key == "lab"
    b6 = profile.threshold(Analyte.B6)
    assert b6 is not None
    assert b6.deficient == 25
    assert profile.threshold(Analyte.B12) == NICE_NG239.threshold(Analyte.B12)
    with pytest.raises(InputError) as info:
        load_profile(tmp_path / "missing.json")
    assert info.value.field == "profile"


def test_dump_assessment_json_round_trips() -> None:
    assessment = assess(load_case(example_path("late_complications")))
    text = dump_assessment_json(assessment)
    assert Assessment.model_validate_json(text) == assessment
    assert assessment.phase is Phase.PLATEAU


# ----------------------------------------------------------------------------- fuzzing

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = [*Case.model_fields, "labs.0", "nonsense"]
_LAB_KEYS = ["analyte", "value", "unit", "specimen", "date", "colour"]


@st.composite
def case_like(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly-right case mappings with wrong pieces: right keys, random or near-miss values."""
    data: dict[str, Any] = {
        "onset": draw(st.sampled_from(["2026-01-05", "2026-13-01", 5, None])),
        "as_of": draw(st.sampled_from(["2026-03-01", "2025-01-01", "today"])),
    }
    for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=4)):
        data[key] = draw(_JSON)
    if draw(st.booleans()):
        lab = {k: draw(_JSON | st.sampled_from(["b12", "pg/mL", 250, "hair"])) for k in _LAB_KEYS}
        data["labs"] = [lab]
    return data


@settings(max_examples=200)
@given(data=case_like())
def test_any_mapping_gives_a_case_or_one_clear_input_error(data: dict[str, Any]) -> None:
    try:
        parse_case(data)
    except InputError as exc:
        assert exc.message
        assert "\n" not in exc.message
        assert exc.field


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_folder_matches_the_bundled_copies(name: str) -> None:
    repo_copy = Path(__file__).parents[1] / "examples" / f"{name}.yaml"
    assert repo_copy.read_text() == example_path(name).read_text()
