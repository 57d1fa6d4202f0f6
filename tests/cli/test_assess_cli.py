"""`bellpath assess` and `bellpath demo` through Typer's runner: reports, JSON and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bellpath.assess import assess
from bellpath.caseio import load_case
from bellpath.cli import app
from bellpath.cli._assess_text import render_plain, render_rich
from bellpath.examples import EXAMPLES, example_path

runner = CliRunner()
QUICK = ["assess", "--onset", "2026-01-05", "--as-of", "2026-02-20"]


def test_assess_file_as_json() -> None:
    result = runner.invoke(app, ["assess", str(example_path()), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["phase"] == "regeneration"
    assert data["actions"][0]["code"] == "eye_protection"


def test_assess_file_as_text_report_is_plain_when_piped() -> None:
    result = runner.invoke(app, ["assess", str(example_path("red_flag"))])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("WARNING SIGNS") < out.index("Phase:") < out.index("What to do now")
    assert "Source:" in out
    assert "never prescribes doses" in " ".join(out.split())
    assert "\x1b[" not in out


def test_as_of_overrides_the_file() -> None:
    result = runner.invoke(
        app, ["assess", str(example_path()), "--as-of", "2026-10-20", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # no movement recorded: never a plateau; first movement is overdue
    assert data["phase"] == "regeneration"
    assert data["overdue_since"] == "2026-05-05"
    assert data["first_movement_window"] is None


def test_quick_use_without_a_file() -> None:
    args = [
        *QUICK,
        "--lab",
        "b12=180pg/mL",
        "--lab",
        "mma=0.6umol/L,date=2026-02-01",
        "--complication",
        "synkinesis",
        "--first-movement",
        "2026-02-10",
        "--supplement",
        "b6=50",
        "--severity",
        "complete",
        "--format",
        "json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["vitamins"]["b12"]["status"] == "deficient"
    codes = [a["code"] for a in data["actions"]]
    assert "rehabilitation" in codes
    assert "b6_intake_warning" in codes


def test_profile_and_b6_limit_options(tmp_path: Path) -> None:
    base = [*QUICK, "--lab", "b12=190ng/L", "--format", "json"]
    nice = json.loads(runner.invoke(app, [*base, "--profile", "nice_ng239"]).output)
    assert nice["vitamins"]["b12"]["status"] == "borderline"
    profile = tmp_path / "lab.json"
    profile.write_text(
        json.dumps(
            {
                "key": "lab",
                "title": "Our lab",
                "citation": "Handbook",
                "thresholds": {"b12": {"deficient": 100, "unit": "ng/L"}},
            }
        )
    )
    own = json.loads(runner.invoke(app, [*base, "--profile", str(profile)]).output)
    assert own["vitamins"]["b12"]["status"] == "sufficient"
    iom = runner.invoke(
        app, [*QUICK, "--supplement", "b6=50", "--b6-limit", "iom", "--format", "json"]
    )
    assert "b6_intake_warning" not in iom.output


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        pytest.param(["assess"], ["CASE_FILE", "--onset"], id="nothing-given"),
        pytest.param(
            [*QUICK, "--lab", "b12=180mg"],
            ["labs.0.unit", "pg/mL, ng/L, pmol/L", "'mg'"],
            id="unit",
        ),
        pytest.param(
            [*QUICK, "--lab", "vitd=5ng/mL"],
            ["labs.0.analyte", "b12, holotc", "'vitd'"],
            id="analyte",
        ),
        pytest.param(
            [*QUICK, "--lab", "b12=-5pg/mL"], ["labs.0.value", "at least 0"], id="negative"
        ),
        pytest.param(
            [*QUICK, "--lab", "b12=1000000pg/mL"],
            ["labs.0.value", "plausible", "1,000,000"],
            id="absurd",
        ),
        pytest.param([*QUICK, "--lab", "b12"], ["--lab", "ANALYTE=VALUE"], id="lab-shape"),
        pytest.param(
            [*QUICK, "--lab", "b12=200pg/mL,colour=red"],
            ["--lab", "date, specimen", "'colour'"],
            id="lab-key",
        ),
        pytest.param(
            [*QUICK, "--first-movement", "2025-12-01"],
            ["first_movement", "before 'onset'"],
            id="movement-before-onset",
        ),
        pytest.param(
            ["assess", "--onset", "2026-03-01", "--as-of", "2026-02-01"],
            ["onset", "after 'as_of'"],
            id="onset-after-as-of",
        ),
        pytest.param(
            [*QUICK, "--severity", "bad"],
            ["severity", "complete, incomplete", "'bad'"],
            id="severity",
        ),
        pytest.param([*QUICK, "--format", "xml"], ["--format", "text, json", "'xml'"], id="format"),
        pytest.param(
            [*QUICK, "--profile", "who"],
            ["--profile", "bsh2014, nice_ng239", "'who'"],
            id="profile",
        ),
        pytest.param(
            [*QUICK, "--b6-limit", "max"], ["--b6-limit", "efsa, iom, uk_evm"], id="b6-limit"
        ),
        pytest.param([*QUICK, "--onset", "yesterday"], ["onset", "YYYY-MM-DD"], id="onset-date"),
        pytest.param(
            [*QUICK, "--supplement", "b6=lots"], ["--supplement", "b6=50"], id="supplement"
        ),
        pytest.param(["assess", "missing.yaml"], ["case_file", "not found"], id="missing-file"),
        pytest.param([*QUICK, "--age", "abc"], ["age", "whole number", "'abc'"], id="age"),
        pytest.param(
            [*QUICK, "--param", "speed=2"],
            ["parameter", "plateau_months", "'speed'"],
            id="param-name",
        ),
        pytest.param(
            [*QUICK, "--param", "plateau_months=soon"],
            ["plateau_months", "whole number"],
            id="param-value",
        ),
        pytest.param(
            [*QUICK, "--param", "plateau_months"], ["--param", "NAME=VALUE"], id="param-shape"
        ),
        pytest.param(
            [*QUICK, "--param", "nerve_distance_min_mm=150"],
            ["nerve_distance_min_mm", "nerve_distance_max_mm"],
            id="param-order",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], fragments: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_bad_case_file_content(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "onset: 2026-01-05\nas_of: 2026-02-01\nlabs:\n  - {analyte: b12, value: 1, unit: mg}\n"
    )
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2
    assert "labs.0.unit" in result.output


@pytest.mark.parametrize("name", EXAMPLES)
def test_demo_prints_every_example(name: str) -> None:
    result = runner.invoke(app, ["demo", name])
    assert result.exit_code == 0, result.output
    assert "Phase:" in result.output
    assert "never prescribes doses" in " ".join(result.output.split())


def test_demo_default_and_errors() -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    json.loads(runner.invoke(app, ["demo", "--format", "json"]).output.split("\n", 2)[2])
    bad = runner.invoke(app, ["demo", "nonesuch"])
    assert bad.exit_code == 2
    assert "long_recovery" in bad.output


def test_rich_report_for_a_terminal_has_styles_and_the_same_content() -> None:
    assessment = assess(load_case(example_path("red_flag")))
    console = Console(record=True, force_terminal=True, color_system="truecolor", width=100)
    render_rich(assessment, console)
    styled = console.export_text(styles=True, clear=False)
    assert "\x1b[" in styled
    plain_words = " ".join(render_plain(assessment).split())
    assert " ".join(console.export_text().split()) == plain_words


def test_bad_profile_file_is_one_line(tmp_path: Path) -> None:
    profile = tmp_path / "lab.yaml"
    profile.write_text(
        "key: lab\ntitle: t\ncitation: c\nthresholds:\n  b12: {deficient: 1, unit: mg}\n"
    )
    result = runner.invoke(app, [*QUICK, "--profile", str(profile)])
    assert result.exit_code == 2
    assert "thresholds.b12.unit" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_param_overrides_reach_the_engine() -> None:
    args = [*QUICK, "--format", "json"]
    assert json.loads(runner.invoke(app, args).output)["phase"] == "regeneration"
    later = runner.invoke(app, [*args, "--param", "quick_recovery_days=60"])
    assert later.exit_code == 0, later.output
    assert json.loads(later.output)["phase"] == "early"


BELLS_WORDS = ("steroid", "first movement", "in 100", "regrow", "3 weeks", "Phase:", "Vitamins")


def test_suspected_stroke_puts_the_emergency_call_first_and_nothing_bells_after_it() -> None:
    args = [
        "assess",
        "--onset",
        "2026-03-01",
        "--as-of",
        "2026-03-02",
        "--finding",
        "forehead_sparing",
        "--finding",
        "limb_weakness",
        "--age",
        "72",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert out.lower().startswith("emergency: call the emergency services now")
    for word in BELLS_WORDS:
        assert word not in out, word
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).output)
    assert data["actions"][0]["priority"] == "emergency"
    assert data["actions"][0]["code"] == "emergency_services"
    assert data["applicability"]["emergency"] is True
    assert data["milestones"] == [] and data["prognosis"] == []


@pytest.mark.parametrize("finding", ["hearing_loss", "trauma", "speech_disturbance"])
def test_new_findings_are_accepted(finding: str) -> None:
    result = runner.invoke(app, [*QUICK, "--finding", finding, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["red_flags"] == [finding]


def test_a_bad_finding_keeps_the_one_line_error() -> None:
    result = runner.invoke(app, [*QUICK, "--finding", "deafness"])
    assert result.exit_code == 2
    assert "deafness" in result.output and "hearing_loss" in result.output
