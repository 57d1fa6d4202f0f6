"""`bellpath demo`: the assessment of a bundled example case (works from an installed package)."""

from __future__ import annotations

from typing import Annotated

import typer

from bellpath.assess import assess
from bellpath.caseio import load_case
from bellpath.cli._app import app, guard
from bellpath.cli.assess import FORMATS, print_assessment
from bellpath.errors import InputError
from bellpath.examples import EXAMPLES, example_path

__all__ = ["demo_command"]


@app.command("demo")
def demo_command(
    name: Annotated[str, typer.Argument(help=f"Example case: {', '.join(EXAMPLES)}.")] = EXAMPLES[
        0
    ],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Print the assessment of a bundled example case."""
    with guard():
        if name not in EXAMPLES:
            raise InputError("name", allowed=EXAMPLES, received=name)
        if fmt not in FORMATS:
            raise InputError("--format", allowed=FORMATS, received=fmt)
        case = load_case(example_path(name))
        typer.echo(f"Example case '{name}' (onset {case.onset}, as of {case.as_of})\n")
        print_assessment(assess(case), fmt)
