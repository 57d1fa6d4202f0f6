"""Static files under names that carry their content's hash, cached by browsers for a year.

``static_url("bellpath.css")`` is ``/static/bellpath.<hash>.css`` where ``<hash>`` is the first 12
hex digits of the file's SHA-256. A request for that name is served from ``bellpath.css`` with
``Cache-Control: public, max-age=31536000, immutable``: a new release changes the hash, hence the
URL, so a long lifetime never serves an old file. The plain name still works (revalidated).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

__all__ = ["IMMUTABLE", "HashedStaticFiles", "content_hash", "hashed_name", "unhashed_name"]

IMMUTABLE = "public, max-age=31536000, immutable"
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")


@cache
def content_hash(path: Path) -> str:
    """The first 12 hex digits of the file's SHA-256 (read once per process)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def hashed_name(directory: Path, name: str) -> str:
    """``name`` with its content hash before the suffix (``htmx.min.<hash>.js``)."""
    path = Path(name)
    digest = content_hash((directory / name).resolve())
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def unhashed_name(directory: Path, name: str) -> str | None:
    """The file a hashed name stands for, when the hash matches its content; else ``None``."""
    match = _HASHED.match(name)
    if match is None:
        return None
    plain = match["stem"] + match["suffix"]
    target = (directory / plain).resolve()
    if not target.is_relative_to(directory.resolve()) or not target.is_file():
        return None
    if content_hash(target) != match["hash"]:
        return None
    return plain


class HashedStaticFiles(StaticFiles):
    """Static files that also answer to hashed names, with a year-long immutable lifetime."""

    def __init__(self, *, directory: Path) -> None:
        super().__init__(directory=directory)
        self._root = directory

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Serve ``path``; a hashed name is served from its plain file and cached for long."""
        plain = unhashed_name(self._root, path)
        response = await super().get_response(plain or path, scope)
        if plain is not None and response.status_code in {200, 304}:
            response.headers["cache-control"] = IMMUTABLE
        elif "cache-control" not in response.headers:
            response.headers["cache-control"] = "public, no-cache"
        return response
