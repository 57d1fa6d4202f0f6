"""Report and data-exchange speed for a patient with two years of daily entries.

The patient: a complete palsy, a Sunnybrook composite every day for 730 days (a saturating recovery
curve with noise), an SAQ every week, a photo measured every week, a lab every month. Each step is
timed (median of several runs) and printed beside two baselines from the same run: the engine's
``assess(case)`` on that patient, and a plain JSON dump of the case.

Run: ``.venv/bin/python -m bench.bench_reports``
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.interop.csv_xlsx import read_csv, write_csv, write_xlsx
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.fhir_import import import_bundle
from bellpath.reports.pdf import Audience, render_report

ONSET = dt.date(2024, 1, 1)
DAYS = 730


def two_year_case(seed: int = 7) -> Case:
    """The benchmark patient (deterministic for a seed)."""
    rng = random.Random(seed)
    gradings: list[dict[str, Any]] = []
    photos: list[dict[str, Any]] = []
    labs: list[dict[str, Any]] = []
    for day in range(1, DAYS + 1):
        when = (ONSET + dt.timedelta(days=day)).isoformat()
        recovered = 85 * (1 - math.exp(-max(0, day - 100) / 120))
        composite = max(0, min(100, round(8 + recovered + rng.gauss(0, 3))))
        gradings.append({"date": when, "scale": "sunnybrook", "composite": composite})
        if day % 7 == 0:
            gradings.append(
                {"date": when, "scale": "saq", "items": [rng.randint(1, 5) for _ in range(9)]}
            )
            left = 10 + recovered / 10
            photos.append(
                {
                    "date": when,
                    "expression": "smile",
                    "affected_side": "left",
                    "file_name": f"day{day}.jpg",
                    "calibration": {"method": "iris", "mm_per_px": 0.05},
                    "pose": {"yaw": 1.0, "pitch": 0.5, "roll": 0.2},
                    "measures": {
                        "commissure_excursion": {
                            "right": 19.0,
                            "left": round(left, 2),
                            "difference": round(19.0 - left, 2),
                            "percent": round(100 * left / 19.0, 1),
                        },
                        "facial_asymmetry_index": {"value": round(0.3 - recovered / 400, 3)},
                    },
                }
            )
        if day % 30 == 0:
            labs.append(
                {"analyte": "b12", "value": rng.randint(180, 400), "unit": "pg/mL", "date": when}
            )
    return Case.model_validate(
        {
            "onset": ONSET.isoformat(),
            "as_of": (ONSET + dt.timedelta(days=DAYS)).isoformat(),
            "affected_side": "left",
            "severity": "complete",
            "age": 58,
            "labs": labs,
            "gradings": gradings,
            "photo_measures": photos,
            "complications": ["synkinesis"],
        }
    )


def _median_s(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    case = two_year_case()
    assessment = assess(case)
    bundle = export_bundle(case, patient_id="bench", assessment=assessment)
    bundle_json = json.loads(json.dumps(bundle))
    sheet = write_csv({"bench": case})
    rows = sheet.count(b"\n") - 1
    print(
        f"patient: {len(case.gradings)} gradings, {len(case.photo_measures)} photos, "
        f"{len(case.labs)} labs over {DAYS} days; bundle of {len(bundle['entry'])} resources; "
        f"CSV of {rows} rows"
    )
    steps: list[tuple[str, Callable[[], object], int]] = [
        ("baseline: JSON dump of the case", case.model_dump_json, 9),
        ("baseline: assess(case)", lambda: assess(case), 5),
        ("PDF report, clinician (assess + chart + layout)", lambda: render_report(case), 3),
        (
            "PDF report, patient",
            lambda: render_report(case, audience=Audience.PATIENT),
            3,
        ),
        (
            "FHIR export (assess + bundle + validation)",
            lambda: export_bundle(case, patient_id="bench", assessment=assess(case)),
            3,
        ),
        ("FHIR export, case only (no scores)", lambda: export_bundle(case), 3),
        ("FHIR mapping alone (no validation)", lambda: export_bundle(case, validate=False), 5),
        ("FHIR import (validation + case)", lambda: import_bundle(bundle_json), 3),
        ("CSV export", lambda: write_csv({"bench": case}), 5),
        ("CSV import", lambda: read_csv(sheet), 5),
        ("XLSX export", lambda: write_xlsx({"bench": case}), 3),
    ]
    results = [(name, _median_s(step, runs)) for name, step, runs in steps]
    dump_s, assess_s = results[0][1], results[1][1]
    print(f"{'step':52s} {'ms':>9s} {'x assess':>9s} {'x JSON':>9s}")
    for name, seconds in results:
        print(f"{name:52s} {seconds * 1000:9.1f} {seconds / assess_s:9.2f} {seconds / dump_s:9.1f}")


if __name__ == "__main__":
    main()
