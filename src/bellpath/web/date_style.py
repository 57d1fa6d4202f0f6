"""Every page of a request writes dates in the installation's style (``BELLPATH_DATE_STYLE``)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from bellpath.dates import DateStyle, using_style

__all__ = ["DateStyleMiddleware"]


class DateStyleMiddleware:
    """Pure ASGI middleware: sets the date style for everything the request renders."""

    def __init__(self, app: ASGIApp, *, style: DateStyle) -> None:
        self.app = app
        self.style = style

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with using_style(self.style):
            await self.app(scope, receive, send)
