"""Passphrase encryption of a backup archive as a stream of authenticated chunks.

Layout: ``MAGIC`` (8 bytes), a random salt (16 bytes), then chunks of at most :data:`CHUNK`
plain bytes. Each chunk is ``length (4 bytes, big-endian) | AES-256-GCM ciphertext and tag``; the
key comes from the passphrase through scrypt (n=2**15, r=8, p=1), the nonce is the chunk's
number, and the associated data binds the header, the chunk number and whether it is the last
chunk. A changed byte, a reordered chunk or a cut-off file fails authentication, so a damaged
archive is never read as a good one. Memory stays bounded whatever the archive's size.
"""

from __future__ import annotations

import io
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from bellpath.errors import BackupError

__all__ = ["MAGIC", "DecryptingReader", "EncryptingWriter", "is_encrypted"]

MAGIC = b"BPBKENC1"
CHUNK = 1 << 20
_SALT = 16
_TAG = 16


def _key(passphrase: str, salt: bytes) -> AESGCM:
    if not passphrase:
        raise BackupError("the backup passphrase is empty; give the passphrase used for it")
    kdf = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1)
    return AESGCM(kdf.derive(passphrase.encode("utf-8")))


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


def _nonce(index: int) -> bytes:
    return struct.pack(">4xQ", index)


def is_encrypted(head: bytes) -> bool:
    """Whether the first bytes of an archive mark it as passphrase-encrypted."""
    return head.startswith(MAGIC)


class EncryptingWriter(io.RawIOBase):
    """A writable stream that encrypts into ``sink``; :meth:`close` writes the last chunk."""

    def __init__(self, sink: BinaryIO, passphrase: str) -> None:
        super().__init__()
        salt = os.urandom(_SALT)
        self._header = MAGIC + salt
        self._aead = _key(passphrase, salt)
        self._sink = sink
        self._buffer = bytearray()
        self._index = 0
        sink.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._index), plain, _aad(self._header, self._index, last)
        )
        self._sink.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


class DecryptingReader(io.RawIOBase):
    """A readable stream of the plain archive; raises :class:`BackupError` on any tampering."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        super().__init__()
        self._header = source.read(len(MAGIC) + _SALT)
        if not is_encrypted(self._header) or len(self._header) < len(MAGIC) + _SALT:
            raise BackupError("the archive is not an encrypted bellpath backup")
        self._aead = _key(passphrase, self._header[len(MAGIC) :])
        self._source = source
        self._buffer = b""
        self._pos = 0
        self._index = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        size_bytes = self._source.read(4)
        if len(size_bytes) < 4:
            raise BackupError("the archive is cut short (its last part is missing)")
        (size,) = struct.unpack(">I", size_bytes)
        if size > CHUNK + _TAG:
            raise BackupError("the archive is damaged (a part has an impossible length)")
        sealed = self._source.read(size)
        for last in (False, True):
            try:
                plain = self._aead.decrypt(
                    _nonce(self._index), sealed, _aad(self._header, self._index, last)
                )
            except InvalidTag:
                continue
            self._index += 1
            self._buffer, self._pos = plain, 0
            if last:
                if self._source.read(1):
                    raise BackupError("the archive has data after its last part")
                self._done = True
            return
        raise BackupError(
            "the archive cannot be decrypted: the passphrase is wrong or the file is damaged"
        )

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._pos >= len(self._buffer) and not self._done:
            self._next_chunk()
        n = min(len(target), len(self._buffer) - self._pos)
        target[:n] = self._buffer[self._pos : self._pos + n]
        self._pos += n
        return n
