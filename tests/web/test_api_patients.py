"""``/api/v1/patients``: create with the Case fields, list, read, change, delete, assess."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bellpath.cli import app as cli
from bellpath.records.models import Episode, LabEntry, Patient, RiskFactorEntry

from .conftest import Clinic

AS_OF = dt.date.today()
ONSET = AS_OF - dt.timedelta(days=40)

NEW_PATIENT: dict[str, Any] = {
    "name": "Bea Example",
    "onset": ONSET.isoformat(),
    "affected_side": "right",
    "severity": "incomplete",
    "eye_closure": "incomplete",
    "steroids_started": (ONSET + dt.timedelta(days=1)).isoformat(),
    "age": 67,
    "labs": [
        {"analyte": "b12", "value": 190, "unit": "pg/mL", "date": ONSET.isoformat()},
        {"analyte": "folate", "value": 9, "unit": "ng/mL"},
    ],
    "complications": ["pain"],
    "findings": [],
    "risk_factors": ["metformin", "age_over_60"],
    "supplements": [{"vitamin": "b12", "daily_mg": 1}],
}


def _count(clinic: Clinic, model: type[Any]) -> int:
    with clinic.services.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_create_then_read_back(clinic: Clinic) -> None:
    a = clinic.auth("a")
    created = clinic.client.post("/api/v1/patients", headers=a, json=NEW_PATIENT)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "Bea Example"
    assert body["has_account"] is False
    episode = body["episode"]
    assert episode["severity"] == "incomplete"
    assert episode["risk_factors"] == ["metformin", "age_over_60"]
    assert episode["supplements"] == [{"vitamin": "b12", "daily_mg": 1.0}]
    again = clinic.client.get(f"/api/v1/patients/{body['id']}", headers=a)
    assert again.json() == body
    labs = clinic.client.get(f"/api/v1/patients/{body['id']}/labs", headers=a).json()
    assert [(lab["analyte"], lab["value"]) for lab in labs] == [("b12", 190.0), ("folate", 9.0)]


def test_list_is_scoped_to_the_caller(clinic: Clinic) -> None:
    clinic.client.post("/api/v1/patients", headers=clinic.auth("b"), json=NEW_PATIENT)
    names = {
        who: [
            p["name"]
            for p in clinic.client.get("/api/v1/patients", headers=clinic.auth(who)).json()
        ]
        for who in ("a", "b", "me", "stranger", "admin")
    }
    assert names == {
        "a": ["Ann Example"],
        "b": ["Bea Example"],
        "me": ["Ann Example"],
        "stranger": [],
        "admin": [],
    }


def test_assessment_is_the_same_json_as_the_command_line(clinic: Clinic, tmp_path: Path) -> None:
    a = clinic.auth("a")
    pid = clinic.client.post("/api/v1/patients", headers=a, json=NEW_PATIENT).json()["id"]
    api = clinic.client.get(
        f"/api/v1/patients/{pid}/assessment", headers=a, params={"as_of": AS_OF.isoformat()}
    )
    assert api.status_code == 200
    assert api.headers["content-type"] == "application/json"
    case_file = tmp_path / "case.json"
    fields = {k: v for k, v in NEW_PATIENT.items() if k != "name"}
    case_file.write_text(json.dumps(fields), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["assess", str(case_file), "--as-of", AS_OF.isoformat(), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert api.json() == json.loads(result.stdout)


def test_assessment_as_of_replays_the_past(clinic: Clinic) -> None:
    a = clinic.auth("a")
    pid = clinic.client.post("/api/v1/patients", headers=a, json=NEW_PATIENT).json()["id"]
    early = ONSET + dt.timedelta(days=2)
    old = clinic.client.get(
        f"/api/v1/patients/{pid}/assessment", headers=a, params={"as_of": early.isoformat()}
    ).json()
    assert old["as_of"] == early.isoformat()
    assert old["days_since_onset"] == 2
    before_onset = clinic.client.get(
        f"/api/v1/patients/{pid}/assessment",
        headers=a,
        params={"as_of": (ONSET - dt.timedelta(days=1)).isoformat()},
    )
    assert before_onset.status_code == 422
    assert before_onset.json()["field"] == "as_of"


@pytest.mark.parametrize(
    ("change", "field", "allowed", "received"),
    [
        ({"severity": "total"}, "severity", ["complete", "incomplete"], "total"),
        ({"affected_side": "both"}, "affected_side", ["left", "right"], "both"),
        ({"onset": "yesterday"}, "onset", None, "yesterday"),
        ({"age": 150}, "age", None, 150),
        (
            {"labs": [{"analyte": "b12", "value": 300, "unit": "mg"}]},
            "labs.0.unit",
            ["pg/mL", "ng/L", "pmol/L"],
            "mg",
        ),
        ({"complications": ["hiccups"]}, "complications.0", None, "hiccups"),
        ({"colour": "blue"}, "colour", None, "blue"),  # unknown fields are refused
        ({"name": ""}, "name", None, 0),
    ],
    ids=["severity", "side", "date", "age", "lab-unit", "complication", "extra", "name"],
)
def test_bad_input_is_422_with_field_allowed_received(
    clinic: Clinic, change: dict[str, Any], field: str, allowed: list[str] | None, received: Any
) -> None:
    before = _count(clinic, Patient)
    response = clinic.client.post(
        "/api/v1/patients", headers=clinic.auth("a"), json={**NEW_PATIENT, **change}
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["field"] == field
    if allowed is not None:
        assert body["allowed"] == allowed
    assert body["received"] == received
    assert body["message"]
    assert body["detail"][0]["field"] == field
    assert _count(clinic, Patient) == before


def test_cross_field_rules_of_the_engine_apply_and_nothing_is_stored(clinic: Clinic) -> None:
    counts = [_count(clinic, m) for m in (Patient, Episode, LabEntry, RiskFactorEntry)]
    response = clinic.client.post(
        "/api/v1/patients",
        headers=clinic.auth("a"),
        json={**NEW_PATIENT, "first_movement": (ONSET - dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 422
    assert "first_movement" in response.json()["message"]
    assert [_count(clinic, m) for m in (Patient, Episode, LabEntry, RiskFactorEntry)] == counts


def test_only_clinicians_create_patients(clinic: Clinic) -> None:
    for who in ("admin", "me"):
        response = clinic.client.post(
            "/api/v1/patients", headers=clinic.auth(who), json=NEW_PATIENT
        )
        assert response.status_code == 403


def test_patch_changes_only_what_is_sent(clinic: Clinic) -> None:
    a = clinic.auth("a")
    url = f"/api/v1/patients/{clinic.patient_id}"
    first_movement = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    response = clinic.client.patch(
        url,
        headers=a,
        json={"episode": {"first_movement": first_movement, "risk_factors": ["vegan_diet"]}},
    )
    assert response.status_code == 200, response.text
    episode = response.json()["episode"]
    assert episode["first_movement"] == first_movement
    assert episode["severity"] == "complete"  # untouched
    assert episode["risk_factors"] == ["vegan_diet"]
    bad = clinic.client.patch(url, headers=a, json={"episode": {"first_movement": "1999-01-01"}})
    assert bad.status_code == 422
    assert clinic.client.get(url, headers=a).json()["episode"]["first_movement"] == first_movement


def test_linked_patient_reads_but_cannot_change_their_record(clinic: Clinic) -> None:
    me = clinic.auth("me")
    url = f"/api/v1/patients/{clinic.patient_id}"
    assert clinic.client.get(url, headers=me).json()["name"] == "Ann Example"
    assert clinic.client.patch(url, headers=me, json={"name": "X"}).status_code == 403
    assert clinic.client.delete(url, headers=me).status_code == 403
    assert clinic.client.get(f"{url}/assessment", headers=me).status_code == 200


def test_delete_removes_the_patient_and_their_photos(clinic: Clinic) -> None:
    photo_dir = clinic.services.settings.photo_dir
    assert len(list(photo_dir.iterdir())) == 1
    a = clinic.auth("a")
    url = f"/api/v1/patients/{clinic.patient_id}"
    deleted = clinic.client.delete(url, headers=a)
    assert deleted.status_code == 200
    assert deleted.json()["photos_removed"] == 1
    assert "1 photo file(s)" in deleted.json()["message"]
    assert "Backups made before now" in deleted.json()["message"]
    assert clinic.client.get(url, headers=a).status_code == 404
    assert list(photo_dir.iterdir()) == []
    assert _count(clinic, Episode) == 0


def test_openapi_lists_every_api_route(clinic: Clinic) -> None:
    document = clinic.client.get("/openapi.json").json()
    paths = set(document["paths"])
    expected = {
        "/api/v1/auth/token",
        "/api/v1/patients",
        "/api/v1/patients/{patient_id}",
        "/api/v1/patients/{patient_id}/assessment",
        "/api/v1/patients/{patient_id}/gradings",
        "/api/v1/patients/{patient_id}/labs",
        "/api/v1/patients/{patient_id}/complications",
        "/api/v1/patients/{patient_id}/findings",
        "/api/v1/patients/{patient_id}/photos",
        "/api/v1/patients/{patient_id}/photos/{photo_id}/image",
        "/api/v1/patients/{patient_id}/practice-log",
        "/api/v1/users",
    }
    assert expected <= paths
    schemas = document["components"]["schemas"]
    assert "password_hash" not in json.dumps(schemas)
    assert "stored_name" not in json.dumps(schemas)
    assert "PatientCreate" in schemas
    assert "PatientPublic" in schemas


def test_audit_trail_says_who_did_what_without_content(clinic: Clinic) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}"
    clinic.client.post(
        f"{base}/practice-log",
        headers=clinic.auth("me"),
        json={"date": AS_OF.isoformat(), "minutes": 5, "note": "secret diary words"},
    )
    events = clinic.client.get(f"{base}/audit", headers=a)
    assert events.status_code == 200
    body = events.json()
    newest = body[0]
    assert (newest["actor_id"], newest["action"], newest["entity"]) == (
        clinic.users["me"],
        "create",
        "practice",
    )
    assert body[-1]["entity"] == "patient"
    assert "secret diary" not in events.text
    assert "Ann Example" not in events.text
    assert set(newest) == {
        "at",
        "actor_id",
        "actor",
        "action",
        "entity",
        "entity_id",
        "changes",
        "reason",
    }
    assert newest["actor"] == "me@home.org"
    assert newest["changes"] is None  # only corrections and deletions keep values
    assert clinic.client.get(f"{base}/audit", headers=clinic.auth("me")).status_code == 200
    assert clinic.client.get(f"{base}/audit", headers=clinic.auth("b")).status_code == 404


def test_a_recurrence_starts_a_new_episode_with_its_red_flag(clinic: Clinic) -> None:
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}"
    too_early = clinic.client.post(f"{base}/episodes", headers=a, json={"onset": "2000-01-01"})
    assert too_early.status_code == 422
    assert too_early.json()["field"] == "onset"
    assert (
        clinic.client.post(
            f"{base}/episodes", headers=clinic.auth("me"), json={"onset": AS_OF.isoformat()}
        ).status_code
        == 403
    )
    new = clinic.client.post(
        f"{base}/episodes",
        headers=a,
        json={"onset": AS_OF.isoformat(), "affected_side": "right", "severity": "incomplete"},
    )
    assert new.status_code == 201, new.text
    listed = clinic.client.get(f"{base}/episodes", headers=a).json()
    assert [e["id"] for e in listed][-1] == new.json()["id"]
    assert len(listed) == 2
    patient = clinic.client.get(base, headers=a).json()
    assert patient["episode"]["id"] == new.json()["id"]
    assessment = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert assessment["red_flags"][0] == "recurrent"
    assert assessment["days_since_onset"] == 0
    findings = clinic.client.get(f"{base}/findings", headers=a).json()
    assert [f["finding"] for f in findings] == ["recurrent"]  # entries follow the new episode


def test_no_page_of_the_api_pulls_scripts_from_a_cdn(clinic: Clinic) -> None:
    assert clinic.client.get("/docs").status_code == 404
    assert clinic.client.get("/redoc").status_code == 404
    assert clinic.client.get("/openapi.json").status_code == 200
