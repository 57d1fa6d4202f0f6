"""The backup archive: a tar of the database copy and the photo files, manifest last.

Members: ``database.sqlite3`` (see :mod:`bellpath.backup.snapshot`), ``photos/<stored name>`` (the
files exactly as stored, so still encrypted with the photo key) and ``manifest.json``: the format,
when and by which bellpath it was made, the schema revision, rows per table, the photo count and
key ids, and the size and SHA-256 of every other member. Reading checks every member against the
manifest; a changed byte, a missing, extra or repeated member, or a missing manifest is refused
with :class:`~bellpath.errors.BackupError`. The archive may be encrypted with a passphrase
(:mod:`bellpath.backup._passphrase`).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from bellpath.backup._passphrase import DecryptingReader, EncryptingWriter, is_encrypted
from bellpath.errors import BackupError

__all__ = [
    "DATABASE_MEMBER",
    "FORMAT",
    "MANIFEST_MEMBER",
    "ArchiveWriter",
    "Manifest",
    "read_archive",
]

FORMAT = "bellpath-backup"
FORMAT_VERSION = 1
DATABASE_MEMBER = "database.sqlite3"
MANIFEST_MEMBER = "manifest.json"
PHOTO_PREFIX = "photos/"
_READ = 1 << 20


@dataclass
class Manifest:
    """What an archive holds; ``files`` maps member name -> {"size", "sha256"}."""

    created_at: str
    bellpath_version: str
    backend: str
    schema_revision: str
    rows: dict[str, int]
    photo_key_ids: list[str]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def photo_count(self) -> int:
        """How many photo files the archive holds."""
        return sum(1 for name in self.files if name.startswith(PHOTO_PREFIX))

    def to_json(self) -> bytes:
        """The manifest as stored in the archive."""
        body = {"format": FORMAT, "format_version": FORMAT_VERSION, **self.__dict__}
        body["photo_count"] = self.photo_count
        return json.dumps(body, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse a manifest, refusing one of another format or version."""
        try:
            body = json.loads(data)
            if body.get("format") != FORMAT or body.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"the archive is not a bellpath backup of format {FORMAT_VERSION} "
                    f"(got {body.get('format')!r} version {body.get('format_version')!r})"
                )
            return cls(
                created_at=str(body["created_at"]),
                bellpath_version=str(body["bellpath_version"]),
                backend=str(body["backend"]),
                schema_revision=str(body["schema_revision"]),
                rows={str(k): int(v) for k, v in body["rows"].items()},
                photo_key_ids=[str(k) for k in body["photo_key_ids"]],
                files={str(k): dict(v) for k, v in body["files"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"the archive's manifest is damaged ({type(exc).__name__})") from None


class ArchiveWriter:
    """Adds files to a new archive, hashing each; :meth:`finish` writes the manifest."""

    def __init__(self, sink: BinaryIO, *, passphrase: str | None) -> None:
        self._crypt = EncryptingWriter(sink, passphrase) if passphrase else None
        stream: IO[bytes] = self._crypt if self._crypt is not None else sink  # type: ignore[assignment]
        # Not compressed: photos are compressed already, and gzip would cost more time than
        # the photos take to read and hash (see bench/bench_backup.py).
        self._tar = tarfile.open(fileobj=stream, mode="w|")  # noqa: SIM115  (closed in finish)
        self.files: dict[str, dict[str, Any]] = {}

    def add_file(self, name: str, path: Path) -> None:
        """Add ``path`` as member ``name``, recording its size and SHA-256."""
        info = tarfile.TarInfo(name)
        info.size = path.stat().st_size
        info.mode = 0o600
        with path.open("rb") as handle:
            reader = _Hashing(handle, info.size)
            self._tar.addfile(info, reader)
        self.files[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}

    def finish(self, manifest: Manifest) -> None:
        """Write the manifest (with every file's checksum) and close the archive."""
        manifest.files = dict(self.files)
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST_MEMBER)
        info.size = len(data)
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        if self._crypt is not None:
            self._crypt.close()


class _Hashing(io.RawIOBase):
    """Reads at most ``size`` bytes of ``source`` through a digest."""

    def __init__(self, source: BinaryIO, size: int) -> None:
        super().__init__()
        self._source, self.digest, self._left = source, hashlib.sha256(), size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self._left if n < 0 else min(n, self._left)
        data = self._source.read(n)
        if n and not data:
            raise BackupError("a file changed size while it was being backed up; run it again")
        self._left -= len(data)
        self.digest.update(data)
        return data


MemberSink = Callable[[str, Iterator[bytes]], None]
"""Receives each checked member's name and its bytes in blocks (for extraction)."""


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    allowed = name in {DATABASE_MEMBER, MANIFEST_MEMBER} or (
        len(path.parts) == 2 and path.parts[0] == "photos" and not path.parts[1].startswith(".")
    )
    if path.is_absolute() or ".." in path.parts or not allowed:
        raise BackupError(f"the archive holds an unexpected member {name!r}; it is not a backup")
    return name


@contextmanager
def _open_plain(archive: Path, passphrase: str | None) -> Iterator[IO[bytes]]:
    try:
        handle = archive.open("rb")
    except OSError as exc:
        raise BackupError(f"cannot read the archive {archive} ({exc.strerror or exc})") from None
    with handle:
        encrypted = is_encrypted(handle.read(16))
        handle.seek(0)
        if encrypted and not passphrase:
            raise BackupError(
                "the archive is encrypted; give its passphrase (--passphrase-file or "
                "BELLPATH_BACKUP_PASSPHRASE)"
            )
        if encrypted:
            yield io.BufferedReader(DecryptingReader(handle, passphrase or ""), _READ)
        else:
            yield handle


def read_archive(
    archive: Path, *, passphrase: str | None, sink: MemberSink | None = None
) -> Manifest:
    """Check every member of ``archive`` against its manifest; hand each to ``sink`` if given.

    Members reach ``sink`` before the manifest is checked: a caller that writes them must write
    somewhere private and discard it all when this raises.

    Raises
    ------
    BackupError
        Unreadable, damaged, partial or foreign archive, or a wrong passphrase.
    """
    seen: dict[str, dict[str, Any]] = {}
    manifest: Manifest | None = None
    try:
        with (
            _open_plain(archive, passphrase) as stream,
            tarfile.open(fileobj=stream, mode="r|") as tar,
        ):
            for member in tar:
                name = _safe_name(member.name)
                if name in seen or (name == MANIFEST_MEMBER and manifest is not None):
                    raise BackupError(f"the archive holds {name!r} twice; it is not a backup")
                if not member.isfile():
                    raise BackupError(f"the archive member {name!r} is not a file")
                handle = tar.extractfile(member)
                if handle is None:  # pragma: no cover - isfile() was checked
                    raise BackupError(f"the archive member {name!r} cannot be read")
                if name == MANIFEST_MEMBER:
                    manifest = Manifest.from_json(handle.read())
                    continue
                seen[name] = _take(name, handle, sink)
            # tarfile ends quietly at a damaged header: what follows must be the zero padding.
            if tar.fileobj is not None and tar.fileobj.read(_READ).strip(b"\0"):
                raise BackupError("the archive is damaged: a file header does not read")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(
            f"the archive is damaged or cut short ({type(exc).__name__}); it cannot be used"
        ) from None
    return _check(manifest, seen)


def _take(name: str, handle: IO[bytes], sink: MemberSink | None) -> dict[str, Any]:
    """Read one member through a digest (handing its blocks to ``sink``): its size and hash."""
    digest = hashlib.sha256()
    size = 0

    def blocks() -> Iterator[bytes]:
        nonlocal size
        while block := handle.read(_READ):
            digest.update(block)
            size += len(block)
            yield block

    if sink is not None:
        sink(name, blocks())
    for _ in blocks():  # whatever the sink left unread
        pass
    return {"size": size, "sha256": digest.hexdigest()}


def _check(manifest: Manifest | None, seen: dict[str, dict[str, Any]]) -> Manifest:
    if manifest is None:
        raise BackupError("the archive is damaged or partial: it has no manifest")
    if DATABASE_MEMBER not in manifest.files:
        raise BackupError("the archive's manifest lists no database copy")
    missing = sorted(set(manifest.files) - set(seen))
    if missing:
        raise BackupError(
            f"the archive is partial: {len(missing)} file(s) missing, e.g. {missing[0]}"
        )
    extra = sorted(set(seen) - set(manifest.files))
    if extra:
        raise BackupError(
            f"the archive holds {len(extra)} file(s) not in its manifest, e.g. {extra[0]}"
        )
    for name, expected in manifest.files.items():
        if seen[name] != {"size": expected.get("size"), "sha256": expected.get("sha256")}:
            raise BackupError(f"the archive is damaged: {name} does not match its checksum")
    return manifest
