"""The video upload form's settings, shared by the timeline, ``/me`` and the videos pages."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from bellpath.web.pages._common import today_of
from bellpath.web.security import services_of

__all__ = ["VideoForm", "video_form"]


@dataclass(frozen=True, slots=True)
class VideoForm:
    """What the upload form needs: where it posts, the size limit, today (the date's maximum)."""

    action: str
    max_mb: str
    today: str
    self_view: bool


def video_form(request: Request, *, action: str, self_view: bool) -> VideoForm:
    """The upload form's settings for ``action`` (embedded on the timeline and ``/me``)."""
    limit = services_of(request).settings.max_video_upload_bytes
    return VideoForm(
        action=action,
        max_mb=f"{limit / 1e6:.0f}",
        today=today_of(request).isoformat(),
        self_view=self_view,
    )
