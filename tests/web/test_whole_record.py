"""A patient's whole record as one zip: for the patient and the clinician; it re-imports."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

import pytest

from bellpath.assess import assess
from bellpath.case import Case
from bellpath.interop.csv_xlsx import SheetFormat, read_sheet
from bellpath.interop.fhir_import import import_bundle, read_bundle
from bellpath.records.db import transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import User
from bellpath.records.patients import assess_patient, create_patient

from .conftest import PASSWORD, PATIENT_NAME, Clinic, png

MEMBERS = {
    "README.txt",
    "fhir-bundle.json",
    "observations.xlsx",
    "observations.csv",
    "summary-for-you.pdf",
    "clinician-report.pdf",
    "record.json",
}


def download(clinic: Clinic, who: str) -> zipfile.ZipFile:
    got = clinic.client.get(
        f"/api/v1/patients/{clinic.patient_id}/record.zip", headers=clinic.auth(who)
    )
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "application/zip"
    assert got.headers["cache-control"] == "no-store"
    assert "attachment" in got.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(got.content))


@pytest.mark.parametrize("who", ["me", "a"], ids=["the-patient", "their-clinician"])
def test_the_whole_record_holds_everything(clinic: Clinic, who: str) -> None:
    archive = download(clinic, who)
    names = set(archive.namelist())
    assert names >= MEMBERS
    (photo,) = [n for n in names if n.startswith("photos/")]
    assert photo.endswith(".png")
    assert archive.read(photo) == png()  # decrypted, as uploaded
    readme = archive.read("README.txt").decode()
    assert "Article 15" in readme
    assert "Article 20" in readme
    assert "never prescribes doses" in readme
    assert ("you" if who == "me" else PATIENT_NAME) in readme.split("about ", 1)[1][:40]
    record = json.loads(archive.read("record.json"))
    assert record["patients"][0]["name"] == PATIENT_NAME
    assert [p["note"] for p in record["practice_log"]] == ["felt tired"]
    assert record["videos"][0]["summary"]["frames"] == 180
    assert all("stored_name" not in p for p in record["photos"])
    for pdf in ("summary-for-you.pdf", "clinician-report.pdf"):
        assert archive.read(pdf).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["b", "stranger"])
def test_nobody_else_gets_it(clinic: Clinic, who: str) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/record.zip"
    assert clinic.client.get(url, headers=clinic.auth(who)).status_code == 404


def as_new_patient(clinic: Clinic, case: Case, name: str) -> dict[str, Any]:
    """Store ``case`` as a new patient of clinician A; its assessment as of the same day."""
    data = case.model_dump(mode="json")
    fields = EpisodeFields.model_validate({k: data[k] for k in EpisodeFields.model_fields})
    with transaction(clinic.services.sessions) as s:
        a = s.get_one(User, clinic.users["a"])
        patient = create_patient(s, actor=a, name=name, episode=fields)
        result = assess_patient(s, actor=a, patient_id=patient.id, as_of=case.as_of)
    return strip(result.model_dump(mode="json"))


def strip(assessment: dict[str, Any]) -> dict[str, Any]:
    """What a re-import must keep (photo and video measures are not in a bundle's labs)."""
    return {k: v for k, v in assessment.items() if k != "photo_trajectory"}


def test_its_bundle_and_spreadsheet_re_import_into_a_new_patient_with_the_same_assessment(
    clinic: Clinic,
) -> None:
    archive = download(clinic, "me")
    from_bundle = import_bundle(read_bundle(archive.read("fhir-bundle.json"))).case
    (from_sheet,) = read_sheet(archive.read("observations.xlsx"), SheetFormat.XLSX).values()
    with transaction(clinic.services.sessions) as s:
        a = s.get_one(User, clinic.users["a"])
        original = assess_patient(s, actor=a, patient_id=clinic.patient_id, as_of=from_bundle.as_of)
    expected = strip(original.model_dump(mode="json"))
    assert from_bundle.as_of == dt.date.today()
    assert as_new_patient(clinic, from_bundle, "Re-imported from FHIR") == expected
    assert as_new_patient(clinic, from_sheet, "Re-imported from the sheet") == expected
    assert strip(assess(from_sheet).model_dump(mode="json")) == expected


@pytest.mark.parametrize(
    ("email", "page"), [("me@home.org", "/me"), ("a@clinic.org", "/patients/{pid}")]
)
def test_the_pages_link_to_it_and_the_signed_in_browser_downloads_it(
    clinic: Clinic, email: str, page: str
) -> None:
    client = clinic.client
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    signed = client.post(
        "/signin", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert signed.status_code == 200
    link = f"/api/v1/patients/{clinic.patient_id}/record.zip"
    assert link in client.get(page.format(pid=clinic.patient_id)).text
    got = client.get(link)  # the session cookie is enough
    assert got.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(got.content)).namelist()[0] == "README.txt"
