"""`bellpath grade`: every scale from options or a file, text and JSON, and each bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bellpath.cli import app

runner = CliRunner()
EXPR = ["brow_lift", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker"]


def _sunnybrook_items(vol: int, syn: int) -> list[str]:
    args = ["--item", "resting.eye=narrow", "--item", "resting.cheek=less_pronounced"]
    args += ["--item", "resting.mouth=normal"]
    for k in EXPR:
        args += ["--item", f"voluntary.{k}={vol}", "--item", f"synkinesis.{k}={syn}"]
    return args


def test_sunnybrook_from_options_as_json() -> None:
    result = runner.invoke(
        app, ["grade", "sunnybrook", *_sunnybrook_items(4, 1), "--date", "2026-03-01",
              "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # resting (1+1+0)*5 = 10; voluntary 20*4 = 80; synkinesis 5 -> 65
    assert data["scores"] == {"resting": 10, "voluntary": 80, "synkinesis": 5, "composite": 65}
    assert data["date"] == "2026-03-01"


def test_house_brackmann_text_has_description_source_and_disclaimer() -> None:
    result = runner.invoke(app, ["grade", "hb", "--grade", "iv", "--date", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "grade IV (moderately severe dysfunction)" in result.output
    assert "House JW" in result.output
    assert "never prescribes doses" in result.output


def test_house_brackmann_from_regions() -> None:
    args = ["grade", "house_brackmann", "--format", "json"]
    for pair in (
        "gross=obvious_not_disfiguring",
        "rest=normal",
        "forehead=slight_to_moderate",
        "eye=complete_with_effort",
        "mouth=slightly_weak_max_effort",
    ):
        args += ["--item", pair]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scores"] == {"grade": 3, "derived": True}


def test_questionnaires_and_totals() -> None:
    saq = runner.invoke(app, ["grade", "saq", "--items", "1,1,1,1,1,1,1,1,1", "--format", "json"])
    assert json.loads(saq.output)["scores"] == {"total": 20.0}
    face = runner.invoke(app, ["grade", "face", "--items", ",".join(["5"] * 15)])
    assert "total 100" in face.output
    eface = runner.invoke(app, ["grade", "eface", "--total", "55.5", "--format", "json"])
    assert json.loads(eface.output)["scores"]["total"] == 55.5
    sb = runner.invoke(app, ["grade", "sunnybrook", "--composite", "-5"])
    assert "shown as 0 on the published 0-100 range" in sb.output


def test_from_file_with_options_added(tmp_path: Path) -> None:
    entry = {"date": "2026-02-01", "scale": "eface", "items": {
        "brow_rest": 100, "palpebral_fissure_rest": 130, "nasolabial_fold_rest": 100,
        "oral_commissure_rest": 100, "brow_elevation": 80, "gentle_eye_closure": 80,
        "full_eye_closure": 80, "oral_commissure_smile": 80, "nasolabial_fold_depth_smile": 80,
        "nasolabial_fold_orientation_smile": 80, "lower_lip_eee": 80, "ocular_synkinesis": 90,
        "midfacial_synkinesis": 90, "mentalis_synkinesis": 90, "platysmal_synkinesis": 90,
    }}  # fmt: skip
    path = tmp_path / "eface.json"
    path.write_text(json.dumps(entry))
    result = runner.invoke(
        app,
        ["grade", "eface", "--file", str(path), "--item", "lower_lip_eee=45", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]
    assert scores["static"] == 92.5
    assert scores["dynamic"] == 75.0
    assert scores["regions"]["lower_face"] == 75.0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["grade", "nose"], "'SCALE' must be one of house_brackmann, sunnybrook"),
        (["grade", "hb", "--grade", "7"], "'house_brackmann.grade' must be"),
        (["grade", "saq", "--items", "1,2,3"], "'saq.items' must hold exactly 9 answers (got 3)"),
        (["grade", "sunnybrook", "--item", "snarl=3"], "must be PART.KEY=VALUE"),
        (["grade", "sunnybrook", "--item", "voluntary.snarl"], "must look like KEY=VALUE"),
        (["grade", "saq", "--item", "a=1"], "does not apply to saq"),
        (["grade", "sunnybrook", "--composite", "101"], "'sunnybrook.composite' must be"),
        (["grade", "hb", "--grade", "2", "--format", "xml"], "'--format' must be one of"),
        (["grade", "hb"], "'house_brackmann.grade' is missing"),
        (["grade", "hb", "--grade", "2", "--date", "soon"], "'house_brackmann.date'"),
    ],
    ids=["scale", "hb-range", "saq-count", "sb-item-shape", "item-shape", "item-on-list-scale",
         "sb-composite", "format", "nothing-given", "bad-date"],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_file_of_another_scale_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "saq.yaml"
    path.write_text("scale: saq\nitems: [1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
    result = runner.invoke(app, ["grade", "face", "--file", str(path)])
    assert result.exit_code == 2
    assert "'--file' holds a saq grading, not face" in result.output
