"""`bellpath chart CASE_FILE -o FILE.png|svg`: the recovery chart of a case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bellpath.caseio import parse_case, read_mapping
from bellpath.cli._app import app, guard
from bellpath.reports.charts import write_chart

__all__ = ["chart_command"]


@app.command("chart")
def chart_command(
    case_file: Annotated[Path, typer.Argument(help="Case file (.yaml, .yml or .json).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the chart: FILE.png or FILE.svg.")
    ],
    scale: Annotated[
        str | None,
        typer.Option(help="Scale to draw (default: the most graded of sunnybrook, eface, hb)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Draw as of this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Draw a case's scores over time with the fitted curve, phases and expected windows."""
    with guard():
        data = read_mapping(case_file)
        if as_of is not None:
            data["as_of"] = as_of
        case = parse_case(data)
        written = write_chart(case, output, scale)
        typer.echo(f"wrote {written}")
