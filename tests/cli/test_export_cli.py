"""`bellpath export` through Typer's runner: CSV/XLSX of case files, --import back, errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from bellpath.caseio import load_case
from bellpath.cli import app
from bellpath.examples import example_path

runner = CliRunner()


def test_csv_and_xlsx_round_trip(tmp_path: Path) -> None:
    for suffix in ("csv", "xlsx"):
        sheet = tmp_path / f"obs.{suffix}"
        result = runner.invoke(
            app, ["export", str(example_path()), "--format", suffix, "-o", str(sheet)]
        )
        assert result.exit_code == 0, result.output
        back = tmp_path / f"back_{suffix}.yaml"
        result = runner.invoke(app, ["export", "--import", str(sheet), "-o", str(back)])
        assert result.exit_code == 0, result.output
        assert load_case(back) == load_case(example_path())


def test_many_case_files_one_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "all.csv"
    files = [str(example_path(n)) for n in ("long_recovery", "red_flag")]
    result = runner.invoke(app, ["export", *files, "-o", str(sheet)])  # format from the suffix
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert {r["patient"] for r in rows} == {"long_recovery", "red_flag"}
    labs = [r for r in rows if r["record"] == "lab"]
    assert labs[0]["unit"] == "pg/mL"
    back = tmp_path / "red.json"
    args = ["export", "--import", str(sheet), "--only", "red_flag", "-o", str(back)]
    assert runner.invoke(app, args).exit_code == 0
    assert load_case(back) == load_case(example_path("red_flag"))


def test_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "all.csv"
    files = [str(example_path(n)) for n in ("long_recovery", "red_flag")]
    runner.invoke(app, ["export", *files, "-o", str(sheet)])
    bad = tmp_path / "bad.csv"
    bad.write_text(sheet.read_text(encoding="utf-8-sig").replace("pg/mL", "mg", 1))
    out = tmp_path / "out"
    out.mkdir()
    target = str(out / "case.yaml")
    cases = [
        (["export", "--import", str(sheet), "-o", target], "holds 2 patients"),
        (
            ["export", "--import", str(sheet), "--only", "x", "-o", target],
            "'--only' must be one of",
        ),
        (
            ["export", "--import", str(bad), "--only", "long_recovery", "-o", target],
            "column 'unit'",
        ),
        (["export", "--import", str(sheet)], "'--output' is required"),
        (["export", str(example_path()), "-o", str(out / "x.ods")], ".csv or .xlsx"),
        (["export", str(example_path()), "--format", "pdf", "-o", target], "'--format'"),
        (["export", "-o", str(out / "x.csv")], "exactly one of them"),
        (
            ["export", str(example_path()), str(example_path()), "-o", str(out / "x.csv")],
            "same name",
        ),
        (["export", "--all-patients", "-o", str(out / "x.csv")], "'--as' is required"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert list(out.iterdir()) == []
