"""Speed of ``bellpath backup`` / ``restore`` beside copying the same files with ``tar cf``.

Run: ``.venv/bin/python -m bench.bench_backup [PHOTOS] [PHOTO_KB]``. Builds a data folder with a
migrated SQLite database (one clinician, one patient, 5 000 practice entries) and PHOTOS photo
files of PHOTO_KB kilobytes each (random bytes: incompressible, like JPEG), then times the
baseline (``tar cf`` of the data folder, the least a one-archive copy costs), ``make_backup``
(plain and passphrase-encrypted), ``verify_backup`` and ``restore_backup``, each as a ratio to the
baseline, and prints MB/s.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bellpath.backup import make_backup, restore_backup, verify_backup
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.models import Episode, Patient, Photo, PracticeEntry, Role, User

__all__ = ["main"]


def _data_folder(root: Path, photos: int, photo_kb: int) -> tuple[str, Path]:
    data = root / "data"
    (data / "photos").mkdir(parents=True)
    url = f"sqlite:///{data / 'bellpath.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    with transaction(make_session_factory(engine)) as s:
        user = User(email="c@x.org", name="", role=Role.CLINICIAN, password_hash="x")  # noqa: S106  (a bench row)
        s.add(user)
        s.flush()
        patient = Patient(name="P", owner_id=user.id)
        s.add(patient)
        s.flush()
        episode = Episode(patient_id=patient.id, onset=dt.date(2026, 1, 1))
        s.add(episode)
        s.flush()
        s.add_all(
            PracticeEntry(episode_id=episode.id, date=dt.date(2026, 1, 2), minutes=5)
            for _ in range(5000)
        )
        for _ in range(photos):
            name = secrets.token_hex(16) + ".jpg"
            (data / "photos" / name).write_bytes(os.urandom(photo_kb * 1024))
            s.add(
                Photo(
                    episode_id=episode.id,
                    taken_on=dt.date(2026, 1, 2),
                    content_type="image/jpeg",
                    size_bytes=photo_kb * 1024,
                    stored_name=name,
                )
            )
    engine.dispose()
    return url, data


def _time(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main(photos: int = 200, photo_kb: int = 1500) -> None:
    """Print each step's seconds, MB/s and ratio to ``tar cf``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url, data = _data_folder(root, photos, photo_kb)
        size_mb = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6
        out = root / "out"
        out.mkdir()
        base = _time(
            lambda: subprocess.run(
                ["tar", "cf", str(root / "baseline.tar"), "-C", str(root), "data"],
                check=True,
            )
        )
        plain = out / "plain.tar"
        enc = out / "enc.tar.enc"
        steps: list[tuple[str, Callable[[], object]]] = [
            (
                "backup",
                lambda: make_backup(
                    database_url=url,
                    photo_dir=data / "photos",
                    work_dir=data,
                    output=plain,
                    passphrase=None,
                ),
            ),
            (
                "backup --passphrase",
                lambda: make_backup(
                    database_url=url,
                    photo_dir=data / "photos",
                    work_dir=data,
                    output=enc,
                    passphrase="bench passphrase",  # noqa: S106  (a bench archive)
                ),
            ),
            ("backup --verify", lambda: verify_backup(plain, passphrase=None)),
            (
                "restore",
                lambda: restore_backup(
                    archive=plain,
                    database_url=f"sqlite:///{root / 'fresh' / 'bellpath.sqlite3'}",
                    data_dir=root / "fresh",
                    photo_dir=root / "fresh" / "photos",
                    passphrase=None,
                ),
            ),
        ]
        print(f"data folder: {photos} photos of {photo_kb} KB + 5000 rows = {size_mb:.0f} MB")
        print(f"{'step':<22}{'seconds':>9}{'MB/s':>9}{'x tar cf':>11}")
        print(f"{'tar cf (baseline)':<22}{base:>9.2f}{size_mb / base:>9.0f}{1.0:>11.2f}")
        for label, step in steps:
            took = _time(step)
            print(f"{label:<22}{took:>9.2f}{size_mb / took:>9.0f}{took / base:>11.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
