"""`bellpath practice CASE_FILE`: the daily practice plan of a case, and its calendar file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer

from bellpath.assess import assess
from bellpath.caseio import parse_case, read_mapping
from bellpath.cli._app import DISCLAIMER, app, guard
from bellpath.errors import InputError
from bellpath.guidance.practice_plan import PracticePlan, practice_plan
from bellpath.reports.practice_calendar import plan_calendar

__all__ = ["practice_command", "render_plan"]

FORMATS = ("text", "json")


def render_plan(plan: PracticePlan) -> str:
    """The plan in plain words, safety notes last, then the notice."""
    if plan.withheld is not None:
        lines = [plan.withheld]
    else:
        lines = [f"Daily practice: about {plan.minutes_per_day} minutes a day in all.", ""]
        for item in plan.items:
            lines += [
                f"* {item.title}: {item.sessions_per_day} x {item.minutes} min a day",
                f"  How: {item.how}",
                f"  Avoid: {item.avoid}",
                f"  Why: {item.reason}",
                f"  Source: {item.citation}",
            ]
    lines += ["", "Safety:", *(f"- {s}" for s in plan.safety)]
    lines += ["", "Discuss this plan with your facial therapist, who may change it.", DISCLAIMER]
    return "\n".join(lines)


@app.command("practice")
def practice_command(
    case_file: Annotated[Path, typer.Argument(help="Case file (.yaml, .yml or .json).")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Plan as of this date (YYYY-MM-DD).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write the plan's schedule as an iCalendar file."),
    ] = None,
    no_reminders: Annotated[
        bool, typer.Option("--no-reminders", help="Calendar events without alarms.")
    ] = False,
) -> None:
    """The daily practice plan that fits the case's phase and complications, with sources."""
    with guard():
        if output_format not in FORMATS:
            raise InputError(
                "--format",
                f"'--format' must be one of {', '.join(FORMATS)} (got {output_format!r})",
                received=output_format,
            )
        data = read_mapping(case_file)
        if as_of is not None:
            data["as_of"] = as_of
        case = parse_case(data)
        plan = practice_plan(case, assess(case))
        if ics is not None:
            try:
                ics.write_bytes(plan_calendar(plan, start=case.as_of, reminders=not no_reminders))
            except OSError as exc:
                raise InputError(
                    "--ics", f"cannot write '--ics' file {ics} ({exc.strerror})", received=str(ics)
                ) from None
        if output_format == "json":
            typer.echo(json.dumps(dataclasses.asdict(plan), indent=2, default=str))
        else:
            typer.echo(render_plan(plan))
