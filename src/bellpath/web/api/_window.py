"""Query parameters shared by every list of entries: ``since``, ``until``, ``limit``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query

from bellpath.errors import InputError

__all__ = ["MAX_LIMIT", "EntryWindow", "Window"]

MAX_LIMIT = 10_000


@dataclass(frozen=True)
class EntryWindow:
    """Which entries of a list to return (dates inclusive; oldest first)."""

    since: dt.date | None
    until: dt.date | None
    limit: int | None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`bellpath.records.entries.list_entries`."""
        return {"since": self.since, "until": self.until, "limit": self.limit}


async def _window(
    since: Annotated[
        dt.date | None, Query(description="Only entries on or after this date.")
    ] = None,
    until: Annotated[
        dt.date | None, Query(description="Only entries on or before this date.")
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_LIMIT, description="At most this many.")
    ] = None,
) -> EntryWindow:
    if since is not None and until is not None and since > until:
        raise InputError(
            "since",
            f"'since' ({since}) must not be after 'until' ({until})",
            received=since.isoformat(),
        )
    return EntryWindow(since=since, until=until, limit=limit)


Window = Annotated[EntryWindow, Depends(_window)]
