"""No blocking: does a page's form handler hold up everyone else while it works?

Run: ``.venv/bin/python -u -m bench.bench_form_blocking [--seconds S] [--signers N]``.

Seeds one clinician account in a temporary SQLite database, starts ``bellpath serve --workers 1``
(one event loop, so anything run on it stalls every other request) on a free port of 127.0.0.1
and measures ``/healthz`` latency from 4 clients twice in alternating slices: with the server
otherwise quiet, and while ``N`` clients keep submitting the sign-in form (each submission
verifies an Argon2 password hash at the server's real cost: CPU work of a form handler).

Printed: the sign-ins per second and how many failed, /healthz p50 and p95 quiet and during the
sign-ins, and the ratio of the two p95s. A form handler run on the event loop makes that ratio grow
with the hash's cost (every /healthz waits behind whole verifications) and, on SQLite, lets one
request's open write wait on the loop for another's commit, which the blocked loop cannot schedule
("database is locked" after the busy timeout: failed sign-ins); one run in the thread pool leaves
only the CPU's share (two cores here). Compare two versions by running this with ``PYTHONPATH`` set
to each one's ``src``. Every loop is bounded; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.models import Role
from bench.bench_web import bellpath_server

__all__ = ["main", "one_worker_server", "percentile", "print_latencies"]

EMAIL = "dr.lee@clinic.org"
PASSWORD = "benchmark password"  # noqa: S105  (a throwaway account in a temp folder)
PROBES = 4
"""Concurrent /healthz clients."""
SLICES = 3
"""Quiet and busy slices, alternated, so both see the same machine load."""


def _seed(data_dir: Path) -> str:
    url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    sessions = make_session_factory(engine, photo_dir=data_dir / "photos")
    with transaction(sessions) as s:
        create_user(
            s, email=EMAIL, password=PASSWORD, role=Role.CLINICIAN, passwords=PasswordService()
        )
    engine.dispose()
    return url


async def _probe(base: str, seconds: float) -> list[float]:
    """``/healthz`` latencies (ms) from :data:`PROBES` clients for ``seconds``."""
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:

        async def client() -> None:
            while time.perf_counter() < end:
                start = time.perf_counter()
                with suppress(httpx.TransportError):  # a dropped probe is not counted
                    if (await http.get("/healthz")).status_code == 200:
                        latencies.append(1000 * (time.perf_counter() - start))

        await asyncio.gather(*(client() for _ in range(PROBES)))
    return latencies


async def _sign_in_loop(base: str, stop: asyncio.Event, done: list[int]) -> None:
    """Sign in again and again, as a new browser each time (the form's token, then the form);
    ``done`` gets each answer's status."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        while not stop.is_set():
            http.cookies.clear()
            try:
                page = (await http.get("/signin")).text
                found = re.search(r'name="csrf_token" value="([^"]+)"', page)
                if found is None:
                    raise SystemExit("the sign-in page has no CSRF token")
                form = {"email": EMAIL, "password": PASSWORD, "csrf_token": found.group(1)}
                reply = await http.post("/signin", data=form, follow_redirects=False)
                done.append(reply.status_code)
            except httpx.TransportError:  # dropped: a failed sign-in
                done.append(0)


async def _busy(base: str, seconds: float, signers: int) -> tuple[list[float], float, int]:
    """``/healthz`` latencies while ``signers`` clients submit the sign-in form; sign-ins/s and
    how many sign-ins failed (anything but the 303 of a success)."""
    stop = asyncio.Event()
    done: list[int] = []
    loops = [asyncio.create_task(_sign_in_loop(base, stop, done)) for _ in range(signers)]
    await asyncio.sleep(0.5)  # the sign-ins are under way
    began, count = time.perf_counter(), len(done)
    latencies = await _probe(base, seconds)
    rate = (len(done) - count) / (time.perf_counter() - began)
    stop.set()
    await asyncio.gather(*loops)
    return latencies, rate, sum(status != 303 for status in done)


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_latencies(rows: dict[str, list[float]], width: int) -> None:
    """p50, p95 and count of each row of latencies (ms), labels ``width`` wide."""
    print(f"{'':<{width}}{'p50 ms':>9}{'p95 ms':>9}{'requests':>10}")
    for label, values in rows.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{label:<{width}}{p50:>9.1f}{p95:>9.1f}{len(values):>10}")


@contextmanager
def one_worker_server(url: str, data_dir: Path) -> Iterator[str]:
    """``bellpath serve --workers 1`` (one event loop) on database ``url``, on a free port of
    127.0.0.1: its base URL once it answers; stopped afterwards."""
    with bellpath_server(url, data_dir, workers=1) as base:
        yield base


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per slice")
    parser.add_argument("--signers", type=int, default=4, help="clients submitting sign-ins")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bellpath-bench-") as folder:
        data_dir = Path(folder)
        url = _seed(data_dir)
        with one_worker_server(url, data_dir) as base:
            asyncio.run(_probe(base, 1.0))  # warm up
            quiet: list[float] = []
            busy: list[float] = []
            rates: list[float] = []
            failed = 0
            for _ in range(SLICES):
                quiet += asyncio.run(_probe(base, args.seconds))
                latencies, rate, errors = asyncio.run(_busy(base, args.seconds, args.signers))
                busy += latencies
                rates.append(rate)
                failed += errors
    import bellpath as package  # noqa: PLC0415  (which source tree was measured)

    print(f"bellpath from {Path(package.__file__).parent}; load average {os.getloadavg()[0]:.1f}")
    print(
        f"sign-ins/s ({args.signers} clients): {statistics.mean(rates):.1f}; "
        f"failed sign-ins (not 303): {failed}"
    )
    print_latencies({"/healthz quiet": quiet, "/healthz + sign-ins": busy}, width=22)
    ratio = percentile(busy, 0.95) / percentile(quiet, 0.95)
    print(f"p95 during sign-ins / p95 quiet: {ratio:.1f}")


if __name__ == "__main__":
    main()
