"""Write ``assess_golden.json``: cases and a digest of their assessment's JSON, as a reference.

Run once from a known-good commit (``PYTHONPATH=src python -m tests.golden.make_assess_golden``)
and commit the file; ``tests/test_assess_golden.py`` then checks that ``assess`` still gives
byte-identical JSON for every case in it. The cases are the bundled examples, cases drawn from
the hypothesis strategies of ``tests/test_assess.py`` and ``tests/test_consistency.py``, and
seeded random cases with gradings of every scale, smile photos, an ENoG and finding exclusions.
The cases themselves are stored, so the file does not depend on how they were generated.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import math
import random
import warnings
from pathlib import Path
from typing import Any

from hypothesis.errors import NonInteractiveExampleWarning
from tests.test_assess import cases as assess_cases
from tests.test_consistency import cases as consistency_cases

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.caseio import dump_assessment_json, load_case
from bellpath.grading.eface import EfaceItem
from bellpath.grading.sunnybrook import Expression
from bellpath.vocab import Complication, Finding, RiskFactor, Severity

__all__ = ["GOLDEN", "TEXTS", "digest", "main", "random_case", "reference_texts"]

GOLDEN = Path(__file__).with_name("assess_golden.json")
TEXTS = Path(__file__).with_name("assess_golden_texts.json.gz")
"""The assessments' JSON itself, gzipped, beside the digests: a failing digest then shows which
words or numbers changed (the digests alone could not say why three cases differed on a newly
installed machine)."""
EXAMPLES = Path(__file__).parents[2] / "src" / "bellpath" / "examples"
_KEYS = [e.value for e in Expression]
_HB = ["I", "II", "III", "IV", "V", "VI"]


def _sunnybrook_full(rng: random.Random, day: dt.date, level: float) -> dict[str, Any]:
    vol = {k: max(1, min(5, round(1 + level * 4 + rng.uniform(-0.5, 0.5)))) for k in _KEYS}
    synk = {k: rng.randint(0, 3) if level > 0.4 else 0 for k in _KEYS}
    eye = rng.choice(["normal", "narrow", "wide"])
    rest = {"eye": eye, "cheek": "normal" if level > 0.7 else "absent", "mouth": "dropped"}
    entry = {"date": day, "scale": "sunnybrook", "resting": rest, "voluntary": vol}
    return entry | {"synkinesis": synk}


def _eface(rng: random.Random, day: dt.date, level: float) -> dict[str, Any]:
    if rng.random() < 0.5:
        return {"date": day, "scale": "eface", "total": round(level * 100, 1)}
    items = {i.value: round(min(100.0, level * 100 + rng.uniform(-5, 5)), 1) for i in EfaceItem}
    return {"date": day, "scale": "eface", "items": items}


def _grading(rng: random.Random, day: dt.date, level: float) -> dict[str, Any]:
    """One grading of a random scale whose value follows ``level`` (0 = flaccid, 1 = normal)."""
    scale = rng.choice(["house_brackmann", "sunnybrook", "sunnybrook_full", "eface", "saq", "face"])
    if scale == "house_brackmann":
        return {"date": day, "scale": scale, "grade": _HB[min(5, int((1 - level) * 6))]}
    if scale == "sunnybrook":
        return {"date": day, "scale": scale, "composite": int(-15 + level * 115)}
    if scale == "sunnybrook_full":
        return _sunnybrook_full(rng, day, level)
    if scale == "eface":
        return _eface(rng, day, level)
    count = 9 if scale == "saq" else 15
    return {"date": day, "scale": scale, "items": [rng.randint(1, 5) for _ in range(count)]}


def _smile(rng: random.Random, day: dt.date, ratio: float) -> dict[str, Any]:
    healthy = 38.0
    left = healthy * ratio / 100
    side = rng.choice(["left", None])
    return {
        "date": day,
        "expression": rng.choice(["smile", "smile", "rest"]),
        "affected_side": side,
        "calibration": {"method": "iris", "mm_per_px": 0.1},
        "measures": {
            "commissure_excursion": {
                "right": healthy,
                "left": round(left, 2),
                "difference": round(healthy - left, 2),
                "percent": None if side is None else round(ratio - 100, 2),
            }
        },
    }


def random_case(rng: random.Random) -> dict[str, Any]:
    """A random valid case with a recovery curve sampled by gradings and photos."""
    onset = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
    days = rng.choice([0, 1, 3, 10, 30, 60, 90, 150, 250, 400, 700])
    as_of = onset + dt.timedelta(days=days)
    t0 = rng.randint(0, 200)
    tau = rng.uniform(10, 80)
    top = rng.uniform(0.5, 1.0)

    def level(t: int) -> float:
        return 0.1 if t < t0 else 0.1 + (top - 0.1) * (1 - math.exp(-(t - t0) / tau))

    data: dict[str, Any] = {"onset": onset, "as_of": as_of}
    if rng.random() < 0.6:
        data["severity"] = rng.choice(list(Severity)).value
    if rng.random() < 0.3 and t0 <= days:
        data["first_movement"] = onset + dt.timedelta(days=t0)
    if rng.random() < 0.5:
        data["age"] = rng.randint(1, 95)
    if rng.random() < 0.3:
        data["findings"] = rng.sample([f.value for f in Finding], rng.randint(1, 2))
        if rng.random() < 0.5:
            when = onset + dt.timedelta(days=rng.randint(0, days))
            data["excluded_findings"] = [{"finding": data["findings"][0], "date": when}]
    if rng.random() < 0.3:
        data["complications"] = rng.sample([c.value for c in Complication], 1)
    if rng.random() < 0.3:
        data["risk_factors"] = rng.sample([r.value for r in RiskFactor], 1)
    if rng.random() < 0.2 and days >= 3:
        data["enog"] = {"degeneration_percent": rng.uniform(0, 100), "day": rng.randint(1, 3)}
    if rng.random() < 0.3:
        data["supplements"] = [{"vitamin": "b12", "daily_mg": 1.0}]
    if rng.random() < 0.7 and days > 7:
        step = rng.choice([3, 7, 14, 30])
        gradings = [
            _grading(rng, onset + dt.timedelta(days=t), level(t)) for t in range(7, days + 1, step)
        ]
        data["gradings"] = gradings[-rng.randint(1, 120) :]
    if rng.random() < 0.3 and days > 7:
        data["photo_measures"] = [
            _smile(rng, onset + dt.timedelta(days=t), 100 * level(t))
            for t in range(7, days + 1, rng.choice([7, 14]))
        ]
    if rng.random() < 0.1:
        data["recovered"] = True
    return data


def _hypothesis_cases(count: int) -> list[Case]:
    out: list[Case] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        for strategy in (assess_cases(), consistency_cases()):
            out.extend(strategy.example() for _ in range(count))
    return out


def digest(case: Case) -> str:
    """SHA-256 of the assessment's JSON (as ``bellpath assess --json`` writes it)."""
    return hashlib.sha256(dump_assessment_json(assess(case)).encode()).hexdigest()


def main() -> None:
    """Write the golden file."""
    cases: list[Case] = [load_case(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    cases.extend(_hypothesis_cases(100))
    rng = random.Random(16)
    for _ in range(300):
        try:
            cases.append(Case.model_validate(random_case(rng)))
        except ValueError:
            continue
    rows = [{"case": json.loads(c.model_dump_json()), "sha256": digest(c)} for c in cases]
    GOLDEN.write_text(json.dumps(rows, indent=None, sort_keys=True) + "\n", encoding="utf-8")
    _write_texts(cases)
    print(f"{len(rows)} cases written to {GOLDEN}")


def _write_texts(cases: list[Case]) -> None:
    texts = [dump_assessment_json(assess(c)) for c in cases]
    data = json.dumps(texts, indent=None).encode()
    TEXTS.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def reference_texts() -> list[str] | None:
    """The stored assessments' JSON (``None`` when the file is absent)."""
    if not TEXTS.exists():
        return None
    texts: list[str] = json.loads(gzip.decompress(TEXTS.read_bytes()))
    return texts


def redigest() -> None:
    """Recompute the digests of the stored cases (an intended change of output): the cases stay
    as they are, whatever the versions of hypothesis or of the random generator."""
    rows = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = 0
    for row in rows:
        new = digest(Case.model_validate(row["case"]))
        changed += new != row["sha256"]
        row["sha256"] = new
    GOLDEN.write_text(json.dumps(rows, indent=None, sort_keys=True) + "\n", encoding="utf-8")
    _write_texts([Case.model_validate(row["case"]) for row in rows])
    print(f"{changed} of {len(rows)} digests changed in {GOLDEN}")


if __name__ == "__main__":
    import sys

    redigest() if sys.argv[1:] == ["--redigest"] else main()
