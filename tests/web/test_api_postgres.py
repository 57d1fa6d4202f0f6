"""The whole API on PostgreSQL (psycopg 3): the same answers as on SQLite.

Runs when PostgreSQL answers on 127.0.0.1:5432 (database ``test``, or
``BELLPATH_TEST_POSTGRES_URL``), in a schema of its own that is dropped afterwards; skipped with
the reason otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from bellpath.records.assessments import compute_assessment
from bellpath.records.db import make_engine, transaction
from bellpath.records.models import Patient
from bellpath.records.patients import current_episode
from bellpath.web.app import create_app

from .conftest import Clinic, fake_measurer, make_settings, png, seed
from .test_api_workflows import care_team_flow, correction_flow, identity_flow

POSTGRES_URL = os.environ.get(
    "BELLPATH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_clinic(tmp_path: Path) -> Iterator[Clinic]:
    """The seeded clinic on a fresh PostgreSQL schema."""
    admin = make_engine(f"{POSTGRES_URL}?connect_timeout=3")
    try:
        with admin.begin() as conn:
            schema = f"bp_web_{uuid.uuid4().hex[:12]}"
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(
            f"PostgreSQL at {POSTGRES_URL.split('@')[-1]} is not usable ({type(exc).__name__})"
        )
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    app = create_app(make_settings(tmp_path, database_url=url), measurer=fake_measurer)
    try:
        clinic = seed(app)
        with clinic.client:
            yield clinic
    finally:
        app.state.engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_the_api_works_on_postgresql(pg_clinic: Clinic) -> None:
    clinic = pg_clinic
    a = clinic.auth("a")
    base = f"/api/v1/patients/{clinic.patient_id}"
    patient = clinic.client.get(base, headers=a)
    assert patient.status_code == 200
    assert patient.json()["created_at"].endswith("Z")
    assessment = clinic.client.get(f"{base}/assessment", headers=a).json()
    assert (
        assessment["days_since_onset"]
        == (dt.date.today() - dt.date.fromisoformat(patient.json()["episode"]["onset"])).days
    )
    assert "tick_exposure" in assessment["red_flags"]
    grading = clinic.client.post(
        f"{base}/gradings",
        headers=a,
        json={"date": dt.date.today().isoformat(), "scale": "saq", "items": {"items": [3] * 9}},
    )
    assert grading.status_code == 201, grading.text
    assert grading.json()["items"] == {"items": [3] * 9}  # JSON column round trip
    bad = clinic.client.post(
        f"{base}/labs", headers=a, json={"analyte": "b12", "value": 300, "unit": "mg"}
    )
    assert bad.status_code == 422
    photo = clinic.client.post(
        f"{base}/photos", headers=a, files={"file": ("x.png", png(), "image/png")}
    )
    assert photo.status_code == 201
    assert clinic.client.get(base, headers=clinic.auth("b")).status_code == 404
    audit = clinic.client.get(f"{base}/audit", headers=a).json()
    assert audit[0]["entity"] == "photo"


def test_clinic_workflows_on_postgresql(pg_clinic: Clinic) -> None:
    """Identity and duplicates, corrections with amendments, care teams, search: as on SQLite."""
    identity_flow(pg_clinic)
    correction_flow(pg_clinic)
    care_team_flow(pg_clinic)
    a = pg_clinic.auth("a")
    found = pg_clinic.client.get("/api/v1/patients", headers=a, params={"q": "a-10"})
    assert [p["mrn"] for p in found.json()] == ["A-101"]
    listed = pg_clinic.client.get("/api/v1/patients", headers=a).json()
    assert listed[0]["name"] == "Ann Example"  # red flags first on PostgreSQL too


def test_a_warm_read_on_postgresql_is_one_statement_without_a_transaction(
    pg_clinic: Clinic,
) -> None:
    """A GET sends its one statement only (no BEGIN, no COMMIT round trip), and a write in
    between is seen at once: the served assessment equals a fresh one of the stored record."""
    clinic = pg_clinic
    engine = clinic.app.state.engine
    url = f"/api/v1/patients/{clinic.patient_id}/assessment"
    headers = clinic.auth("a")
    assert clinic.client.get(url, headers=headers).status_code == 200
    seen: list[tuple[str, bool]] = []

    def note(conn: Any, _cursor: object, statement: str, *_rest: object) -> None:
        # psycopg sends no BEGIN (and so needs no COMMIT) on a connection in autocommit mode.
        autocommit = bool(conn.connection.dbapi_connection.autocommit)
        seen.append((statement.split(maxsplit=1)[0].upper(), autocommit))

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert clinic.client.get(url, headers=headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert seen == [("SELECT", True)]

    body = {"date": dt.date.today().isoformat(), "scale": "sunnybrook", "items": {"composite": 61}}
    posted = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/gradings", json=body, headers=headers
    )
    assert posted.status_code == 201
    served = clinic.client.get(url, headers=headers).json()
    with transaction(clinic.services.sessions) as s:
        episode = current_episode(s, patient=s.get_one(Patient, clinic.patient_id))
        fresh = compute_assessment(s, episode.id, dt.date.today())[1]
    assert served == fresh.model_dump(mode="json")
