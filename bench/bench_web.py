"""Web speed at clinic scale: a two-year record served by `bellpath serve`, as ratios to /healthz.

Run: ``.venv/bin/python -m bench.bench_web [--requests N | --seconds S] [--workers N]
[--backends sqlite,postgres] [--clients 10,50]``.

For each backend (SQLite always; PostgreSQL when 127.0.0.1:5432 db ``test`` answers, in a schema
of its own that is dropped afterwards) it seeds one clinician and one patient whose onset was two
years ago: a practice-log entry every day, a Sunnybrook grading every week and a B12 result every
month (730 + 105 + 24 = 859 entries), starts ``bellpath serve --workers N`` on a free port of
127.0.0.1 and drives each endpoint with 10 and 50 concurrent httpx clients (``--clients``; 1 is
a quiet server, the issue's "p95 under 100 ms"):

* ``/healthz``: no database; the floor every other row is divided by (same run, same clients);
* ``assessment``: ``GET /api/v1/patients/{id}/assessment`` (JSON);
* ``timeline``: ``GET /patients/{id}``, the clinician's page (HTML, session and CSRF cookies);
* ``practice log``: ``GET /api/v1/patients/{id}/practice-log`` (730 rows, JSON).

Modes: ``warm`` (the record unchanged between requests: the cached assessment is reused),
``cold`` (before every round of one request per client the record's version is bumped in the
database, as a write would: each round recomputes, the concurrent readers sharing the one
computation), ``304`` (the client sends ``If-None-Match`` with the ETag it holds). On a version of
bellpath without record versions only ``warm`` is measured, which is then every request's cost.

Printed: requests/s, p50 and p95 latency, and the ratios the issue sets targets on: throughput
relative to /healthz (>= 0.5) and p95 relative to /healthz's p95 (<= 2), plus the load average.
Each row measures /healthz and the endpoint in alternating slices (``SLICES``), so that a ratio
compares the two under the same load even on a machine whose load moves by the minute.

How long a row runs: ``--requests N`` (default 200) splits N requests per row into the slices
(at least one per client each); ``--seconds S`` instead makes every slice run for S / ``SLICES``
seconds (the issue's method, "50 concurrent clients for 8 s each", is ``--seconds 8``): the clients
keep issuing requests until the slice's deadline, and the requests in flight then are completed,
counted and timed (a slice's time runs until the last one answers); a ``cold`` slice runs rounds
until its deadline. ``--seconds`` overrides ``--requests``; the header line says which ran.

Connections: each row opens one httpx client (one pool of as many connections as clients) for
/healthz and one for the endpoint, warms each with one request per connection before the first
slice, and reuses both across the row's slices, so connection set-up is not measured. A pool
drops a connection idle for ``KEEPALIVE_S`` (less than uvicorn's 5 s keep-alive, so that no
request meets a connection the server is closing); only a slice of the other kind lasting longer
than that makes the next slice reconnect.
Every loop is bounded; only 127.0.0.1 is contacted.
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
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine, inspect, text

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.auth.sessions import SessionStore
from bellpath.auth.tokens import TokenKind
from bellpath.case import Analyte, Severity, Side
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Grading, LabEntry, PracticeEntry, Role
from bellpath.records.patients import create_patient, current_episode
from bellpath.settings import load_settings
from bellpath.web.security import CSRF_COOKIE, SESSION_COOKIE

__all__ = ["bellpath_server", "main"]

DAYS = 730
CONCURRENCY = (10, 50)
SLICES = 4
"""Each row alternates this many slices of /healthz and of the endpoint."""
KEEPALIVE_S = 4.0
"""A client's idle connection is dropped after this long, before uvicorn's 5 s keep-alive ends."""
TIMEOUT_S = 300
"""One request's limit (connect, read, write, pool): what bounds a slice past its deadline."""
PASSWORD = "benchmark password"  # noqa: S105  (a throwaway account in a temp folder)
POSTGRES_URL = os.environ.get(
    "BELLPATH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@dataclass(frozen=True)
class Seeded:
    """What the clients need: the patient's id and credentials."""

    patient_id: int
    bearer: str
    session_cookie: str


@dataclass(frozen=True)
class Result:
    """One endpoint, mode and concurrency."""

    rps: float
    p50_ms: float
    p95_ms: float
    errors: int
    latencies_ms: tuple[float, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class Only:
    """Which rows to measure: endpoints whose label starts with one of ``endpoints`` and modes
    in ``modes`` (``None``: all of them)."""

    endpoints: tuple[str, ...] | None = None
    modes: tuple[str, ...] | None = None

    @classmethod
    def parse(cls, endpoints: str | None, modes: str | None) -> Only | None:
        """From ``--endpoints`` and ``--modes`` (``None`` when neither is given)."""
        if endpoints is None and modes is None:
            return None
        return cls(
            tuple(e.strip() for e in endpoints.split(",")) if endpoints else None,
            tuple(m.strip() for m in modes.split(",")) if modes else None,
        )

    def admits(self, label: str, mode: str) -> bool:
        """Whether the row of endpoint ``label`` in ``mode`` is measured."""
        if self.endpoints is not None and not label.startswith(self.endpoints):
            return False
        return self.modes is None or mode in self.modes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def seed(engine: Engine, data_dir: Path, today: dt.date) -> Seeded:
    """Create the clinician and the two-year patient directly in the database."""
    settings = load_settings(data_dir=data_dir)
    migrate(engine)
    sessions = make_session_factory(engine, photo_dir=settings.photo_dir)
    onset = today - dt.timedelta(days=DAYS)
    with transaction(sessions) as s:
        doctor = create_user(
            s,
            email="dr.lee@clinic.org",
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
            rows.append(
                PracticeEntry(
                    episode_id=episode_id, created_by=doctor.id, date=when,
                    minutes=10 + day % 20, exercises=["brow raise", "smile"], note="",
                )
            )  # fmt: skip
            if day % 7 == 0:
                # A saturating recovery with a little week-to-week noise.
                score = round(100 * (1 - 0.85 * 0.993**day) + (day * 7919 % 5) - 2)
                rows.append(
                    Grading(
                        episode_id=episode_id, created_by=doctor.id, date=when,
                        scale="sunnybrook", items={"composite": max(0, min(100, score))},
                    )
                )  # fmt: skip
            if day % 30 == 0:
                rows.append(
                    LabEntry(
                        episode_id=episode_id, created_by=doctor.id, analyte=Analyte.B12,
                        value=250.0 + day % 200, unit="pg/mL", date=when,
                    )
                )  # fmt: skip
        s.add_all(rows)
        store = SessionStore(
            idle_s={TokenKind.SESSION: 3600, TokenKind.BEARER: 3600},
            absolute_s={TokenKind.SESSION: 3600, TokenKind.BEARER: 3600},
        )
        bearer = store.open(s, user=doctor, kind=TokenKind.BEARER)
        cookie = store.open(s, user=doctor, kind=TokenKind.SESSION)
        patient_id = patient.id
    return Seeded(patient_id=patient_id, bearer=bearer, session_cookie=cookie)


class Bumper:
    """Makes the record's cached assessment stale, as a write would (``cold`` mode)."""

    def __init__(self, engine: Engine, patient_id: int) -> None:
        self.engine = engine
        self.patient_id = patient_id
        self.available = "record_version" in {
            c["name"] for c in inspect(engine).get_columns("patients")
        }

    def bump(self) -> None:
        """One version up (the same statement every write runs)."""
        with self.engine.begin() as conn:
            conn.execute(
                text("UPDATE patients SET record_version = record_version + 1 WHERE id = :id"),
                {"id": self.patient_id},
            )


async def _get(http: httpx.AsyncClient, path: str) -> int:
    """One GET's status; 0 for a dropped connection (an error, not a crash)."""
    try:
        return (await http.get(path)).status_code
    except httpx.TransportError:
        return 0


@asynccontextmanager
async def client(
    base: str, path: str, headers: dict[str, str], clients: int, *, conditional: bool = False
) -> AsyncIterator[httpx.AsyncClient]:
    """A pool of ``clients`` connections to ``base``, warmed: one request per connection.

    ``conditional``: the pool sends ``If-None-Match`` with the ETag ``path`` answers with first.
    """
    limits = httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=KEEPALIVE_S
    )
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=TIMEOUT_S
    ) as http:
        if conditional:
            with suppress(httpx.TransportError):
                http.headers["If-None-Match"] = (await http.get(path)).headers.get("etag", "")
        # All at once, so that the pool opens every one of its connections.
        await asyncio.gather(*(_get(http, path) for _ in range(clients)))
        yield http


async def drive(
    http: httpx.AsyncClient,
    path: str,
    clients: int,
    total: int,
    *,
    seconds: float | None = None,
    bump: Bumper | None = None,
    expected: int = 200,
) -> Result:
    """One slice: ``total`` GETs from ``clients`` concurrent clients sharing ``http``'s pool.

    With ``seconds``, ``total`` is unused: each client issues GETs until that long has passed
    (at least one each); the ones in flight at the deadline finish and count, and so does their
    time. With ``bump``, rounds instead: the record's version bumped, then one GET per client at
    once; ``total // clients`` rounds (at least one), or rounds until the deadline. Bounded.
    """
    latencies: list[float] = []
    errors = 0
    began = time.perf_counter()
    deadline = None if seconds is None else began + seconds

    def go_on(done: int, count: int) -> bool:
        """Whether to go on after ``done`` of ``count`` (by count, or by the deadline)."""
        return done < count if deadline is None else time.perf_counter() < deadline

    async def one() -> None:
        nonlocal errors
        start = time.perf_counter()
        status = await _get(http, path)
        latencies.append(time.perf_counter() - start)
        if status != expected:
            errors += 1

    async def worker(count: int) -> None:
        done = 0
        while done == 0 or go_on(done, count):
            await one()
            done += 1

    if bump is None:
        per, extra = divmod(total, clients)
        await asyncio.gather(*(worker(per + (i < extra)) for i in range(clients)))
    else:
        rounds = max(1, total // clients)
        done = 0
        while done == 0 or go_on(done, rounds):
            await asyncio.to_thread(bump.bump)
            await asyncio.gather(*(one() for _ in range(clients)))
            done += 1
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return Result(
        rps=len(latencies) / elapsed,
        p50_ms=1000 * statistics.median(ordered),
        p95_ms=1000 * p95,
        errors=errors,
        latencies_ms=tuple(1000 * t for t in ordered),
        seconds=elapsed,
    )


def _wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bellpath serve stopped before answering")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.5)
    raise SystemExit("bellpath serve did not answer within 300 s")


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database URL of ``kind``; a PostgreSQL schema is dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    schema = f"bp_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with suppress(Exception), admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def postgres_reachable() -> bool:
    """Whether the benchmark's PostgreSQL answers (it is optional)."""
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:
        return False
    return True


@contextmanager
def bellpath_server(url: str, data_dir: Path, *, workers: int | None) -> Iterator[str]:
    """``bellpath serve`` on database ``url`` (``--workers`` when given), on a free port of
    127.0.0.1: its base URL once it answers; stopped afterwards."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    bellpath = Path(sys.executable).with_name("bellpath")
    command = [str(bellpath), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--database", url]
    if workers is not None:
        command += ["--workers", str(workers)]
    proc = subprocess.Popen(
        command,
        env={**os.environ, "BELLPATH_DATA_DIR": str(data_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def run_backend(  # noqa: PLR0917  (main passes each option through)
    kind: str,
    requests: int,
    workers: int,
    seconds: float | None = None,
    concurrency: tuple[int, ...] = CONCURRENCY,
    only: Only | None = None,
) -> None:
    """Seed, serve and measure one backend; print its table (``seconds`` per row, if given;
    each row at each number of concurrent clients in ``concurrency``; only the rows ``only``
    admits, when given)."""
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="bellpath-bench-") as folder:
        data_dir = Path(folder)
        with database(kind, data_dir) as url:
            engine = make_engine(url)
            seeded = seed(engine, data_dir, today)
            bumper = Bumper(engine, seeded.patient_id)
            # A bellpath from before --workers serves with one process.
            try:
                with bellpath_server(
                    url, data_dir, workers=workers if bumper.available else None
                ) as base:
                    _measure(
                        kind,
                        base,
                        seeded,
                        bumper,
                        requests=requests,
                        workers=workers,
                        seconds=seconds,
                        concurrency=concurrency,
                        only=only,
                    )
            finally:
                engine.dispose()


def _measure(
    kind: str,
    base: str,
    seeded: Seeded,
    bumper: Bumper,
    *,
    requests: int,
    workers: int,
    seconds: float | None,
    concurrency: tuple[int, ...],
    only: Only | None = None,
) -> None:
    bearer = {"Authorization": f"Bearer {seeded.bearer}"}
    cookie = {"Cookie": f"{SESSION_COOKIE}={seeded.session_cookie}; {CSRF_COOKIE}=benchseed"}
    pid = seeded.patient_id
    cached = ["warm", "cold", "304"] if bumper.available else ["warm"]
    endpoints = [
        ("assessment", f"/api/v1/patients/{pid}/assessment", bearer, cached),
        ("timeline", f"/patients/{pid}", cookie, cached),
        # A list is read, not assessed: no cache to be cold; 304 where ETags exist.
        ("practice log (730)", f"/api/v1/patients/{pid}/practice-log", bearer, cached[::2]),
    ]
    method = f"{requests} requests per row" if seconds is None else f"{seconds:g} s per row"
    load = os.getloadavg()[0]
    print(
        f"\n{kind}: bellpath serve, {workers if bumper.available else 1} worker(s); one patient, "
        f"859 entries; {method}; load average {load:.1f} at start"
    )
    print(
        f"{'endpoint':<20}{'mode':>6}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'rps/floor':>11}{'p95/floor':>11}{'errors':>8}"
    )
    for clients in concurrency:
        for label, path, headers, modes in endpoints:
            for mode in modes:
                if only is not None and not only.admits(label, mode):
                    continue
                floor, result = asyncio.run(
                    _paired(
                        base,
                        path,
                        headers,
                        clients,
                        requests,
                        seconds=seconds,
                        mode=mode,
                        bumper=bumper,
                    )
                )
                _row(label, mode, clients, result, floor)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


async def _paired(
    base: str,
    path: str,
    headers: dict[str, str],
    clients: int,
    requests: int,
    *,
    seconds: float | None,
    mode: str,
    bumper: Bumper,
) -> tuple[Result, Result]:
    """The endpoint and /healthz measured in alternating slices, so both see the same load.

    On a shared machine whose load moves by the minute, a floor measured once per table would
    make every ratio a comparison between two different machines; alternating slices of
    ``max(clients, requests / SLICES)`` requests, or of ``seconds / SLICES`` seconds, keeps each
    ratio within one moment. Each kind keeps one warmed client (connection pool) for the row.
    """
    floors: list[Result] = []
    results: list[Result] = []
    per_slice = max(clients, requests // SLICES)
    slice_s = None if seconds is None else seconds / SLICES
    async with (
        client(base, "/healthz", {}, clients) as floor_http,
        client(base, path, headers, clients, conditional=mode == "304") as http,
    ):
        for _ in range(SLICES):
            floors.append(await drive(floor_http, "/healthz", clients, per_slice, seconds=slice_s))
            results.append(
                await drive(
                    http,
                    path,
                    clients,
                    per_slice,
                    seconds=slice_s,
                    bump=bumper if mode == "cold" else None,
                    expected=304 if mode == "304" else 200,
                )
            )
    return _combined(floors), _combined(results)


def _combined(parts: list[Result]) -> Result:
    """Slices as one measurement: requests over total time; latency percentiles pooled."""
    latencies = sorted(ms for part in parts for ms in part.latencies_ms)
    seconds = sum(part.seconds for part in parts)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    return Result(
        rps=len(latencies) / seconds,
        p50_ms=statistics.median(latencies),
        p95_ms=p95,
        errors=sum(part.errors for part in parts),
        latencies_ms=tuple(latencies),
        seconds=seconds,
    )


def _row(label: str, mode: str, clients: int, result: Result, floor: Result) -> None:
    print(
        f"{label:<20}{mode:>6}{clients:>8}{result.rps:>9.1f}{result.p50_ms:>9.1f}"
        f"{result.p95_ms:>9.1f}{result.rps / floor.rps:>11.2f}{result.p95_ms / floor.p95_ms:>11.2f}"
        f"{result.errors:>8}"
    )


def main(argv: list[str] | None = None) -> None:
    """Measure every backend asked for (PostgreSQL only when reachable)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=200, help="requests per row")
    parser.add_argument(
        "--seconds", type=float, default=None, help="seconds per row instead (overrides --requests)"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="bellpath serve --workers"
    )
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated")
    parser.add_argument(
        "--clients",
        default=",".join(map(str, CONCURRENCY)),
        help="numbers of concurrent clients, comma-separated (1 measures a quiet server)",
    )
    parser.add_argument(
        "--endpoints",
        default=None,
        help="only these endpoints, comma-separated words of their labels (assessment,timeline)",
    )
    parser.add_argument(
        "--modes", default=None, help="only these modes, comma-separated (warm,cold,304)"
    )
    args = parser.parse_args(argv if argv is not None else [])
    only = Only.parse(args.endpoints, args.modes)
    try:
        concurrency = tuple(int(n) for n in args.clients.split(","))
    except ValueError:
        parser.error(f"--clients must be whole numbers separated by commas, not {args.clients!r}")
    if not concurrency or min(concurrency) < 1:
        parser.error(f"--clients must be at least 1 each, not {args.clients!r}")
    if args.seconds is not None and not 0 < args.seconds < float("inf"):
        parser.error("--seconds must be a positive number")  # a deadline bounds every slice
    for kind in args.backends.split(","):
        if kind == "postgres" and not postgres_reachable():
            print("\npostgres: not reachable at 127.0.0.1:5432 (db test); skipped")
            continue
        run_backend(kind, args.requests, args.workers, args.seconds, concurrency, only)


if __name__ == "__main__":
    main(sys.argv[1:])
