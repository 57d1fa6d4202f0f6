"""PDF, CSV/XLSX and FHIR endpoints: downloads for the owner and the patient, bad input refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from bellpath.case import Case
from bellpath.interop.fhir_export import export_bundle

from .conftest import ONSET, PASSWORD, PATIENT_NAME, Clinic


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_clinician_downloads_the_report(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/report.pdf"
    response = clinic.client.get(url, headers=clinic.auth("a"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    text = _pdf_text(response.content)
    assert "Bell's palsy: clinical summary" in text
    assert PATIENT_NAME in text
    assert text.index("RED FLAGS") < text.index("Episode")  # the tick exposure comes first


def test_patient_gets_the_plain_report_by_default(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/report.pdf"
    own = clinic.client.get(url, headers=clinic.auth("me"))
    assert own.status_code == 200
    assert "Your Bell's palsy recovery" in _pdf_text(own.content)
    full = clinic.client.get(url, params={"audience": "clinician"}, headers=clinic.auth("me"))
    assert "clinical summary" in _pdf_text(full.content)
    bad = clinic.client.get(url, params={"audience": "doctor"}, headers=clinic.auth("a"))
    assert bad.status_code == 422


def test_patient_export_csv_and_xlsx(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/export"
    response = clinic.client.get(url, headers=clinic.auth("a"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    records = {r["record"] for r in rows}
    assert {"episode", "lab", "grading", "photo", "score"} <= records
    assert PATIENT_NAME not in response.text
    xlsx = clinic.client.get(url, params={"format": "xlsx"}, headers=clinic.auth("a"))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["observations"]
    assert sheet.max_row == len(rows) + 1
    bad = clinic.client.get(url, params={"format": "ods"}, headers=clinic.auth("a"))
    assert bad.status_code == 422


def test_clinician_export_of_all_patients(clinic: Clinic) -> None:
    response = clinic.client.get("/api/v1/exports/observations", headers=clinic.auth("a"))
    assert response.status_code == 200
    patients = {
        r["patient"] for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    assert patients == {f"patient-{clinic.patient_id}"}
    other = clinic.client.get("/api/v1/exports/observations", headers=clinic.auth("b"))
    assert other.status_code == 200
    assert other.content.decode("utf-8-sig").strip().count("\n") == 0  # header only
    assert (
        clinic.client.get("/api/v1/exports/observations", headers=clinic.auth("me")).status_code
        == 403
    )
    assert clinic.client.get("/api/v1/exports/observations").status_code == 401


def test_fhir_export_and_import(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/fhir"
    exported = clinic.client.get(url, headers=clinic.auth("a"))
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/fhir+json")
    bundle: dict[str, Any] = exported.json()
    assert bundle["resourceType"] == "Bundle"
    hospital = export_bundle(
        Case.model_validate(
            {
                "onset": str(ONSET),
                "as_of": str(ONSET),
                "labs": [{"analyte": "b12", "value": 140, "unit": "pmol/L", "date": str(ONSET)}],
                "complications": ["synkinesis"],
            }
        )
    )
    added = clinic.client.post(url, json=hospital, headers=clinic.auth("a"))
    assert added.status_code == 200, added.text
    answer = added.json()
    assert (answer["labs_added"], answer["complications_added"]) == (1, 1)
    assert [s.split(":")[1].strip() for s in answer["skipped"]] == [
        "the episode's own facts are kept (onset, side...)",
    ]
    labs = clinic.client.get(f"/api/v1/patients/{clinic.patient_id}/labs", headers=clinic.auth("a"))
    assert sorted(lab["unit"] for lab in labs.json()) == ["pg/mL", "pmol/L"]


def test_fhir_import_errors_store_nothing(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/fhir"
    labs_url = f"/api/v1/patients/{clinic.patient_id}/labs"
    before = clinic.client.get(labs_url, headers=clinic.auth("a")).json()
    bundle = export_bundle(
        Case.model_validate(
            {
                "onset": str(ONSET),
                "as_of": str(ONSET),
                "labs": [
                    {"analyte": "b12", "value": 140, "unit": "pg/mL"},
                    {"analyte": "b6", "value": 40, "unit": "nmol/L"},
                ],
            }
        )
    )
    lab = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0].get("code") == "62236-5"
    )
    lab["valueQuantity"]["code"] = lab["valueQuantity"]["unit"] = "pg/mL"
    refused = clinic.client.post(url, json=bundle, headers=clinic.auth("a"))
    assert refused.status_code == 422
    body = refused.json()
    assert body["error"] == "invalid_interop"
    assert f"Observation/{lab['id']}" in body["message"]
    assert "62236-5" in body["message"]
    assert clinic.client.get(labs_url, headers=clinic.auth("a")).json() == before
    # the patient may not add labs to their own record
    mine = clinic.client.post(
        url,
        json=export_bundle(
            Case.model_validate(
                {
                    "onset": str(ONSET),
                    "as_of": str(ONSET),
                    "labs": [{"analyte": "b12", "value": 150, "unit": "pg/mL"}],
                }
            )
        ),
        headers=clinic.auth("me"),
    )
    assert mine.status_code == 403
    assert clinic.client.get(labs_url, headers=clinic.auth("a")).json() == before


def test_every_download_is_in_the_openapi_document(clinic: Clinic) -> None:
    paths = set(clinic.app.openapi()["paths"])
    assert {
        "/api/v1/patients/{patient_id}/report.pdf",
        "/api/v1/patients/{patient_id}/export",
        "/api/v1/exports/observations",
        "/api/v1/patients/{patient_id}/fhir",
    } <= paths


def test_fhir_photos_only_on_request(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/fhir"
    plain = clinic.client.get(url, headers=clinic.auth("a")).json()
    assert not [e for e in plain["entry"] if e["resource"]["resourceType"] == "Media"]
    with_photos = clinic.client.get(url, params={"photos": "true"}, headers=clinic.auth("a"))
    media = [e["resource"] for e in with_photos.json()["entry"]]
    media = [r for r in media if r["resourceType"] == "Media"]
    assert len(media) == 1
    assert media[0]["content"]["contentType"] == "image/png"
    assert media[0]["content"]["data"]


def test_timeline_download_buttons_work_with_the_browser_session(clinic: Clinic) -> None:
    client = clinic.client
    client.cookies.clear()
    signin = client.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', signin)
    assert token is not None
    data = {"email": "a@clinic.org", "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/signin", data=data).status_code == 200
    page = client.get(f"/patients/{clinic.patient_id}").text
    assert re.search(r'aria-label="Download"[^>]*hx-boost="false"', page)  # htmx leaves them be
    links = re.findall(r'href="(/patients/\d+/downloads/[^"]+)"[^>]*download', page)
    assert len(links) == 6
    kinds = set()
    today = dt.date.today().isoformat()
    for link in links:
        reply = client.get(link)
        assert reply.status_code == 200, (link, reply.text[:200])
        disposition = reply.headers["content-disposition"]
        assert disposition.startswith('attachment; filename="bellpath_patient-')
        assert f"_{today}." in disposition  # patient, kind and date in the name
        kinds.add(reply.headers["content-type"].split(";")[0])
    assert kinds == {
        "application/pdf",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/fhir+json",
        "application/zip",
    }
    # the red flags stay first on the page: the download row comes after them
    assert page.index("Download PDF report") > page.index("phase-banner")


def test_patient_downloads_their_own_summary_from_their_page(clinic: Clinic) -> None:
    client = clinic.client
    client.cookies.clear()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": "me@home.org", "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/signin", data=data).status_code == 200
    page = client.get("/me").text
    link = re.search(r'href="(/patients/\d+/downloads/patient-report)"[^>]*download', page)
    assert link is not None
    reply = client.get(link.group(1))
    assert reply.status_code == 200
    assert "patient-report" in reply.headers["content-disposition"]
    assert "Your Bell's palsy recovery" in _pdf_text(reply.content)


def test_clinician_report_shows_the_latest_photo(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/report.pdf"
    text = _pdf_text(clinic.client.get(url, headers=clinic.auth("a")).content)
    # the seeded photo is noise: MediaPipe finds no face, so it is shown plain, with the reason
    assert "Photo measurements" in text
    photo = f"rest of {dt.date.today().isoformat()}: not measured (no face found"
    assert photo in text
    without = clinic.client.get(url, params={"thumbnail": "false"}, headers=clinic.auth("a"))
    assert "not measured" not in _pdf_text(without.content)


def test_fhir_import_review_dry_run_and_other_patients(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/fhir"
    labs_url = f"/api/v1/patients/{clinic.patient_id}/labs"
    before = clinic.client.get(labs_url, headers=clinic.auth("a")).json()
    case = Case.model_validate(
        {
            "onset": str(ONSET),
            "as_of": str(ONSET),
            "labs": [{"analyte": "b12", "value": 140, "unit": "pmol/L", "date": str(ONSET)}],
        }
    )
    someone_else = export_bundle(case, patient_name="Somebody Else")
    refused = clinic.client.post(url, json=someone_else, headers=clinic.auth("a"))
    assert refused.status_code == 422
    body = refused.json()
    assert body["report"]["accepted"] is False
    assert "a different name" in body["report"]["refused"][0]["detail"]
    ours = export_bundle(case, patient_name=PATIENT_NAME)
    dry = clinic.client.post(f"{url}?dry_run=true", json=ours, headers=clinic.auth("a"))
    assert dry.status_code == 200, dry.text
    assert dry.json()["dry_run"] is True
    assert dry.json()["labs_added"] == 1
    assert [i["detail"] for i in dry.json()["report"]["imported"]] == [
        f"lab result b12 140 pmol/L ({ONSET})"
    ]
    assert clinic.client.get(labs_url, headers=clinic.auth("a")).json() == before
