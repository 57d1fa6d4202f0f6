"""Bad FHIR input: each error names the resource and the field; nothing is imported."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from bellpath.case import Case
from bellpath.errors import InteropError
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.fhir_import import import_bundle, read_bundle

Mutation = Callable[[dict[str, Any]], None]


def _bundle(case: Case) -> dict[str, Any]:
    return read_bundle(json.dumps(export_bundle(case, patient_id="p")))


def _first(bundle: dict[str, Any], kind: str, lab: bool = False) -> dict[str, Any]:
    for entry in bundle["entry"]:
        resource: dict[str, Any] = entry["resource"]
        if resource["resourceType"] != kind:
            continue
        if lab and resource["category"][0]["coding"][0]["code"] != "laboratory":
            continue
        return resource
    raise AssertionError(kind)


def _unknown_loinc(b: dict[str, Any]) -> None:
    _first(b, "Observation", lab=True)["code"]["coding"][0]["code"] = "99999-9"


def _unit_mismatch(b: dict[str, Any]) -> None:
    quantity = _first(b, "Observation", lab=True)["valueQuantity"]
    quantity["unit"] = quantity["code"] = "pmol/L"  # molar unit on the mass-concentration code


def _invalid_status(b: dict[str, Any]) -> None:
    del _first(b, "Observation", lab=True)["status"]


def _bad_date(b: dict[str, Any]) -> None:
    _first(b, "Condition")["onsetDateTime"] = "yesterday"


def _unknown_field(b: dict[str, Any]) -> None:
    _first(b, "Condition")["mood"] = "fine"


def _no_value(b: dict[str, Any]) -> None:
    del _first(b, "Observation", lab=True)["valueQuantity"]


def _second_condition(b: dict[str, Any]) -> None:
    twin = copy.deepcopy(b["entry"][1])
    twin["resource"]["id"] = "twin"
    twin["fullUrl"] = "urn:uuid:twin"
    b["entry"].append(twin)


def _onset_after_as_of(b: dict[str, Any]) -> None:
    _first(b, "Condition")["onsetDateTime"] = "2030-01-01"


def _unknown_analyte(b: dict[str, Any]) -> None:
    lab = _first(b, "Observation", lab=True)
    lab["code"]["coding"] = [lab["code"]["coding"][1]]
    lab["code"]["coding"][0]["code"] = "vitamin_z"


def _dangling_specimen(b: dict[str, Any]) -> None:
    _first(b, "Observation", lab=True)["specimen"]["reference"] = "urn:uuid:nowhere"


def _implausible_value(b: dict[str, Any]) -> None:
    _first(b, "Observation", lab=True)["valueQuantity"]["value"] = 1_000_000


CASES: list[tuple[str, Mutation, list[str]]] = [
    ("unknown LOINC", _unknown_loinc, ["Observation/", "'code.coding'", "99999-9", "2132-9"]),
    ("unit vs code", _unit_mismatch, ["Observation/", "'valueQuantity'", "pmol/L", "2132-9"]),
    ("missing status", _invalid_status, ["Observation/", "'status'"]),
    ("bad date", _bad_date, ["Condition/", "'onsetDateTime'", "yesterday"]),
    ("unknown field", _unknown_field, ["Condition/", "'mood'"]),
    ("no value", _no_value, ["Observation/", "'valueQuantity'"]),
    ("two episodes", _second_condition, ["Condition/twin", "second Bell's palsy"]),
    ("onset after as_of", _onset_after_as_of, ["Condition/", "onset"]),
    ("unknown analyte", _unknown_analyte, ["Observation/", "vitamin_z", "holotc"]),
    ("dangling specimen", _dangling_specimen, ["Observation/", "'specimen.reference'"]),
    ("implausible value", _implausible_value, ["Observation/", "'labs.0.value'", "plausible"]),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_bundle_names_resource_and_field(
    small_case: Case, mutate: Mutation, expected: list[str]
) -> None:
    bundle = _bundle(small_case)
    mutate(bundle)
    with pytest.raises(InteropError) as caught:
        import_bundle(bundle)
    for text in expected:
        assert text in caught.value.message


def test_not_json() -> None:
    with pytest.raises(InteropError, match="not valid JSON"):
        read_bundle("{not json")


def test_not_an_object() -> None:
    with pytest.raises(InteropError, match="Bundle object"):
        read_bundle("[1, 2]")


def test_not_a_bundle() -> None:
    with pytest.raises(InteropError, match="expected a FHIR Bundle, got 'Patient'"):
        import_bundle({"resourceType": "Patient"})


def test_bundle_without_episode_needs_a_case() -> None:
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": []}
    with pytest.raises(InteropError, match="no Bell's palsy Condition"):
        import_bundle(bundle)


def test_a_failed_import_leaves_the_target_case_alone(small_case: Case) -> None:
    bundle = _bundle(small_case)
    _unknown_loinc(bundle)
    before = small_case.model_dump()
    with pytest.raises(InteropError):
        import_bundle(bundle, into=small_case)
    assert small_case.model_dump() == before


def test_unknown_codes_can_be_skipped_on_purpose(small_case: Case) -> None:
    bundle = _bundle(small_case)
    _unknown_loinc(bundle)
    lab_id = _first(bundle, "Observation", lab=True)["id"]
    result = import_bundle(bundle, skip_unknown=True)
    assert result.case.labs == []
    assert result.skipped == [f"Observation/{lab_id}: LOINC 99999-9 is not a code bellpath reads"]
    # a known code with the wrong unit is refused all the same
    bundle = _bundle(small_case)
    _unit_mismatch(bundle)
    with pytest.raises(InteropError, match="does not match LOINC 2132-9"):
        import_bundle(bundle, skip_unknown=True)


def test_long_received_values_are_cut_short(small_case: Case) -> None:
    bundle = _bundle(small_case)
    _first(bundle, "Condition")["code"] = "x" * 500  # not even a CodeableConcept
    with pytest.raises(InteropError) as caught:
        import_bundle(bundle)
    assert "Condition/" in caught.value.message
    assert "'code'" in caught.value.message
    assert len(caught.value.message) < 300
