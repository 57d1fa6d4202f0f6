"""`bellpath chart CASE_FILE -o FILE`: writes PNG or SVG, refuses bad input with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bellpath.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).parents[2] / "examples" / "graded_recovery.yaml"


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_chart_written(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart.{suffix}"
    result = runner.invoke(app, ["chart", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert out.stat().st_size > 20_000


def test_scale_and_as_of_options(tmp_path: Path) -> None:
    out = tmp_path / "hb.svg"
    result = runner.invoke(
        app, ["chart", str(EXAMPLE), "-o", str(out), "--scale", "house_brackmann",
              "--as-of", "2026-12-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "House-Brackmann grade over time" in out.read_text()


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["-o", "chart.gif"], "'output' must end in .png or .svg"),
        (["-o", "chart.png", "--scale", "hb3"], "'scale' must be one of"),
        (["-o", "chart.png", "--as-of", "2025-01-01"], "'onset'"),
    ],
    ids=["suffix", "scale", "as-of-before-onset"],
)
def test_bad_input(tmp_path: Path, extra: list[str], fragment: str) -> None:
    args = ["chart", str(EXAMPLE)] + [
        str(tmp_path / a) if a.startswith("chart.") else a for a in extra
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert not list(tmp_path.iterdir())  # nothing written


def test_missing_case_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["chart", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "c.png")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
