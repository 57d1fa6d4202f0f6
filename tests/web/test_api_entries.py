"""Entries of a patient through the API: gradings, labs, complications, findings, practice log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from bellpath.records.models import AuditEvent, Grading, LabEntry

from .conftest import Clinic

TODAY = dt.date.today().isoformat()
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("gradings", {"date": TODAY, "scale": "house_brackmann", "items": {"grade": 3}}, "scale"),
    ("labs", {"analyte": "b6", "value": 40, "unit": "nmol/L", "date": TODAY}, "analyte"),
    ("complications", {"complication": "synkinesis", "noted_on": TODAY}, "complication"),
    ("findings", {"finding": "vesicles", "noted_on": TODAY}, "finding"),
    (
        "practice-log",
        {"date": TODAY, "minutes": 25, "exercises": ["smile"], "note": "ok"},
        "minutes",
    ),
]


@pytest.mark.parametrize(("kind", "body", "key"), CASES, ids=[c[0] for c in CASES])
def test_create_list_read_delete(clinic: Clinic, kind: str, body: dict[str, Any], key: str) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}/{kind}"
    created = clinic.client.post(base, headers=a, json=body)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry[key] == body[key]
    assert "created_by" not in entry
    listed = clinic.client.get(base, headers=a).json()
    assert entry in listed
    assert clinic.client.get(f"{base}/{entry['id']}", headers=a).json() == entry
    assert clinic.client.delete(f"{base}/{entry['id']}", headers=a).status_code == 204
    assert clinic.client.get(f"{base}/{entry['id']}", headers=a).status_code == 404
    assert entry not in clinic.client.get(base, headers=a).json()


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("gradings", {"date": TODAY, "scale": "hb", "items": {}}, "scale"),
        ("gradings", {"date": TOMORROW, "scale": "house_brackmann", "items": {"grade": 2}}, "date"),
        ("gradings", {"date": TODAY, "scale": "house_brackmann", "items": {"grade": 9}}, "grade"),
        ("labs", {"analyte": "b12", "value": -1, "unit": "pg/mL"}, "value"),
        ("labs", {"analyte": "b12", "value": 300, "unit": "mmol/L"}, "unit"),
        ("labs", {"analyte": "vitamin_c", "value": 1, "unit": "mg"}, "analyte"),
        ("complications", {"complication": "pain", "noted_on": TODAY}, "complication"),
        ("findings", {"finding": "headache", "noted_on": TODAY}, "finding"),
        ("practice-log", {"date": TODAY, "minutes": 2000}, "minutes"),
        ("practice-log", {"date": TOMORROW, "minutes": 5}, "date"),
    ],
    ids=[
        "unknown-scale",
        "future-grading",
        "grade-out-of-range",
        "negative-lab",
        "wrong-unit",
        "unknown-analyte",
        "duplicate-complication",
        "unknown-finding",
        "too-many-minutes",
        "future-practice",
    ],
)
def test_bad_entries_are_422_and_store_nothing(
    clinic: Clinic, kind: str, body: dict[str, Any], field: str
) -> None:
    def counts() -> tuple[int, ...]:
        with clinic.services.sessions() as s:
            return tuple(
                s.scalar(select(func.count()).select_from(m)) or 0
                for m in (Grading, LabEntry, AuditEvent)
            )

    before = counts()
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/{kind}", headers=clinic.auth("a"), json=body
    )
    assert response.status_code == 422, response.text
    payload = response.json()
    assert payload["field"].split(".")[-1] == field, payload
    assert payload["message"]
    assert counts() == before


def test_a_wrong_lab_unit_lists_the_allowed_units(clinic: Clinic) -> None:
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/labs",
        headers=clinic.auth("a"),
        json={"analyte": "b12", "value": 300, "unit": "mmol/L"},
    )
    assert response.json()["allowed"] == ["pg/mL", "ng/L", "pmol/L"]
    assert response.json()["received"] == "mmol/L"


def test_the_patient_logs_practice_and_questionnaires_but_not_clinical_data(
    clinic: Clinic,
) -> None:
    me = clinic.auth("me")
    base = f"/api/v1/patients/{clinic.patient_id}"
    practice = clinic.client.post(
        f"{base}/practice-log", headers=me, json={"date": TODAY, "minutes": 10}
    )
    assert practice.status_code == 201
    saq = clinic.client.post(
        f"{base}/gradings",
        headers=me,
        json={"date": TODAY, "scale": "saq", "items": {"items": [2] * 9}},
    )
    assert saq.status_code == 201, saq.text
    for kind, body in [
        ("labs", {"analyte": "b12", "value": 300, "unit": "pg/mL"}),
        ("findings", {"finding": "vesicles", "noted_on": TODAY}),
        ("complications", {"complication": "synkinesis", "noted_on": TODAY}),
        ("gradings", {"date": TODAY, "scale": "sunnybrook", "items": {"composite": 50}}),
    ]:
        refused = clinic.client.post(f"{base}/{kind}", headers=me, json=body)
        assert refused.status_code == 403, kind
    # ... nor delete what the clinician entered
    lab_url = f"{base}/labs/{clinic.entries['lab_id']}"
    assert clinic.client.delete(lab_url, headers=me).status_code == 403
    assert clinic.client.get(lab_url, headers=me).status_code == 200


def test_a_new_grading_changes_the_assessment(clinic: Clinic) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}"
    before = clinic.client.get(f"{base}/assessment", headers=a).json()
    clinic.client.post(
        f"{base}/gradings",
        headers=a,
        json={"date": TODAY, "scale": "house_brackmann", "items": {"grade": 1}},
    )
    after = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert before != after


def test_grading_errors_name_the_item_as_sent(clinic: Clinic) -> None:
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/gradings",
        headers=clinic.auth("a"),
        json={"date": TODAY, "scale": "house_brackmann", "items": {"grade": 9}},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "items.grade"
    assert body["received"] == 9
    assert "6" in body["allowed"]


def test_lists_take_a_date_window_and_a_limit(clinic: Clinic) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}/practice-log"
    start = dt.date.today() - dt.timedelta(days=9)
    for day in range(10):
        when = (start + dt.timedelta(days=day)).isoformat()
        clinic.client.post(base, headers=a, json={"date": when, "minutes": day})
    since = (start + dt.timedelta(days=3)).isoformat()
    until = (start + dt.timedelta(days=6)).isoformat()
    window = clinic.client.get(base, headers=a, params={"since": since, "until": until}).json()
    assert [e["date"] for e in window] == [
        (start + dt.timedelta(days=d)).isoformat() for d in range(3, 7)
    ]
    limited = clinic.client.get(base, headers=a, params={"limit": 2}).json()
    assert [e["minutes"] for e in limited] == [0, 1]
    backwards = clinic.client.get(base, headers=a, params={"since": until, "until": since})
    assert backwards.status_code == 422
    assert backwards.json()["field"] == "since"
    too_many = clinic.client.get(base, headers=a, params={"limit": 0})
    assert too_many.status_code == 422
    assert too_many.json()["field"] == "limit"


@pytest.mark.parametrize("finding", ["hearing_loss", "trauma", "speech_disturbance"])
def test_new_findings_are_accepted_and_reach_the_assessment(clinic: Clinic, finding: str) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}"
    created = clinic.client.post(
        f"{base}/findings", headers=a, json={"finding": finding, "noted_on": TODAY}
    )
    assert created.status_code == 201, created.text
    assessment = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert finding in assessment["red_flags"]


def test_a_clinician_excludes_a_findings_cause_and_bells_content_returns(clinic: Clinic) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}"
    # today - 1: noted earlier than the exclusion date below
    noted = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    created = clinic.client.post(
        f"{base}/findings", headers=a, json={"finding": "parotid_mass", "noted_on": noted}
    ).json()
    withheld = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert withheld["first_movement_window"] is None and withheld["prognosis"] == []
    url = f"{base}/findings/{created['id']}/exclusion"
    refused = clinic.client.put(url, headers=a, json={"excluded_on": TOMORROW})
    assert refused.status_code == 422 and "excluded_on" in refused.text
    reply = clinic.client.put(url, headers=a, json={"excluded_on": TODAY})
    assert reply.status_code == 200, reply.text
    assert reply.json()["excluded_on"] == TODAY
    assert reply.json()["excluded_by_name"]
    # the seeded tick exposure is excluded too, so nothing withholds any more
    for row in clinic.client.get(f"{base}/findings", headers=a).json():
        if row["id"] != created["id"]:
            put = f"{base}/findings/{row['id']}/exclusion"
            assert clinic.client.put(put, headers=a, json={"excluded_on": TODAY}).status_code == 200
    back = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert back["red_flags"] == []
    assert back["prognosis"]
    notes = " ".join(back["applicability"]["notes"])
    assert reply.json()["excluded_by_name"] in notes and TODAY in notes and "parotid" in notes
    # a clinician of another patient may not record it
    other = clinic.client.put(url, headers=clinic.auth("b"), json={"excluded_on": TODAY})
    assert other.status_code in (403, 404)
    # withdrawn: the finding withholds again
    assert clinic.client.put(url, headers=a, json={"excluded_on": None}).status_code == 200
    again = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert "parotid_mass" in again["red_flags"]
