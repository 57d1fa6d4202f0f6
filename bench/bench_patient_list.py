"""The patient list at clinic scale: one page of 50 among 10,000 patients, as ratios to 100.

Run: ``.venv/bin/python -m bench.bench_patient_list [--patients 10000] [--repeat 20]``.

Two SQLite databases in a temporary folder, seeded the same way (one clinician; every patient with
one episode, an MRN and a birth date; one in 20 with a red-flag finding), one with 100 patients
(the baseline) and one with ``--patients``. For each it times, best of ``--repeat``:

* ``search_patients`` (the records layer): page 1, a page in the middle, a name fragment, an MRN
  prefix, a birth date;
* ``GET /patients`` (the clinician's page, signed in, through the ASGI app): the page of 50 with
  each shown row assessed.

Printed: milliseconds and the ratio to the same step at 100 patients. A list that assessed or
loaded every patient would grow about 100-fold from 100 to 10,000; a paged list in SQL stays
within a small factor. Only local files are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from bellpath.auth.accounts import create_user
from bellpath.records.db import transaction
from bellpath.records.models import Episode, FindingEntry, Patient, Role, User
from bellpath.records.patient_search import search_patients
from bellpath.settings import load_settings
from bellpath.web.app import create_app

__all__ = ["main"]

TODAY = dt.date(2026, 3, 1)
PASSWORD = "a long bench password"  # noqa: S105  (a throwaway account in a temporary folder)


def _seed(app: object, count: int) -> int:
    services = app.state.services  # type: ignore[attr-defined]
    with transaction(services.sessions) as session:
        owner = create_user(
            session,
            email="doc@example.org",
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=services.passwords,
        )
        owner_id = owner.id
        session.execute(
            insert(Patient),
            [
                {
                    "name": f"Person {i:05d}",
                    "owner_id": owner_id,
                    "mrn": f"M{i:06d}",
                    "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=i % 20_000),
                }
                for i in range(count)
            ],
        )
        ids = list(session.scalars(select(Patient.id).order_by(Patient.id)))
        session.execute(
            insert(Episode),
            [
                {"patient_id": pid, "onset": TODAY - dt.timedelta(days=1 + i % 700)}
                for i, pid in enumerate(ids)
            ],
        )
        episodes = list(session.scalars(select(Episode.id).order_by(Episode.id)))
        session.execute(
            insert(FindingEntry),
            [
                {"episode_id": eid, "finding": "forehead_sparing", "noted_on": TODAY}
                for eid in episodes[::20]
            ],
        )
    return owner_id


def _best(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def _measure(folder: Path, count: int, repeat: int) -> dict[str, float]:
    settings = load_settings(
        data_dir=folder, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings, measurer=None, video_analyser=None)
    app.state.today = lambda: TODAY
    owner_id = _seed(app, count)
    sessions = app.state.services.sessions
    session = sessions()
    actor = session.get(User, owner_id)
    assert actor is not None
    middle = (count // 2 // 50) * 50
    steps: dict[str, Callable[[], object]] = {
        "search: page 1": lambda: search_patients(session, actor=actor),
        "search: a middle page": lambda: search_patients(session, actor=actor, offset=middle),
        "search: name fragment": lambda: search_patients(session, actor=actor, q="son 0004"),
        "search: MRN prefix": lambda: search_patients(session, actor=actor, q="M00004"),
        "search: birth date": lambda: search_patients(session, actor=actor, q="1940-02-01"),
    }
    results = {name: _best(step, repeat) for name, step in steps.items()}
    with TestClient(app) as client:
        signin = client.get("/signin").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', signin)
        assert csrf is not None
        form = {"email": "doc@example.org", "password": PASSWORD, "csrf_token": csrf.group(1)}
        client.post("/signin", data=form)
        assert client.get("/patients").status_code == 200
        results["GET /patients (page of 50)"] = _best(
            lambda: client.get("/patients", params={"q": "", "page": 1}), max(3, repeat // 4)
        )
    session.close()
    return results


def main(argv: list[str] | None = None) -> None:
    """Print the table of timings and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        base = _measure(Path(small), 100, args.repeat)
        big = _measure(Path(large), args.patients, args.repeat)
    print(f"| step | 100 patients (ms) | {args.patients:,} patients (ms) | ratio |")
    print("|---|---:|---:|---:|")
    for name, ms in base.items():
        print(f"| {name} | {ms:.2f} | {big[name]:.2f} | {big[name] / ms:.1f}x |")


if __name__ == "__main__":
    main()
