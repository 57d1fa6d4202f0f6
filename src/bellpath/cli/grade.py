"""`bellpath grade SCALE`: score one grading from options or a file, as text or JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from bellpath import clock
from bellpath.caseio import read_mapping
from bellpath.cli._app import DISCLAIMER, app, guard
from bellpath.errors import GradingError, InputError
from bellpath.grading.entries import Scale, describe_scores, parse_entry, score_entry

__all__ = ["grade_command", "grading_data"]

FORMATS = ("text", "json")
_ALIASES = {"hb": Scale.HOUSE_BRACKMANN, "house-brackmann": Scale.HOUSE_BRACKMANN}
_SUNNYBROOK_PARTS = ("resting", "voluntary", "synkinesis")


def _scale(value: str) -> Scale:
    key = value.strip().casefold()
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return Scale(key)
    except ValueError:
        raise InputError("SCALE", allowed=[s.value for s in Scale], received=value) from None


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text.strip()


def _items_option(text: str) -> list[Any]:
    return [_number(part) for part in text.replace(";", ",").split(",") if part.strip()]


def _item_options(scale: Scale, pairs: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(
                "--item", f"'--item' must look like KEY=VALUE, e.g. snarl=3 (got {pair!r})"
            )
        if scale is Scale.SUNNYBROOK:
            part, dot, name = key.partition(".")
            if not dot or part not in _SUNNYBROOK_PARTS:
                raise GradingError(
                    "--item",
                    "'--item' for sunnybrook must be PART.KEY=VALUE with PART one of "
                    f"resting, voluntary, synkinesis, e.g. voluntary.snarl=3 (got {pair!r})",
                    allowed=_SUNNYBROOK_PARTS,
                    received=pair,
                )
            data.setdefault(part, {})[name] = _number(value)
        elif scale is Scale.HOUSE_BRACKMANN:
            data.setdefault("regions", {})[key] = value.strip()
        elif scale is Scale.EFACE:
            data.setdefault("items", {})[key] = _number(value)
        else:
            raise GradingError(
                "--item",
                f"'--item' does not apply to {scale.value}: give --items with the answers in "
                "questionnaire order",
                received=pair,
            )
    return data


def grading_data(
    scale: Scale,
    *,
    date: str | None,
    grade: str | None = None,
    composite: str | None = None,
    total: str | None = None,
    items: str | None = None,
    item: list[str] | None = None,
    file: Path | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Assemble one grading entry's data from a file and/or options (options win)."""
    data: dict[str, Any] = {}
    if file is not None:
        data = read_mapping(file, field="--file")
        if "scale" in data and _scale(str(data["scale"])) is not scale:
            raise GradingError(
                "--file",
                f"'--file' holds a {data['scale']} grading, not {scale.value}",
                allowed=[scale.value],
                received=data["scale"],
            )
    data["scale"] = scale.value
    if date is not None:
        data["date"] = date
    data.setdefault("date", (today or clock.today()).isoformat())
    if grade is not None:
        data["grade"] = grade
    if composite is not None:
        data["composite"] = _number(composite)
    if total is not None:
        data["total"] = _number(total)
    if items is not None:
        data["items"] = _items_option(items)
    for key, value in _item_options(scale, item or []).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


@app.command("grade")
def grade_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    scale: Annotated[
        str, typer.Argument(help="house_brackmann (or hb), sunnybrook, eface, saq or face.")
    ],
    grade: Annotated[str | None, typer.Option(help="House-Brackmann grade: 1-6 or I-VI.")] = None,
    item: Annotated[
        list[str] | None,
        typer.Option(
            help="KEY=VALUE, repeatable. Sunnybrook: voluntary.snarl=3, resting.eye=narrow; "
            "eFACE: brow_rest=100; House-Brackmann regions: eye=incomplete."
        ),
    ] = None,
    items: Annotated[
        str | None, typer.Option(help="SAQ (9) or FaCE (15) answers, e.g. 1,2,1,3,...")
    ] = None,
    composite: Annotated[
        str | None, typer.Option(help="Sunnybrook composite when only it was recorded.")
    ] = None,
    total: Annotated[
        str | None, typer.Option(help="eFACE total when only it was recorded.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A grading entry (.json/.yaml); options add to it."),
    ] = None,
    date: Annotated[str | None, typer.Option(help="Date of the grading (default today).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Score one grading: House-Brackmann, Sunnybrook, eFACE, SAQ or FaCE."""
    with guard():
        chosen_format = fmt.strip().casefold()
        if chosen_format not in FORMATS:
            raise InputError("--format", allowed=FORMATS, received=fmt)
        chosen = _scale(scale)
        data = grading_data(
            chosen,
            date=date,
            grade=grade,
            composite=composite,
            total=total,
            items=items,
            item=item,
            file=file,
        )
        scored = score_entry(parse_entry(data, field=chosen.value))
        if chosen_format == "json":
            typer.echo(json.dumps(scored.model_dump(mode="json"), indent=2))
            return
        typer.echo(
            f"{chosen.label} ({scored.date.isoformat()}): {describe_scores(chosen, scored.scores)}"
        )
        typer.echo(f"Source: {chosen.source}")
        typer.echo(DISCLAIMER)
