"""Per-file tasks: same rows as the single-file commands, errors as rows, per-thread detectors."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bellpath.batch import jobs
from bellpath.batch.jobs import (
    INTERNAL_ERROR,
    FileKind,
    JobOptions,
    assess_case_file,
    close_detectors,
    detector_for,
    measure_photo_file,
)
from bellpath.cli import app
from bellpath.errors import InputError
from bellpath.face.landmarks import FakeDetector, LandmarkDetector

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2026, 9, 1)


def _assess_cli(path: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["assess", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("name", ["quick_recovery.yaml", "red_flag.yaml", "long_recovery.yaml"])
def test_case_row_is_the_assess_json_with_the_file_name(name: str) -> None:
    row = assess_case_file(EXAMPLES / name, JobOptions(as_of=AS_OF))
    assert row.pop("file") == name
    assert row == _assess_cli(EXAMPLES / name, "--as-of", AS_OF.isoformat())


def test_case_without_as_of_uses_the_batch_today(tmp_path: Path) -> None:
    case = tmp_path / "c.json"
    case.write_text(json.dumps({"onset": "2026-01-10"}))
    row = assess_case_file(case, JobOptions(today=dt.date(2026, 2, 9)))
    assert row["as_of"] == "2026-02-09"
    assert row["days_since_onset"] == 30
    kept = tmp_path / "k.yaml"
    kept.write_text("onset: 2026-01-10\nas_of: 2026-01-20\n")
    assert assess_case_file(kept, JobOptions(today=dt.date(2026, 2, 9)))["as_of"] == "2026-01-20"


def test_case_with_a_clinic_profile_sent_as_data(tmp_path: Path) -> None:
    default = assess_case_file(EXAMPLES / "quick_recovery.yaml", JobOptions(as_of=AS_OF))
    other = assess_case_file(
        EXAMPLES / "quick_recovery.yaml", JobOptions(as_of=AS_OF, profile="nice_ng239")
    )
    assert default["reference_profile"] != other["reference_profile"]


@pytest.mark.parametrize(
    ("content", "suffix", "code", "needle"),
    [
        ("onset: notadate\n", ".yaml", "invalid_input", "'onset' must be a date"),
        ("[1, 2", ".json", "invalid_input", "is not valid JSON"),
        ("onset: 2026-01-01\n", ".txt", "invalid_input", "must end in"),
        ("onset: 2026-01-01\nlabs: [{analyte: b12, value: 1, unit: mg}]\n", ".yaml", "", "unit"),
    ],
)
def test_bad_case_files_become_error_rows(
    tmp_path: Path, content: str, suffix: str, code: str, needle: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    row = assess_case_file(path, JobOptions(as_of=AS_OF))
    assert row["file"] == path.name
    assert set(row) == {"file", "error"}
    assert needle in row["error"]["message"]
    if code:
        assert row["error"]["code"] == code


def test_missing_case_file_is_an_error_row(tmp_path: Path) -> None:
    row = assess_case_file(tmp_path / "gone.yaml", JobOptions())
    assert row["file"] == "gone.yaml"
    assert row["error"]["code"] == "invalid_input"
    assert "not found" in row["error"]["message"]
    assert str(tmp_path) not in json.dumps(row)  # the folder never appears in a row


def test_unexpected_error_is_an_internal_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    case = EXAMPLES / "red_flag.yaml"

    def boom(*_: object, **__: object) -> None:
        raise ZeroDivisionError(f"defect while reading {case}")

    monkeypatch.setattr(jobs, "assess", boom)
    row = assess_case_file(case, JobOptions(as_of=AS_OF))
    assert row["error"]["code"] == INTERNAL_ERROR
    assert "ZeroDivisionError: defect while reading red_flag.yaml" in row["error"]["message"]
    assert str(EXAMPLES) not in row["error"]["message"]


_built: list[int] = []


def _counting_factory() -> LandmarkDetector:
    _built.append(threading.get_ident())
    return FakeDetector([])


def test_detector_made_once_per_thread_and_closed() -> None:
    _built.clear()
    close_detectors()
    first = detector_for(_counting_factory)
    assert detector_for(_counting_factory) is first
    other: list[LandmarkDetector] = []
    thread = threading.Thread(target=lambda: other.append(detector_for(_counting_factory)))
    thread.start()
    thread.join()
    assert len(_built) == 2
    assert other[0] is not first
    assert close_detectors() == 1
    assert detector_for(_counting_factory) is not first


def test_photo_errors_are_rows(tmp_path: Path) -> None:
    bad = tmp_path / "01_rest.jpg"
    bad.write_bytes(b"not a photo")
    options = JobOptions(photo_detector=_counting_factory)
    row = measure_photo_file(bad, options)
    assert row == {"file": "01_rest.jpg", "error": row["error"]}
    assert row["error"]["code"] == "unreadable"
    close_detectors()


def test_kinds_parse_and_collect(tmp_path: Path) -> None:
    assert FileKind.parse(" Photos ") is FileKind.PHOTOS
    with pytest.raises(InputError, match="must be one of cases, photos, videos") as info:
        FileKind.parse("pictures")
    assert info.value.field == "KIND"
    for name in ("b.yaml", "a.JSON", "c.yml", "notes.txt", ".hidden.yaml", "v.mp4", "p.jpg"):
        (tmp_path / name).write_text("x")
    named = tmp_path / "named.txt"
    assert [p.name for p in FileKind.CASES.collect([tmp_path, named])] == [
        "a.JSON",
        "b.yaml",
        "c.yml",
        "named.txt",
    ]
    assert [p.name for p in FileKind.VIDEOS.collect([tmp_path])] == ["v.mp4"]
    assert [p.name for p in FileKind.PHOTOS.collect([tmp_path])] == ["p.jpg"]
    assert FileKind.VIDEOS.noun == "video"
