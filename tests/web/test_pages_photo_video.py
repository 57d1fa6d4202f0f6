"""The timeline shows the smile photos' trajectory and the latest video; the patient's page too."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from html import unescape
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bellpath.assess import assess
from bellpath.case import Case, Side
from bellpath.face.expressions import Expression
from bellpath.records.assessments import RecordAssessment
from bellpath.records.db import transaction
from bellpath.records.models import User
from bellpath.records.patients import patient_assessment as stored_assessment
from bellpath.records.photos import add_photo
from bellpath.web.pages import _common

from .conftest import ONSET, PASSWORD, Clinic, png


def _sign_in(clinic: Clinic, email: str) -> None:
    client = clinic.client
    client.cookies.clear()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/signin", data=data).status_code == 200


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _smile_measurer(ratio: float) -> Any:
    def measure(_data: bytes, expression: Expression | None, side: Side | None) -> dict[str, Any]:
        return {
            "expression": (expression or Expression.REST).value,
            "affected_side": side.value if side else None,
            "calibration": {"method": "iris", "mm_per_px": 0.1},
            "warnings": [],
            "measures": {
                "commissure_excursion": {
                    "right": 38.0,
                    "left": round(0.38 * ratio, 2),
                    "difference": round(38.0 - 0.38 * ratio, 2),
                    "percent": round(ratio - 100, 2),
                }
            },
        }

    return measure


def test_timeline_shows_the_smile_photo_trajectory(clinic: Clinic) -> None:
    services = clinic.services
    with transaction(services.sessions) as s:
        actor = s.get(User, clinic.users["a"])
        assert actor is not None
        for day in range(4, 57, 4):  # smile photos every 4 days, rising from day 20
            ratio = 30.0 if day < 20 else 30.0 + 50.0 * (1 - math.exp(-(day - 20) / 10))
            add_photo(
                s,
                actor=actor,
                patient_id=clinic.patient_id,
                data=png(),
                taken_on=ONSET + dt.timedelta(days=day),
                expression=Expression.SMILE,
                max_bytes=services.settings.max_upload_bytes,
                measurer=_smile_measurer(ratio),
            )
    _sign_in(clinic, "a@clinic.org")
    page = _text(clinic.client.get(f"/patients/{clinic.patient_id}").text)
    assert "Trajectory on smile photos" in page
    assert "affected side as % of the healthy side" in page
    assert re.search(r"Points 14 Movement began \d+ \w+ 20\d\d", page), page
    # Ann has a House-Brackmann grading: the clinician's grading decides the phase
    assert "Not used for the phase: the clinician's gradings decide it." in page


def _with_videos(real: Any) -> Any:
    today = dt.date.today()
    videos = [
        {
            "date": today - dt.timedelta(days=30),
            "duration_s": 60.0,
            "frames": 1800,
            "expressions": [],
        },
        {
            "date": today - dt.timedelta(days=1),
            "affected_side": "left",
            "duration_s": 90.0,
            "frames": 2700,
            "frames_rejected": 12,
            "expressions": [
                {
                    "label": "smile",
                    "peak_s": 42.1,
                    "excursion": {
                        "commissure_excursion": {"right": 5.2, "left": 1.3, "ratio": 0.25},
                        "palpebral_fissure": {"right": -0.2, "left": -3.9, "ratio": None},
                    },
                },
                {
                    "label": "gentle_closure",
                    "peak_s": 12.0,
                    "excursion": {
                        "palpebral_fissure": {"right": -8.0, "left": -3.2, "ratio": None}
                    },
                },
            ],
            "ocular_oral": {
                "detected": True,
                "side": "left",
                "index": 42.0,
                "during": ["gentle_closure"],
            },
        },
    ]

    def patient_assessment(session: Session, **kwargs: Any) -> RecordAssessment:
        stored: RecordAssessment = real(session, **kwargs)
        case = Case.model_validate(stored.case.model_dump() | {"video_measures": videos})
        return dataclasses.replace(stored, case=case, assessment=assess(case))

    return patient_assessment


@pytest.fixture
def videos(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored record with two video summaries of known content (instead of the seeded one)."""
    monkeypatch.setattr(_common, "patient_assessment", _with_videos(stored_assessment))


@pytest.mark.usefixtures("videos")
def test_timeline_shows_the_latest_video(clinic: Clinic) -> None:
    _sign_in(clinic, "a@clinic.org")
    page = _text(clinic.client.get(f"/patients/{clinic.patient_id}").text)
    section = page[page.index("Latest video") :]
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert f"Recorded {yesterday} (latest of 2)" in section
    assert "open-mouth smile commissure excursion +5.2 mm +1.3 mm 0.25" in section
    assert "gentle eye closure palpebral fissure -8.0 mm -3.2 mm —" in section
    assert "Ocular-oral synkinesis detected (index 42, left side; during gentle eye closure)" in (
        section
    )


@pytest.mark.usefixtures("videos")
def test_patient_sees_the_latest_video_in_plain_words(clinic: Clinic) -> None:
    _sign_in(clinic, "me@home.org")
    page = _text(clinic.client.get("/me").text)
    section = page[page.index("Your latest video") :]
    assert "Open-mouth smile: the side affected by the palsy moved about 25% as much" in section
    assert "Gentle eye closure: the video could not compare your two sides." in section
    assert "the corner of your mouth moved with them" in section
    assert "index" not in section.split("Your progress")[0]  # no clinician jargon


def test_no_video_section_without_videos(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/videos/{clinic.entries['video_id']}"
    assert clinic.client.delete(url, headers=clinic.auth("a")).status_code == 204  # the seeded one
    _sign_in(clinic, "a@clinic.org")
    assert "Latest video" not in clinic.client.get(f"/patients/{clinic.patient_id}").text
