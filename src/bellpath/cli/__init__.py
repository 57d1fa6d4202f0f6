"""bellpath command line: a thin edge over the core. Each command lives in its own module.

Owns the commands' parsing and printing only. May import anything below it (web for ``serve``);
nothing imports the CLI.
"""

from __future__ import annotations

from bellpath.cli import (  # noqa: F401  (importing a module registers its commands)
    assess,
    backup,
    batch,
    chart,
    demo,
    export,
    fhir,
    grade,
    photo,
    practice,
    report,
    serve,
    user,
    video,
)
from bellpath.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
