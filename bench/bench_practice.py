"""What live mirror sessions cost: the engine, the weekly progress and the chart.

Run: ``.venv/bin/python -m bench.bench_practice``. Prints the median time of:

* ``assess`` on a case without sessions (the baseline),
* ``assess`` on the same case with a year of daily sessions (365 sessions, 3 movements each:
  the sessions' trajectory is fitted on every assessment),
* the weekly progress of two years of daily sessions (104 weeks, 730 sessions),
* drawing the weekly chart (SVG) of those 104 weeks, and of the patient page's 8 weeks,
* for scale, drawing the recovery chart (SVG) of 27 weekly Sunnybrook gradings,

each with its ratio to the baseline.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bellpath.assess import assess
from bellpath.case import Case, PracticeSessionEntry
from bellpath.recovery.practice_weeks import practice_weeks
from bellpath.reports.charts import case_chart
from bellpath.reports.practice_chart import practice_chart

__all__ = ["main", "sessions"]

ONSET = dt.date(2024, 1, 8)


def sessions(days: int, seed: int = 0) -> list[dict[str, Any]]:
    """Daily sessions: the smile's ratio flat at 0.3, rising from day 90 towards 0.9, noisy."""
    rng = random.Random(seed)
    out = []
    for t in range(1, days + 1):
        level = 0.3 if t < 90 else 0.3 + 0.6 * (1 - math.exp(-(t - 90) / 60))
        exercises = [
            {
                "movement": movement,
                "repetitions": 10,
                "ratio": round(max(0.0, level + rng.gauss(0, 0.08)), 3),
                "eye_narrowing_pct": round(rng.uniform(5, 40), 1),
            }
            for movement in ("smile", "brow_raise", "pucker")
        ]
        out.append(
            {
                "date": ONSET + dt.timedelta(days=t),
                "duration_s": 600,
                "affected_side": "left",
                "exercises": exercises,
            }
        )
    return out


def _median_seconds(func: Callable[[], object], repeat: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(repeat: int = 7) -> None:
    """Print median times and ratios to one ``assess`` without sessions."""
    as_of = ONSET + dt.timedelta(days=366)
    plain = Case(onset=ONSET, as_of=as_of, severity="complete", affected_side="left")
    practised = plain.model_copy(
        update={
            "practice_sessions": [PracticeSessionEntry.model_validate(s) for s in sessions(365)]
        }
    )
    two_years = [PracticeSessionEntry.model_validate(s) for s in sessions(730)]
    today = ONSET + dt.timedelta(days=730)
    weeks = practice_weeks(two_years, today=today, weeks=104)
    graded = Case.model_validate(
        {
            "onset": ONSET,
            "as_of": ONSET + dt.timedelta(days=200),
            "gradings": [
                {"date": ONSET + dt.timedelta(days=7 * k), "scale": "sunnybrook", "composite": k}
                for k in range(1, 28)
            ],
        }
    )
    base = _median_seconds(lambda: assess(plain), repeat * 20)
    rows = [
        ("assess, no sessions (baseline)", base),
        ("assess with 365 daily sessions", _median_seconds(lambda: assess(practised), repeat)),
        (
            "weekly progress, 730 sessions in 104 weeks",
            _median_seconds(lambda: practice_weeks(two_years, today=today, weeks=104), repeat),
        ),
        ("weekly chart, 104 weeks (SVG)", _median_seconds(lambda: practice_chart(weeks), repeat)),
        (
            "weekly chart, 8 weeks (SVG)",
            _median_seconds(lambda: practice_chart(weeks[-8:]), repeat),
        ),
        (
            "recovery chart, 27 gradings (SVG), for scale",
            _median_seconds(lambda: case_chart(graded, fmt="svg"), repeat),
        ),
    ]
    print(f"{'step':52} {'median ms':>10} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:52} {seconds * 1000:10.2f} {seconds / base:10.1f}x")


if __name__ == "__main__":
    main()
