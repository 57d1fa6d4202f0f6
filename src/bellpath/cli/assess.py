"""`bellpath assess`: assess a case file, or a case given by options, as text or JSON."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from bellpath import clock
from bellpath.assess import assess
from bellpath.case import Assessment
from bellpath.caseio import dump_assessment_json, load_profile, parse_case, read_mapping
from bellpath.cli._app import app, guard
from bellpath.cli._assess_text import render_plain, render_rich
from bellpath.cli._common import B6LimitOption, ProfileOption, parse_b6_limit
from bellpath.errors import InputError
from bellpath.labs import PROFILES, ReferenceProfile, get_profile
from bellpath.recovery import DEFAULT_PARAMETERS

__all__ = ["assess_command", "choose_profile", "parse_lab_option", "print_assessment"]

FORMATS = ("text", "json")
_LAB = re.compile(
    r"^\s*(?P<analyte>[A-Za-z0-9_]+)\s*=\s*(?P<value>[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)"
    r"\s*(?P<unit>[^,\s]+)\s*(?P<rest>(?:,\s*[a-z_]+\s*=\s*[^,]+)*)$"
)
_SUPPLEMENT = re.compile(
    r"^\s*(?P<vitamin>[A-Za-z0-9_]+)\s*=\s*(?P<mg>[0-9]*\.?[0-9]+)\s*(mg)?\s*$"
)


def parse_lab_option(text: str) -> dict[str, Any]:
    """Read ``b12=180pg/mL[,date=YYYY-MM-DD][,specimen=serum]`` into a lab mapping."""
    match = _LAB.match(text)
    if match is None:
        msg = (
            "'--lab' must look like ANALYTE=VALUE UNIT[,date=YYYY-MM-DD][,specimen=KIND], "
            f"e.g. b12=180pg/mL (got {text!r})"
        )
        raise InputError("--lab", msg, received=text)
    lab: dict[str, Any] = {
        "analyte": match["analyte"].casefold(),
        "value": float(match["value"]),
        "unit": match["unit"],
    }
    for part in filter(None, (p.strip() for p in match["rest"].split(","))):
        key, _, value = part.partition("=")
        key = key.strip()
        if key not in ("date", "specimen"):
            raise InputError("--lab", allowed=["date", "specimen"], received=key)
        lab[key] = value.strip()
    return lab


def _parse_supplement(text: str) -> dict[str, Any]:
    match = _SUPPLEMENT.match(text)
    if match is None:
        msg = f"'--supplement' must look like VITAMIN=MG_PER_DAY, e.g. b6=50 (got {text!r})"
        raise InputError("--supplement", msg, received=text)
    return {"vitamin": match["vitamin"].casefold(), "daily_mg": float(match["mg"])}


def _parse_params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            msg = f"'--param' must look like NAME=VALUE, e.g. plateau_months=12 (got {item!r})"
            raise InputError("--param", msg, received=item)
        out[name.strip()] = value.strip()
    return out


def choose_profile(value: str) -> ReferenceProfile:
    """A built-in profile by key, or a clinic's profile file (``.yaml``, ``.yml``, ``.json``)."""
    if value.strip().casefold() in PROFILES:
        return get_profile(value)
    if Path(value).suffix.casefold() in (".yaml", ".yml", ".json"):
        return load_profile(value)
    raise InputError("--profile", allowed=[*PROFILES, "a .yaml/.json profile file"], received=value)


def print_assessment(assessment: Assessment, fmt: str) -> None:
    """Print as JSON, or as a report: rich in a terminal, plain when piped."""
    if fmt == "json":
        typer.echo(dump_assessment_json(assessment))
        return
    if sys.stdout.isatty():
        render_rich(assessment, Console(highlight=False))
    else:
        typer.echo(render_plain(assessment), nl=False)


def _check_format(fmt: str) -> str:
    value = fmt.strip().casefold()
    if value not in FORMATS:
        raise InputError("--format", allowed=FORMATS, received=fmt)
    return value


@app.command("assess")
def assess_command(  # noqa: PLR0917  (Typer maps each option to one parameter)
    case_file: Annotated[
        Path | None,
        typer.Argument(help="Case file (.yaml, .yml or .json). Leave out to give --onset etc."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD).", metavar="DATE"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.", metavar="FORMAT")] = "text",
    profile: ProfileOption = "bsh2014",
    b6_limit: B6LimitOption = "efsa",
    onset: Annotated[
        str | None, typer.Option(help="Date the palsy began (YYYY-MM-DD).", metavar="DATE")
    ] = None,
    lab: Annotated[
        list[str] | None,
        typer.Option(
            help="A lab result, e.g. b12=180pg/mL or b12=133pmol/L,date=2026-01-05.",
            metavar="ANALYTE=VALUE",
        ),
    ] = None,
    complication: Annotated[
        list[str] | None,
        typer.Option(help="synkinesis, contracture, rigidity, pain, ...", metavar="NAME"),
    ] = None,
    finding: Annotated[
        list[str] | None,
        typer.Option(help="A warning sign, e.g. forehead_sparing, vesicles.", metavar="NAME"),
    ] = None,
    risk_factor: Annotated[
        list[str] | None,
        typer.Option("--risk-factor", help="e.g. metformin, vegan_diet.", metavar="NAME"),
    ] = None,
    supplement: Annotated[
        list[str] | None,
        typer.Option(help="A supplement in mg a day, e.g. b6=50.", metavar="VITAMIN=MG"),
    ] = None,
    severity: Annotated[
        str | None, typer.Option(help="complete or incomplete.", metavar="SEVERITY")
    ] = None,
    eye_closure: Annotated[
        str | None, typer.Option("--eye-closure", help="complete or incomplete.", metavar="CLOSURE")
    ] = None,
    side: Annotated[str | None, typer.Option(help="left or right.", metavar="SIDE")] = None,
    first_movement: Annotated[
        str | None,
        typer.Option("--first-movement", help="Date movement first returned.", metavar="DATE"),
    ] = None,
    steroids_started: Annotated[
        str | None,
        typer.Option("--steroids-started", help="Date steroids were started.", metavar="DATE"),
    ] = None,
    age: Annotated[str | None, typer.Option(help="Age in years.", metavar="YEARS")] = None,
    recovered: Annotated[
        bool, typer.Option("--recovered", help="Normal function has been regained.")
    ] = False,
    pregnant: Annotated[
        bool, typer.Option("--pregnant", help="The person is pregnant (adds obstetric notes).")
    ] = False,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="Override a recovery-model parameter, e.g. plateau_months=12.",
            metavar="NAME=VALUE",
        ),
    ] = None,
) -> None:
    """Assess a case: phase, dates, vitamins and what to do now, with reasons and sources."""
    with guard():
        fmt = _check_format(fmt)
        chosen_profile = choose_profile(profile)
        chosen_b6 = parse_b6_limit(b6_limit)
        parameters = DEFAULT_PARAMETERS.with_overrides(_parse_params(param or []))
        if case_file is not None:
            data = read_mapping(case_file)
        elif onset is not None:
            data = {"onset": onset}
        else:
            raise InputError(
                "case_file", "give a CASE_FILE, or --onset DATE for a quick assessment"
            )
        quick: dict[str, Any] = {
            "labs": [parse_lab_option(x) for x in lab or []],
            "complications": complication or [],
            "findings": finding or [],
            "risk_factors": risk_factor or [],
            "supplements": [_parse_supplement(x) for x in supplement or []],
        }
        for key, extra in quick.items():
            if extra:
                data[key] = [*data.get(key, []), *extra]
        options = {
            "onset": onset,
            "as_of": as_of,
            "severity": severity,
            "eye_closure": eye_closure,
            "affected_side": side,
            "first_movement": first_movement,
            "steroids_started": steroids_started,
            "age": age,
        }
        data.update({k: v for k, v in options.items() if v is not None})
        if recovered:
            data["recovered"] = True
        if pregnant:
            data["pregnant"] = True
        if "as_of" not in data:
            data["as_of"] = clock.today().isoformat()
        case = parse_case(data)
        assessment = assess(case, profile=chosen_profile, b6_limit=chosen_b6, parameters=parameters)
        print_assessment(assessment, fmt)
