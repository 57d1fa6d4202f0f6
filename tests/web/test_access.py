"""For every route that takes a patient, record or account id: no rights, no answer.

The routes are enumerated from the app itself, so a route added later is checked too; a route
whose path parameter this test does not know fails the test until it is taught here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select
from starlette.routing import Route

from bellpath.records.db import transaction
from bellpath.records.models import AuditEvent, Base, User
from bellpath.records.practice_sessions import add_practice_session
from bellpath.web.security import CSRF_COOKIE, SESSION_COOKIE

from .conftest import PATIENT_NAME, Clinic, fake_video, png, practice_session_body


@pytest.fixture(autouse=True)
def _a_practice_session(clinic: Clinic) -> None:
    """Ann's live mirror session, so that its routes answer for a stored record too."""
    with transaction(clinic.services.sessions) as s:
        a = s.get_one(User, clinic.users["a"])
        row = add_practice_session(
            s, actor=a, patient_id=clinic.patient_id, data=practice_session_body(dt.date.today())
        )
        clinic.entries["session_id"] = row.id


ID_PARAMS = {
    "patient_id",
    "user_id",
    "grading_id",
    "lab_id",
    "complication_id",
    "finding_id",
    "entry_id",
    "photo_id",
    "video_id",
    "session_id",
}
"""Path parameters that name a stored record. Add new ones here (and to ``_values``)."""

NON_ID_VALUES: dict[str, Any] = {
    "path": "bellpath.css",
    "scale": "sunnybrook",
    "kind": "practice",
    "name": "house_brackmann.svg",
    "file_kind": "clinician-report",
}
NON_ID_PARAMS = set(NON_ID_VALUES)
"""Path parameters that do not name a record (static files, scale names, chart names)."""

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# Bodies that are valid, so that a refusal can only come from the access check.
JSON_BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/patients/{patient_id}": {"name": "Renamed"},
    "/api/v1/patients/{patient_id}/gradings": {
        "date": "2020-01-01",
        "scale": "saq",
        "items": {"items": [1] * 9},
    },
    "/api/v1/patients/{patient_id}/labs": {"analyte": "b12", "value": 300, "unit": "pg/mL"},
    "/api/v1/patients/{patient_id}/episodes": {"onset": dt.date.today().isoformat()},
    "/api/v1/patients/{patient_id}/complications": {
        "complication": "synkinesis",
        "noted_on": "2020-01-01",
    },
    "/api/v1/patients/{patient_id}/findings": {"finding": "vesicles", "noted_on": "2020-01-01"},
    "/api/v1/patients/{patient_id}/findings/{finding_id}/exclusion": {"excluded_on": None},
    "/api/v1/patients/{patient_id}/practice-log": {"date": "2020-01-01", "minutes": 5},
    "/api/v1/patients/{patient_id}/practice-sessions": {
        "duration_s": 60,
        "affected_side": "left",
        "exercises": [{"movement": "smile", "repetitions": 3}],
    },
    "/api/v1/users/{user_id}": {"name": "Renamed"},
    "/api/v1/patients/{patient_id}/care-team": {"email": "b@clinic.org"},
    "/api/v1/patients/{patient_id}/gradings/{grading_id}": {"items": {"grade": 3}},
    "/api/v1/patients/{patient_id}/labs/{lab_id}": {"value": 260},
    "/api/v1/patients/{patient_id}/complications/{complication_id}": {"noted_on": "2020-01-01"},
    "/api/v1/patients/{patient_id}/findings/{finding_id}": {"noted_on": "2020-01-01"},
    "/api/v1/patients/{patient_id}/practice-log/{entry_id}": {"minutes": 7},
}


def all_routes(clinic: Clinic) -> list[tuple[str, set[str]]]:
    """Every (path, methods) the app serves, included routers flattened."""
    found: list[tuple[str, set[str]]] = []
    for route in clinic.app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:  # FastAPI's included routers
            for context in contexts():
                methods = getattr(context.original_route, "methods", None) or set()
                found.append((context.path, set(methods)))
        elif isinstance(route, APIRoute | Route):
            found.append((route.path, set(route.methods or ())))
    return found


def _id_routes(clinic: Clinic) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path, methods in all_routes(clinic):
        params = set(re.findall(r"{(\w+)(?::\w+)?}", path))
        unknown = params - ID_PARAMS - NON_ID_PARAMS
        assert not unknown, f"{path}: teach test_access the parameter(s) {unknown}"
        if params & ID_PARAMS:
            found.extend((method, path) for method in sorted(methods))
    return found


def _values(clinic: Clinic) -> dict[str, Any]:
    return {
        "patient_id": clinic.patient_id,
        "user_id": clinic.users["a"],
        **clinic.entries,
        **NON_ID_VALUES,
    }


def _url(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: str(values[m.group(1)]), path)


def _snapshot(clinic: Clinic) -> dict[str, int]:
    """Row counts of every table except the audit trail and the sign-in sessions."""
    with clinic.services.sessions() as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if t.name not in {AuditEvent.__tablename__, "auth_sessions"}  # sign-ins add sessions
        }


def _send(clinic: Clinic, method: str, path: str, headers: dict[str, str]) -> Any:
    url = _url(path, _values(clinic))
    seed = clinic.services.csrf.new_seed()
    token = clinic.services.csrf.token_for(seed)
    clinic.client.cookies.set(CSRF_COOKIE, seed)
    headers = {**headers, "X-CSRF-Token": token}
    send = clinic.client.request
    if method in UNSAFE and method != "DELETE":
        if path.endswith("/photos"):
            files = {"file": ("x.png", png(), "image/png")}
            return send(method, url, headers=headers, files=files, follow_redirects=False)
        if path.endswith("/videos"):
            files = {"file": ("x.mp4", fake_video(), "video/mp4")}
            return send(method, url, headers=headers, files=files, follow_redirects=False)
        if path.startswith("/api/"):
            body = JSON_BODIES.get(path, {})
            return send(method, url, headers=headers, json=body, follow_redirects=False)
        form = {"csrf_token": token}
        return send(method, url, headers=headers, data=form, follow_redirects=False)
    return send(method, url, headers=headers, follow_redirects=False)


def test_route_walker_sees_every_documented_route(clinic: Clinic) -> None:
    # If FastAPI changes how it stores included routers, this fails instead of checking nothing.
    walked = {path for path, _ in all_routes(clinic)}
    documented = set(clinic.app.openapi()["paths"])
    assert documented <= walked


def test_the_app_has_id_routes_to_check(clinic: Clinic) -> None:
    routes = _id_routes(clinic)
    paths = {p for _, p in routes}
    assert "/api/v1/patients/{patient_id}" in paths
    assert "/api/v1/patients/{patient_id}/photos/{photo_id}/image" in paths
    assert "/api/v1/patients/{patient_id}/videos/{video_id}" in paths
    assert "/patients/{patient_id}/videos" in paths
    assert len(routes) >= 25


# Starlette closes the temporary file of a refused multipart upload only when it is collected;
# when the collector runs inside the test, that shows up as an unraisable ResourceWarning.
@pytest.mark.filterwarnings("ignore:Exception ignored in. <function SpooledTemporaryFile")
@pytest.mark.parametrize("who", ["b", "admin", "stranger", "anonymous", "bad_token"])
def test_no_rights_no_answer(clinic: Clinic, who: str) -> None:
    """Every id route answers 401/403/404 (pages: or a redirect to sign-in) and leaks nothing."""
    before = _snapshot(clinic)
    failures: list[str] = []
    for method, path in _id_routes(clinic):
        if who == "admin" and path.startswith("/api/v1/users"):
            continue  # admins manage accounts: that is their right
        if who == "anonymous":
            headers: dict[str, str] = {}
        elif who == "bad_token":
            headers = {"Authorization": "Bearer not-a-token"}
        else:
            headers = clinic.auth(who)
        clinic.client.cookies.clear()
        response = _send(clinic, method, path, headers)
        allowed = {401, 403, 404}
        if not path.startswith("/api/"):
            allowed |= {302, 303, 307}
        body = response.text
        if response.status_code not in allowed:
            failures.append(f"{method} {path}: {response.status_code} {body[:120]}")
        elif PATIENT_NAME in body or "felt tired" in body or "a@clinic.org" in body:
            failures.append(f"{method} {path}: the refusal leaks record content")
    assert not failures, "\n".join(failures)
    assert _snapshot(clinic) == before


def test_hidden_and_missing_records_look_the_same(clinic: Clinic) -> None:
    headers = clinic.auth("b")
    hidden = clinic.client.get(f"/api/v1/patients/{clinic.patient_id}", headers=headers)
    missing = clinic.client.get("/api/v1/patients/999999", headers=headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"] == missing.json()["error"] == "not_found"


def test_record_ids_of_another_patient_are_not_reachable_through_ones_own(clinic: Clinic) -> None:
    # Clinician B owns a patient of their own, and asks for A's entries under that patient's id.
    b = clinic.auth("b")
    created = clinic.client.post(
        "/api/v1/patients", headers=b, json={"name": "Bob", "onset": "2026-01-01"}
    )
    assert created.status_code == 201, created.text
    own = created.json()["id"]
    for kind, key in [
        ("gradings", "grading_id"),
        ("labs", "lab_id"),
        ("complications", "complication_id"),
        ("findings", "finding_id"),
        ("practice-log", "entry_id"),
        ("photos", "photo_id"),
        ("videos", "video_id"),
    ]:
        url = f"/api/v1/patients/{own}/{kind}/{clinic.entries[key]}"
        assert clinic.client.get(url, headers=b).status_code == 404, url
        assert clinic.client.delete(url, headers=b).status_code == 404, url
    image = f"/api/v1/patients/{own}/photos/{clinic.entries['photo_id']}/image"
    assert clinic.client.get(image, headers=b).status_code == 404


def test_owner_and_linked_patient_do_get_answers(clinic: Clinic) -> None:
    # The access checks refuse strangers, not the people the record belongs to.
    for who in ("a", "me"):
        headers = clinic.auth(who)
        for method, path in _id_routes(clinic):
            if method != "GET" or not path.startswith("/api/v1/patients"):
                continue
            response = clinic.client.get(_url(path, _values(clinic)), headers=headers)
            assert response.status_code == 200, f"{who} {path}: {response.text[:200]}"


def test_session_cookie_without_csrf_header_cannot_change_anything(clinic: Clinic) -> None:
    from bellpath.auth.tokens import TokenKind  # noqa: PLC0415

    session = clinic.token("a", TokenKind.SESSION)
    clinic.client.cookies.set(SESSION_COOKIE, session)
    url = f"/api/v1/patients/{clinic.patient_id}"
    assert clinic.client.get(url).status_code == 200  # reading with the cookie is fine
    refused = clinic.client.patch(url, json={"name": "Forged"})
    assert refused.status_code == 403
    assert refused.json()["error"] == "csrf"
    seed = clinic.services.csrf.new_seed()
    clinic.client.cookies.set(CSRF_COOKIE, seed)
    ok = clinic.client.patch(
        url,
        json={"name": "Renamed"},
        headers={"X-CSRF-Token": clinic.services.csrf.token_for(seed)},
    )
    assert ok.status_code == 200
    assert ok.json()["name"] == "Renamed"


def test_every_page_form_refuses_a_post_without_its_csrf_token(clinic: Clinic) -> None:
    """A cross-site form riding on the session cookie changes nothing, on any page route."""
    from bellpath.auth.tokens import TokenKind  # noqa: PLC0415

    before = _snapshot(clinic)
    failures: list[str] = []
    for who in ("a", "me"):
        session = clinic.token(who, TokenKind.SESSION)
        for path, methods in all_routes(clinic):
            if path.startswith("/api/"):
                continue  # the API: bearer tokens, or X-CSRF-Token with the cookie (tested above)
            for method in sorted(methods & UNSAFE):
                clinic.client.cookies.clear()
                clinic.client.cookies.set(SESSION_COOKIE, session)
                clinic.client.cookies.set(CSRF_COOKIE, clinic.services.csrf.new_seed())
                url = _url(path, _values(clinic))
                response = clinic.client.request(
                    method, url, data={"csrf_token": "forged"}, follow_redirects=False
                )
                if response.status_code != 403:
                    failures.append(f"{who} {method} {path}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert _snapshot(clinic) == before
