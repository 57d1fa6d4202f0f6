"""`bellpath batch`: exit codes, formats, the in-process path, one local cluster, bad options."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bellpath.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-11-24"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["batch", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("quick_recovery.yaml", "red_flag.yaml"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    return folder


def _assess(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["assess", str(path), "--format", "json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_help_lists_the_three_kinds() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    for kind in ("cases", "photos", "videos"):
        assert kind in out
    words = " ".join(out.replace("│", " ").split())
    assert "never prescribes doses" in words


def test_serial_all_good_exit_0(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "rows.jsonl"
    code, stdout, err = _run("cases", str(cases), "-o", str(out), "--serial", "--as-of", AS_OF)
    assert code == 0, err
    assert stdout == ""
    assert "2 case row(s)" in err
    assert "in this process" in err
    assert "nothing was uploaded" in err
    assert "never prescribes doses" in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["file"] for r in rows] == ["quick_recovery.yaml", "red_flag.yaml"]
    for row in rows:
        assert {k: v for k, v in row.items() if k != "file"} == _assess(cases / row["file"])


def test_a_small_batch_runs_in_process_by_default(cases: Path, tmp_path: Path) -> None:
    code, _, err = _run("cases", str(cases), "-o", str(tmp_path / "o.csv"))
    assert code == 0, err
    assert "in this process, quicker than a cluster for this many; --workers N starts one" in err


def test_a_bad_file_gets_its_row_and_exit_1(cases: Path, tmp_path: Path) -> None:
    (cases / "broken.json").write_text("{not json")
    (cases / "notes.txt").write_text("not a case: skipped in a folder")
    out = tmp_path / "rows.csv"
    code, _, err = _run("cases", str(cases), "-o", str(out), "--serial", "--as-of", AS_OF)
    assert code == 1
    assert "1 of 3 case(s) could not be processed (see their error rows)" in err
    with out.open(encoding="utf-8", newline="") as handle:
        table = {r["file"]: r for r in csv.DictReader(handle)}
    assert set(table) == {"broken.json", "quick_recovery.yaml", "red_flag.yaml"}
    assert table["broken.json"]["error_code"] == "invalid_input"
    assert "not valid JSON" in table["broken.json"]["error_message"]
    assert table["red_flag.yaml"]["phase"] != ""
    assert str(cases) not in out.read_text()  # rows name files, never their folder


def test_files_sharing_a_name_are_pointed_out(cases: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "red_flag.yaml").write_bytes((cases / "red_flag.yaml").read_bytes())
    out = tmp_path / "o.jsonl"
    code, _, err = _run("cases", str(cases), str(other), "-o", str(out), "--as-of", AS_OF)
    assert code == 0, err
    assert "1 file name(s) occur in more than one folder (red_flag.yaml)" in err
    assert len(out.read_text().splitlines()) == 3  # every file still gets its row


def test_named_missing_file_is_a_row(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "rows.jsonl"
    code, _, _ = _run("cases", str(cases / "gone.yaml"), "-o", str(out), "--serial")
    assert code == 1
    [row] = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["file"] == "gone.yaml"
    assert "not found" in row["error"]["message"]


@pytest.mark.slow
def test_local_cluster_of_two_workers(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "rows.jsonl"
    code, _, err = _run(
        "cases", str(cases), "-o", str(out), "--workers", "2", "--as-of", AS_OF, "--no-progress"
    )
    assert code == 0, err
    assert "2 local worker processes" in err
    rows = {json.loads(line)["file"]: json.loads(line) for line in out.read_text().splitlines()}
    for name, row in rows.items():
        assert {k: v for k, v in row.items() if k != "file"} == _assess(cases / name)


def test_clinic_profile_file(cases: Path, tmp_path: Path) -> None:
    profile = tmp_path / "bad_profile.yaml"
    profile.write_text("key: [\n")
    code, _, err = _run(
        "cases", str(cases), "-o", str(tmp_path / "o.csv"), "--serial", "--profile", str(profile)
    )
    assert code == 2
    assert "'--profile'" in err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--scheduler", "localhost:8786"], "'--scheduler' must look like tcp://HOST:PORT"),
        (["--scheduler", "http://h:1"], "'--scheduler' must start with tcp:// or tls://"),
        (["--scheduler", "tcp://127.0.0.1:9", "--workers", "2"], "'--workers' sets the local"),
        (["--scheduler", "tcp://127.0.0.1:9", "--serial"], "'--serial' runs in this process"),
        (["--workers", "0"], "'--workers' must be between 1 and 64 (got 0)"),
        (["--format", "xlsx"], "'--format' must be one of csv, jsonl (got 'xlsx')"),
        (["--as-of", "24/11/2026"], "'--as-of' must be a date as YYYY-MM-DD (got '24/11/2026')"),
        (["--profile", "who"], "'--profile' must be one of bsh2014, nice_ng239"),
        (["--b6-limit", "fda"], "'--b6-limit' must be one of efsa, iom, uk_evm"),
    ],
)
def test_bad_options_exit_2_naming_the_field(
    cases: Path, tmp_path: Path, args: list[str], needle: str
) -> None:
    out = tmp_path / "o.csv"
    code, _, err = _run("cases", str(cases), "-o", str(out), *args)
    assert code == 2
    assert needle in err
    assert err.startswith("error: ")
    assert not out.exists()


def test_unreachable_scheduler_exit_2(cases: Path, tmp_path: Path) -> None:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = f"tcp://127.0.0.1:{port}"
    code, _, err = _run(
        "cases",
        str(cases),
        "-o",
        str(tmp_path / "o.csv"),
        "--scheduler",
        target,
        "--connect-timeout",
        "0.5",
    )
    assert code == 2
    assert f"cannot reach the Dask scheduler at {target}" in err
    assert "dask scheduler" in err


@pytest.mark.parametrize(
    ("kind", "args", "needle"),
    [
        ("photos", ["--side", "middle"], "'--side' must be one of left, right, unknown"),
        ("photos", ["--expression", "wink"], "'--expression'"),
        ("photos", ["--mm-per-px", "0"], "'--mm-per-px' must be a positive number"),
        ("videos", ["--side", "both"], "'--side' must be one of left, right, unknown"),
        ("videos", ["--mm-per-px", "500"], "at most 100"),
    ],
)
def test_bad_photo_and_video_options(
    tmp_path: Path, kind: str, args: list[str], needle: str
) -> None:
    code, _, err = _run(kind, str(tmp_path), "-o", str(tmp_path / "o.csv"), *args)
    assert code == 2
    assert needle in err


def test_output_problems_exit_2(cases: Path, tmp_path: Path) -> None:
    code, _, err = _run("cases", str(cases), "-o", str(tmp_path / "o.txt"), "--serial")
    assert code == 2
    assert "'--format' must be csv or jsonl when -o does not end in .csv or .jsonl" in err
    code, _, err = _run("cases", str(cases), "-o", str(tmp_path), "--format", "csv", "--serial")
    assert code == 2
    assert "'-o' must be a file, not a folder" in err
    code, _, err = _run("cases", str(cases), "-o", str(tmp_path / "no" / "o.csv"), "--serial")
    assert code == 2
    assert "cannot write" in err


def test_empty_folder_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _run("videos", str(empty), "-o", str(tmp_path / "o.csv"))
    assert code == 2
    assert "no videos found (.mp4" in err


def test_the_command_line_does_not_load_dask_until_a_cluster_is_needed() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = "import sys, bellpath.cli, bellpath.batch; print('distributed' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
