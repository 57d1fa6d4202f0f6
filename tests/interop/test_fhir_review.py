"""Hand-written hospital bundles: whose each resource is, which results are final, unknown types.

Each test states exactly what was imported, skipped and refused. The bundle holds two patients
(Ana, the target, and Ben), a result of every status, resources bellpath does not read, a type
that exists only in R5 and a type that exists nowhere.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bellpath.caseio import load_case
from bellpath.cli import app
from bellpath.interop.fhir_import import PatientIdentity, import_bundle
from bellpath.interop.import_report import ImportRefusedError

runner = CliRunner()
LOINC = "http://loinc.org"
MRN = "http://hospital.example.org/mrn"


def _patient(rid: str, mrn: str, given: str, family: str, born: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": rid,
        "identifier": [{"system": MRN, "value": mrn}],
        "name": [{"given": [given], "family": family}],
        "birthDate": born,
    }


def _lab(  # noqa: PLR0917  (one positional per column of the table of results below)
    rid: str, who: str, status: str, loinc: str, value: float, unit: str
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": rid,
        "status": status,
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": {"reference": f"Patient/{who}"},
        "effectiveDateTime": "2026-02-10T08:30:00Z",
    }
    if status not in {"registered", "cancelled"}:
        resource["valueQuantity"] = {"value": value, "unit": unit, "code": unit}
    return resource


def hospital_bundle() -> dict[str, Any]:
    """Two patients, every status, resources bellpath does not read, R5-only and unknown types."""
    resources = [
        _patient("ana", "MRN-1001", "Ana", "Souza", "1970-04-02"),
        _patient("ben", "MRN-2002", "Ben", "Okafor", "1958-11-20"),
        {
            "resourceType": "Condition",
            "id": "ana-bp",
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "193093009"}]},
            "subject": {"reference": "Patient/ana"},
            "onsetDateTime": "2026-02-01",
        },
        _lab("ana-b12", "ana", "final", "2132-9", 180, "pg/mL"),
        _lab("ana-mma", "ana", "amended", "13964-2", 0.5, "umol/L"),
        _lab("ana-folate", "ana", "corrected", "2284-8", 6.1, "ng/mL"),
        _lab("ana-b12-registered", "ana", "registered", "2132-9", 0, "pg/mL"),
        _lab("ana-b12-prelim", "ana", "preliminary", "2132-9", 95, "pg/mL"),
        _lab("ana-b12-cancelled", "ana", "cancelled", "2132-9", 0, "pg/mL"),
        _lab("ana-b12-error", "ana", "entered-in-error", "2132-9", 90, "pg/mL"),
        _lab("ben-b12", "ben", "final", "2132-9", 120, "pg/mL"),
        {"resourceType": "Encounter", "id": "enc", "status": "finished", "class": {}},
        {"resourceType": "ActorDefinition", "id": "r5-only", "status": "active", "type": "person"},
        {"resourceType": "Spaceship", "id": "nonsense"},
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r}
            if r["resourceType"] != "Patient"
            else {"resource": r}
            for r in resources
        ],
    }


ANA = PatientIdentity(mrn="MRN-1001")
SKIPPED_FOR_ANA = {
    "Patient/ben": "belongs to another patient (Patient/ben)",
    "Observation/ben-b12": "belongs to another patient (Patient/ben)",
    "Observation/ana-b12-registered": "status 'registered': no result yet",
    "Observation/ana-b12-prelim": "status 'preliminary': not a final result",
    "Observation/ana-b12-cancelled": "status 'cancelled': the test was not done",
    "Observation/ana-b12-error": "status 'entered-in-error': withdrawn by the sender",
    "Encounter/enc": "bellpath does not read Encounter resources",
    "ActorDefinition/r5-only": (
        "resource type 'ActorDefinition' is not in FHIR R4 (R4B/R5 or unknown): not read"
    ),
    "Spaceship/nonsense": (
        "resource type 'Spaceship' is not in FHIR R4 (R4B/R5 or unknown): not read"
    ),
}
IMPORTED_FOR_ANA = {
    "Condition/ana-bp": "Bell's palsy episode (onset 2026-02-01)",
    "Observation/ana-b12": "lab result b12 180 pg/mL (2026-02-10)",
    "Observation/ana-mma": "lab result mma 0.5 umol/L (2026-02-10)",
    "Observation/ana-folate": "lab result folate 6.1 ng/mL (2026-02-10)",
}


def _lines(items: list[Any]) -> dict[str, str]:
    return {line.resource: line.detail for line in items}


def test_another_patients_resources_refuse_the_bundle() -> None:
    with pytest.raises(ImportRefusedError) as caught:
        import_bundle(hospital_bundle(), target=ANA)
    report = caught.value.report
    assert _lines(report.refused) == {
        "Patient/ben": "belongs to another patient (Patient/ben)",
        "Observation/ben-b12": "belongs to another patient (Patient/ben)",
    }
    assert report.imported == []
    assert "Patient/ben" in caught.value.message
    assert report.to_json()["accepted"] is False


@pytest.mark.parametrize(
    "target",
    [
        ANA,
        PatientIdentity(name="ana souza", birth_date=dt.date(1970, 4, 2)),
        PatientIdentity(name="Souza, Ána", birth_date=dt.date(1970, 4, 2)),
    ],
    ids=["mrn", "name and birth date", "name written otherwise"],
)
def test_only_the_targets_final_results_are_imported(target: PatientIdentity) -> None:
    result = import_bundle(hospital_bundle(), target=target, skip_other_patients=True)
    report = result.report
    assert report.refused == []
    assert _lines(report.imported) == IMPORTED_FOR_ANA
    assert _lines(report.skipped) == SKIPPED_FOR_ANA
    assert report.patient is not None
    assert report.patient.startswith("Patient/ana")
    assert [(lab.analyte.value, lab.value) for lab in result.case.labs] == [
        ("b12", 180.0),
        ("mma", 0.5),
        ("folate", 6.1),
    ]


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (PatientIdentity(), "the bundle holds 2 patients"),
        (PatientIdentity(mrn="MRN-9999"), "no identifier MRN-9999"),
        (PatientIdentity(name="Ana Souza", birth_date=dt.date(1971, 4, 2)), "born 1970-04-02"),
    ],
    ids=["no target", "unknown mrn", "wrong birth date"],
)
def test_no_target_in_the_bundle_refuses_it(target: PatientIdentity, why: str) -> None:
    with pytest.raises(ImportRefusedError) as caught:
        import_bundle(hospital_bundle(), target=target, skip_other_patients=True)
    (line,) = caught.value.report.refused
    assert line.resource == "Bundle"
    assert why in line.detail


def test_a_lone_patient_with_another_name_is_refused() -> None:
    bundle = hospital_bundle()
    bundle["entry"] = [e for e in bundle["entry"] if "ana" not in e["resource"]["id"]]
    with pytest.raises(ImportRefusedError, match="a different name"):
        import_bundle(bundle, into=load_case_minimal(), target=PatientIdentity(name="Ana Souza"))


def load_case_minimal() -> Any:
    from bellpath.case import Case  # noqa: PLC0415

    return Case.model_validate({"onset": "2026-02-01", "as_of": "2026-03-01"})


def test_references_by_absolute_url_and_identifier_are_followed() -> None:
    bundle = hospital_bundle()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["id"] == "ana-b12":
            resource["subject"] = {"reference": "https://ehr.example.org/fhir/Patient/ana"}
        if resource["id"] == "ana-mma":
            resource["subject"] = {"identifier": {"system": MRN, "value": "MRN-1001"}}
        if resource["id"] == "ana-folate":
            resource["subject"] = {"identifier": {"system": MRN, "value": "MRN-2002"}}
    result = import_bundle(bundle, target=ANA, skip_other_patients=True)
    assert _lines(result.report.skipped)["Observation/ana-folate"] == (
        "belongs to another patient (Patient/ben)"
    )
    assert [lab.analyte.value for lab in result.case.labs] == ["b12", "mma"]


def test_a_cancelled_result_alone_does_not_fail_the_bundle() -> None:
    bundle = hospital_bundle()
    bundle["entry"] = [
        e for e in bundle["entry"] if e["resource"]["id"] in {"ana", "ana-bp", "ana-b12-cancelled"}
    ]
    result = import_bundle(bundle)
    assert result.case.labs == []
    assert _lines(result.report.skipped) == {
        "Observation/ana-b12-cancelled": "status 'cancelled': the test was not done"
    }


# ----------------------------------------------------------------------------- the CLI


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "hospital.json"
    path.write_text(json.dumps(hospital_bundle()), encoding="utf-8")
    return path


def test_cli_refuses_with_the_review_and_writes_nothing(tmp_path: Path) -> None:
    bundle, out = _write(tmp_path), tmp_path / "case.yaml"
    result = runner.invoke(
        app, ["fhir", "import", str(bundle), "--mrn", "MRN-1001", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "Refused: nothing was imported." in result.output
    assert "Observation/ben-b12: belongs to another patient (Patient/ben)" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_dry_run_prints_the_review_and_writes_nothing(tmp_path: Path) -> None:
    bundle, out = _write(tmp_path), tmp_path / "case.yaml"
    args = ["fhir", "import", str(bundle), "--mrn", "MRN-1001", "--skip-other-patients"]
    result = runner.invoke(app, [*args, "--dry-run", "--json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    assert report["accepted"] is True
    assert {i["resource"]: i["detail"] for i in report["imported"]} == IMPORTED_FOR_ANA
    assert {i["resource"]: i["detail"] for i in report["skipped"]} == SKIPPED_FOR_ANA
    assert report["refused"] == []
    assert not out.exists()
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported (4):" in result.output
    assert "skipped (9):" in result.output
    assert [lab.analyte.value for lab in load_case(out).labs] == ["b12", "mma", "folate"]


def test_cli_refused_json_review(tmp_path: Path) -> None:
    bundle = _write(tmp_path)
    result = runner.invoke(app, ["fhir", "import", str(bundle), "--json", "--dry-run"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["accepted"] is False
    assert report["refused"][0]["resource"] == "Bundle"


def test_a_record_number_decides_before_name_and_birth_date() -> None:
    """Another MRN (type MR) refuses; identifiers of other kinds leave it to name and birth date."""
    ana_elsewhere = PatientIdentity(mrn="X-1", name="Ana Souza", birth_date=dt.date(1970, 4, 2))
    result = import_bundle(hospital_bundle(), target=ana_elsewhere, skip_other_patients=True)
    assert result.report.patient == "Patient/ana (matched on name and birth date)"
    bundle = hospital_bundle()
    for entry in bundle["entry"]:
        for ident in entry["resource"].get("identifier", []):
            ident["type"] = {"coding": [{"code": "MR"}]}
    with pytest.raises(ImportRefusedError, match="no identifier X-1"):
        import_bundle(bundle, target=ana_elsewhere, skip_other_patients=True)
