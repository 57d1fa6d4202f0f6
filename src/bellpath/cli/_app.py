"""The Typer application and the guard that turns bellpath errors into one clear line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from bellpath import __version__
from bellpath.errors import BellpathError
from bellpath.vocab.notice import NOTICE

__all__ = ["DISCLAIMER", "EXIT_INPUT", "app", "err_console", "guard"]

EXIT_INPUT = 2
"""Exit code for bad input and any other bellpath error (same as a usage error)."""

DISCLAIMER = NOTICE

err_console = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(
    name="bellpath",
    help=(
        "Bell's palsy recovery: stage a case, read its labs, say what to do now, grade, measure."
        "\n\n" + DISCLAIMER
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bellpath {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """bellpath command line."""


@contextmanager
def guard() -> Iterator[None]:
    """Print a bellpath error as one line on stderr and exit with code 2; never a traceback."""
    try:
        yield
    except BellpathError as exc:
        err_console.print(f"error: {exc.message}", markup=False)
        raise typer.Exit(EXIT_INPUT) from None
