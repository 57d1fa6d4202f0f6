"""`bellpath fhir export|import` through Typer's runner: round trip, photos on request, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bellpath.caseio import load_case
from bellpath.cli import app
from bellpath.examples import example_path

runner = CliRunner()


def test_export_then_import_gives_the_same_case(tmp_path: Path) -> None:
    bundle = tmp_path / "b.json"
    result = runner.invoke(
        app, ["fhir", "export", str(example_path()), "-o", str(bundle), "--name", "Zoë"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(bundle.read_text(encoding="utf-8"))
    assert data["resourceType"] == "Bundle"
    patient = data["entry"][0]["resource"]
    assert patient["name"] == [{"text": "Zoë"}]
    assert patient["identifier"][0]["value"] == "long_recovery"
    assert not [e for e in data["entry"] if e["resource"]["resourceType"] == "Media"]
    for suffix in ("yaml", "json"):
        case_file = tmp_path / f"case.{suffix}"
        result = runner.invoke(app, ["fhir", "import", str(bundle), "-o", str(case_file)])
        assert result.exit_code == 0, result.output
        assert load_case(case_file) == load_case(example_path())


def test_photos_only_when_asked(tmp_path: Path) -> None:
    photo = tmp_path / "smile.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    bundle = tmp_path / "b.json"
    args = ["fhir", "export", str(example_path()), "-o", str(bundle), "--photo", str(photo)]
    assert runner.invoke(app, args).exit_code == 0
    kinds = [e["resource"]["resourceType"] for e in json.loads(bundle.read_text())["entry"]]
    assert kinds.count("Media") == 1


def test_import_into_an_existing_case(tmp_path: Path) -> None:
    foreign = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "hosp-1",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "13964-2"}]},
                    "effectiveDateTime": "2026-02-15",
                    "valueQuantity": {"value": 0.52, "unit": "umol/L", "code": "umol/L"},
                }
            }
        ],
    }
    source = tmp_path / "hospital.json"
    source.write_text(json.dumps(foreign))
    out = tmp_path / "merged.yaml"
    args = ["fhir", "import", str(source), "--into", str(example_path()), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    merged = load_case(out)
    original = load_case(example_path())
    assert merged.onset == original.onset
    assert merged.labs[:-1] == original.labs
    assert (merged.labs[-1].analyte.value, merged.labs[-1].value) == ("mma", 0.52)


def test_errors_name_resource_and_field_and_write_nothing(tmp_path: Path) -> None:
    bundle = tmp_path / "b.json"
    runner.invoke(app, ["fhir", "export", str(example_path()), "-o", str(bundle)])
    data = json.loads(bundle.read_text())
    lab = next(
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0].get("system") == "http://loinc.org"
    )
    lab["code"]["coding"][0]["code"] = "1234-5"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    not_json = tmp_path / "x.json"
    not_json.write_text("{")
    out = tmp_path / "out"
    out.mkdir()
    target = str(out / "case.yaml")
    cases = [
        (["fhir", "import", str(broken), "-o", target], f"Observation/{lab['id']}"),
        (["fhir", "import", str(not_json), "-o", target], "not valid JSON"),
        (["fhir", "import", str(tmp_path / "none.json"), "-o", target], "cannot be read"),
        (["fhir", "import", str(bundle)], "'--output' is required"),
        (["fhir", "export", "-o", target], "either CASE_FILE or --patient"),
        (
            ["fhir", "export", str(example_path()), "-o", target, "--photo", str(bundle)],
            "'--photo' must be an image",
        ),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert list(out.iterdir()) == []


def test_skip_unknown_codes(tmp_path: Path) -> None:
    bundle = tmp_path / "b.json"
    runner.invoke(app, ["fhir", "export", str(example_path()), "-o", str(bundle)])
    data = json.loads(bundle.read_text())
    for entry in data["entry"]:
        coding = entry["resource"].get("code", {}).get("coding", [{}])[0]
        if coding.get("code") == "2132-9":
            coding["code"] = "718-7"  # haemoglobin: not a code bellpath reads
    bundle.write_text(json.dumps(data))
    out = tmp_path / "case.yaml"
    refused = runner.invoke(app, ["fhir", "import", str(bundle), "-o", str(out)])
    assert refused.exit_code == 2
    assert "--skip-unknown-codes" in refused.output
    args = ["fhir", "import", str(bundle), "-o", str(out), "--skip-unknown-codes"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "LOINC 718-7 is not a code bellpath reads" in result.output
    assert [lab.analyte.value for lab in load_case(out).labs] == ["b6"]
