"""``/api/v1/patients/{id}/practice-plan``: the therapist's changes through the API."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bellpath.records.db import transaction
from bellpath.records.models import AuditEvent

from .conftest import Clinic


def url(clinic: Clinic) -> str:
    return f"/api/v1/patients/{clinic.patient_id}/practice-plan"


def families(rows: list[dict[str, Any]]) -> list[str]:
    return [r["family"] for r in rows]


def test_a_warning_sign_pauses_the_plan_whatever_the_therapist_set(clinic: Clinic) -> None:
    # Ann's record holds a tick exposure: another cause to rule out first, so no plan.
    change = {"families": {"gentle_activation": {"minutes": 9}}, "note": "go"}
    reply = clinic.client.put(url(clinic), json=change, headers=clinic.auth("a"))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["plan"] == [] and body["withheld"]
    assert body["changes"]["families"]["gentle_activation"]["minutes"] == 9  # kept for later


def drop_warning_sign(clinic: Clinic) -> None:
    finding = f"/api/v1/patients/{clinic.patient_id}/findings/{clinic.entries['finding_id']}"
    assert clinic.client.delete(finding, headers=clinic.auth("a")).status_code == 204


def test_the_clinician_changes_the_plan_and_the_patient_reads_it(clinic: Clinic) -> None:
    drop_warning_sign(clinic)
    before = clinic.client.get(url(clinic), headers=clinic.auth("me"))
    assert before.status_code == 200, before.text
    computed = before.json()["computed"]
    # Movement is back (House-Brackmann IV today) and the cheek hurts: mirror work, stretching.
    assert families(computed) == ["mirror_control", "stretch_massage"]
    assert computed[0]["minutes"] == 10
    change = {
        "families": {
            "mirror_control": {"minutes": 7, "note": "gently"},
            "stretch_massage": {"off": True},
            "relaxation": {"sessions_per_day": 3},  # not in the plan: stays out
        },
        "note": "See you on Monday",
    }
    put = clinic.client.put(url(clinic), json=change, headers=clinic.auth("a"))
    assert put.status_code == 200, put.text
    body = clinic.client.get(url(clinic), headers=clinic.auth("me")).json()
    assert families(body["plan"]) == ["mirror_control"]
    assert body["switched_off"] == ["stretch_massage"]
    row = body["plan"][0]
    assert (row["minutes"], row["sessions_per_day"], row["changed"]) == (7, 2, True)
    assert row["therapist_note"] == "gently"
    assert row["citation"] == computed[0]["citation"]
    assert body["minutes_per_day"] == 14
    assert body["changes"]["note"] == "See you on Monday"
    assert body["computed"] == computed  # the rules' plan is kept beside the changes
    off = {"families": {"mirror_control": {"sessions_per_day": 0}}}
    body = clinic.client.put(url(clinic), json=off, headers=clinic.auth("a")).json()
    assert families(body["plan"]) == ["stretch_massage"]
    assert body["switched_off"] == ["mirror_control"]
    assert body["changes"]["note"] == ""  # PUT replaces every change
    with transaction(clinic.services.sessions) as s:
        entities = s.scalars(select(AuditEvent.entity).where(AuditEvent.action == "update"))
        assert "practice_plan" in set(entities)


def test_without_a_sign_in_401(clinic: Clinic) -> None:
    assert clinic.client.get(url(clinic)).status_code == 401
    assert clinic.client.put(url(clinic), json={}).status_code == 401


@pytest.mark.parametrize(("who", "status"), [("me", 403), ("b", 404), ("stranger", 404)])
def test_only_the_patients_clinicians_change_it(clinic: Clinic, who: str, status: int) -> None:
    reply = clinic.client.put(url(clinic), json={"note": "x"}, headers=clinic.auth(who))
    assert reply.status_code == status, reply.text


@pytest.mark.parametrize(
    ("change", "field", "received"),
    [
        ({"families": {"eye_care": {"sessions_per_day": 7}}}, "sessions_per_day", 7),
        ({"families": {"eye_care": {"minutes": 0}}}, "minutes", 0),
        ({"families": {"eye_care": {"minutes": 61}}}, "minutes", 61),
        ({"families": {"chewing_gum": {"off": True}}}, "chewing_gum", "chewing_gum"),
        ({"note": "x" * 501}, "note", None),
    ],
)
def test_out_of_bounds_is_422_naming_the_field(
    clinic: Clinic, change: dict[str, Any], field: str, received: Any
) -> None:
    reply = clinic.client.put(url(clinic), json=change, headers=clinic.auth("a"))
    assert reply.status_code == 422, reply.text
    text = reply.text
    assert field in text
    if received is not None:
        assert str(received) in text
    with transaction(clinic.services.sessions) as s:
        assert "practice_plan" not in set(s.scalars(select(AuditEvent.entity)))
