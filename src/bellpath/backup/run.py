"""Make, verify and restore a backup (the steps behind ``bellpath backup`` and ``restore``).

Consistency while the server writes: every photo file is first hard-linked into a private
staging folder (files are never changed in place, so a link is a free, instant copy), then the
database is copied at one moment, then the photos the copy knows of are taken from the staging
folder (or linked now, for those added in between). A photo deleted in that short window makes
the attempt start over. Files on disk that no database row knows of are left out.

A restore reads the archive twice: once to check every checksum before anything is written,
once to extract into a private folder inside the data folder, from which the database rows and
the photo folder are moved into place.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url

from bellpath import __version__, clock
from bellpath.backup.archive import (
    DATABASE_MEMBER,
    PHOTO_PREFIX,
    ArchiveWriter,
    Manifest,
    read_archive,
)
from bellpath.backup.snapshot import copy_rows, is_empty, snapshot_database
from bellpath.errors import BackupError
from bellpath.records.db import alembic_config, downgrade, make_engine, migrate
from bellpath.records.models import Base
from bellpath.records.photo_keys import key_id_of

__all__ = ["archive_name", "make_backup", "restore_backup", "verify_backup"]

_ATTEMPTS = 3


def archive_name(now: dt.datetime, *, encrypted: bool) -> str:
    """``bellpath-backup-20260307T021500Z.tar`` (``.enc`` added when encrypted)."""
    return f"bellpath-backup-{now:%Y%m%dT%H%M%SZ}.tar" + (".enc" if encrypted else "")


STALE_STAGING_S = 6 * 3600
"""A staging folder older than this was left by a backup that was killed; it is removed (its
hard links would otherwise keep deleted patients' photos on disk)."""


def _remove_stale_staging(work_dir: Path) -> None:
    now = dt.datetime.now(dt.UTC).timestamp()
    for folder in work_dir.glob(".backup-*"):
        if folder.is_dir() and now - folder.stat().st_mtime > STALE_STAGING_S:
            shutil.rmtree(folder, ignore_errors=True)


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # another file system, or links not allowed: copy instead
        try:
            shutil.copy2(source, target)
        except FileNotFoundError:
            return False
    return True


def _stage_photos(photo_dir: Path, staged: Path) -> None:
    staged.mkdir()
    if photo_dir.is_dir():
        for path in photo_dir.iterdir():
            if path.is_file() and not path.name.startswith("."):
                _link(path, staged / path.name)


def _snapshot_facts(db_file: Path) -> tuple[str, dict[str, int], list[str]]:
    conn = sqlite3.connect(db_file)
    try:
        revision = str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        rows = {
            t.name: int(conn.execute(f'SELECT COUNT(*) FROM "{t.name}"').fetchone()[0])  # noqa: S608  (our own table names)
            for t in Base.metadata.sorted_tables
            if t.name in names
        }
        stored = [str(r[0]) for r in conn.execute("SELECT stored_name FROM photos")]
    finally:
        conn.close()
    return revision, rows, stored


def _attempt(engine_url: str, photo_dir: Path, staging: Path) -> list[str] | None:
    """Stage photos and copy the database; the stored names, or ``None`` to try again."""
    staged = staging / "photos"
    _stage_photos(photo_dir, staged)
    engine = make_engine(engine_url)
    try:
        snapshot_database(engine, staging / DATABASE_MEMBER)
    finally:
        engine.dispose()
    _, _, stored = _snapshot_facts(staging / DATABASE_MEMBER)
    for name in stored:
        if not (staged / name).exists() and not _link(photo_dir / name, staged / name):
            return None
    return stored


def make_backup(
    *,
    database_url: str,
    photo_dir: Path,
    work_dir: Path,
    output: Path,
    passphrase: str | None,
    now: dt.datetime | None = None,
) -> tuple[Path, Manifest]:
    """Write one archive of the database and every stored photo; ``(archive path, manifest)``.

    ``work_dir`` holds the private staging folder (the data folder: same file system as the
    photos). ``output`` is a file name, or a folder to put a dated archive in.
    """
    now = now or clock.now_utc()
    if output.is_dir():
        output = output / archive_name(now, encrypted=bool(passphrase))
    if not output.parent.is_dir():
        raise BackupError(f"the folder {output.parent} does not exist; create it first")
    work_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(work_dir)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=work_dir))
    try:
        for _ in range(_ATTEMPTS):
            stored = _attempt(database_url, photo_dir, staging)
            if stored is not None:
                break
            shutil.rmtree(staging)
            staging.mkdir(mode=0o700)
        else:
            raise BackupError("photos kept being deleted while the backup ran; run it again")
        revision, rows, _ = _snapshot_facts(staging / DATABASE_MEMBER)
        manifest = Manifest(
            created_at=now.isoformat(),
            bellpath_version=__version__,
            backend=make_url(database_url).get_backend_name(),
            schema_revision=revision,
            rows=rows,
            photo_key_ids=sorted(_key_ids(staging / "photos", stored)),
        )
        _write(output, staging, stored, manifest, passphrase)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return output, manifest


def _key_ids(folder: Path, stored: list[str]) -> set[str]:
    ids = set()
    for name in stored:
        with (folder / name).open("rb") as handle:
            ids.add(key_id_of(handle.read(16)) or "plain")
    return ids


def _write(
    output: Path, staging: Path, stored: list[str], manifest: Manifest, passphrase: str | None
) -> None:
    tmp = output.with_name(f".{output.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as sink:
            writer = ArchiveWriter(sink, passphrase=passphrase)
            writer.add_file(DATABASE_MEMBER, staging / DATABASE_MEMBER)
            for name in sorted(stored):
                writer.add_file(PHOTO_PREFIX + name, staging / "photos" / name)
            writer.finish(manifest)
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def verify_backup(archive: Path, *, passphrase: str | None) -> Manifest:
    """Check every checksum of ``archive`` and that its counts agree; writes nothing."""
    manifest = read_archive(archive, passphrase=passphrase)
    if manifest.rows.get("photos", 0) != manifest.photo_count:
        raise BackupError(
            f"the archive is partial: its database lists {manifest.rows.get('photos', 0)} "
            f"photo(s) but it holds {manifest.photo_count} photo file(s)"
        )
    return manifest


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    return Path(database).expanduser() if database else None


def _check_target(database_url: str, photo_dir: Path) -> None:
    if photo_dir.is_dir() and any(photo_dir.iterdir()):
        raise BackupError(
            f"the photo folder {photo_dir} is not empty; restore only into an empty data folder"
        )
    path = _sqlite_path(database_url)
    if path is not None and not path.exists():
        return
    engine = make_engine(database_url)
    try:
        if not is_empty(engine):
            raise BackupError(
                "the database already holds bellpath tables; restore only into an empty "
                "database (a new SQLite file or a new PostgreSQL database)"
            )
    finally:
        engine.dispose()


def restore_backup(
    *, archive: Path, database_url: str, data_dir: Path, photo_dir: Path, passphrase: str | None
) -> Manifest:
    """Restore ``archive`` into an empty database and data folder, or change nothing.

    Raises
    ------
    BackupError
        A damaged, partial or foreign archive, a wrong passphrase, a schema newer than this
        bellpath, or a target that is not empty.
    """
    manifest = verify_backup(archive, passphrase=passphrase)
    _check_known_revision(manifest.schema_revision)
    _check_target(database_url, photo_dir)
    created = not data_dir.exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        (staging / "photos").mkdir()

        def sink(name: str, blocks: Iterator[bytes]) -> None:
            target = staging / name  # names were checked by read_archive: no escaping
            with target.open("wb") as handle:
                for block in blocks:
                    handle.write(block)
            target.chmod(0o600)

        read_archive(archive, passphrase=passphrase, sink=sink)  # checked again while writing
        _load_database(staging / DATABASE_MEMBER, database_url)
        if photo_dir.is_dir():
            photo_dir.rmdir()  # checked empty above
        photo_dir.parent.mkdir(parents=True, exist_ok=True)
        (staging / "photos").replace(photo_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _check_known_revision(revision: str) -> None:
    engine = make_engine("sqlite://")
    try:
        ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision)
    except CommandError:
        raise BackupError(
            f"the archive's schema revision {revision!r} is newer than this bellpath knows; "
            "restore it with the bellpath version that made it (or newer)"
        ) from None
    finally:
        engine.dispose()


def _load_database(copy_file: Path, database_url: str) -> None:
    source = make_engine(f"sqlite:///{copy_file}")
    target = make_engine(database_url)
    try:
        migrate(source)  # an archive from an older bellpath is upgraded first
        migrate(target)
        try:
            with source.connect() as src, target.begin() as sink:
                copy_rows(src, sink)
        except BaseException:
            downgrade(target, "base")  # leave the target as empty as it was
            raise
    finally:
        source.dispose()
        target.dispose()
