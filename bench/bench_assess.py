"""Throughput of ``assess`` (cases per second, one core) beside validating the same case alone.

Run: ``.venv/bin/python -m bench.bench_assess``. Prints, for a small set of representative cases,
the cost of ``Case.model_validate`` (baseline), of ``assess`` on an already validated case, and of
both (what an API request pays), with ratios to the baseline.

``assess`` caches pure pieces of its work on their (frozen) inputs: the milestone table of an onset
date, a lab result's reading, each wording of an action. The bench assesses the same few cases
again and again, so those caches are warm; the row "assess (a new case each call)" assesses a
different case every time (the same cases, every date moved by another number of days), so it
shows what a record pays the first time it is assessed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from typing import Any

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.caseio import dump_assessment_json

__all__ = ["CASES", "clinic_record", "main"]

CASES: list[dict[str, Any]] = [
    {"onset": "2026-01-05", "as_of": "2026-01-06"},
    {
        "onset": "2026-01-05",
        "as_of": "2026-02-23",
        "severity": "complete",
        "eye_closure": "incomplete",
        "age": 64,
        "labs": [
            {"analyte": "b12", "value": 240, "unit": "pg/mL", "date": "2026-02-10"},
            {"analyte": "mma", "value": 0.52, "unit": "umol/L", "date": "2026-02-12"},
            {"analyte": "b6", "value": 8.5, "unit": "ug/L", "specimen": "hair"},
        ],
        "risk_factors": ["metformin"],
        "supplements": [{"vitamin": "b6", "daily_mg": 50}],
    },
    {
        "onset": "2025-04-10",
        "as_of": "2026-02-15",
        "first_movement": "2025-07-25",
        "complications": ["synkinesis", "crocodile_tears"],
        "labs": [{"analyte": "b12", "value": 150, "unit": "pg/mL"}],
    },
    {"onset": "2026-05-01", "as_of": "2026-05-02", "findings": ["forehead_sparing", "vesicles"]},
]


_SHIFTS = 1500
"""How many shifted copies of each case the "new case" row cycles through: more than any of the
engine's caches holds, so every call misses them."""


def _shifted(value: Any, days: int) -> Any:
    """``value`` with every ISO date in it moved ``days`` later (the same case on other dates)."""
    if isinstance(value, dict):
        return {k: _shifted(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, days) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    return value


def clinic_record(weeks: int = 104) -> dict[str, Any]:
    """A two-year clinic record (issue 16's scenario, less the practice log, which is not part of
    the case): a Sunnybrook composite every week rising from 20 towards 90 after three months, a
    B12 result every month, two complications."""
    onset = dt.date(2024, 11, 4)
    gradings = []
    for week in range(1, weeks + 1):
        score = 20 if week < 13 else min(90, 20 + 2 * (week - 12))
        day = (onset + dt.timedelta(weeks=week)).isoformat()
        gradings.append({"scale": "sunnybrook", "date": day, "composite": score})
    labs = [
        {
            "analyte": "b12",
            "value": 300 + 5 * month,
            "unit": "pg/mL",
            "date": (onset + dt.timedelta(days=30 * month + 3)).isoformat(),
        }
        for month in range(weeks * 7 // 30)
    ]
    return {
        "onset": onset.isoformat(),
        "as_of": (onset + dt.timedelta(weeks=weeks, days=1)).isoformat(),
        "severity": "complete",
        "first_movement": (onset + dt.timedelta(weeks=13)).isoformat(),
        "complications": ["synkinesis", "contracture"],
        "gradings": gradings,
        "labs": labs,
    }


def _record_rows(seconds: float) -> None:
    """The same ratios for one large record: validating it against assessing it."""
    data = clinic_record()
    case = Case.model_validate(data)
    # More shifted copies than the largest engine cache holds (2,048): every call misses.
    copies = itertools.cycle([Case.model_validate(_shifted(data, d)) for d in range(1, 2501)])
    base = _rate(lambda: Case.model_validate(data), seconds, repeats=3)
    print(f"\n{'two-year record (104 gradings, 24 labs)':<42}{'records/s':>10}{'x validate':>12}")
    print(f"{'validate Case (baseline)':<42}{base:>10,.0f}{1.0:>11.1f}x")
    for label, func in (
        ("assess (validated record)", lambda: assess(case)),
        ("assess (a new record each call)", lambda: assess(next(copies))),
    ):
        rate = _rate(func, seconds, repeats=3)
        print(f"{label:<42}{rate:>10,.0f}{base / rate:>11.1f}x")


def _rate(func: Callable[[], object], seconds: float = 0.25, repeats: int = 5) -> float:
    """Best calls per second over ``repeats`` timings of about ``seconds`` each.

    Time is this process's CPU time (``time.process_time``), so other work on a shared machine
    slows the run less; the best run is the one least disturbed (as ``timeit`` advises).
    """
    for _ in range(20):
        func()
    best = 0.0
    for _ in range(repeats):
        count, start = 0, time.process_time()
        while (elapsed := time.process_time() - start) < seconds:
            for _ in range(20):
                func()
            count += 20
        best = max(best, count / elapsed)
    return best


def main(seconds: float = 0.25) -> None:
    """Print cases/s for validate, assess, validate+assess and assess+JSON, with ratios."""
    validated = [Case.model_validate(c) for c in CASES]
    n = len(CASES)

    def validate_only() -> None:
        for data in CASES:
            Case.model_validate(data)

    def assess_only() -> None:
        for case in validated:
            assess(case)

    def validate_and_assess() -> None:
        for data in CASES:
            assess(Case.model_validate(data))

    fresh = itertools.cycle(
        [Case.model_validate(_shifted(c, d)) for d in range(1, _SHIFTS + 1) for c in CASES]
    )

    def assess_new_cases() -> None:
        for _ in range(n):
            assess(next(fresh))

    def assess_and_json() -> None:
        for case in validated:
            dump_assessment_json(assess(case), indent=None)

    base = _rate(validate_only, seconds) * n
    print(f"{'step':<31}{'cases/s':>12}{'cost x validate':>17}")
    print(f"{'validate Case (baseline)':<31}{base:>12,.0f}{1.0:>16.1f}x")
    for label, func in (
        ("assess (validated case)", assess_only),
        ("assess (a new case each call)", assess_new_cases),
        ("validate + assess", validate_and_assess),
        ("assess + JSON", assess_and_json),
    ):
        rate = _rate(func, seconds) * n
        print(f"{label:<31}{rate:>12,.0f}{base / rate:>16.1f}x")
    _record_rows(seconds)


if __name__ == "__main__":
    main()
