"""Throughput of ``assess`` (cases per second, one core) beside validating the same case alone.

Run: ``.venv/bin/python -m bench.bench_assess``. Prints, for a small set of representative cases,
the cost of ``Case.model_validate`` (baseline), of ``assess`` on an already validated case, and of
both (what an API request pays), with ratios to the baseline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.caseio import dump_assessment_json

__all__ = ["CASES", "main"]

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

    def assess_and_json() -> None:
        for case in validated:
            dump_assessment_json(assess(case), indent=None)

    base = _rate(validate_only, seconds) * n
    print(f"{'step':<26}{'cases/s':>12}{'cost x validate':>17}")
    print(f"{'validate Case (baseline)':<26}{base:>12,.0f}{1.0:>16.1f}x")
    for label, func in (
        ("assess (validated case)", assess_only),
        ("validate + assess", validate_and_assess),
        ("assess + JSON", assess_and_json),
    ):
        rate = _rate(func, seconds) * n
        print(f"{label:<26}{rate:>12,.0f}{base / rate:>16.1f}x")


if __name__ == "__main__":
    main()
