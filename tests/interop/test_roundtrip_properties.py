"""Property tests: for any valid case, CSV, XLSX and FHIR export -> import give the same case."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.case import (
    Analyte,
    Case,
    Complication,
    EyeClosure,
    Finding,
    RiskFactor,
    Severity,
    Side,
    Specimen,
)
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
        labs.append(lab)
    gradings: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            gradings.append(
                {"date": day(), "scale": "sunnybrook", "composite": draw(st.integers(0, 100))}
            )
        else:
            items = draw(st.lists(st.integers(1, 5), min_size=9, max_size=9))
            gradings.append({"date": day(), "scale": "saq", "items": items})
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


@given(st.dictionaries(st.text("abcxyz", min_size=1, max_size=5), cases(), min_size=1, max_size=3))
def test_csv_round_trip(many: dict[str, Case]) -> None:
    assert read_csv(write_csv(many)) == many


@settings(max_examples=15)
@given(cases())
def test_xlsx_round_trip(case: Case) -> None:
    assert read_xlsx(write_xlsx({"p": case})) == {"p": case}


@given(cases())
def test_fhir_round_trip(case: Case) -> None:
    bundle = json.loads(json.dumps(export_bundle(case, patient_id="p")))
    assert import_bundle(bundle).case == case
