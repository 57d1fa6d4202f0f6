"""On a Dask cluster: a LocalCluster of 2 worker processes shared by this module.

The rows must be the ones the single-file commands give for the same files, whatever worker
processed them, and reaching a cluster by address (``--scheduler``) must work like a clinic's.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from distributed import Client
from PIL import Image
from typer.testing import CliRunner

from bellpath.batch import run
from bellpath.batch.cluster import SchedulerAddress, open_client, parse_scheduler
from bellpath.batch.jobs import FileKind, JobOptions, Row
from bellpath.batch.run import CLUSTER_PAYS_FROM, chunk_size_for, iter_rows, worth_a_cluster
from bellpath.cli import app
from bellpath.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-11-24"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with open_client(None, 2) as started:
        yield started


@pytest.fixture(scope="module")
def address(client: Client) -> str:
    return str(client.scheduler_info()["address"])


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cases")
    for example in EXAMPLES.glob("*.yaml"):
        (folder / example.name).write_bytes(example.read_bytes())
    (folder / "broken.yaml").write_text("onset: 2026-01-0\n")
    return folder


def _by_file(rows: list[Row]) -> dict[str, Row]:
    return {row["file"]: row for row in rows}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args, "--no-progress"])
    return result.exit_code, result.stderr


def _jsonl(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tcp://10.0.0.5:8786", SchedulerAddress("tcp", "10.0.0.5", 8786)),
        (
            " tls://scheduler.clinic.example:8786 ",
            SchedulerAddress("tls", "scheduler.clinic.example", 8786),
        ),
        ("tcp://[::1]:8786", SchedulerAddress("tcp", "[::1]", 8786)),
    ],
)
def test_scheduler_addresses(text: str, expected: SchedulerAddress) -> None:
    assert parse_scheduler(text) == expected
    assert str(parse_scheduler(text)) == text.strip()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("10.0.0.5:8786", "must look like tcp://HOST:PORT"),
        ("tcp://10.0.0.5", "must look like tcp://HOST:PORT"),
        ("tcp://host name:8786", "must look like tcp://HOST:PORT"),
        ("http://10.0.0.5:8786", "must start with tcp:// or tls://"),
        ("tcp://10.0.0.5:0", "port must be between 1 and 65535"),
        ("tcp://10.0.0.5:70000", "port must be between 1 and 65535"),
    ],
)
def test_bad_scheduler_addresses_name_the_field(text: str, needle: str) -> None:
    with pytest.raises(InputError, match=needle) as info:
        parse_scheduler(text)
    assert info.value.field == "--scheduler"
    assert info.value.received == text
    assert repr(text) in info.value.message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_unreachable_scheduler_is_an_input_error() -> None:
    target = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(InputError, match="cannot reach the Dask scheduler") as info:
        open_client(target, 1, timeout_s=0.5)
    assert info.value.field == "--scheduler"
    assert info.value.received == target
    assert "dask scheduler" in info.value.message


def test_a_scheduler_without_workers_is_an_input_error() -> None:
    from distributed import LocalCluster  # noqa: PLC0415

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=0,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as empty:
        target = str(empty.scheduler_address)
        with pytest.raises(InputError, match="has no workers") as info:
            open_client(target, 1, timeout_s=0.5)
    assert info.value.field == "--scheduler"
    assert f"dask worker {target}" in info.value.message


@pytest.mark.parametrize("workers", [0, 65])
def test_workers_out_of_range(workers: int) -> None:
    with pytest.raises(InputError, match="'--workers' must be between 1 and 64") as info:
        open_client(None, workers)
    assert info.value.field == "--workers"


# --------------------------------------------------------------------------- the cluster


def test_local_cluster_is_private(client: Client) -> None:
    info = client.scheduler_info()
    assert str(client.scheduler_info()["address"]).startswith("tcp://127.0.0.1:")
    assert len(info["workers"]) == 2
    assert all(w["nthreads"] == 1 for w in info["workers"].values())
    assert all(w["host"] == "127.0.0.1" for w in info["workers"].values())
    http_host = client.run_on_scheduler(  # type: ignore[no-untyped-call]
        lambda dask_scheduler: dask_scheduler.http_server.address
    )
    assert http_host == "127.0.0.1"  # health checks only, on loopback: nothing reachable outside


def test_cluster_rows_equal_in_process_rows(client: Client, cases: Path) -> None:
    files = FileKind.CASES.collect([cases])
    options = JobOptions(today=dt.date.fromisoformat(AS_OF))
    serial = list(iter_rows(FileKind.CASES, files, options))
    distributed = list(iter_rows(FileKind.CASES, files, options, client=client))
    assert len(distributed) == len(files)
    assert _by_file(distributed) == _by_file(serial)
    assert _by_file(distributed)["broken.yaml"]["error"]["code"] == "invalid_input"


def test_one_task_in_flight_still_processes_every_file(client: Client, cases: Path) -> None:
    files = FileKind.CASES.collect([cases]) * 3
    rows = list(iter_rows(FileKind.CASES, files, JobOptions(), client=client, in_flight=1))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in files)


def test_chunks_of_files_per_task(client: Client, cases: Path) -> None:
    files = FileKind.CASES.collect([cases]) * 3
    rows = list(iter_rows(FileKind.CASES, files, JobOptions(), client=client, chunk_size=4))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in files)


def test_a_failed_task_gives_an_error_row_per_file(
    client: Client, cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A task that raises stands for a lost worker: every file of its chunk gets its own row.
    monkeypatch.setattr(run, "run_chunk", lambda kind, chunk, options: 1 / 0)
    files = FileKind.CASES.collect([cases])
    rows = list(iter_rows(FileKind.CASES, files, JobOptions(), client=client, chunk_size=2))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in files)
    for row in rows:
        assert row["error"]["code"] == "internal_error"
        assert "ZeroDivisionError" in row["error"]["message"]


@pytest.mark.parametrize(
    ("kind", "files", "workers", "expected"),
    [
        (FileKind.CASES, 1000, 2, 64),
        (FileKind.CASES, 40, 2, 5),
        (FileKind.CASES, 1, 8, 1),
        (FileKind.PHOTOS, 1000, 2, 8),
        (FileKind.PHOTOS, 24, 2, 3),
        (FileKind.VIDEOS, 500, 2, 1),
    ],
)
def test_chunk_size_amortises_and_balances(
    kind: FileKind, files: int, workers: int, expected: int
) -> None:
    assert chunk_size_for(kind, files, workers) == expected


def test_cli_on_a_scheduler_matches_assess_json(address: str, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "cases.jsonl"
    code, err = _run("cases", str(cases), "-o", str(out), "--scheduler", address)
    assert code == 1, err
    assert "1 of 6 case(s) could not be processed" in err
    assert address in err
    rows = _by_file(_jsonl(out))
    assert set(rows) == {p.name for p in cases.iterdir()}
    for name, row in rows.items():
        if name == "broken.yaml":
            assert set(row) == {"file", "error"}
            continue
        result = CliRunner().invoke(app, ["assess", str(cases / name), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        expected: dict[str, Any] = json.loads(result.stdout)
        assert {k: v for k, v in row.items() if k != "file"} == expected


# --------------------------------------------------------------------------- photos and videos


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415  (MediaPipe)

    folder = tmp_path_factory.mktemp("photos")
    image = np.array(astronaut_face(3.0).image, dtype=np.uint8)
    Image.fromarray(image).save(folder / "01_rest.png")
    Image.fromarray(np.roll(image, 4, axis=1)).save(folder / "02_smile.jpg", quality=92)
    (folder / "03_pucker.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    Image.new("RGB", (300, 300), (200, 180, 160)).save(folder / "04_eee.jpg")  # no face
    return folder


@pytest.mark.slow
def test_photos_on_the_cluster_match_bellpath_photo(
    address: str, photos: Path, tmp_path: Path
) -> None:
    out = tmp_path / "photos.jsonl"
    code, err = _run(
        "photos", str(photos), "--side", "left", "-o", str(out), "--scheduler", address
    )
    assert code == 1, err
    assert "2 of 4 photo(s) could not be processed" in err
    reference = CliRunner().invoke(
        app, ["photo", str(photos), "--side", "left", "--format", "json"]
    )
    assert reference.exit_code == 1
    assert _by_file(_jsonl(out)) == _by_file(json.loads(reference.stdout))
    csv_out = tmp_path / "photos.csv"
    code, _ = _run(
        "photos", str(photos), "--side", "left", "-o", str(csv_out), "--scheduler", address
    )
    assert code == 1
    header = csv_out.read_text(encoding="utf-8").splitlines()[0]
    photo_csv = CliRunner().invoke(app, ["photo", str(photos), "--side", "left", "--format", "csv"])
    assert header == photo_csv.stdout.splitlines()[0]  # same columns as `bellpath photo`


@pytest.mark.slow
def test_videos_on_the_cluster_match_bellpath_video(address: str, tmp_path: Path) -> None:
    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415
    from bellpath.video.script import Move  # noqa: PLC0415
    from bellpath.video.synthetic import write_clip  # noqa: PLC0415

    folder = tmp_path / "videos"
    folder.mkdir()
    smile = Move("smile", 1.0, {"smile.right": 5.0, "smile.left": 2.0})
    clip = write_clip(folder / "smile.mp4", astronaut_face(2.0), [smile], fps=15, duration_s=3.0)
    (folder / "broken.mov").write_bytes(b"\x00\x00\x00\x18ftypqt  not a movie")
    out = tmp_path / "videos.jsonl"
    code, err = _run(
        "videos", str(folder), "--side", "left", "-o", str(out), "--scheduler", address
    )
    assert code == 1, err
    rows = _by_file(_jsonl(out))
    assert rows["broken.mov"]["error"]["code"] in ("unreadable", "truncated")
    reference = CliRunner().invoke(
        app, ["video", str(clip), "--side", "left", "--format", "json", "--no-progress"]
    )
    assert reference.exit_code == 0, reference.stderr
    expected = json.loads(reference.stdout)
    got = rows["smile.mp4"]
    for timing in (got, expected):
        timing.pop("processing")
    assert got == expected


@pytest.mark.parametrize("kind", list(FileKind))
def test_a_local_cluster_only_for_batches_that_pay(kind: FileKind) -> None:
    enough = CLUSTER_PAYS_FROM[kind]
    assert worth_a_cluster(kind, enough, cores=2)
    assert not worth_a_cluster(kind, enough - 1, cores=2)
    assert not worth_a_cluster(kind, 10 * enough, cores=1)  # one core: nothing to spread over
