"""Web throughput: a patient with two years of daily entries, served by `bellpath serve` (SQLite).

Run: ``.venv/bin/python -m bench.bench_web [--requests N]``. Starts ``bellpath serve`` on a free
port of 127.0.0.1 with a fresh SQLite database, seeds one clinician and one patient whose onset was
two years ago with a daily Sunnybrook grading, a daily practice-log entry and a monthly B12 result
(730 + 730 + 24 entries), then drives each endpoint with 10 and 50 concurrent httpx clients:

* ``/healthz``: a minimal FastAPI endpoint on the same server (no database): the floor;
* ``/api/v1/patients/{id}/assessment``: the record -> Case -> assess path, JSON;
* ``/api/v1/patients/{id}/practice-log``: 730 rows read and serialised;
* ``/patients/{id}``: the clinician's timeline page (HTML, session cookie).

Every loop is bounded (a fixed number of requests per run); only 127.0.0.1 is contacted. Printed:
requests per second, median and 95th-percentile latency, and the slowdown against the floor
measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.auth.tokens import TokenKind, TokenSigner
from bellpath.case import Analyte, Severity, Side
from bellpath.records.case_builder import build_case
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Grading, LabEntry, PracticeEntry, Role
from bellpath.records.patients import create_patient, current_episode
from bellpath.settings import load_settings
from bellpath.web.security import SESSION_COOKIE

__all__ = ["main"]

DAYS = 730
CONCURRENCY = (10, 50)
PASSWORD = "benchmark password"  # noqa: S105  (a throwaway account in a temp folder)


@dataclass(frozen=True)
class Seeded:
    """What the clients need: the patient's id and credentials."""

    patient_id: int
    bearer: str
    session_cookie: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def seed(data_dir: Path, today: dt.date) -> Seeded:
    """Create the clinician and the two-year patient directly in the database."""
    settings = load_settings(data_dir=data_dir)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = make_session_factory(engine, photo_dir=settings.photo_dir)
    onset = today - dt.timedelta(days=DAYS)
    with transaction(sessions) as s:
        doctor = create_user(
            s,
            email="bench@clinic.org",
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=PasswordService(time_cost=1, memory_kib=64),
        )
        patient = create_patient(
            s,
            actor=doctor,
            name="Two Years",
            episode=EpisodeFields(onset=onset, affected_side=Side.LEFT, severity=Severity.COMPLETE),
            today=today,
        )
        episode_id = current_episode(s, patient=patient).id
        rows: list[object] = []
        for day in range(1, DAYS + 1):
            when = onset + dt.timedelta(days=day)
            # A saturating recovery with a little day-to-day noise.
            score = round(100 * (1 - 0.85 * 0.993**day) + (day * 7919 % 5) - 2)
            rows.append(
                Grading(
                    episode_id=episode_id,
                    created_by=doctor.id,
                    date=when,
                    scale="sunnybrook",
                    items={"composite": max(0, min(100, score))},
                )
            )
            rows.append(
                PracticeEntry(
                    episode_id=episode_id,
                    created_by=doctor.id,
                    date=when,
                    minutes=10 + day % 20,
                    exercises=["brow raise", "smile"],
                    note="",
                )
            )
            if day % 30 == 0:
                rows.append(
                    LabEntry(
                        episode_id=episode_id,
                        created_by=doctor.id,
                        analyte=Analyte.B12,
                        value=250.0 + day % 200,
                        unit="pg/mL",
                        date=when,
                    )
                )
        s.add_all(rows)
        s.flush()
        build_case(s, episode_id, today)  # the seeded record is a valid case
        patient_id, user_id, epoch = patient.id, doctor.id, doctor.auth_epoch
    engine.dispose()
    signer = TokenSigner(settings.secret, session_max_age_s=3600, bearer_max_age_s=3600)
    return Seeded(
        patient_id=patient_id,
        bearer=signer.issue(TokenKind.BEARER, user_id=user_id, epoch=epoch),
        session_cookie=signer.issue(TokenKind.SESSION, user_id=user_id, epoch=epoch),
    )


@dataclass(frozen=True)
class Result:
    """One endpoint at one concurrency."""

    rps: float
    p50_ms: float
    p95_ms: float
    errors: int


async def drive(base: str, path: str, headers: dict[str, str], clients: int, total: int) -> Result:
    """``total`` GET requests from ``clients`` concurrent clients (bounded loop)."""
    latencies: list[float] = []
    errors = 0
    remaining = total
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=120
    ) as http:

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                start = time.perf_counter()
                response = await http.get(path)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return Result(
        rps=len(latencies) / elapsed,
        p50_ms=1000 * statistics.median(ordered),
        p95_ms=1000 * p95,
        errors=errors,
    )


def _wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bellpath serve stopped before answering")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("bellpath serve did not answer within 60 s")


def main(argv: list[str] | None = None) -> None:
    """Seed, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    args = parser.parse_args(argv if argv is not None else [])
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="bellpath-bench-") as folder:
        data_dir = Path(folder)
        seeded = seed(data_dir, today)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        bellpath = Path(sys.executable).with_name("bellpath")
        proc = subprocess.Popen(
            [str(bellpath), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, "BELLPATH_DATA_DIR": str(data_dir)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_until_up(base, proc)
            bearer = {"Authorization": f"Bearer {seeded.bearer}"}
            cookie = {"Cookie": f"{SESSION_COOKIE}={seeded.session_cookie}"}
            pid = seeded.patient_id
            targets = [
                ("floor: /healthz", "/healthz", {}),
                ("API assessment", f"/api/v1/patients/{pid}/assessment", bearer),
                ("API practice log (730)", f"/api/v1/patients/{pid}/practice-log", bearer),
                ("timeline page", f"/patients/{pid}", cookie),
            ]
            print(
                f"bellpath serve on SQLite; one patient, {DAYS} days of daily gradings and "
                f"practice entries; {args.requests} requests per row"
            )
            print(
                f"{'endpoint':<26}{'clients':>8}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}"
                f"{'x floor':>10}{'errors':>8}"
            )
            for clients in CONCURRENCY:
                floor: Result | None = None
                for label, path, headers in targets:
                    # Warm up: open every client's connection before timing.
                    asyncio.run(drive(base, path, headers, clients, clients))
                    # The floor is fast: give it more requests so its timing is not all noise.
                    total = args.requests * (5 if floor is None else 1)
                    result = asyncio.run(drive(base, path, headers, clients, total))
                    floor = floor or result
                    slower = floor.rps / result.rps
                    print(
                        f"{label:<26}{clients:>8}{result.rps:>10.1f}{result.p50_ms:>10.1f}"
                        f"{result.p95_ms:>10.1f}{slower:>10.1f}{result.errors:>8}"
                    )
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    main(sys.argv[1:])
