"""The clinic's daily work on the pages (TestClient): the lab form's checks, corrections shown in
the audit trail, duplicates offered to open, the care team page, the paged patient list."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from bellpath.records.models import LabEntry

from .conftest import PASSWORD, Clinic


def _sign_in(client: TestClient, email: str) -> None:
    client.cookies.clear()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/signin", data=data).status_code == 200


def _post(client: TestClient, url: str, data: dict[str, Any]) -> Any:
    page = client.get(url).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None, url
    return client.post(url, data={**data, "csrf_token": token.group(1)}, follow_redirects=False)


def _lab_values(clinic: Clinic) -> list[float]:
    with clinic.services.sessions() as s:
        return sorted(s.scalars(select(LabEntry.value)).all())


def test_lab_form_refuses_an_implausible_value_next_to_the_field(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    url = f"/patients/{clinic.patient_id}/labs"
    form = {"analyte": "b12", "value": "2,40", "unit": "pg/mL", "specimen": "serum"}
    reply = _post(clinic.client, url, form)
    assert reply.status_code == 422
    message = re.search(r'id="value-error"[^>]*>(.*?)<', reply.text, re.S)
    assert message is not None
    assert "20 to 50,000 pg/mL" in message.group(1)
    assert "got 2.4" in message.group(1)  # the decimal comma was read as a decimal mark
    assert _lab_values(clinic) == [250.0]


def test_lab_form_shows_an_unusual_value_back_before_saving(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    url = f"/patients/{clinic.patient_id}/labs"
    form = {"analyte": "b12", "value": "2500", "unit": "pg/mL", "specimen": "serum"}
    shown = _post(clinic.client, url, form)
    assert shown.status_code == 200
    assert "Please confirm: 2500 pg/mL" in shown.text
    assert "100 to 2,000 pg/mL" in shown.text
    assert _lab_values(clinic) == [250.0]
    saved = _post(clinic.client, url, {**form, "confirm": "2500 pg/mL"})
    assert saved.status_code == 303
    assert _lab_values(clinic) == [250.0, 2500.0]


def test_unit_list_holds_only_the_chosen_tests_units(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    url = f"/patients/{clinic.patient_id}/labs/units"
    units = re.findall(
        r'<option value="([^"]+)"', clinic.client.get(url, params={"analyte": "b12"}).text
    )
    assert units == ["pg/mL", "ng/L", "pmol/L"]
    everything = re.findall(r'<option value="([^"]+)"', clinic.client.get(url).text)
    assert len(everything) == 8
    assert 'hx-get="/patients/' in clinic.client.get(f"/patients/{clinic.patient_id}/labs").text


def test_a_correction_on_the_page_shows_in_the_audit_trail(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    timeline = clinic.client.get(f"/patients/{clinic.patient_id}").text
    edit = f"/patients/{clinic.patient_id}/entries/lab/{clinic.entries['lab_id']}/edit"
    assert f'href="{edit}"' in timeline
    form = {"analyte": "b12", "value": "2,60", "unit": "pg/mL", "specimen": "serum", "date": ""}
    refused = _post(clinic.client, edit, form)
    assert refused.status_code == 422
    assert "plausible" in refused.text
    form |= {"value": "260", "reason": "typed 250 for 260"}
    done = _post(clinic.client, edit, form)
    assert done.status_code == 303
    assert done.headers["location"].endswith("?saved=corrected")
    audit = clinic.client.get(f"/patients/{clinic.patient_id}/audit").text
    row = re.search(r"Corrected: lab.*?</tr>", audit, re.S)
    assert row is not None
    assert "value: 250.0 &rarr; 260.0" in row.group(0)
    assert "typed 250 for 260" in row.group(0)
    assert "Viewed: timeline" in audit


def test_adding_the_same_person_twice_offers_the_existing_record(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    form = {"name": "Zoe Twin", "onset": "2026-01-05", "birth_date": "1990-02-03", "mrn": "T-1"}
    first = _post(clinic.client, "/patients/new", form)
    assert first.status_code == 303
    existing = first.headers["location"].split("?")[0]
    again = _post(clinic.client, "/patients/new", {**form, "mrn": ""})
    assert again.status_code == 409
    assert f'href="{existing}"' in again.text
    assert "Open the existing record" in again.text
    page = clinic.client.get(existing).text
    assert "MRN <strong>T-1</strong>" in page
    assert "Born <strong>1990-02-03</strong>" in page


def test_care_team_page_adds_and_removes_a_colleague(clinic: Clinic) -> None:
    record = f"/patients/{clinic.patient_id}"
    _sign_in(clinic.client, "a@clinic.org")
    refused = _post(clinic.client, f"{record}/care-team", {"email": "me@home.org"})
    assert refused.status_code == 422
    assert "active clinician account" in refused.text
    assert _post(clinic.client, f"{record}/care-team", {"email": "b@clinic.org"}).status_code == 303
    _sign_in(clinic.client, "b@clinic.org")
    assert clinic.client.get(record).status_code == 200
    assert "Ann Example" in clinic.client.get("/patients").text
    _sign_in(clinic.client, "a@clinic.org")
    remove = f"{record}/care-team/{clinic.users['b']}/remove"
    page = clinic.client.get(f"{record}/care-team").text
    assert f'action="{remove}"' in page
    assert _post(clinic.client, f"{record}/care-team", {}).status_code == 422
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    gone = clinic.client.post(remove, data={"csrf_token": token.group(1)}, follow_redirects=False)
    assert gone.status_code == 303
    _sign_in(clinic.client, "b@clinic.org")
    assert clinic.client.get(record).status_code == 404


def test_patient_list_pages_and_searches(clinic: Clinic) -> None:
    a = clinic.auth("a")
    for i in range(52):
        body = {"name": f"Paged {i:02d}", "onset": "2026-01-05", "mrn": f"P{i:02d}"}
        assert clinic.client.post("/api/v1/patients", headers=a, json=body).status_code == 201
    _sign_in(clinic.client, "a@clinic.org")
    first = clinic.client.get("/patients").text
    assert first.count("<li>") == 50
    assert "53 patients, showing 1 to 50" in first
    assert 'type="search"' in first
    second = clinic.client.get("/patients", params={"page": 2}).text
    assert second.count("<li>") == 3
    found = clinic.client.get("/patients/rows", params={"q": "p51"}).text
    assert found.count("<li>") == 1
    assert "Paged 51" in found
