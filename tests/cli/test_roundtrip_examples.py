"""Every bundled example survives FHIR and CSV/XLSX export then import through the CLI.

The case file written back must give the same case and the same assessment as the original
(before the fix a grading's scale was left out of the file, so ``assess`` refused it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bellpath.assess import assess
from bellpath.caseio import load_case
from bellpath.cli import app
from bellpath.examples import EXAMPLES, example_path

runner = CliRunner()
_REPO_EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
_ALL = [example_path(name) for name in EXAMPLES] + _REPO_EXAMPLES


def _same(original: Path, back: Path) -> None:
    before, after = load_case(original), load_case(back)
    assert after == before
    assert assess(after).model_dump() == assess(before).model_dump()


@pytest.mark.parametrize("example", _ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fhir_round_trip_of_every_example(example: Path, tmp_path: Path) -> None:
    bundle, back = tmp_path / "b.json", tmp_path / "back.yaml"
    assert runner.invoke(app, ["fhir", "export", str(example), "-o", str(bundle)]).exit_code == 0
    result = runner.invoke(app, ["fhir", "import", str(bundle), "-o", str(back)])
    assert result.exit_code == 0, result.output
    _same(example, back)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("example", _ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_sheet_round_trip_of_every_example(example: Path, suffix: str, tmp_path: Path) -> None:
    sheet, back = tmp_path / f"o.{suffix}", tmp_path / "back.yaml"
    assert runner.invoke(app, ["export", str(example), "-o", str(sheet)]).exit_code == 0
    result = runner.invoke(app, ["export", "--import", str(sheet), "-o", str(back)])
    assert result.exit_code == 0, result.output
    _same(example, back)
