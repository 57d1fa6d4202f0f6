"""Days in a row with practice, from the daily practice log (issue 19, item 4).

A streak is the run of consecutive calendar days with practice that ends today, or yesterday
while today's practice has not been logged yet (the day is not over, so the run is not broken).
Days after ``today`` are ignored; a day counts once however many entries it has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

__all__ = ["practice_streak"]

_DAY = dt.timedelta(days=1)


def practice_streak(days: Iterable[dt.date], *, today: dt.date) -> int:
    """The number of consecutive days with practice ending today (or yesterday); 0 if none."""
    logged = {d for d in days if d <= today}
    day = today if today in logged else today - _DAY
    run = 0
    while day in logged:
        run += 1
        day -= _DAY
    return run
