"""FHIR export: codes, validation, determinism; export -> import gives the same case."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.interop.fhir_export import PhotoAttachment, export_bundle
from bellpath.interop.fhir_import import PatientIdentity, import_bundle, read_bundle


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _through_json(bundle: dict[str, Any]) -> dict[str, Any]:
    return read_bundle(json.dumps(bundle))


def test_round_trip_gives_the_same_case(rich_case: Case) -> None:
    bundle = export_bundle(rich_case, patient_id="p-1", patient_name="Zoë Ångström")
    result = import_bundle(_through_json(bundle))
    assert result.case == rich_case
    assert result.skipped == []  # the Provenance is context: neither read nor listed
    assert result.report.refused == []


def test_export_names_identifiers_performer_and_provenance(rich_case: Case) -> None:
    bundle = export_bundle(
        rich_case, mrn="MRN-77", birth_date=dt.date(1961, 5, 4), performer="Dr Ada Lind"
    )
    patient = _resources(bundle, "Patient")[0]
    assert {"type": patient["identifier"][1]["type"]["coding"][0]["code"], "value": "MRN-77"} == {
        "type": "MR",
        "value": "MRN-77",
    }
    assert patient["birthDate"] == "1961-05-04"
    practitioner = _resources(bundle, "Practitioner")[0]
    observations = _resources(bundle, "Observation")
    for obs in observations:
        assert obs["status"] == "final"
        assert obs["performer"], obs["code"]
        dated = "effectiveDateTime" in obs
        undated_lab = obs["category"][0]["coding"][0]["code"] == "laboratory"
        assert dated or undated_lab, obs["code"]
    performers = {p.get("display") or p["reference"] for o in observations for p in o["performer"]}
    assert performers == {"Dr Ada Lind", bundle["entry"][0]["fullUrl"]}
    assert practitioner["name"] == [{"text": "Dr Ada Lind"}]
    (provenance,) = _resources(bundle, "Provenance")
    assert len(provenance["target"]) == len(bundle["entry"]) - 1
    assert provenance["agent"][0]["who"]["display"].startswith("bellpath ")
    # the identity matches on import: MRN, and name with birth date
    back = import_bundle(_through_json(bundle), target=PatientIdentity(mrn="MRN-77"))
    assert back.case == rich_case


def test_round_trip_of_a_minimal_case() -> None:
    case = Case.model_validate({"onset": "2024-02-01", "as_of": "2024-02-02"})
    assert import_bundle(_through_json(export_bundle(case))).case == case


def test_bundle_validates_as_fhir_and_is_deterministic(rich_case: Case) -> None:
    first = export_bundle(rich_case, patient_id="p-1")
    second = export_bundle(rich_case, patient_id="p-1")
    assert first == second
    Bundle.model_validate(first)
    assert first["type"] == "collection"
    urls = [e["fullUrl"] for e in first["entry"]]
    assert len(urls) == len(set(urls))


def test_condition_carries_snomed_and_icd10(rich_case: Case) -> None:
    bundle = export_bundle(rich_case)
    palsy = _resources(bundle, "Condition")[0]
    codes = {(c["system"], c["code"]) for c in palsy["code"]["coding"]}
    assert ("http://snomed.info/sct", "193093009") in codes
    assert ("http://hl7.org/fhir/sid/icd-10", "G51.0") in codes
    assert palsy["onsetDateTime"] == "2024-01-01"
    assert palsy["clinicalStatus"]["coding"][0]["code"] == "active"
    # complications are Conditions of their own
    assert len(_resources(bundle, "Condition")) == 3


def test_labs_carry_loinc_and_ucum(rich_case: Case) -> None:
    bundle = export_bundle(rich_case)
    labs = [
        o
        for o in _resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    assert len(labs) == len(rich_case.labs)
    by_unit = {o["valueQuantity"]["unit"] + ":" + str(o["valueQuantity"]["value"]): o for o in labs}
    mass = by_unit["pg/mL:180.0"]
    assert mass["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "2132-9",
        "display": "Cobalamin (vitamin B12) [mass/volume] in serum or plasma",
    }
    assert mass["valueQuantity"]["system"] == "http://unitsofmeasure.org"
    assert mass["valueQuantity"]["code"] == "pg/mL"
    # a molar B12 gets the molar LOINC code, not the mass one
    assert by_unit["pmol/L:120.5"]["code"]["coding"][0]["code"] == "14685-2"
    # folate in nmol/L has no LOINC code in our table: bellpath's analyte code only
    folate = by_unit["nmol/L:9.1"]["code"]["coding"]
    assert [c["system"] for c in folate] == ["https://bellpath.org/fhir/CodeSystem/analyte"]
    specimens = _resources(bundle, "Specimen")
    assert {s["type"]["coding"][0]["code"] for s in specimens} >= {"119364003", "119326000"}


def test_age_is_a_loinc_observation(rich_case: Case) -> None:
    bundle = export_bundle(rich_case)
    ages = [
        o for o in _resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "30525-0"
    ]
    assert ages[0]["valueQuantity"] == {
        "value": 63,
        "unit": "a",
        "system": "http://unitsofmeasure.org",
        "code": "a",
    }


def test_unicode_name_is_kept(rich_case: Case) -> None:
    bundle = export_bundle(rich_case, patient_name="Zoë Ångström-Łukasz")
    patient = _resources(bundle, "Patient")[0]
    assert patient["name"] == [{"text": "Zoë Ångström-Łukasz"}]


def test_photos_only_on_request(rich_case: Case) -> None:
    assert _resources(export_bundle(rich_case), "Media") == []
    photo = PhotoAttachment(data=b"\x89PNG fake", content_type="image/png", title="smile")
    media = _resources(export_bundle(rich_case, photos=[photo]), "Media")
    assert len(media) == 1
    assert media[0]["content"]["contentType"] == "image/png"
    assert media[0]["content"]["data"] == "iVBORyBmYWtl"


def test_import_into_existing_case_adds_labs_once(small_case: Case) -> None:
    data = small_case.model_dump(mode="json")
    data["labs"].append({"analyte": "mma", "value": 0.5, "unit": "umol/L", "date": "2024-05-18"})
    data["severity"] = "incomplete"
    bundle = _through_json(export_bundle(Case.model_validate(data)))
    merged = import_bundle(bundle, into=small_case).case
    # the existing lab is not doubled; the new one is added; the bundle's episode facts win
    assert merged.labs[0] == small_case.labs[0]
    assert [lab.analyte.value for lab in merged.labs] == ["b12", "mma"]
    assert merged.severity is not None and merged.severity.value == "incomplete"
    assert import_bundle(bundle, into=merged).case == merged


def test_import_of_a_foreign_bundle_with_loinc_labs(small_case: Case) -> None:
    """Another system's bundle: a LOINC lab, a patient, and a resource bellpath does not read."""
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "x"}},
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "lab1",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "2132-9"}]},
                    "effectiveDateTime": "2024-05-15T08:30:00Z",
                    "valueQuantity": {
                        "value": 150,
                        "unit": "pg/mL",
                        "system": "http://unitsofmeasure.org",
                        "code": "pg/mL",
                    },
                }
            },
            {
                "resource": {
                    "resourceType": "Encounter",
                    "id": "e1",
                    "status": "finished",
                    "class": {"code": "AMB"},
                }
            },
        ],
    }
    result = import_bundle(copy.deepcopy(bundle), into=small_case)
    new = result.case.labs[-1]
    assert (new.analyte.value, new.value, new.unit, str(new.date)) == (
        "b12",
        150.0,
        "pg/mL",
        "2024-05-15",
    )
    assert result.skipped == ["Encounter/e1: bellpath does not read Encounter resources"]


def test_icd10_only_condition_is_read() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Condition",
                    "id": "c",
                    "subject": {"reference": "Patient/x"},
                    "code": {
                        "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G51.0"}]
                    },
                    "onsetDateTime": "2024-04-01",
                    "extension": [
                        {
                            "url": "https://bellpath.org/fhir/StructureDefinition/as-of",
                            "valueDate": "2024-04-10",
                        }
                    ],
                }
            }
        ],
    }
    case = import_bundle(bundle).case
    assert (str(case.onset), str(case.as_of), case.recovered) == ("2024-04-01", "2024-04-10", False)


def test_scores_and_questionnaires(rich_case: Case) -> None:
    bundle = export_bundle(rich_case, assessment=assess(rich_case))
    responses = _resources(bundle, "QuestionnaireResponse")
    assert [r["questionnaire"].rsplit("/", 1)[-1] for r in responses] == ["saq", "face"]
    assert [i["answer"][0]["valueInteger"] for i in responses[0]["item"]] == [
        1,
        2,
        3,
        4,
        5,
        1,
        2,
        3,
        4,
    ]
    gradings = [
        o
        for o in _resources(bundle, "Observation")
        if o["code"]["coding"][0]["system"].endswith("/scale")
    ]
    assert len(gradings) == len(rich_case.gradings)
    composite = next(
        c for c in gradings[2]["component"] if c["code"]["coding"][0]["code"] == "score.primary"
    )
    assert composite["valueQuantity"]["value"] == 48.0
    saq = next(o for o in gradings if o["code"]["coding"][0]["code"] == "saq")
    assert saq["derivedFrom"][0]["reference"].startswith("urn:uuid:")
    # scores are recomputed, never imported
    assert import_bundle(_through_json(bundle)).case == rich_case


def test_a_case_field_without_its_own_mapping_is_kept_whole(rich_case: Case) -> None:
    bundle = export_bundle(rich_case)
    carried = [
        o
        for o in _resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == "case.enog"
    ]
    assert len(carried) == 1
    values = {c["code"]["coding"][0]["code"]: c for c in carried[0]["component"]}
    assert values["enog.degeneration_percent"]["valueQuantity"] == {"value": 92.5}
    assert values["enog.day"]["valueInteger"] == 6
    assert import_bundle(_through_json(bundle)).case.enog == rich_case.enog


def test_identical_results_in_one_bundle_are_all_kept() -> None:
    lab = {"analyte": "b12", "value": 180, "unit": "pg/mL", "date": "2024-01-03"}
    case = Case.model_validate({"onset": "2024-01-01", "as_of": "2024-01-05", "labs": [lab, lab]})
    assert len(import_bundle(_through_json(export_bundle(case))).case.labs) == 2
