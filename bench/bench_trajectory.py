"""Trajectory fitting time for a 5-year daily score series, beside one ``assess`` without gradings.

Run: ``.venv/bin/python -m bench.bench_trajectory``. Prints the median time of:

* ``assess`` on a case without gradings (the baseline),
* fitting a 5-year daily Sunnybrook series (1,826 points, synthetic, with noise),
* a weekly series over one year (53 points, what a clinic records),
* ``assess`` on a case carrying the 1-year weekly gradings (scores + trajectory + prognosis), the
  first time and again (the engine caches a fit on its exact scores, so a record assessed again on
  another day with the same gradings is not refitted),

each with its ratio to the baseline. The fitting rows empty that cache before every call.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time
from collections.abc import Callable

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.recovery._fit import forget_fits
from bellpath.recovery.trajectory import fit_trajectory

__all__ = ["main", "series"]

ONSET = dt.date(2021, 1, 4)


def series(days: int, step: int = 1, seed: int = 0) -> list[tuple[dt.date, float]]:
    """A synthetic Sunnybrook composite: flat at 8, rising from day 90 (tau 60) to 78, SD 2.7."""
    rng = random.Random(seed)
    out = []
    for t in range(0, days, step):
        value = 8 if t < 90 else 8 + 70 * (1 - math.exp(-(t - 90) / 60))
        out.append((ONSET + dt.timedelta(days=t), value + rng.gauss(0, 2.7)))
    return out


def _median_seconds(func: Callable[[], object], repeat: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _first_time(func: Callable[[], object]) -> Callable[[], object]:
    """``func`` with the engine's cache of fits emptied before each call."""

    def run() -> object:
        forget_fits()
        return func()

    return run


def main(repeat: int = 7) -> None:
    """Print median times and ratios to one ``assess`` without gradings."""
    plain = Case(onset=ONSET, as_of=ONSET + dt.timedelta(days=200), severity="complete")
    five_years = series(5 * 365 + 1)
    weekly = series(366, step=7)
    graded = Case.model_validate(
        {
            "onset": ONSET,
            "as_of": ONSET + dt.timedelta(days=366),
            "severity": "complete",
            "gradings": [
                {"date": d, "scale": "sunnybrook", "composite": round(v)} for d, v in weekly
            ],
        }
    )
    base = _median_seconds(lambda: assess(plain), repeat * 20)
    rows = [
        ("assess, no gradings (baseline)", base),
        (
            f"fit 5-year daily series ({len(five_years)} points)",
            _median_seconds(
                _first_time(lambda: fit_trajectory(five_years, score="sunnybrook.composite")),
                repeat,
            ),
        ),
        (
            f"fit 1-year weekly series ({len(weekly)} points)",
            _median_seconds(
                _first_time(lambda: fit_trajectory(weekly, score="sunnybrook.composite")), repeat
            ),
        ),
        (
            f"assess with {len(weekly)} weekly gradings",
            _median_seconds(_first_time(lambda: assess(graded)), repeat),
        ),
        (
            f"assess with {len(weekly)} weekly gradings, again",
            _median_seconds(lambda: assess(graded), repeat),
        ),
    ]
    print(f"{'step':52} {'median ms':>10} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:52} {seconds * 1000:10.2f} {seconds / base:10.1f}x")


if __name__ == "__main__":
    main()
