"""The one clock: the only place bellpath reads the system date.

"Today" reaches the rest of the code from one injectable source: the server's settings
(``BELLPATH_TODAY`` freezes it; :meth:`bellpath.settings.Settings.clock`, kept on
``app.state.today`` and read by pages and API alike), the CLI's ``--as-of``/``--date`` options,
and a fixture in tests. Code below the edges takes ``today`` as an argument; when a caller gives
none it falls back to :func:`today`. May import: the standard library only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

__all__ = ["Clock", "now_utc", "today"]

Clock = Callable[[], dt.date]
"""A source of "today" (``app.state.today``, :meth:`Settings.clock`)."""


def today() -> dt.date:
    """The system's date: the default clock."""
    return dt.date.today()


def now_utc() -> dt.datetime:
    """The current time in UTC (record timestamps)."""
    return dt.datetime.now(dt.UTC)
