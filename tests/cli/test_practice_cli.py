"""`bellpath practice`: the plan as text and JSON, the calendar file, and bad input."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from bellpath.cli import app

LATE = str(files("bellpath.examples") / "late_complications.yaml")
RED_FLAG = str(files("bellpath.examples") / "red_flag.yaml")


def test_text_plan_lists_families_sources_safety_and_the_notice() -> None:
    result = CliRunner().invoke(app, ["practice", LATE])
    assert result.exit_code == 0, result.output
    assert "Movement separation" in result.output
    assert "Source: Nakamura" in result.output
    assert "Safety:" in result.output
    assert "never prescribes doses" in result.output


def test_json_plan_is_parseable_and_withheld_for_a_red_flag() -> None:
    result = CliRunner().invoke(app, ["practice", RED_FLAG, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["items"] == []
    assert "clinician" in data["withheld"]


def test_ics_has_daily_events_with_alarms_unless_switched_off(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    assert CliRunner().invoke(app, ["practice", LATE, "--ics", str(out)]).exit_code == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 2  # morning and evening
    assert out.read_bytes().count(b"RRULE:FREQ=DAILY") == 2
    assert all(e.walk("VALARM") for e in events)
    quiet = tmp_path / "quiet.ics"
    args = ["practice", LATE, "--ics", str(quiet), "--no-reminders"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert not any(e.walk("VALARM") for e in Calendar.from_ical(quiet.read_bytes()).walk("VEVENT"))


def test_bad_format_exits_2_naming_the_option() -> None:
    result = CliRunner().invoke(app, ["practice", LATE, "--format", "yaml"])
    assert result.exit_code == 2
    assert "'--format' must be one of text, json (got 'yaml')" in result.output
