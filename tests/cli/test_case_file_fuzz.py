"""Any case file, however broken (dates, numbers, structure, YAML or JSON text), ends in either a
report or one line naming the field, with exit code 2: never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bellpath.cli import app

runner = CliRunner()

GOOD: dict[str, Any] = {
    "onset": "2026-01-05",
    "as_of": "2026-03-01",
    "severity": "complete",
    "affected_side": "left",
    "labs": [{"analyte": "b12", "value": 250, "unit": "pg/mL", "date": "2026-01-20"}],
    "gradings": [{"date": "2026-02-01", "scale": "house_brackmann", "grade": 4}],
    "supplements": [{"vitamin": "b12", "daily_mg": 1}],
}

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["2026-13-01", "2026-02-30", "0000-00-00", "tomorrow", "", "1e999", "NaN"]),
    st.text(max_size=12),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@st.composite
def broken_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A case file text: the good case with one part replaced, maybe then cut or garbled."""
    paths = _paths(GOOD)
    data = _replace(GOOD, draw(st.sampled_from(paths)), draw(values))
    suffix = draw(st.sampled_from([".yaml", ".json"]))
    if suffix == ".json":
        text = json.dumps(data, allow_nan=True, default=str)
    else:
        text = yaml.safe_dump(data, allow_unicode=True)
    how = draw(st.sampled_from(["as_is", "cut", "insert"]))
    if how == "cut" and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "insert":
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(["{", "]", ": ", "\t", "&a *a", "!!python"]))
            + text[at:]
        )
    return suffix, text


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=broken_texts())
def test_a_broken_case_file_is_a_report_or_one_line_naming_the_field(case: tuple[str, str]) -> None:
    suffix, text = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{suffix}"
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["assess", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert lines[0].startswith("error: '"), lines[0]
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "onset: 2026-01-05\nlabs:\n"
            "- {analyte: b12, value: 250, unit: pg/mL, date: 2026-13-01}\n",
            "labs.0.date",
        ),
        ("onset: 2026-02-30\n", "onset"),
        (
            '{"onset": "2026-01-05", "labs": [{"analyte": "b12", "value": NaN, "unit": "pg/mL"}]}',
            "labs.0.value",
        ),
    ],
    ids=["month-13", "february-30", "json-nan"],
)
def test_bad_dates_and_numbers_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / ("case.json" if text.startswith("{") else "case.yaml")
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert f"'{field}'" in result.output
