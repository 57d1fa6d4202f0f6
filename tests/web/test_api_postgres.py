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

import pytest
from sqlalchemy import text

from bellpath.records.db import make_engine
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
