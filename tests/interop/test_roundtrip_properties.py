"""Property tests: for any valid case, CSV, XLSX and FHIR export -> import give the same case.

Generated cases hold every scale (items and summary forms), censored labs, supplements, photo and
video measures, live mirror practice sessions; the assessment before and after must be the same
too, and so must a case file written and read back.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.assess import assess
from bellpath.case import (
    Analyte,
    Case,
    Comparator,
    Complication,
    EyeClosure,
    Finding,
    RiskFactor,
    Severity,
    Side,
    Specimen,
    VitaminName,
)
from bellpath.caseio import case_data, parse_case
from bellpath.grading.eface import EfaceItem
from bellpath.interop.csv_xlsx import read_csv, read_xlsx, write_csv, write_xlsx
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.fhir_import import import_bundle
from bellpath.labs.units import allowed_units

_START = dt.date(2020, 1, 1)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    onset = _START + dt.timedelta(days=draw(st.integers(0, 1500)))
    span = draw(st.integers(0, 800))
    as_of = onset + dt.timedelta(days=span)

    def day() -> str:
        return (onset + dt.timedelta(days=draw(st.integers(0, span)))).isoformat()

    labs: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 4))):
        analyte = draw(st.sampled_from(list(Analyte)))
        lab: dict[str, Any] = {
            "analyte": analyte.value,
            "value": draw(st.floats(0, 30, allow_nan=False).map(lambda v: round(v, 3))),
            "unit": draw(st.sampled_from(allowed_units(analyte))).value,
            "specimen": draw(st.sampled_from(list(Specimen))).value,
        }
        if draw(st.booleans()):
            lab["date"] = day()
        if draw(st.booleans()):
            lab["comparator"] = draw(st.sampled_from(list(Comparator))).value
        labs.append(lab)
    gradings = [_grading(draw, day()) for _ in range(draw(st.integers(0, 4)))]
    data: dict[str, Any] = {
        "onset": onset.isoformat(),
        "as_of": as_of.isoformat(),
        "labs": labs,
        "gradings": gradings,
        "complications": draw(
            st.lists(st.sampled_from([c.value for c in Complication]), unique=True)
        ),
        "findings": draw(st.lists(st.sampled_from([f.value for f in Finding]), unique=True)),
        "risk_factors": draw(st.lists(st.sampled_from([r.value for r in RiskFactor]), unique=True)),
        "recovered": draw(st.booleans()),
        "supplements": [
            {"vitamin": v.value, "daily_mg": draw(st.integers(0, 5000)) / 10}
            for v in draw(st.lists(st.sampled_from(list(VitaminName)), unique=True))
        ],
        "photo_measures": [_photo(draw, day()) for _ in range(draw(st.integers(0, 2)))],
        "video_measures": [_video(draw, day()) for _ in range(draw(st.integers(0, 1)))],
        "practice_sessions": [_practice(draw, day()) for _ in range(draw(st.integers(0, 2)))],
    }
    for key, values in (
        ("affected_side", list(Side)),
        ("severity", list(Severity)),
        ("eye_closure", list(EyeClosure)),
    ):
        if draw(st.booleans()):
            data[key] = draw(st.sampled_from(values)).value
    if draw(st.booleans()):
        data["age"] = draw(st.integers(0, 120))
    if draw(st.booleans()):
        data["first_movement"] = day()
    if draw(st.booleans()):
        data["steroids_started"] = day()
    return Case.model_validate(data)


_MM = st.floats(0, 60, allow_nan=False).map(lambda v: round(v, 2))
_SUNNYBROOK_VOLUNTARY = (
    "brow_lift",
    "gentle_eye_closure",
    "open_mouth_smile",
    "snarl",
    "lip_pucker",
)


def _grading(draw: st.DrawFn, date: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["hb", "sb", "sb-full", "eface", "eface-total", "saq", "face"]))
    if kind == "hb":
        return {"date": date, "scale": "house_brackmann", "grade": draw(st.integers(1, 6))}
    if kind == "sb":
        return {"date": date, "scale": "sunnybrook", "composite": draw(st.integers(0, 100))}
    if kind == "sb-full":
        resting = {"eye": "normal", "cheek": draw(st.sampled_from(["normal", "absent"]))}
        return {
            "date": date,
            "scale": "sunnybrook",
            "resting": {**resting, "mouth": "normal"},
            "voluntary": {k: draw(st.integers(1, 5)) for k in _SUNNYBROOK_VOLUNTARY},
            "synkinesis": {k: draw(st.integers(0, 3)) for k in _SUNNYBROOK_VOLUNTARY},
        }
    if kind == "eface":
        eface_items = {i.value: float(draw(st.integers(0, 100))) for i in EfaceItem}
        return {"date": date, "scale": "eface", "items": eface_items}
    if kind == "eface-total":
        return {"date": date, "scale": "eface", "total": draw(st.integers(0, 1000)) / 10}
    size = 9 if kind == "saq" else 15
    items = draw(st.lists(st.integers(1, 5), min_size=size, max_size=size))
    return {"date": date, "scale": kind, "items": items}


def _sides(draw: st.DrawFn) -> dict[str, float | None]:
    right, left = draw(_MM), draw(_MM)
    percent = draw(st.one_of(st.none(), _MM))
    return {
        "right": right,
        "left": left,
        "difference": round(abs(right - left), 2),
        "percent": percent,
    }


def _photo(draw: st.DrawFn, date: str) -> dict[str, Any]:
    return {
        "date": date,
        "expression": draw(st.sampled_from(["rest", "smile", None])),
        "calibration": {"method": "iris", "mm_per_px": 0.05},
        "measures": {
            "brow_height": _sides(draw),
            "palpebral_fissure": _sides(draw),
            "facial_asymmetry_index": {"value": draw(_MM)},
        },
    }


def _video(draw: st.DrawFn, date: str) -> dict[str, Any]:
    # measures are rounded as bellpath writes them (Excel keeps 15 significant digits)
    ratio = draw(st.one_of(st.none(), st.floats(0, 2, allow_nan=False).map(lambda v: round(v, 4))))
    return {
        "date": date,
        "duration_s": draw(_MM),
        "frames": draw(st.integers(0, 900)),
        "expressions": [
            {
                "label": "smile",
                "peak_s": draw(_MM),
                "excursion": {
                    "commissure_excursion": {"right": draw(_MM), "left": None, "ratio": ratio}
                },
            }
        ],
        "ocular_oral": {
            "detected": draw(st.booleans()),
            "side": "left",
            "index": 0.3,
            "during": ["smile"],
        },
    }


def _practice(draw: st.DrawFn, date: str) -> dict[str, Any]:
    """A live mirror session; numbers rounded as the mirror sends them."""

    def number(low: float, high: float) -> float | None:
        rounded = st.floats(low, high, allow_nan=False).map(lambda v: round(v, 3))
        return draw(st.one_of(st.none(), rounded))

    movements = ["smile", "brow_raise", "pucker", "gentle_closure"]
    return {
        "date": date,
        "duration_s": draw(st.integers(1, 3600)),
        "affected_side": draw(st.sampled_from(["left", "right"])),
        "exercises": [
            {
                "movement": draw(st.sampled_from(movements)),
                "repetitions": draw(st.integers(0, 500)),
                "affected_mm": number(-5, 40),
                "healthy_mm": number(-5, 40),
                "ratio": number(0, 10),
                "eye_narrowing_pct": number(-100, 100),
                "narrowing_prompts": draw(st.integers(0, 1000)),
                "overpower_prompts": draw(st.integers(0, 1000)),
            }
            for _ in range(draw(st.integers(1, 3)))
        ],
    }


@settings(deadline=None)
@given(cases())
def test_case_file_round_trip(case: Case) -> None:
    """What the CLI writes (``case_data`` as YAML) reads back as the same case: scales kept."""
    text = yaml.safe_dump(case_data(case), sort_keys=False, allow_unicode=True)
    assert parse_case(yaml.safe_load(text)) == case


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text("abcxyz", min_size=1, max_size=5), cases(), min_size=1, max_size=3))
def test_csv_round_trip(many: dict[str, Case]) -> None:
    back = read_csv(write_csv(many))
    assert back == many
    for name, case in many.items():
        assert assess(back[name]).model_dump() == assess(case).model_dump()


@settings(max_examples=15, deadline=None)
@given(cases())
def test_xlsx_round_trip(case: Case) -> None:
    assert read_xlsx(write_xlsx({"p": case})) == {"p": case}


@settings(max_examples=40, deadline=None)
@given(cases())
def test_fhir_round_trip(case: Case) -> None:
    bundle = json.loads(json.dumps(export_bundle(case, patient_id="p")))
    back = import_bundle(bundle).case
    assert back == case
    assert assess(back).model_dump() == assess(case).model_dump()
