"""Photos encrypted at rest: AES-256-GCM with a key kept outside the data folder.

A stored photo file is ``MAGIC | key id (8 bytes) | nonce (12 bytes) | ciphertext and tag``; the
associated data binds the header and the file's stored name, so a file copied over another
photo's name, or changed by one byte, fails to open. Keys are 32 random bytes written as
URL-safe base64 (44 characters), one per line; the first is used for new files, the others only
read older ones. They come from the ``photo_key`` setting (``BELLPATH_PHOTO_KEY``, keys separated
by commas) or from a key file (``BELLPATH_PHOTO_KEY_FILE``, default ``<data folder>.photo-key``
beside the data folder, created on first use, readable by the owner only). A key file inside the
data folder is refused: whoever copies the data folder must not get the key with it.

:func:`rotate_key` puts a new key first in the key file, re-encrypts every file, then drops the old
keys; each step leaves every photo readable if it is interrupted. :func:`encrypt_plain_files`
migrates a folder from before encryption (files that do not start with ``MAGIC``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bellpath.errors import InputError, PhotoKeyError

__all__ = [
    "MAGIC",
    "PhotoCipher",
    "encrypt_plain_files",
    "is_sealed",
    "key_id_of",
    "load_cipher",
    "new_key",
    "rotate_key",
]

MAGIC = b"BPPHOTO1"
_ID = 8
_NONCE = 12
_HEADER = len(MAGIC) + _ID


def new_key() -> str:
    """A new random key, as written in a key file."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def _decode(text: str, source: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != 32:
        raise InputError(
            "photo_key",
            f"a photo key in {source} is not 32 bytes of URL-safe base64; make a new key file "
            "by pointing BELLPATH_PHOTO_KEY_FILE at a path that does not exist yet",
            received="<hidden>",
        )
    return raw


def _key_id(raw: bytes) -> bytes:
    return hashlib.sha256(b"bellpath photo key id" + raw).digest()[:_ID]


def is_sealed(blob: bytes) -> bool:
    """Whether stored bytes are an encrypted photo (rather than a plain image from before)."""
    return blob.startswith(MAGIC)


def key_id_of(blob: bytes) -> str | None:
    """The hex id of the key that sealed ``blob`` (``None`` for a plain file)."""
    return blob[len(MAGIC) : _HEADER].hex() if is_sealed(blob) else None


def _read_key_file(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            "photo_key_file",
            f"cannot read the photo key file {path} ({exc.strerror or exc})",
            received=str(path),
        ) from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _write_key_file(path: Path, keys: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# bellpath photo keys: the first encrypts new photos. Keep a copy safe.\n")
        handle.write("".join(k + "\n" for k in keys))
    tmp.replace(path)


class PhotoCipher:
    """Seals and opens photo files with a ring of keys (the first one seals)."""

    def __init__(self, keys: list[str], *, key_file: Path | None = None) -> None:
        self._key_file = key_file
        self._load(keys, str(key_file) if key_file else "the photo_key setting")

    def _load(self, keys: list[str], source: str) -> None:
        if not keys:
            raise InputError("photo_key", f"no photo key in {source}", received=None)
        raws = [_decode(k, source) for k in keys]
        self._ring = {_key_id(r): AESGCM(r) for r in raws}
        self._current = _key_id(raws[0])

    @classmethod
    def from_file(cls, path: Path, *, data_dir: Path | None = None) -> PhotoCipher:
        """The keys in ``path``, creating the file with a new key when it does not exist."""
        path = path.expanduser().absolute()
        if data_dir is not None and path.is_relative_to(data_dir.expanduser().absolute()):
            raise InputError(
                "photo_key_file",
                f"the photo key file {path} is inside the data folder; keep it outside "
                "(BELLPATH_PHOTO_KEY_FILE), so a copy of the data folder does not carry the key",
                received=str(path),
            )
        if not path.exists():
            _write_key_file(path, [new_key()])
        return cls(_read_key_file(path), key_file=path)

    @property
    def current_id(self) -> str:
        """Hex id of the key that seals new files."""
        return self._current.hex()

    @property
    def key_ids(self) -> list[str]:
        """Hex ids of every key held."""
        return [k.hex() for k in self._ring]

    def seal(self, name: str, data: bytes) -> bytes:
        """Encrypt ``data`` to be stored under ``name``."""
        header = MAGIC + self._current
        nonce = secrets.token_bytes(_NONCE)
        sealed = self._ring[self._current].encrypt(nonce, data, header + name.encode())
        return header + nonce + sealed

    def open(self, name: str, blob: bytes) -> bytes:
        """Decrypt a stored file; a plain file from before encryption is returned as it is.

        Raises
        ------
        PhotoKeyError
            The key that sealed it is not held, or the file is damaged or not ``name``'s.
        """
        if not is_sealed(blob):
            return blob
        key_id = blob[len(MAGIC) : _HEADER]
        if key_id not in self._ring and self._key_file is not None:
            self._load(_read_key_file(self._key_file), str(self._key_file))  # rotated meanwhile
        aead = self._ring.get(key_id)
        if aead is None:
            raise PhotoKeyError(
                f"a stored photo is encrypted with key {key_id.hex()}, which this bellpath does "
                "not hold; set BELLPATH_PHOTO_KEY_FILE to the key file used when it was stored"
            )
        nonce = blob[_HEADER : _HEADER + _NONCE]
        try:
            return aead.decrypt(nonce, blob[_HEADER + _NONCE :], blob[:_HEADER] + name.encode())
        except InvalidTag:
            raise PhotoKeyError(
                "a stored photo file is damaged or was moved from another photo; it cannot be read"
            ) from None


def load_cipher(*, keys: str | None, key_file: Path, data_dir: Path) -> PhotoCipher:
    """The cipher for a server: ``keys`` (comma-separated) when given, else the key file."""
    if keys:
        return PhotoCipher([k for k in keys.split(",") if k.strip()])
    return PhotoCipher.from_file(key_file, data_dir=data_dir)


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    tmp.replace(path)


def _stored_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def encrypt_plain_files(folder: Path, cipher: PhotoCipher) -> int:
    """Encrypt, in place, every plain photo file in ``folder``; how many were."""
    done = 0
    for path in _stored_files(folder):
        blob = path.read_bytes()
        if not is_sealed(blob):
            _replace(path, cipher.seal(path.name, blob))
            done += 1
    return done


def rotate_key(folder: Path, key_file: Path) -> tuple[str, int]:
    """Re-encrypt every photo in ``folder`` with a new key; ``(new key id, files re-encrypted)``."""
    old = _read_key_file(key_file)
    fresh = new_key()
    _write_key_file(key_file, [fresh, *old])  # 1: new key first, old ones still readable
    cipher = PhotoCipher([fresh, *old], key_file=key_file)
    done = 0
    for path in _stored_files(folder):  # 2: every file under the new key
        blob = path.read_bytes()
        if key_id_of(blob) != cipher.current_id:
            _replace(path, cipher.seal(path.name, cipher.open(path.name, blob)))
            done += 1
    retired = key_file.with_name(key_file.name + ".retired")
    with retired.open("a", encoding="utf-8") as handle:  # for restoring older backups
        handle.write("".join(k + "\n" for k in old))
    retired.chmod(0o600)
    _write_key_file(key_file, [fresh])  # 3: old keys dropped from the working file
    return cipher.current_id, done
