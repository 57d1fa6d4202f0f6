"""Fixtures for the web tests: an app on a fresh SQLite database, a clinic, signed-in clients.

The clinic: an admin, clinicians A and B, patient accounts ``me`` (linked to A's patient "Ann
Example") and ``stranger`` (linked to nobody); Ann has one entry of every kind.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from bellpath.auth.accounts import create_user
from bellpath.auth.tokens import TokenKind
from bellpath.case import Complication, Finding, LabResult, Severity, Side
from bellpath.errors import PhotoError, VideoError
from bellpath.face.expressions import Expression
from bellpath.records.db import transaction
from bellpath.records.entries import (
    add_complication,
    add_finding,
    add_grading,
    add_lab,
    add_practice,
)
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role, User
from bellpath.records.patients import create_patient
from bellpath.records.photos import add_photo
from bellpath.records.videos import add_video, private_temp_file
from bellpath.settings import Settings, load_settings
from bellpath.web.app import create_app
from bellpath.web.security import Services

PASSWORD = "a long test password"
PATIENT_NAME = "Ann Example"
ONSET = dt.date.today() - dt.timedelta(days=60)


def png(*, face: bool = True, size: int = 64) -> bytes:
    """A small PNG: noisy ("a face" for the fake measurer) or uniform ("no face")."""
    rng = np.random.default_rng(7)
    pixels = (
        rng.integers(0, 255, (size, size, 3), dtype=np.uint8)
        if face
        else np.full((size, size, 3), 128, dtype=np.uint8)
    )
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def fake_measurer(data: bytes, expression: Expression | None, side: Side | None) -> dict[str, Any]:
    """Stands in for the MediaPipe pipeline: a uniform image has no face."""
    with Image.open(io.BytesIO(data)) as img:
        flat = np.asarray(img.convert("L"))
    if flat.std() < 1:
        raise PhotoError("no_face", "no face found; take the photo facing the camera")
    return {
        "expression": (expression or Expression.REST).value,
        "affected_side": side.value if side else None,
        "calibration": {"method": "iris", "mm_per_px": 0.1},
        "pose": {"yaw": 1.0},
        "warnings": [],
        "measures": {"palpebral_fissure": {"right": 10.0, "left": 8.0, "difference": 2.0}},
    }


MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
"""The first bytes of an MP4 file (enough for the container sniffing)."""


def fake_video(*, face: bool = True) -> bytes:
    """Bytes that sniff as an MP4; ``face=False`` makes :func:`fake_analyser` find no face."""
    return MP4_HEAD + (b"face" if face else b"noface") * 64


def fake_analyser(path: Path, side: Side | None) -> dict[str, Any]:
    """Stands in for ``analyse_video``: a summary as ``VideoResult.to_json()`` gives it."""
    if b"noface" in path.read_bytes():
        raise VideoError("no_face", "no frame could be measured; film the face from the front")
    return {
        "file": path.name,
        "fps": 30.0,
        "frames": 180,
        "frames_rejected": 3,
        "duration_s": 6.0,
        "affected_side": side.value if side else None,
        "expressions": [
            {
                "label": "smile",
                "peak_s": 2.5,
                "excursion": {"commissure_excursion": {"right": 5.0, "left": 2.0, "ratio": 0.4}},
            }
        ],
        "synkinesis": {
            "ocular_oral": {"detected": False, "side": None, "index": 4.0, "during": ["smile"]},
            "oral_ocular": {"detected": False, "side": None, "index": 1.0, "during": []},
        },
        "warnings": [],
    }


def practice_session_body(day: dt.date, ratio: float = 0.6) -> dict[str, Any]:
    """A live mirror session in the page's JSON contract (Ann's affected side is the left)."""
    return {
        "date": day.isoformat(),
        "duration_s": 300,
        "affected_side": "left",
        "exercises": [
            {
                "movement": "smile",
                "repetitions": 10,
                "affected_mm": round(10.0 * ratio, 3),
                "healthy_mm": 10.0,
                "ratio": ratio,
                "eye_narrowing_pct": 30.0,
                "narrowing_prompts": 2,
                "overpower_prompts": 1,
            }
        ],
    }


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a test app: its own folder and database, cheap Argon2."""
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "environment": "test",
        "secret_key": "t" * 48,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 64,
        "cookie_secure": None,
    }
    values.update(overrides)
    return load_settings(**values)


@dataclass
class Clinic:
    """The seeded clinic and ways to act as its members."""

    app: FastAPI
    client: TestClient
    users: dict[str, int] = field(default_factory=dict)
    patient_id: int = 0
    entries: dict[str, int] = field(default_factory=dict)

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def token(self, who: str, kind: TokenKind = TokenKind.BEARER) -> str:
        """A live server-side token for ``who`` (opened directly, without the sign-in endpoint)."""
        with transaction(self.services.sessions) as session:
            user = session.get(User, self.users[who])
            assert user is not None
            return self.services.tokens.open(session, user=user, kind=kind)

    def auth(self, who: str) -> dict[str, str]:
        """Headers that authenticate as ``who``."""
        return {"Authorization": f"Bearer {self.token(who)}"}


def seed(app: FastAPI) -> Clinic:
    """Create the clinic's accounts and Ann's record with one entry of each kind."""
    services: Services = app.state.services
    today = dt.date.today()
    clinic = Clinic(app=app, client=TestClient(app))
    with transaction(services.sessions) as s:
        people = {
            "admin": (Role.ADMIN, "admin@clinic.org"),
            "a": (Role.CLINICIAN, "a@clinic.org"),
            "b": (Role.CLINICIAN, "b@clinic.org"),
            "me": (Role.PATIENT, "me@home.org"),
            "stranger": (Role.PATIENT, "stranger@home.org"),
        }
        made = {
            key: create_user(
                s, email=email, password=PASSWORD, role=role, passwords=services.passwords
            )
            for key, (role, email) in people.items()
        }
        clinic.users = {k: u.id for k, u in made.items()}
        a = made["a"]
        patient = create_patient(
            s,
            actor=a,
            name=PATIENT_NAME,
            patient_email="me@home.org",
            episode=EpisodeFields(onset=ONSET, affected_side=Side.LEFT, severity=Severity.COMPLETE),
        )
        pid = clinic.patient_id = patient.id
        clinic.entries = {
            "grading_id": add_grading(
                s, actor=a, patient_id=pid, date=today, scale="house_brackmann", items={"grade": 4}
            ).id,
            "lab_id": add_lab(
                s, actor=a, patient_id=pid, lab=LabResult(analyte="b12", value=250, unit="pg/mL")
            ).id,
            "complication_id": add_complication(
                s, actor=a, patient_id=pid, complication=Complication.PAIN, noted_on=today
            ).id,
            "finding_id": add_finding(
                s, actor=a, patient_id=pid, finding=Finding.TICK_EXPOSURE, noted_on=today
            ).id,
            "entry_id": add_practice(
                s, actor=a, patient_id=pid, date=today, minutes=15, note="felt tired"
            ).id,
            "photo_id": add_photo(
                s,
                actor=a,
                patient_id=pid,
                data=png(),
                taken_on=today,
                max_bytes=services.settings.max_upload_bytes,
                measurer=fake_measurer,
            ).id,
        }
        with private_temp_file(None) as (handle, path):
            handle.write(fake_video())
            handle.close()
            clinic.entries["video_id"] = add_video(
                s,
                actor=a,
                patient_id=pid,
                video=path,
                recorded_on=today,
                max_bytes=services.settings.max_video_upload_bytes,
                analyser=fake_analyser,
            ).video.id
    return clinic


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Clinic]:
    """A fresh app with the seeded clinic (fake photo measurer and video analyser)."""
    app = create_app(make_settings(tmp_path), measurer=fake_measurer, video_analyser=fake_analyser)
    seeded = seed(app)
    with seeded.client:
        yield seeded
