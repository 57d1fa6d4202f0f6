"""Reading an upload in chunks, refusing it as soon as it passes a size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from starlette.datastructures import UploadFile

from bellpath.errors import BellpathError

__all__ = ["CHUNK", "limited_chunks"]

CHUNK = 1 << 20
"""Bytes read at a time (1 MiB)."""


async def limited_chunks(
    upload: UploadFile, *, max_bytes: int, too_large: Callable[[], BellpathError]
) -> AsyncIterator[bytes]:
    """The upload's bytes, chunk by chunk; ``too_large()`` is raised (and nothing more read)
    as soon as more than ``max_bytes`` have arrived."""
    total = 0
    while chunk := await upload.read(CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise too_large()
        yield chunk
