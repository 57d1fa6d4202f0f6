"""How a page, a report or a message writes a calendar date: one style per installation.

The style is a setting (``BELLPATH_DATE_STYLE``, default ``day_month``: "7 Dec 2026"), so one page
never mixes "2026-12-07" and "7 Dec 2026". The web app sets the style for each request
(:func:`using_style`); :func:`format_day` reads it, so pure view code needs no extra argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

__all__ = ["DateStyle", "format_day", "using_style"]


class DateStyle(StrEnum):
    """A way of writing a date."""

    DAY_MONTH = "day_month"
    """7 Dec 2026 (the default: unambiguous in every English-speaking country)."""
    MONTH_DAY = "month_day"
    """Dec 7, 2026."""
    ISO = "iso"
    """2026-12-07."""

    def write(self, day: dt.date) -> str:
        """``day`` in this style."""
        if self is DateStyle.ISO:
            return day.isoformat()
        month = day.strftime("%b")
        if self is DateStyle.MONTH_DAY:
            return f"{month} {day.day}, {day.year}"
        return f"{day.day} {month} {day.year}"


_STYLE: ContextVar[DateStyle] = ContextVar("bellpath_date_style", default=DateStyle.DAY_MONTH)


def format_day(day: dt.date | None, *, empty: str = "—") -> str:
    """``day`` in the current style (``empty`` when there is no date)."""
    if day is None:
        return empty
    if isinstance(day, dt.datetime):
        day = day.date()
    return _STYLE.get().write(day)


@contextmanager
def using_style(style: DateStyle) -> Iterator[None]:
    """Write dates in ``style`` inside the block (one request, one report)."""
    token = _STYLE.set(style)
    try:
        yield
    finally:
        _STYLE.reset(token)
