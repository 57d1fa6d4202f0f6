"""CSV/XLSX and FHIR take each measure's unit from the vocabulary, never from its name."""

from __future__ import annotations

import csv
import io
from typing import Any

from bellpath.case import Case
from bellpath.interop.csv_xlsx import write_csv
from bellpath.interop.fhir_export import export_bundle

UCUM = "http://unitsofmeasure.org"


def _rows(case: Case) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(write_csv({"p1": case}).decode("utf-8-sig"))))


def test_csv_unit_of_every_measure_is_its_vocabulary_unit(rich_case: Case) -> None:
    units = {r["item"]: r["unit"] for r in _rows(rich_case) if r["record"] in {"photo", "video"}}
    assert units["measures.brow_height"] == "mm"
    assert units["measures.smile_angle"] == "deg"
    # an index in millimetres: the old guess from the name ("index" -> no unit) was wrong
    assert units["measures.facial_asymmetry_index"] == "mm"
    assert units["expressions.0.excursion.commissure_excursion"] == "mm"
    assert units["expressions.0.excursion.smile_angle"] == "deg"


def _components(bundle: dict[str, Any], code: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        codings = resource.get("code", {}).get("coding", [])
        if resource["resourceType"] == "Observation" and any(c["code"] == code for c in codings):
            for item in resource.get("component", []):
                out[item["code"]["coding"][0]["code"]] = item
    return out


def test_fhir_measure_quantities_carry_ucum_units(rich_case: Case) -> None:
    photo = _components(export_bundle(rich_case), "photo-measures")
    brow = photo["measures.brow_height.right"]["valueQuantity"]
    assert brow == {"value": 20.1, "unit": "mm", "system": UCUM, "code": "mm"}
    angle = photo["measures.smile_angle.left"]["valueQuantity"]
    assert (angle["unit"], angle["code"]) == ("°", "deg")
    percent = photo["measures.brow_height.percent"]["valueQuantity"]
    assert (percent["unit"], percent["code"]) == ("%", "%")
    assert photo["measures.facial_asymmetry_index.value"]["valueQuantity"]["code"] == "mm"
    assert photo["calibration.mm_per_px"]["valueQuantity"] == {"value": 0.05}  # not a measure
    video = _components(export_bundle(rich_case), "video-measures")
    right = video["expressions.0.excursion.commissure_excursion.right"]["valueQuantity"]
    assert right["code"] == "mm"
    ratio = video["expressions.0.excursion.commissure_excursion.ratio"]["valueQuantity"]
    assert ratio == {"value": 0.4}  # a ratio has no unit
