"""``bellpath backup`` and ``restore``: consistent while the server writes; bad archives refused.

The backup-while-writing round trip runs on SQLite, and on PostgreSQL when it answers (in schemas
of its own, dropped after); the archive checks do not depend on the database and run on SQLite.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tarfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select, text
from typer.testing import CliRunner

from bellpath.cli import app as cli
from bellpath.records.db import make_engine, transaction
from bellpath.records.entries import add_practice
from bellpath.records.models import PracticeEntry, User
from bellpath.records.photos import add_photo, read_photo
from bellpath.web.app import create_app
from bellpath.web.security import Services

from ..web.conftest import Clinic, fake_measurer, make_settings, seed

POSTGRES_URL = os.environ.get(
    "BELLPATH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@dataclass
class Database:
    """A database URL for the clinic, and one more, empty, to restore into."""

    url: str
    fresh_url: str


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        yield Database(
            f"sqlite:///{tmp_path / 'data' / 'web.sqlite3'}",
            f"sqlite:///{tmp_path / 'fresh' / 'bellpath.sqlite3'}",
        )
        return
    admin = make_engine(f"{POSTGRES_URL}?connect_timeout=3")
    schemas = [f"bp_bk_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    try:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not usable ({type(exc).__name__})")
    urls = [f"{POSTGRES_URL}?options=-csearch_path%3D{s}" for s in schemas]
    try:
        yield Database(*urls)
    finally:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def photo_bytes(seed_value: int) -> bytes:
    pixels = np.random.default_rng(seed_value).integers(0, 255, (48, 48, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def running(tmp_path: Path, database: Database) -> Iterator[Clinic]:
    """The seeded clinic serving from ``tmp_path/data``."""
    settings = make_settings(tmp_path / "data", database_url=database.url)
    app = create_app(settings, measurer=fake_measurer)
    clinic = seed(app)
    try:
        yield clinic
    finally:
        app.state.engine.dispose()


def env(tmp_path: Path) -> dict[str, str]:
    """The CLI's environment: test mode, the clinic's photo key file."""
    return {
        "BELLPATH_ENVIRONMENT": "test",
        "BELLPATH_SECRET_KEY": "t" * 48,
        "BELLPATH_PHOTO_KEY_FILE": str(tmp_path / "data.photo-key"),
        "BELLPATH_BACKUP_PASSPHRASE": "",
    }


class Writer(threading.Thread):
    """Adds practice entries (and now and then a photo) until stopped; records what committed."""

    def __init__(self, services: Services, user_id: int, patient_id: int) -> None:
        super().__init__(daemon=True)
        self.services, self.user_id, self.patient_id = services, user_id, patient_id
        self.acked: list[int] = []
        self.photos: dict[int, bytes] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            with transaction(self.services.sessions) as s:
                actor = s.get_one(User, self.user_id)
                row = add_practice(
                    s, actor=actor, patient_id=self.patient_id, date=dt.date.today(), minutes=5
                )
                photo = None
                if i % 5 == 0:
                    data = photo_bytes(i)
                    photo = add_photo(
                        s,
                        actor=actor,
                        patient_id=self.patient_id,
                        data=data,
                        taken_on=dt.date.today(),
                        max_bytes=10**7,
                        measurer=None,
                    )
            self.acked.append(row.id)  # acknowledged: the transaction committed
            if photo is not None:
                self.photos[photo.id] = data


def backup_while_writing(clinic: Clinic, database: Database, tmp_path: Path) -> tuple[Path, Writer]:
    writer = Writer(clinic.services, clinic.users["a"], clinic.patient_id)
    writer.start()
    while len(writer.acked) < 10:  # the writer is well under way
        threading.Event().wait(0.01)
    acked_before = list(writer.acked)
    photos_before = dict(writer.photos)
    out = tmp_path / "backups"
    out.mkdir()
    args = ["backup", "-o", str(out), "--database", database.url]
    result = CliRunner().invoke(
        cli, [*args, "--data-dir", str(tmp_path / "data")], env=env(tmp_path)
    )
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert len(writer.acked) > len(acked_before)  # writing went on while the backup ran
    writer.acked, writer.photos = acked_before, photos_before
    (archive,) = out.iterdir()
    return archive, writer


def test_backup_while_writing_restores_every_acknowledged_entry_and_photo(
    running: Clinic, database: Database, tmp_path: Path
) -> None:
    archive, writer = backup_while_writing(running, database, tmp_path)
    with transaction(running.services.sessions) as s:
        admin = s.get_one(User, running.users["a"])
        originals = {
            pid: read_photo(s, actor=admin, patient_id=running.patient_id, photo_id=pid)[0]
            for pid in [running.entries["photo_id"], *writer.photos]
        }
    fresh = tmp_path / "fresh"
    result = CliRunner().invoke(
        cli,
        ["restore", str(archive), "--database", database.fresh_url, "--data-dir", str(fresh)],
        env=env(tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert "restored" in result.output

    restored = create_app(
        make_settings(
            fresh, database_url=database.fresh_url, photo_key_file=tmp_path / "data.photo-key"
        ),
        measurer=fake_measurer,
    )
    try:
        with transaction(restored.state.services.sessions) as s:
            ids = set(s.scalars(select(PracticeEntry.id)))
            assert set(writer.acked) <= ids
            assert running.entries["entry_id"] in ids
            actor = s.get_one(User, running.users["a"])
            for pid, data in originals.items():
                got, _ = read_photo(s, actor=actor, patient_id=running.patient_id, photo_id=pid)
                assert got == data  # byte-identical
            # the restored database keeps working: new rows get fresh ids
            row = add_practice(
                s, actor=actor, patient_id=running.patient_id, date=dt.date.today(), minutes=1
            )
            assert row.id not in ids
    finally:
        restored.state.engine.dispose()


def rewrite(archive: Path, target: Path, *, drop: str | None = None) -> None:
    """Copy a plain archive, leaving out the first member whose name starts with ``drop``."""
    with tarfile.open(archive, "r:") as src, tarfile.open(target, "w:") as dst:
        dropped = False
        for member in src:
            if drop and not dropped and member.name.startswith(drop):
                dropped = True
                continue
            dst.addfile(member, src.extractfile(member))


def flip_byte(archive: Path, target: Path) -> None:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))


SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@SQLITE_ONLY
@pytest.mark.parametrize("damage", ["byte_changed", "photo_missing", "manifest_missing"])
def test_a_damaged_or_partial_archive_is_refused_and_nothing_written(
    running: Clinic, database: Database, tmp_path: Path, damage: str
) -> None:
    archive, _ = backup_while_writing(running, database, tmp_path)
    bad = tmp_path / "bad.tar"
    if damage == "byte_changed":
        flip_byte(archive, bad)
    else:
        rewrite(archive, bad, drop="photos/" if damage == "photo_missing" else "manifest")
    fresh = tmp_path / "fresh"
    runner = CliRunner()
    verified = runner.invoke(cli, ["backup", "--verify", str(bad)], env=env(tmp_path))
    assert verified.exit_code == 2
    restored = runner.invoke(
        cli,
        ["restore", str(bad), "--database", database.fresh_url, "--data-dir", str(fresh)],
        env=env(tmp_path),
    )
    assert restored.exit_code == 2
    lines = restored.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert ("damaged" if damage == "byte_changed" else "partial") in lines[0]
    assert not fresh.exists()  # nothing written
    fresh_engine = make_engine(database.fresh_url)
    try:
        from bellpath.backup.snapshot import is_empty  # noqa: PLC0415

        assert is_empty(fresh_engine)
    finally:
        fresh_engine.dispose()
    # the good archive still verifies
    good = runner.invoke(cli, ["backup", "--verify", str(archive)], env=env(tmp_path))
    assert good.exit_code == 0
    assert good.output.startswith("ok: ")


@SQLITE_ONLY
def test_encrypted_archive_needs_its_passphrase_and_refuses_tampering(
    running: Clinic, database: Database, tmp_path: Path
) -> None:
    secret_file = tmp_path / "passphrase.txt"
    secret_file.write_text("correct horse battery staple\n")
    archive = tmp_path / "clinic.tar.enc"
    runner = CliRunner()
    data = ["--database", database.url, "--data-dir", str(tmp_path / "data")]
    made = runner.invoke(
        cli,
        ["backup", "-o", str(archive), "--passphrase-file", str(secret_file), *data],
        env=env(tmp_path),
    )
    assert made.exit_code == 0, made.output
    assert "encrypted" in made.output
    assert b"database.sqlite3" not in archive.read_bytes()  # nothing readable inside
    assert b"Ann Example" not in archive.read_bytes()

    no_pass = runner.invoke(cli, ["backup", "--verify", str(archive)], env=env(tmp_path))
    assert no_pass.exit_code == 2
    assert "passphrase" in no_pass.output
    wrong = runner.invoke(
        cli,
        ["backup", "--verify", str(archive)],
        env={**env(tmp_path), "BELLPATH_BACKUP_PASSPHRASE": "nope"},
    )
    assert wrong.exit_code == 2
    assert "passphrase is wrong or the file is damaged" in wrong.output
    good = ["backup", "--verify", str(archive), "--passphrase-file", str(secret_file)]
    assert runner.invoke(cli, good, env=env(tmp_path)).exit_code == 0

    bad = tmp_path / "bad.enc"
    flip_byte(archive, bad)
    tampered = runner.invoke(
        cli,
        [
            "restore",
            str(bad),
            "--passphrase-file",
            str(secret_file),
            "--database",
            database.fresh_url,
            "--data-dir",
            str(tmp_path / "fresh"),
        ],
        env=env(tmp_path),
    )
    assert tampered.exit_code == 2
    assert not (tmp_path / "fresh").exists()
    cut = tmp_path / "cut.enc"
    cut.write_bytes(archive.read_bytes()[:-100])
    short = runner.invoke(
        cli,
        ["backup", "--verify", str(cut), "--passphrase-file", str(secret_file)],
        env=env(tmp_path),
    )
    assert short.exit_code == 2


@SQLITE_ONLY
def test_restore_refuses_a_folder_or_database_that_is_not_empty(
    running: Clinic, database: Database, tmp_path: Path
) -> None:
    archive = tmp_path / "clinic.tar"
    runner = CliRunner()
    data = ["--database", database.url, "--data-dir", str(tmp_path / "data")]
    assert (
        runner.invoke(cli, ["backup", "-o", str(archive), *data], env=env(tmp_path)).exit_code == 0
    )
    before = sorted(p.name for p in (tmp_path / "data" / "photos").iterdir())
    onto_itself = runner.invoke(cli, ["restore", str(archive), *data], env=env(tmp_path))
    assert onto_itself.exit_code == 2
    assert "not empty" in onto_itself.output
    assert sorted(p.name for p in (tmp_path / "data" / "photos").iterdir()) == before
