"""Streaming output: JSON Lines and CSV, flat rows per kind, nothing half-written."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bellpath.batch.flat import BASE_COLUMNS, flatten, flatten_case, flatten_video
from bellpath.batch.jobs import FileKind, JobOptions, Row, assess_case_file, error_row
from bellpath.batch.run import OutputFormat, run_batch, write_rows
from bellpath.camera.export import flatten_row
from bellpath.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = dt.date(2026, 11, 24)


def _case_rows() -> list[Row]:
    options = JobOptions(today=TODAY)
    rows = [assess_case_file(p, options) for p in sorted(EXAMPLES.glob("*.yaml"))]
    rows.append(error_row("bad.yaml", "invalid_input", "'onset' is required"))
    return rows


def test_jsonl_one_line_per_row_in_order(tmp_path: Path) -> None:
    rows = _case_rows()
    out = tmp_path / "cases.jsonl"
    assert write_rows(iter(rows), out, OutputFormat.JSONL, FileKind.CASES) == len(rows)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == rows


def test_csv_summary_of_cases(tmp_path: Path) -> None:
    rows = _case_rows()
    out = tmp_path / "cases.csv"
    seen: list[str] = []
    write_rows(
        iter(rows), out, OutputFormat.CSV, FileKind.CASES, on_row=lambda r: seen.append(r["file"])
    )
    assert seen == [r["file"] for r in rows]
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames is not None
        assert reader.fieldnames[: len(BASE_COLUMNS[FileKind.CASES])] == list(
            BASE_COLUMNS[FileKind.CASES]
        )
        table = {r["file"]: r for r in reader}
    red = table["red_flag.yaml"]
    assert red["red_flags"] == "forehead_sparing;gradual_onset"
    assert red["urgent_actions"].split(";")[0] == "urgent_assessment"  # red flags first
    assert red["error_code"] == ""
    assert table["bad.yaml"]["error_code"] == "invalid_input"
    assert table["bad.yaml"]["phase"] == ""
    graded = [r for r in rows if r.get("scores")]
    assert graded, "an example with gradings gives a latest score"
    assert table[graded[0]["file"]]["latest_score"] == str(graded[0]["scores"][-1]["primary"])
    assert not list(tmp_path.glob(".*"))  # the spool and temporary files are gone


def test_flatten_case_reads_every_summary_field() -> None:
    row = {
        "file": "c.yaml",
        "as_of": "2026-02-01",
        "phase": "early",
        "days_since_onset": 20,
        "nerve_damage": "undetermined",
        "first_movement_window": {"earliest": "2026-02-05", "latest": "2026-03-01"},
        "vitamins": {"b12": {"status": "deficient"}},
        "actions": [
            {"code": "eye_protection", "priority": "urgent"},
            {"code": "lab_test", "priority": "routine"},
        ],
        "red_flags": [],
        "reference_profile": "bsh2014",
        "scores": [],
    }
    flat = flatten_case(row)
    assert flat["urgent_actions"] == "eye_protection"
    assert flat["actions"] == "eye_protection;lab_test"
    assert flat["first_movement_earliest"] == "2026-02-05"
    assert flat["b12_status"] == "deficient"
    assert "latest_score" not in flat


def test_flatten_video_ratios_per_expression() -> None:
    row: dict[str, Any] = {
        "file": "v.mp4",
        "duration_s": 4.0,
        "frames": 60,
        "calibration": {"method": "iris"},
        "expressions": [
            {"label": "smile", "excursion": {"commissure_excursion": {"ratio": 0.4}}},
            {"label": "smile", "excursion": {"commissure_excursion": {"ratio": 0.5}}},
        ],
        "synkinesis": {"ocular_oral": {"detected": True, "index": 12.5}, "oral_ocular": {}},
        "warnings": [{"code": "side_unknown", "message": "..."}],
    }
    flat = flatten_video(row)
    assert flat["expressions"] == "smile;smile"
    assert flat["smile_commissure_excursion_ratio"] == 0.4
    assert flat["smile2_commissure_excursion_ratio"] == 0.5
    assert flat["ocular_oral_detected"] is True
    assert flat["oral_ocular_detected"] is None
    assert flat["calibration_method"] == "iris"
    assert flat["warnings"] == "side_unknown"
    assert flatten_video(error_row("x.mp4", "no_face", "m")) == {
        "file": "x.mp4",
        "error_code": "no_face",
        "error_message": "m",
    }


def test_photo_rows_flatten_as_the_photo_csv() -> None:
    row = {"file": "a.jpg", "calibration": {"method": "iris", "mm_per_px": 0.1}, "measures": {}}
    assert flatten(FileKind.PHOTOS, row) == flatten_row(row, landmarks=False)


def test_interrupted_batch_leaves_no_file(tmp_path: Path) -> None:
    def rows() -> Iterator[Row]:
        yield error_row("a.yaml", "invalid_input", "m")
        raise KeyboardInterrupt

    for fmt in OutputFormat:
        out = tmp_path / f"out.{fmt.value}"
        with pytest.raises(KeyboardInterrupt):
            write_rows(rows(), out, fmt, FileKind.CASES)
        assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_replaced_only_at_the_end(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n")

    def rows() -> Iterator[Row]:
        yield error_row("a.yaml", "invalid_input", "m")
        assert out.read_text() == "previous run\n"

    write_rows(rows(), out, OutputFormat.JSONL, FileKind.CASES)
    assert json.loads(out.read_text())["file"] == "a.yaml"


def test_output_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write") as info:
        write_rows(iter([]), tmp_path / "missing" / "o.csv", OutputFormat.CSV, FileKind.CASES)
    assert info.value.field == "-o"


@pytest.mark.parametrize(
    ("value", "name", "expected"),
    [
        (None, "a.csv", OutputFormat.CSV),
        (None, "a.JSONL", OutputFormat.JSONL),
        (None, "a.ndjson", OutputFormat.JSONL),
        ("jsonl", "a.csv", OutputFormat.JSONL),
        (" CSV ", "a.txt", OutputFormat.CSV),
    ],
)
def test_output_format_choice(value: str | None, name: str, expected: OutputFormat) -> None:
    assert OutputFormat.choose(value, Path(name)) is expected


def test_output_format_errors_name_the_field() -> None:
    with pytest.raises(InputError, match="must be one of csv, jsonl") as info:
        OutputFormat.choose("xlsx", Path("a.xlsx"))
    assert info.value.field == "--format"
    assert info.value.received == "xlsx"
    with pytest.raises(InputError, match=r"does not end in \.csv or \.jsonl") as info:
        OutputFormat.choose(None, Path("a.txt"))
    assert info.value.field == "--format"


def test_run_batch_in_process_counts_failures(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    bad = tmp_path / "in" / "bad.yaml"
    bad.write_text("onset: [\n")
    files = [EXAMPLES / "red_flag.yaml", bad]
    summary = run_batch(
        FileKind.CASES, files, JobOptions(today=TODAY), tmp_path / "o.jsonl", OutputFormat.JSONL
    )
    assert (summary.total, summary.failed, summary.succeeded) == (2, 1, 1)
    rows = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert [r["file"] for r in rows] == ["red_flag.yaml", "bad.yaml"]  # input order in-process
