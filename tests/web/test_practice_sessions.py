"""Live mirror sessions: the API, the mirror's JSON page route, weekly progress on the pages.

The seeded clinic (conftest) is Ann's record with no session yet; the tests add them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

import pytest
from sqlalchemy import func, select

from bellpath.auth.tokens import TokenKind
from bellpath.interop.csv_xlsx import SheetFormat, read_sheet
from bellpath.interop.fhir_import import import_bundle, read_bundle
from bellpath.records.models import AuditEvent, Patient, PracticeSession
from bellpath.web.security import CSRF_COOKIE, SESSION_COOKIE

from .conftest import Clinic, practice_session_body

TODAY = dt.date.today()


def _base(clinic: Clinic) -> str:
    return f"/api/v1/patients/{clinic.patient_id}/practice-sessions"


def _count(clinic: Clinic) -> int:
    with clinic.services.sessions() as s:
        return s.scalar(select(func.count()).select_from(PracticeSession)) or 0


def _version(clinic: Clinic) -> int:
    with clinic.services.sessions() as s:
        return int(s.scalar(select(Patient.record_version)) or 0)


def _with(exercise: dict[str, Any], **body: Any) -> dict[str, Any]:
    sent = practice_session_body(TODAY)
    sent["exercises"] = [{**sent["exercises"][0], **exercise}]
    return {**sent, **body}


def test_api_create_list_read_delete_audited_and_versioned(clinic: Clinic) -> None:
    a = clinic.auth("a")
    before = _version(clinic)
    created = clinic.client.post(_base(clinic), headers=a, json=practice_session_body(TODAY, 0.7))
    assert created.status_code == 201, created.text
    row = created.json()
    assert row["date"] == TODAY.isoformat()
    assert row["exercises"][0]["movement"] == "smile"
    assert row["exercises"][0]["ratio"] == 0.7
    assert "created_by" not in row
    assert _version(clinic) > before  # the assessment cache goes stale at once
    log = clinic.client.get(f"/api/v1/patients/{clinic.patient_id}/practice-log", headers=a).json()
    mirror = [e for e in log if e["note"] == "live mirror session"]
    assert [(e["date"], e["minutes"]) for e in mirror] == [(TODAY.isoformat(), 5)]
    assert mirror[0]["exercises"] == ["open-mouth smile (10 times)"]
    listed = clinic.client.get(_base(clinic), headers=a).json()
    assert [r["id"] for r in listed] == [row["id"]]
    assert clinic.client.get(f"{_base(clinic)}/{row['id']}", headers=a).json() == row
    assert clinic.client.delete(f"{_base(clinic)}/{row['id']}", headers=a).status_code == 204
    assert clinic.client.get(f"{_base(clinic)}/{row['id']}", headers=a).status_code == 404
    log = clinic.client.get(f"/api/v1/patients/{clinic.patient_id}/practice-log", headers=a).json()
    assert all(e["note"] != "live mirror session" for e in log)  # the log entry went with it
    with clinic.services.sessions() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity == "practice_session", AuditEvent.entity_id == row["id"]
            )
        ).all()
    assert sorted(actions) == ["create", "delete"]


def test_the_date_defaults_to_today(clinic: Clinic) -> None:
    body = practice_session_body(TODAY)
    del body["date"]
    created = clinic.client.post(_base(clinic), headers=clinic.auth("me"), json=body)
    assert created.status_code == 201, created.text
    assert created.json()["date"] == TODAY.isoformat()


@pytest.mark.parametrize(
    ("body", "field", "allowed", "received"),
    [
        # a ratio is a proportion: never negative
        (_with({"ratio": -0.5}), "exercises.0.ratio", ["0 to 10"], -0.5),
        # more repetitions than a session holds
        (_with({"repetitions": 501}), "exercises.0.repetitions", ["0 to 500"], 501),
        # an excursion no face makes
        (_with({"affected_mm": 90.0}), "exercises.0.affected_mm", ["-5 to 40"], 90.0),
        (_with({"eye_narrowing_pct": 130}), "exercises.0.eye_narrowing_pct", ["-100 to 100"], 130),
        (_with({"narrowing_prompts": -1}), "exercises.0.narrowing_prompts", ["0 to 1000"], -1),
        # a movement outside the expression set lists the set
        (_with({"movement": "grin"}), "exercises.0.movement", None, "grin"),
        # the other side than the record's affected side
        (_with({}, affected_side="right"), "affected_side", ["left"], "right"),
        (_with({}, duration_s=0), "duration_s", ["1 to 14400"], 0),
        (_with({}, exercises=[]), "exercises", ["1 to 30 movements"], 0),
        (
            _with({}, date=(TODAY + dt.timedelta(days=1)).isoformat()),
            "date",
            None,
            (TODAY + dt.timedelta(days=1)).isoformat(),
        ),
        (_with({}, date="2000-01-01"), "date", None, "2000-01-01"),  # before the onset
    ],
    ids=[
        "negative-ratio",
        "too-many-reps",
        "huge-excursion",
        "narrowing-over-100",
        "negative-prompts",
        "unknown-movement",
        "wrong-side",
        "zero-duration",
        "no-exercises",
        "future-date",
        "before-onset",
    ],
)
def test_bad_sessions_are_422_naming_the_field_and_store_nothing(
    clinic: Clinic, body: dict[str, Any], field: str, allowed: list[str] | None, received: Any
) -> None:
    stored = _count(clinic)
    reply = clinic.client.post(_base(clinic), headers=clinic.auth("a"), json=body)
    assert reply.status_code == 422, reply.text
    error = reply.json()
    assert error["field"] == field
    assert f"'{field}'" in error["message"]
    assert error["received"] == received
    if allowed is not None:
        assert error["allowed"] == allowed
    if field.endswith("movement"):
        assert "smile" in error["allowed"]
        assert "pucker" in error["allowed"]
    assert _count(clinic) == stored


def test_only_the_patient_and_their_clinicians_may_add(clinic: Clinic) -> None:
    body = practice_session_body(TODAY)
    own = clinic.client.post(_base(clinic), headers=clinic.auth("me"), json=body)
    assert own.status_code == 201
    for who in ("b", "stranger"):
        refused = clinic.client.post(_base(clinic), headers=clinic.auth(who), json=body)
        assert refused.status_code == 404


# ----------------------------------------------------------------------------- the mirror's route


def _as_patient(clinic: Clinic) -> str:
    """Sign ``me`` in with a browser session; the CSRF token of their page."""
    clinic.client.cookies.clear()
    clinic.client.cookies.set(SESSION_COOKIE, clinic.token("me", TokenKind.SESSION))
    seed = clinic.services.csrf.new_seed()
    clinic.client.cookies.set(CSRF_COOKIE, seed)
    return clinic.services.csrf.token_for(seed)


def test_the_mirror_saves_a_session_with_the_csrf_header(clinic: Clinic) -> None:
    token = _as_patient(clinic)
    stored = _count(clinic)
    body = practice_session_body(TODAY, 0.8)
    saved = clinic.client.post("/me/practice/sessions", json=body, headers={"X-CSRF-Token": token})
    assert saved.status_code == 201, saved.text
    assert saved.json()["exercises"][0]["ratio"] == 0.8
    assert _count(clinic) == stored + 1


def test_the_mirror_route_answers_json_errors_and_stores_nothing(clinic: Clinic) -> None:
    token = _as_patient(clinic)
    stored = _count(clinic)
    body = practice_session_body(TODAY)
    no_token = clinic.client.post("/me/practice/sessions", json=body)
    assert no_token.status_code == 403
    assert no_token.json()["error"] == "csrf"
    forged = clinic.client.post(
        "/me/practice/sessions", json=body, headers={"X-CSRF-Token": "forged"}
    )
    assert forged.status_code == 403
    bad = clinic.client.post(
        "/me/practice/sessions", json=_with({"ratio": -1}), headers={"X-CSRF-Token": token}
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "exercises.0.ratio"
    missing = {k: v for k, v in body.items() if k != "duration_s"}
    no_duration = clinic.client.post(
        "/me/practice/sessions", json=missing, headers={"X-CSRF-Token": token}
    )
    assert no_duration.status_code == 422
    assert no_duration.json()["field"] == "duration_s"
    assert "required" in no_duration.json()["message"]
    assert no_duration.json()["received"] is None
    not_json = clinic.client.post(
        "/me/practice/sessions", content=b"ratio=1", headers={"X-CSRF-Token": token}
    )
    assert not_json.status_code == 422
    assert not_json.json()["field"] == "body"
    clinic.client.cookies.clear()
    anonymous = clinic.client.post("/me/practice/sessions", json=body)
    assert anonymous.status_code == 401
    assert _count(clinic) == stored


# ----------------------------------------------------------------------------- weekly progress


def _add_weeks(clinic: Clinic, ratios: list[float]) -> None:
    """One session a week, oldest first, the last one today."""
    a = clinic.auth("a")
    for k, ratio in enumerate(reversed(ratios)):
        day = TODAY - dt.timedelta(days=7 * k)
        reply = clinic.client.post(_base(clinic), headers=a, json=practice_session_body(day, ratio))
        assert reply.status_code == 201, reply.text


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_cheerful_progress_after_a_warning_sign(clinic: Clinic) -> None:
    _add_weeks(clinic, [0.48, 0.62])
    _as_patient(clinic)  # Ann's record holds a red flag (tick exposure)
    words = _words(clinic.client.get("/me").text)
    assert "My recovery" in words
    assert "Days in a row" not in words
    assert "Well done" not in words


def test_the_patient_sees_weekly_progress_in_plain_words_and_a_chart(clinic: Clinic) -> None:
    finding = f"/api/v1/patients/{clinic.patient_id}/findings/{clinic.entries['finding_id']}"
    assert clinic.client.delete(finding, headers=clinic.auth("a")).status_code == 204
    _add_weeks(clinic, [0.48, 0.5, 0.55, 0.62])
    _as_patient(clinic)
    words = _words(clinic.client.get("/me").text)
    assert "This week you practised on 1 of 7 days." in words
    assert "Days in a row: 1" in words
    assert "Your smile on the weaker side moved 62% as far as the other side this week" in words
    assert "up from 48% three weeks ago" in words
    chart = clinic.client.get("/me/practice/progress.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content
    again = clinic.client.get(
        "/me/practice/progress.svg", headers={"If-None-Match": chart.headers["etag"]}
    )
    assert again.status_code == 304
    clinic.client.post(_base(clinic), headers=clinic.auth("a"), json=practice_session_body(TODAY))
    changed = clinic.client.get(
        "/me/practice/progress.svg", headers={"If-None-Match": chart.headers["etag"]}
    )
    assert changed.status_code == 200  # a new session makes the chart stale at once


def test_the_clinician_sees_adherence_and_measured_change_on_the_timeline(clinic: Clinic) -> None:
    _add_weeks(clinic, [0.3, 0.4, 0.5])
    clinic.client.cookies.set(SESSION_COOKIE, clinic.token("a", TokenKind.SESSION))
    words = _words(clinic.client.get(f"/patients/{clinic.patient_id}").text)
    assert "Practice: adherence and measured change" in words
    assert "Adherence, days practised per week" in words
    assert "smile: weekly median affected/healthy ratio 0.30" in words
    assert "Trajectory in live mirror sessions" in words
    assert "Used for the phase with less weight than photos" not in words  # Ann is graded
    assert "eye narrowing 30% -&gt; 30%" in words or "eye narrowing 30% -> 30%" in words
    chart = clinic.client.get(f"/patients/{clinic.patient_id}/practice/progress.png")
    assert chart.status_code == 200
    assert chart.content.startswith(b"\x89PNG")
    assert clinic.client.get(f"/patients/{clinic.patient_id}/practice/other.svg").status_code == 404


# ----------------------------------------------------------------------------- exports


def test_sessions_are_in_the_whole_record_csv_and_fhir_and_read_back(clinic: Clinic) -> None:
    _add_weeks(clinic, [0.4, 0.55])
    got = clinic.client.get(
        f"/api/v1/patients/{clinic.patient_id}/record.zip", headers=clinic.auth("me")
    )
    assert got.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(got.content))
    record = json.loads(archive.read("record.json"))
    by_date = sorted(record["practice_sessions"], key=lambda r: r["date"])
    assert [r["exercises"][0]["ratio"] for r in by_date] == [0.4, 0.55]
    csv = archive.read("observations.csv").decode("utf-8-sig")
    assert ",practice,1," in csv
    assert "exercises.0.ratio,,0.55" in csv
    assert "exercises.0.affected_mm,,5.5,mm" in csv
    bundle = read_bundle(archive.read("fhir-bundle.json"))
    codes = [
        c["code"]
        for e in bundle["entry"]
        for c in e["resource"].get("code", {}).get("coding", [])
        if e["resource"]["resourceType"] == "Observation"
    ]
    assert codes.count("practice-session") == 2
    from_bundle = import_bundle(bundle).case
    (from_sheet,) = read_sheet(archive.read("observations.xlsx"), SheetFormat.XLSX).values()
    assert from_bundle.practice_sessions == from_sheet.practice_sessions
    assert [s.exercises[0].ratio for s in from_sheet.practice_sessions] == [0.4, 0.55]


def test_the_demo_patient_shows_six_weeks_of_mirror_practice(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient  # noqa: PLC0415  (this test's own app)

    from bellpath.web.app import create_app  # noqa: PLC0415
    from bellpath.web.demo import DEMO_PATIENT, seed_demo  # noqa: PLC0415

    from .conftest import make_settings  # noqa: PLC0415

    app = create_app(make_settings(tmp_path))
    today = dt.date(2026, 3, 1)
    app.state.today = lambda: today
    services = app.state.services
    assert seed_demo(services.sessions, services.passwords, today=today)
    with TestClient(app) as client:
        page = client.get("/signin").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token is not None
        login = {"email": DEMO_PATIENT.email, "password": DEMO_PATIENT.password}
        client.post("/signin", data={**login, "csrf_token": token.group(1)})
        words = _words(client.get("/me").text)
        assert "Your practice this week" in words
        assert "Days in a row: 48" in words
        assert "This week you practised on 7 of 7 days." in words
        assert "Your smile on the weaker side moved 80% as far as the other side this week" in words
        assert "up from 73% six weeks ago" in words
        assert client.get("/me/practice/progress.svg").status_code == 200
