"""The video upload form's settings, shared by the timeline, ``/me`` and the videos pages."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from bellpath.web.pages._common import today_of
from bellpath.web.pages._reader import Reader
from bellpath.web.security import services_of

__all__ = ["VideoForm", "video_form"]


@dataclass(frozen=True, slots=True)
class VideoForm:
    """What the upload form needs: where it posts, the size limit, today (the date's maximum)."""

    action: str
    max_mb: str
    today: str
    reader: Reader


def video_form(request: Request, *, reader: Reader) -> VideoForm:
    """The upload form's settings for ``reader`` (embedded on the timeline and ``/me``): it posts
    to the reader's videos page."""
    limit = services_of(request).settings.max_video_upload_bytes
    return VideoForm(
        action=reader.url("videos"),
        max_mb=f"{limit / 1e6:.0f}",
        today=today_of(request).isoformat(),
        reader=reader,
    )
