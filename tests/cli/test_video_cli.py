"""`bellpath video`: formats, chart, annotated copy, batch, case records, bad options."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bellpath.camera.synthetic import astronaut_face
from bellpath.case import Side
from bellpath.caseio import load_case
from bellpath.cli import app
from bellpath.video.decode import probe
from bellpath.video.script import Move
from bellpath.video.synthetic import write_clip

pytestmark = pytest.mark.slow

FRAMES = 60


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 s at 15 fps: the right side smiles 5 mm, the left 2 mm, the left eye narrows 5 mm."""
    folder = tmp_path_factory.mktemp("video_cli")
    smile = Move("smile", 1.0, {"smile.right": 5.0, "smile.left": 2.0, "eye.left": 5.0})
    return write_clip(folder / "smile.mp4", astronaut_face(3.0), [smile], fps=15, duration_s=4.0)


def _run(*args: str, progress: bool = False) -> tuple[int, str, str]:
    flags = [] if progress else ["--no-progress"]
    result = CliRunner().invoke(app, ["video", *args, *flags])
    return result.exit_code, result.stdout, result.stderr


def test_text_summary(clip: Path) -> None:
    code, out, err = _run(str(clip), "--side", "left")
    assert code == 0, err
    assert "smile" in out
    assert "ocular-oral synkinesis: DETECTED" in out
    assert "never prescribes doses" in out
    assert "processed on this machine only" in out


def test_json_contract(clip: Path) -> None:
    code, out, _ = _run(str(clip), "--side", "left", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["file"] == "smile.mp4"
    assert data["frames"] == FRAMES
    assert data["affected_side"] == "left"
    [smile] = data["expressions"]
    assert smile["label"] == "smile"
    assert smile["excursion"]["commissure_excursion"]["ratio"] < 0.75
    assert data["synkinesis"]["ocular_oral"]["detected"] is True
    assert data["synkinesis"]["ocular_oral"]["side"] == "left"


def test_per_frame_csv(clip: Path, tmp_path: Path) -> None:
    code, out, _ = _run(str(clip), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == FRAMES
    for column in ("time_s", "accepted", "reject_reason", "yaw", "pitch", "roll", "mm_per_px"):
        assert column in rows[0]
    assert "brow_height.right" in rows[0]
    assert "commissure_excursion.left" in rows[0]
    target = tmp_path / "frames.csv"
    code, _, err = _run(str(clip), "--format", "csv", "--landmarks", "-o", str(target))
    assert code == 0
    assert f"wrote {target}" in err
    header = target.read_text().splitlines()[0].split(",")
    assert "lm477_y" in header


def test_chart_and_annotated_copy(clip: Path, tmp_path: Path) -> None:
    chart = tmp_path / "chart.png"
    annotated = tmp_path / "annotated.mp4"
    code, _, err = _run(str(clip), "--chart", str(chart), "--annotated", str(annotated))
    assert code == 0, err
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert probe(annotated).frames == FRAMES


def test_batch_folder_with_a_bad_file(clip: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.mp4").write_bytes(clip.read_bytes())
    (folder / "b.mp4").write_text("not a video")
    (folder / "notes.txt").write_text("ignored")
    code, out, err = _run(str(folder), "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [r["file"] for r in rows] == ["a.mp4", "b.mp4"]
    assert rows[1]["error"]["code"] == "unreadable"
    assert "1 of 2 video(s) could not be analysed" in err


def test_record_in_a_case_file(clip: Path, tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(
        yaml.safe_dump({"onset": "2026-01-05", "as_of": "2026-06-01", "affected_side": "left"})
    )
    code, _, err = _run(
        str(clip), "--side", "left", "--record", str(case_file), "--date", "2026-05-20"
    )
    assert code == 0, err
    assert "synkinesis added to complications" in err
    case = load_case(case_file)
    assert case.affected_side is Side.LEFT
    assert [c.value for c in case.complications] == ["synkinesis"]
    [entry] = case.video_measures
    assert entry.date.isoformat() == "2026-05-20"
    assert entry.file_name == "smile.mp4"
    assert entry.ocular_oral is not None
    assert entry.ocular_oral.detected
    # A second record adds a second entry and never duplicates the complication.
    code, _, err = _run(
        str(clip), "--side", "left", "--record", str(case_file), "--date", "2026-05-27"
    )
    assert code == 0
    assert "synkinesis added" not in err
    case = load_case(case_file)
    assert len(case.video_measures) == 2
    assert [c.value for c in case.complications] == ["synkinesis"]


def test_record_after_as_of_leaves_the_file_untouched(clip: Path, tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    original = yaml.safe_dump({"onset": "2026-01-05", "as_of": "2026-02-01"})
    case_file.write_text(original)
    code, _, err = _run(str(clip), "--record", str(case_file), "--date", "2026-05-20")
    assert code == 2
    assert "video_measures.0.date" in err
    assert case_file.read_text() == original


def test_segments_file(clip: Path, tmp_path: Path) -> None:
    segments = tmp_path / "segments.json"
    segments.write_text(json.dumps([{"label": "snarl", "start_s": 0.8, "end_s": 3.2}]))
    code, out, _ = _run(str(clip), "--segments", str(segments), "--format", "json")
    assert code == 0
    assert [e["label"] for e in json.loads(out)["expressions"]] == ["snarl"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--side", "middle"], "'--side' must be one of left, right, unknown (got 'middle')"),
        (["--format", "xml"], "'--format' must be one of text, json, csv (got 'xml')"),
        (["--landmarks"], "'--landmarks' needs --format csv"),
        (["--mm-per-px", "-1"], "'--mm-per-px' must be a positive number"),
        (["--max-seconds", "0"], "'--max-seconds' must be between 1 and 7200 (got 0.0)"),
        (["--date", "May 1", "--record", "case.yaml"], "'--date' must be a date as YYYY-MM-DD"),
    ],
    ids=["side", "format", "landmarks", "scale", "max-seconds", "date"],
)
def test_bad_options(clip: Path, args: list[str], message: str) -> None:
    code, _, err = _run(str(clip), *args)
    assert code == 2
    assert message in err


def test_bad_segments_file(clip: Path, tmp_path: Path) -> None:
    segments = tmp_path / "segments.csv"
    segments.write_text("label,start_s,end_s\nsmile,3,2\n")
    code, _, err = _run(str(clip), "--segments", str(segments))
    assert code == 2
    assert "'segments.0.end_s' (2) must be after 'segments.0.start_s' (3)" in err


def test_empty_folder(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path))
    assert code == 2
    assert "no videos found" in err


def test_progress_goes_to_stderr_and_fast_mirror_options(clip: Path) -> None:
    code, out, _ = _run(str(clip), "--format", "json", "--fast", "--mirror", progress=True)
    assert code == 0
    data = json.loads(out)  # stdout stays clean JSON with the bar on
    assert [e["label"] for e in data["expressions"]] == ["smile"]


def test_record_refuses_a_side_that_contradicts_the_case(clip: Path, tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    original = yaml.safe_dump(
        {"onset": "2026-01-05", "as_of": "2026-06-01", "affected_side": "right"}
    )
    case_file.write_text(original)
    code, _, err = _run(
        str(clip), "--side", "left", "--record", str(case_file), "--date", "2026-05-20"
    )
    assert code == 2
    assert "the case file says the affected side is right" in err
    assert case_file.read_text() == original
