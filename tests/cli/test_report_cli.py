"""`bellpath report` through Typer's runner: PDFs from case files and stored patients, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from PIL import Image
from pypdf import PdfReader
from skimage import data as samples
from typer.testing import CliRunner

from bellpath.cli import app
from bellpath.examples import example_path

runner = CliRunner()


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_clinician_report_from_a_case_file(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = runner.invoke(
        app, ["report", str(example_path("red_flag")), "-o", str(out), "--name", "Zoë Ångström"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote clinician report" in result.output
    text = _text(out)
    assert text.index("RED FLAGS") < text.index("Episode")
    assert "Zoë Ångström" in text


def test_patient_report_and_as_of(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    args = ["report", str(example_path()), "-o", str(out), "--audience", "patient"]
    result = runner.invoke(app, [*args, "--as-of", "2026-06-01"])
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert "Your Bell's palsy recovery" in text
    assert "as of 1 Jun 2026" in text


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    case = str(example_path())
    cases = [
        (["report", case, "-o", str(tmp_path / "r.txt")], "'--output' must end in .pdf"),
        (
            ["report", case, "-o", str(tmp_path / "r.pdf"), "--audience", "doctor"],
            "'--audience' must be one of clinician, patient (got 'doctor')",
        ),
        (["report", "-o", str(tmp_path / "r.pdf")], "either a CASE_FILE or --patient"),
        (["report", case, "-o", str(tmp_path / "r.pdf"), "--as-of", "soon"], "'--as-of'"),
        (["report", case, "-o", str(tmp_path / "r.pdf"), "--as-of", "2000-01-01"], "onset"),
        (["report", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "r.pdf")], "missing"),
        (["report", case, "-o", str(tmp_path / "no" / "r.pdf")], "does not exist"),
        (["report", "--patient", "1", "-o", str(tmp_path / "r.pdf")], "'--as' is required"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert list(tmp_path.iterdir()) == []


def test_photo_beside_the_case_file_becomes_a_thumbnail(tmp_path: Path) -> None:
    Image.fromarray(samples.astronaut()).save(tmp_path / "visit.png")  # type: ignore[no-untyped-call]
    case = yaml.safe_load(example_path().read_text())
    case["photo_measures"] = [
        {
            "date": "2026-02-20",
            "expression": "rest",
            "file_name": "visit.png",
            "calibration": {"method": "iris", "mm_per_px": 0.1},
            "measures": {"palpebral_fissure": {"right": 10.0, "left": 8.0, "difference": 2.0}},
        }
    ]
    case_file = tmp_path / "case.yaml"
    case_file.write_text(yaml.safe_dump(case))
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["report", str(case_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "visit.png: landmarks, midline and measures" in _text(out)
    result = runner.invoke(app, ["report", str(case_file), "-o", str(out), "--no-thumbnail"])
    assert result.exit_code == 0, result.output
    assert "landmarks, midline" not in _text(out)
