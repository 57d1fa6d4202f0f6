"""The import page: upload a bundle or a spreadsheet, review, then store all of it or nothing."""

from __future__ import annotations

import base64
import html
import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bellpath.case import Case
from bellpath.interop.csv_xlsx import write_csv
from bellpath.interop.fhir_export import export_bundle
from bellpath.records.models import ComplicationEntry, LabEntry

from .test_pages import add_patient, app, client, count, csrf, sign_in, text_of

__all__ = ["app", "client"]  # the fixtures this module uses


def _hospital(name: str) -> dict[str, Any]:
    case = Case.model_validate(
        {
            "onset": "2026-01-20",
            "as_of": "2026-02-20",
            "labs": [
                {"analyte": "b12", "value": 150, "unit": "pg/mL", "comparator": "<"},
                {"analyte": "mma", "value": 0.6, "unit": "umol/L", "date": "2026-02-10"},
            ],
            "complications": ["synkinesis"],
        }
    )
    bundle = export_bundle(case, patient_name=name)
    lab = next(e for e in bundle["entry"] if "valueQuantity" in e["resource"])
    preliminary = json.loads(json.dumps(lab))  # a lab Observation, copied
    preliminary["resource"]["id"] = "prelim"
    preliminary["resource"]["status"] = "preliminary"
    preliminary["fullUrl"] = "urn:uuid:prelim"
    bundle["entry"].insert(-1, preliminary)
    return bundle


def _upload(client: TestClient, pid: int, name: str, data: bytes, **extra: str) -> Any:
    token = csrf(client.get(f"/patients/{pid}/import").text)
    return client.post(
        f"/patients/{pid}/import",
        data={"csrf_token": token, **extra},
        files={"file": (name, data, "application/octet-stream")},
    )


def test_a_bundle_is_reviewed_then_stored_all_at_once(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    bundle = json.dumps(_hospital("Ann Example")).encode()
    review = _upload(client, pid, "hospital.json", bundle)
    assert review.status_code == 200, text_of(review.text)
    words = html.unescape(text_of(review.text))
    assert "lab result b12 <150 pg/mL" in words
    assert "status 'preliminary': not a final result" in words
    assert "Store 2 lab results and 1 complication" in words
    assert count(app, LabEntry) == 0  # the review stores nothing
    payload = re.search(r'name="payload" value="([^"]+)"', review.text)
    assert payload and base64.b64decode(payload.group(1)) == bundle
    token = csrf(review.text)
    stored = client.post(
        f"/patients/{pid}/import/confirm",
        data={"csrf_token": token, "name": "hospital.json", "payload": payload.group(1)},
    )
    assert stored.status_code == 200
    assert "The reviewed results are imported" in text_of(stored.text)
    assert (count(app, LabEntry), count(app, ComplicationEntry)) == (2, 1)


def test_another_patients_bundle_is_refused_and_nothing_stored(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    review = _upload(client, pid, "h.json", json.dumps(_hospital("Bob Other")).encode())
    assert review.status_code == 422
    words = text_of(review.text)
    assert "Refused: nothing can be imported" in words
    assert "a different name" in words
    assert 'name="payload"' not in review.text
    assert count(app, LabEntry) == 0


def test_a_spreadsheet_is_reviewed_and_a_bad_file_explained(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    case = Case.model_validate(
        {
            "onset": "2026-01-20",
            "as_of": "2026-02-20",
            "labs": [{"analyte": "b12", "value": 420, "unit": "pg/mL", "date": "2026-02-01"}],
        }
    )
    two = write_csv({f"patient-{pid}": case, "patient-999": case})
    refused = _upload(client, pid, "clinic.csv", two)
    assert refused.status_code == 422
    assert "rows of another patient" in text_of(refused.text)
    review = _upload(client, pid, "clinic.csv", two, skip_other_patients="on")
    assert review.status_code == 200
    assert "lab result b12 420 pg/mL (2026-02-01)" in text_of(review.text)
    bad = _upload(client, pid, "notes.txt", b"hello")
    assert bad.status_code == 422
    assert "must end in .json (FHIR), .csv or .xlsx" in text_of(bad.text)
    assert count(app, LabEntry) == 0
