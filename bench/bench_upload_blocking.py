"""No blocking: does a photo upload in progress stall other people's timeline views?

Run: ``.venv/bin/python -u -m bench.bench_upload_blocking [--seconds S] [--uploaders N]``.

Seeds the two-year record of :mod:`bench.bench_web` (859 entries) in a temporary SQLite database,
starts ``bellpath serve --workers 1`` (one event loop: anything run on it stalls every other
request) on a free port of 127.0.0.1 and measures the clinician's timeline page ``/patients/{id}``
and ``/healthz`` from :data:`PROBES` clients each, in alternating slices: with the server otherwise
quiet, and while ``N`` clients keep uploading a 1024 x 1024 JPEG face to
``POST /api/v1/patients/{id}/photos`` (each upload is decoded, its landmarks found by MediaPipe and
measured before it is stored: the heaviest CPU work a request does).

By default the photos go to ANOTHER patient's record (``--same-patient``: to the viewed record), so
the timeline's cached assessment stays valid and the ratio shows only what the uploads' work does
to other requests. With ``--same-patient`` every stored photo is a write to the viewed record and
makes its cached assessment stale: timeline views then pay a fresh assessment of the two-year
record after each upload, which a quiet slice does not. Printed: the
uploads per second and how many failed, each probe's p50 and p95 quiet and during the uploads, and
the ratio of the p95s. Work run on the event loop would make ``/healthz``'s ratio grow with the
photo's processing time (every probe waiting behind whole uploads); run in the thread pool, only
the CPU's share (two cores here) remains. Every loop is bounded; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import os
import statistics
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import httpx

from bellpath import clock
from bellpath.records.db import make_engine
from bellpath.web.security import CSRF_COOKIE, SESSION_COOKIE
from bench.bench_form_blocking import one_worker_server, percentile, print_latencies
from bench.bench_web import Seeded, seed

__all__ = ["main"]

PROBES = 4
"""Concurrent clients per probe (timeline, /healthz)."""
SLICES = 3
"""Quiet and busy slices, alternated, so both see the same machine load."""
PHOTO_SIDE = 1024
"""The uploaded photo's width and height in pixels (a phone photo after the page downsizes it)."""


def _face_jpeg() -> bytes:
    """The astronaut's face (scikit-image), square, :data:`PHOTO_SIDE` pixels, as a JPEG."""
    from PIL import Image  # noqa: PLC0415  (bench-only imports)
    from skimage import data  # noqa: PLC0415

    face = data.astronaut()[0:300, 110:410]  # type: ignore[no-untyped-call]
    image = Image.fromarray(face).resize((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


async def _probe(base: str, path: str, headers: dict[str, str], seconds: float) -> list[float]:
    """Latencies (ms) of ``path`` from :data:`PROBES` clients for ``seconds``."""
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=300) as http:

        async def client() -> None:
            while time.perf_counter() < end:
                start = time.perf_counter()
                with suppress(httpx.TransportError):  # a dropped probe is not counted
                    if (await http.get(path)).status_code == 200:
                        latencies.append(1000 * (time.perf_counter() - start))

        await asyncio.gather(*(client() for _ in range(PROBES)))
    return latencies


async def _upload_loop(
    base: str,
    path: str,
    *,
    bearer: dict[str, str],
    photo: bytes,
    stop: asyncio.Event,
    done: list[int],
) -> None:
    """Upload the photo again and again; ``done`` gets each answer's status (0: dropped)."""
    async with httpx.AsyncClient(base_url=base, headers=bearer, timeout=300) as http:
        while not stop.is_set():
            try:
                files = {"file": ("face.jpg", photo, "image/jpeg")}
                reply = await http.post(path, files=files, data={"expression": "rest"})
                done.append(reply.status_code)
            except httpx.TransportError:
                done.append(0)


def _other_patient(base: str, bearer: dict[str, str]) -> int:
    """A second patient, whose record receives the photos by default."""
    onset = (clock.today() - dt.timedelta(days=30)).isoformat()
    body = {"name": "Photo Patient", "onset": onset, "affected_side": "left"}
    reply = httpx.post(f"{base}/api/v1/patients", json=body, headers=bearer, timeout=60)
    reply.raise_for_status()
    patient_id: int = reply.json()["id"]
    return patient_id


async def _slice(
    base: str, seeded: Seeded, photo: bytes, seconds: float, *, uploaders: int, target: int
) -> tuple[list[float], list[float], float, int]:
    """Timeline and /healthz latencies, with ``uploaders`` clients uploading photos to patient
    ``target`` (none: quiet)."""
    pid = seeded.patient_id
    cookie = {"Cookie": f"{SESSION_COOKIE}={seeded.session_cookie}; {CSRF_COOKIE}=benchseed"}
    bearer = {"Authorization": f"Bearer {seeded.bearer}"}
    stop = asyncio.Event()
    done: list[int] = []
    photos = f"/api/v1/patients/{target}/photos"
    loops = [
        asyncio.create_task(
            _upload_loop(base, photos, bearer=bearer, photo=photo, stop=stop, done=done)
        )
        for _ in range(uploaders)
    ]
    if uploaders:
        await asyncio.sleep(1.0)  # the uploads are under way
    began, count = time.perf_counter(), len(done)
    timeline, healthz = await asyncio.gather(
        _probe(base, f"/patients/{pid}", cookie, seconds), _probe(base, "/healthz", {}, seconds)
    )
    rate = (len(done) - count) / (time.perf_counter() - began)
    stop.set()
    await asyncio.gather(*loops)
    return timeline, healthz, rate, sum(status != 201 for status in done)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per slice")
    parser.add_argument("--uploaders", type=int, default=2, help="clients uploading photos")
    parser.add_argument(
        "--same-patient", action="store_true", help="upload to the viewed record itself"
    )
    args = parser.parse_args(argv)
    photo = _face_jpeg()
    with tempfile.TemporaryDirectory(prefix="bellpath-bench-") as folder:
        data_dir = Path(folder)
        url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
        engine = make_engine(url)
        seeded = seed(engine, data_dir, clock.today())
        engine.dispose()
        quiet_t: list[float] = []
        quiet_h: list[float] = []
        busy_t: list[float] = []
        busy_h: list[float] = []
        rates: list[float] = []
        failed = 0
        with one_worker_server(url, data_dir) as base:
            bearer = {"Authorization": f"Bearer {seeded.bearer}"}
            target = seeded.patient_id if args.same_patient else _other_patient(base, bearer)
            # Warm up MediaPipe, then the timeline.
            asyncio.run(_slice(base, seeded, photo, 2.0, uploaders=1, target=target))
            asyncio.run(_slice(base, seeded, photo, 1.0, uploaders=0, target=target))
            for _ in range(SLICES):
                timeline, healthz, _, _ = asyncio.run(
                    _slice(base, seeded, photo, args.seconds, uploaders=0, target=target)
                )
                quiet_t += timeline
                quiet_h += healthz
                timeline, healthz, rate, errors = asyncio.run(
                    _slice(
                        base, seeded, photo, args.seconds, uploaders=args.uploaders, target=target
                    )
                )
                busy_t += timeline
                busy_h += healthz
                rates.append(rate)
                failed += errors
    import bellpath as package  # noqa: PLC0415  (which source tree was measured)

    print(f"bellpath from {Path(package.__file__).parent}; load average {os.getloadavg()[0]:.1f}")
    print(
        f"photo uploads/s ({args.uploaders} clients, {PHOTO_SIDE} px JPEG, to "
        f"{'the viewed record' if args.same_patient else 'another record'}): "
        f"{statistics.mean(rates):.2f}; failed uploads (not 201): {failed}"
    )
    print_latencies(
        {
            "timeline quiet": quiet_t,
            "timeline + uploads": busy_t,
            "/healthz quiet": quiet_h,
            "/healthz + uploads": busy_h,
        },
        width=30,
    )
    timeline_ratio = percentile(busy_t, 0.95) / percentile(quiet_t, 0.95)
    healthz_ratio = percentile(busy_h, 0.95) / percentile(quiet_h, 0.95)
    print(
        f"p95 during uploads / p95 quiet: timeline {timeline_ratio:.1f}, "
        f"/healthz {healthz_ratio:.1f}"
    )


if __name__ == "__main__":
    main()
