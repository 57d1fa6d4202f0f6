"""A clinic's daily work through the API: identity, finding patients, corrections, care teams,
the read audit and plausible lab values. Every route and status, on SQLite; the core of it again
on PostgreSQL (test_api_postgres.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .conftest import Clinic

TODAY = dt.date.today()


def _patients(clinic: Clinic) -> str:
    return "/api/v1/patients"


def _audit(clinic: Clinic, who: str = "a") -> list[dict[str, Any]]:
    url = f"/api/v1/patients/{clinic.patient_id}/audit"
    reply = clinic.client.get(url, headers=clinic.auth(who))
    assert reply.status_code == 200, reply.text
    events: list[dict[str, Any]] = reply.json()
    return events


# ----------------------------------------------------------------------------- identity


def identity_flow(clinic: Clinic) -> None:
    """Create, read, change identity; duplicates are 409 naming the existing record."""
    a, b = clinic.auth("a"), clinic.auth("b")
    body = {
        "name": "Maria Lopez",
        "onset": (TODAY - dt.timedelta(days=20)).isoformat(),
        "birth_date": "1960-05-02",
        "sex": "female",
        "mrn": "A-100",
    }
    created = clinic.client.post("/api/v1/patients", headers=a, json=body)
    assert created.status_code == 201, created.text
    shown = created.json()
    born = dt.date(1960, 5, 2)
    expected_age = TODAY.year - 1960 - int((TODAY.month, TODAY.day) < (5, 2))
    assert (shown["birth_date"], shown["sex"], shown["mrn"]) == ("1960-05-02", "female", "A-100")
    assert shown["age"] == expected_age
    pid = shown["id"]
    # the same person again: by MRN (any clinician) and by name + birth date (same clinician)
    again = clinic.client.post("/api/v1/patients", headers=b, json={**body, "name": "M. Lopez"})
    assert again.status_code == 409
    assert (again.json()["error"], again.json()["field"]) == ("duplicate", "mrn")
    assert again.json()["existing_id"] == pid
    twin = clinic.client.post(
        "/api/v1/patients", headers=a, json={**body, "name": "maria lopez", "mrn": None}
    )
    assert twin.status_code == 409
    assert twin.json()["field"] == "name"
    assert f"patient record {pid}" in twin.json()["message"]
    # another clinician may have their own Maria Lopez born the same day (no MRN)
    other = clinic.client.post("/api/v1/patients", headers=b, json={**body, "mrn": None})
    assert other.status_code == 201
    # change and clear identity fields
    changed = clinic.client.patch(
        f"/api/v1/patients/{pid}", headers=a, json={"mrn": "A-101", "sex": None}
    )
    assert changed.status_code == 200
    assert (changed.json()["mrn"], changed.json()["sex"]) == ("A-101", None)
    assert changed.json()["birth_date"] == born.isoformat()
    reused = clinic.client.patch(
        f"/api/v1/patients/{other.json()['id']}", headers=b, json={"mrn": "A-101"}
    )
    assert reused.status_code == 409
    assert reused.json()["existing_id"] == pid


def test_identity_create_read_change_and_duplicates(clinic: Clinic) -> None:
    identity_flow(clinic)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"sex": "f"}, "sex"),  # FHIR codes only: male, female, other, unknown
        ({"birth_date": (TODAY + dt.timedelta(days=1)).isoformat()}, "birth_date"),
        ({"birth_date": "1880-01-01"}, "birth_date"),  # more than 120 years ago
        ({"mrn": "A 1;DROP"}, "mrn"),
    ],
    ids=["sex-code", "born-tomorrow", "too-old", "mrn-characters"],
)
def test_bad_identity_is_refused_naming_the_field(
    clinic: Clinic, extra: dict[str, Any], field: str
) -> None:
    body = {"name": "X", "onset": TODAY.isoformat(), **extra}
    reply = clinic.client.post("/api/v1/patients", headers=clinic.auth("a"), json=body)
    assert reply.status_code == 422
    assert reply.json()["field"] == field
    if field == "sex":
        assert reply.json()["allowed"] == ["male", "female", "other", "unknown"]


def test_identity_is_in_the_fhir_bundle_and_the_pdf(clinic: Clinic) -> None:
    a = clinic.auth("a")
    url = f"/api/v1/patients/{clinic.patient_id}"
    clinic.client.patch(
        url, headers=a, json={"birth_date": "1970-01-31", "sex": "male", "mrn": "Z9"}
    )
    bundle = clinic.client.get(f"{url}/fhir", headers=a).json()
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert (patient["birthDate"], patient["gender"]) == ("1970-01-31", "male")
    types = {
        i["value"]: i.get("type", {}).get("coding", [{}])[0].get("code")
        for i in patient["identifier"]
    }
    assert types["Z9"] == "MR"  # the MRN, once
    assert [i["value"] for i in patient["identifier"]].count("Z9") == 1
    pdf = clinic.client.get(f"{url}/report.pdf", headers=a)
    assert "_mrn-Z9_clinician-report_" in pdf.headers["content-disposition"]


# ----------------------------------------------------------------------------- the list


def test_list_pages_search_and_red_flags_first(clinic: Clinic) -> None:
    a = clinic.auth("a")
    onset = (TODAY - dt.timedelta(days=10)).isoformat()
    for i in range(55):
        body = {"name": f"Person {i:02d}", "onset": onset, "mrn": f"M{i:03d}"}
        if i == 7:
            body["birth_date"] = "1981-07-09"
        assert clinic.client.post("/api/v1/patients", headers=a, json=body).status_code == 201
    first = clinic.client.get("/api/v1/patients", headers=a)
    assert first.status_code == 200
    assert len(first.json()) == 50
    assert first.headers["x-total-count"] == "56"
    assert first.json()[0]["name"] == "Ann Example"  # her tick exposure is a red flag
    assert 'rel="next"' in first.headers["link"]
    rest = clinic.client.get("/api/v1/patients", headers=a, params={"offset": 50, "limit": 50})
    assert len(rest.json()) == 6
    assert "link" not in rest.headers
    names = {p["name"] for p in first.json()} | {p["name"] for p in rest.json()}
    assert len(names) == 56  # no one twice, no one missing
    by_mrn = clinic.client.get("/api/v1/patients", headers=a, params={"q": "m00"})
    assert sorted(p["mrn"] for p in by_mrn.json()) == [f"M00{i}" for i in range(10)]
    for q in ("1981-07-09", "09.07.1981", "09/07/1981"):
        born = clinic.client.get("/api/v1/patients", headers=a, params={"q": q}).json()
        assert [p["name"] for p in born] == ["Person 07"], q
    by_name = clinic.client.get("/api/v1/patients", headers=a, params={"q": "son 1"}).json()
    assert len(by_name) == 10
    wild = clinic.client.get("/api/v1/patients", headers=a, params={"q": "%"}).json()
    assert wild == []  # LIKE wildcards are text, not patterns
    assert clinic.client.get("/api/v1/patients", headers=a, params={"limit": 0}).status_code == 422
    assert clinic.client.get("/api/v1/patients", headers=clinic.auth("b")).json() == []


# ----------------------------------------------------------------------------- corrections


def correction_flow(clinic: Clinic) -> None:
    """A lab value corrected with a reason: the earlier value stays in the audit trail."""
    a = clinic.auth("a")
    url = f"/api/v1/patients/{clinic.patient_id}/labs/{clinic.entries['lab_id']}"
    fixed = clinic.client.patch(url, headers=a, json={"value": 260, "reason": "typed 250"})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["value"] == 260
    assert clinic.client.get(url, headers=a).json()["value"] == 260
    event = next(e for e in _audit(clinic) if e["action"] == "update" and e["entity"] == "lab")
    assert event["changes"] == {"value": {"from": 250.0, "to": 260.0}}
    assert (event["reason"], event["actor"]) == ("typed 250", "a@clinic.org")


def test_lab_correction_keeps_the_earlier_value(clinic: Clinic) -> None:
    correction_flow(clinic)


@pytest.mark.parametrize(
    ("kind", "key", "change", "field", "stored"),
    [
        ("gradings", "grading_id", {"items": {"grade": 3}}, "items", {"grade": 3}),
        ("practice-log", "entry_id", {"minutes": 25, "note": "better"}, "minutes", 25),
        ("findings", "finding_id", {"noted_on": "2020-01-02"}, "noted_on", "2020-01-02"),
        (
            "complications",
            "complication_id",
            {"complication": "synkinesis"},
            "complication",
            "synkinesis",
        ),
    ],
    ids=["grading", "practice", "finding", "complication"],
)
def test_every_kind_can_be_corrected(
    clinic: Clinic, *, kind: str, key: str, change: dict[str, Any], field: str, stored: Any
) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/{kind}/{clinic.entries[key]}"
    reply = clinic.client.patch(url, headers=clinic.auth("a"), json=change)
    assert reply.status_code == 200, reply.text
    assert reply.json()[field] == stored
    newest = _audit(clinic)[0]
    assert newest["action"] == "update"
    assert newest["changes"][field]["to"] == stored


@pytest.mark.parametrize(
    ("who", "body", "status", "field"),
    [
        ("a", {"value": 2.4}, 422, "value"),  # "2,40" pg/mL: not a plausible B12 result
        ("a", {"unit": "nmol/L"}, 422, "unit"),
        ("a", {"analyte": "b12", "colour": "red"}, 422, "colour"),
        ("a", {"value": None}, 422, "value"),
        ("a", {"value": 250}, 422, "body"),  # nothing changes
        ("a", {"date": (TODAY + dt.timedelta(days=2)).isoformat()}, 422, "date"),
        ("me", {"value": 251}, 403, None),  # patients do not enter labs
        ("b", {"value": 251}, 404, None),  # not b's patient
    ],
    ids=[
        "implausible",
        "unit",
        "unknown-field",
        "null",
        "no-change",
        "future",
        "patient",
        "stranger",
    ],
)
def test_refused_corrections_change_nothing(
    clinic: Clinic, who: str, body: dict[str, Any], status: int, field: str | None
) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/labs/{clinic.entries['lab_id']}"
    reply = clinic.client.patch(url, headers=clinic.auth(who), json=body)
    assert reply.status_code == status, reply.text
    if field is not None:
        assert reply.json()["field"] == field
    assert clinic.client.get(url, headers=clinic.auth("a")).json()["value"] == 250
    assert not [e for e in _audit(clinic) if e["action"] == "update"]


def test_deleting_keeps_what_the_entry_held(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/labs/{clinic.entries['lab_id']}"
    assert clinic.client.delete(url, headers=clinic.auth("a")).status_code == 204
    event = _audit(clinic)[0]
    assert (event["action"], event["entity"]) == ("delete", "lab")
    assert event["changes"]["value"] == {"from": 250.0, "to": None}


def test_patch_on_photos_and_videos_is_not_offered(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/photos/{clinic.entries['photo_id']}"
    assert clinic.client.patch(url, headers=clinic.auth("a"), json={}).status_code == 405


# ----------------------------------------------------------------------------- care team


def care_team_flow(clinic: Clinic) -> None:
    """A colleague sees and writes the record only while on the care team."""
    a, b = clinic.auth("a"), clinic.auth("b")
    record = f"/api/v1/patients/{clinic.patient_id}"
    team = f"{record}/care-team"
    assert clinic.client.get(record, headers=b).status_code == 404
    added = clinic.client.post(team, headers=a, json={"email": "B@clinic.org "})
    assert added.status_code == 201, added.text
    assert added.json() == {"id": clinic.users["b"], "email": "b@clinic.org", "name": ""}
    assert clinic.client.get(record, headers=b).status_code == 200
    assert clinic.patient_id in [
        p["id"] for p in clinic.client.get("/api/v1/patients", headers=b).json()
    ]
    lab = clinic.client.post(
        f"{record}/labs", headers=b, json={"analyte": "folate", "value": 9, "unit": "ng/mL"}
    )
    assert lab.status_code == 201  # writes like the owner
    assert [m["email"] for m in clinic.client.get(team, headers=b).json()] == ["b@clinic.org"]
    # only the owner changes the team or deletes the record
    assert clinic.client.post(team, headers=b, json={"email": "a@clinic.org"}).status_code == 403
    assert clinic.client.delete(record, headers=b).status_code == 403
    removed = clinic.client.delete(f"{team}/{clinic.users['b']}", headers=a)
    assert removed.status_code == 204
    assert clinic.client.get(record, headers=b).status_code == 404
    assert clinic.client.get(team, headers=b).status_code == 404
    listed = clinic.client.get("/api/v1/patients", headers=b).json()
    assert clinic.patient_id not in [p["id"] for p in listed]
    assert clinic.client.delete(f"{team}/{clinic.users['b']}", headers=a).status_code == 404


def test_care_team_gives_and_takes_access(clinic: Clinic) -> None:
    care_team_flow(clinic)
    entities = [(e["action"], e["entity"]) for e in _audit(clinic)]
    assert ("create", "care_team") in entities
    assert ("delete", "care_team") in entities


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("me@home.org", 422),  # a patient account
        ("nobody@clinic.org", 422),
        ("a@clinic.org", 422),  # the owner
    ],
    ids=["patient-account", "unknown", "owner"],
)
def test_care_team_refuses_who_cannot_join(clinic: Clinic, email: str, status: int) -> None:
    team = f"/api/v1/patients/{clinic.patient_id}/care-team"
    reply = clinic.client.post(team, headers=clinic.auth("a"), json={"email": email})
    assert reply.status_code == status
    assert reply.json()["field"] == "email"
    assert clinic.client.get(team, headers=clinic.auth("a")).json() == []


def test_adding_a_member_twice_is_refused(clinic: Clinic) -> None:
    team = f"/api/v1/patients/{clinic.patient_id}/care-team"
    a = clinic.auth("a")
    assert clinic.client.post(team, headers=a, json={"email": "b@clinic.org"}).status_code == 201
    again = clinic.client.post(team, headers=a, json={"email": "b@clinic.org"})
    assert again.status_code == 422
    assert "already on the care team" in again.json()["message"]


# ----------------------------------------------------------------------------- read audit


def test_reads_are_audited_as_views(clinic: Clinic) -> None:
    base = f"/api/v1/patients/{clinic.patient_id}"
    for path in ("", "/labs", "/report.pdf", "/assessment"):
        assert clinic.client.get(base + path, headers=clinic.auth("me")).status_code == 200
    views = [e for e in _audit(clinic) if e["action"] == "view"]
    assert [v["entity"] for v in views] == ["assessment", "report.pdf", "labs", "record"]
    assert {v["actor"] for v in views} == {"me@home.org"}
    # a refused read leaves nothing; reading the audit itself is not a view
    assert clinic.client.get(base, headers=clinic.auth("b")).status_code == 404
    assert len([e for e in _audit(clinic) if e["action"] == "view"]) == 4


# ----------------------------------------------------------------------------- plausible labs


@pytest.mark.parametrize(
    ("lab", "status", "range_text"),
    [
        ({"analyte": "b12", "value": 2.4, "unit": "pg/mL"}, 422, "20 to 50,000 pg/mL"),
        ({"analyte": "b12", "value": 9, "unit": "pmol/L"}, 422, "14.76 to 36,900 pmol/L"),
        ({"analyte": "folate", "value": 900, "unit": "ng/mL"}, 422, "200 ng/mL"),
        ({"analyte": "b12", "value": 2400, "unit": "pg/mL"}, 201, None),  # unusual, but stored
    ],
    ids=["b12-comma-slip", "b12-pmol", "folate-high", "unusual-stored"],
)
def test_lab_values_beyond_the_plausible_range_are_refused(
    clinic: Clinic, lab: dict[str, Any], status: int, range_text: str | None
) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/labs"
    reply = clinic.client.post(url, headers=clinic.auth("a"), json=lab)
    assert reply.status_code == status, reply.text
    if range_text is not None:
        assert reply.json()["field"] == "value"
        assert range_text in reply.json()["message"]
