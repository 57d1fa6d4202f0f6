"""Batch analysis: files per second in this process vs a 2-worker Dask LocalCluster, same run.

Workloads, made in a temporary folder:

* cases: the bundled example cases copied many times (each a YAML file to read, validate and
  assess; milliseconds each);
* photos: the astronaut's face at 840 x 840 px, shifted a little in each file, PNG (MediaPipe
  face mesh on the photo and its mirror, lid and brow refinement, all measures; about 0.1-0.3 s).

For each workload the **baseline** is the in-process batch (``bellpath batch ... --serial``: one
file after the other, one detector). The cluster is timed three ways: start-up (scheduler and two
worker processes), the first batch (cold workers: imports and one MediaPipe graph per worker), and
a second batch on the same warm workers. The speed-up is baseline time / cluster time; the
overhead is what the cluster costs beyond an ideal split of the baseline over the workers.

Run: ``.venv/bin/python -m bench.bench_batch`` (the figures depend on the cores free at the time:
the load average is printed).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from distributed import Client
from PIL import Image

from bellpath.batch.cluster import open_client
from bellpath.batch.jobs import FileKind, JobOptions
from bellpath.batch.run import iter_rows

WORKERS = 2
N_CASES = 1000
N_PHOTOS = 96
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TODAY = dt.date(2026, 11, 24)


def make_cases(folder: Path, n: int = N_CASES) -> list[Path]:
    """``n`` case files: the examples, copied round-robin."""
    examples = sorted(EXAMPLES.glob("*.yaml"))
    out = []
    for i in range(n):
        source = examples[i % len(examples)]
        target = folder / f"{i:04d}_{source.name}"
        shutil.copyfile(source, target)
        out.append(target)
    return out


def make_photos(folder: Path, n: int = N_PHOTOS) -> list[Path]:
    """``n`` PNG portraits (840 x 840 px), each shifted by a few pixels."""
    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415  (MediaPipe)

    image = np.array(astronaut_face(4.0).image, dtype=np.uint8)
    out = []
    for i in range(n):
        path = folder / f"{i:03d}_rest.png"
        Image.fromarray(np.roll(image, i % 7, axis=1)).save(path)
        out.append(path)
    return out


@dataclass(frozen=True)
class Timing:
    """One workload's figures (seconds of wall clock, and of CPU for the warm runs)."""

    files: int
    serial: float
    startup: float
    cold: float
    warm: float
    serial_cpu: float
    worker_cpu: tuple[float, ...]
    client_cpu: float

    def rate(self, seconds: float) -> float:
        """Files per second."""
        return self.files / seconds

    @property
    def speedup_warm(self) -> float:
        """Baseline time / warm cluster batch time."""
        return self.serial / self.warm

    @property
    def speedup_end_to_end(self) -> float:
        """Baseline time / (start-up + cold batch): what one command pays."""
        return self.serial / (self.startup + self.cold)

    def per_file_ms(self, seconds: float) -> float:
        """Milliseconds per file."""
        return 1000 * seconds / self.files

    @property
    def cpu_overhead_ms(self) -> float:
        """CPU the cluster spends per file beyond the in-process batch (workers + scheduler)."""
        return self.per_file_ms(sum(self.worker_cpu) + self.client_cpu - self.serial_cpu)

    @property
    def projected_speedup(self) -> float:
        """Speed-up with one free core per process: in-process CPU / the busiest process's CPU."""
        return self.serial_cpu / max(*self.worker_cpu, self.client_cpu)


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def _process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(client: Client) -> dict[str, float]:
    seconds: dict[str, float] = client.run(_process_cpu)
    return seconds


def measure(kind: FileKind, files: list[Path], options: JobOptions) -> Timing:
    """Time the in-process batch, then a fresh 2-worker cluster (start-up, cold, warm)."""

    def run(client: Client | None = None) -> None:
        rows = list(iter_rows(kind, files, options, client=client))
        assert len(rows) == len(files)
        assert not any("error" in row for row in rows), rows[:1]

    run()  # detector and imports warm in this process too: the baseline is the warm path
    serial, serial_cpu = _timed(run)
    started = time.perf_counter()
    client = open_client(None, WORKERS)
    startup = time.perf_counter() - started
    try:
        cold, _ = _timed(lambda: run(client))
        before = _workers_cpu(client)
        warm, client_cpu = _timed(lambda: run(client))
        after = _workers_cpu(client)
    finally:
        client.close()  # type: ignore[no-untyped-call]
    worker_cpu = tuple(after[k] - before[k] for k in sorted(after))
    return Timing(len(files), serial, startup, cold, warm, serial_cpu, worker_cpu, client_cpu)


def main() -> None:
    """Print the table for docs/benchmarks.md."""
    load = os.getloadavg()
    print(
        f"cores: {os.cpu_count()}, load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        root = Path(tmp)
        (root / "cases").mkdir()
        (root / "photos").mkdir()
        workloads = {
            "cases": (FileKind.CASES, make_cases(root / "cases"), JobOptions(today=TODAY)),
            "photos": (FileKind.PHOTOS, make_photos(root / "photos"), JobOptions()),
        }
        print(
            "| workload | files | baseline in-process files/s | cluster start-up s | "
            "cold batch files/s | warm batch files/s | **speed-up warm** | speed-up incl. "
            "start-up | CPU ms/file in-process | CPU ms/file cluster (workers + scheduler) | "
            "projected speed-up, 2 free cores |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, (kind, files, options) in workloads.items():
            t = measure(kind, files, options)
            cluster_cpu = t.per_file_ms(sum(t.worker_cpu) + t.client_cpu)
            print(
                f"| {name} | {t.files} | {t.rate(t.serial):.1f} | {t.startup:.1f} | "
                f"{t.rate(t.cold):.1f} | {t.rate(t.warm):.1f} | **{t.speedup_warm:.2f}x** | "
                f"{t.speedup_end_to_end:.2f}x | {t.per_file_ms(t.serial_cpu):.1f} | "
                f"{cluster_cpu:.1f} | {t.projected_speedup:.2f}x |"
            )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} {load[1]:.1f}")


if __name__ == "__main__":
    main()
