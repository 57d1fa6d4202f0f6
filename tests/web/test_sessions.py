"""Revocable sessions and tokens, password changes and resets, and their audit trail, through the
HTTP API and the pages (real tokens, no mocked authentication)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from bellpath.auth.passwords import check_password
from bellpath.auth.sessions import token_hash
from bellpath.errors import InputError
from bellpath.records.models import AuditEvent, AuthSession
from bellpath.web.app import create_app
from bellpath.web.security import CSRF_COOKIE, SESSION_COOKIE

from .conftest import PASSWORD, Clinic, fake_analyser, fake_measurer, make_settings, seed

NEW = "three calm rivers at dawn"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _actions(clinic: Clinic) -> list[str]:
    with clinic.services.sessions() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _sign_in_page(clinic: Clinic, email: str, password: str) -> str:
    page = clinic.client.get("/signin")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    reply = clinic.client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text
    return str(reply.cookies[SESSION_COOKIE])


def test_api_sign_out_revokes_the_token_at_once(clinic: Clinic) -> None:
    token = clinic.client.post(
        "/api/v1/auth/token", data={"username": "a@clinic.org", "password": PASSWORD}
    ).json()["access_token"]
    assert clinic.client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200
    assert clinic.client.post("/api/v1/auth/sign-out", headers=_bearer(token)).status_code == 204
    assert clinic.client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 401
    assert "sign_out" in _actions(clinic)


def test_a_session_cookie_copied_before_sign_out_stops_working(clinic: Clinic) -> None:
    cookie = _sign_in_page(clinic, "a@clinic.org", PASSWORD)
    csrf_page = clinic.client.get("/account")
    assert csrf_page.status_code == 200
    csrf = csrf_page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    out = clinic.client.post("/signout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    clinic.client.cookies.clear()
    clinic.client.cookies.set(SESSION_COOKIE, cookie)
    assert clinic.client.get("/api/v1/auth/me").status_code == 401


def test_stored_sessions_hold_only_a_hash(clinic: Clinic) -> None:
    token = clinic.token("a")
    with clinic.services.sessions() as s:
        hashes = list(s.scalars(select(AuthSession.token_hash)))
    assert token not in hashes
    assert token_hash(token) in hashes


@pytest.mark.parametrize("column", ["last_seen_at", "expires_at"], ids=["idle", "absolute"])
def test_idle_and_absolute_time_outs_end_a_token(clinic: Clinic, column: str) -> None:
    token = clinic.token("a")
    assert clinic.client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=clinic.services.settings.token_idle_s + 1)
    with clinic.services.sessions() as s, s.begin():
        s.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == token_hash(token))
            .values({column: past})
        )
    assert clinic.client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 401


def test_last_use_is_written_once_a_minute_in_its_own_transaction(clinic: Clinic) -> None:
    token = clinic.token("a")
    two_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)

    def last_seen() -> dt.datetime:
        with clinic.services.sessions() as s:
            row = s.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
            assert row is not None
            return row.last_seen_at.replace(tzinfo=row.last_seen_at.tzinfo or dt.UTC)

    with clinic.services.sessions() as s, s.begin():
        s.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == token_hash(token))
            .values(last_seen_at=two_minutes_ago)
        )
    # A request that fails (404) rolls its own transaction back; the last use is written anyway.
    missing = clinic.client.get("/api/v1/patients/999999/assessment", headers=_bearer(token))
    assert missing.status_code == 404
    touched = last_seen()
    assert touched > two_minutes_ago + dt.timedelta(minutes=1)
    assert clinic.client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200
    assert last_seen() == touched  # not again within the minute


def test_a_password_change_needs_the_current_password(clinic: Clinic) -> None:
    url = f"/api/v1/users/{clinic.users['a']}"
    a = clinic.auth("a")
    missing = clinic.client.patch(url, headers=a, json={"password": NEW})
    assert missing.status_code == 403
    wrong = clinic.client.patch(
        url, headers=a, json={"password": NEW, "current_password": "not my password"}
    )
    assert wrong.status_code == 403
    assert clinic.client.get("/api/v1/auth/me", headers=a).status_code == 200  # nothing changed


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pw", "12 to 1024"),
        ("password1234", "too common"),
        ("iloveyou2024!", "too common"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("my a@clinic.org secret", "e-mail"),
        ("clinic-a-mail and more", None),
    ],
)
def test_the_password_policy(clinic: Clinic, password: str, reason: str | None) -> None:
    response = clinic.client.patch(
        f"/api/v1/users/{clinic.users['a']}",
        headers=clinic.auth("a"),
        json={"password": password, "current_password": PASSWORD},
    )
    if reason is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 422
        body = response.json()
        assert body["field"] == "password"
        assert reason in body["message"]
        assert password not in response.text


def test_policy_refuses_the_name_part_of_the_email() -> None:
    with pytest.raises(InputError, match="e-mail"):
        check_password("robin.smith and friends", email="robin.smith@clinic.org")


def test_an_admin_reset_forces_a_new_password_at_next_sign_in(clinic: Clinic) -> None:
    before = clinic.auth("b")
    reset = clinic.client.patch(
        f"/api/v1/users/{clinic.users['b']}",
        headers=clinic.auth("admin"),
        json={"password": "temporary but long enough"},
    )
    assert reset.status_code == 200
    assert clinic.client.get("/api/v1/auth/me", headers=before).status_code == 401
    signed = clinic.client.post(
        "/api/v1/auth/token",
        data={"username": "b@clinic.org", "password": "temporary but long enough"},
    ).json()
    assert signed["password_change_required"] is True
    token = _bearer(signed["access_token"])
    blocked = clinic.client.get("/api/v1/patients", headers=token)
    assert blocked.status_code == 403
    assert blocked.json()["error"] == "password_change_required"
    assert clinic.client.get("/api/v1/auth/me", headers=token).status_code == 200
    changed = clinic.client.patch(
        f"/api/v1/users/{clinic.users['b']}",
        headers=token,
        json={"password": NEW, "current_password": "temporary but long enough"},
    )
    assert changed.status_code == 200
    assert clinic.client.get("/api/v1/patients", headers=token).status_code == 200
    assert "password_reset" in _actions(clinic)
    assert "password_changed" in _actions(clinic)


def test_an_admin_signs_an_account_out_everywhere(clinic: Clinic) -> None:
    tokens = [clinic.auth("a"), clinic.auth("a")]
    revoked = clinic.client.delete(
        f"/api/v1/users/{clinic.users['a']}/sessions", headers=clinic.auth("admin")
    )
    assert revoked.status_code == 200
    assert revoked.json()["revoked"] >= 2
    for headers in tokens:
        assert clinic.client.get("/api/v1/auth/me", headers=headers).status_code == 401
    other = clinic.client.delete(
        f"/api/v1/users/{clinic.users['b']}/sessions", headers=clinic.auth("a")
    )
    assert other.status_code == 404  # only admins act on other accounts
    assert "sessions_revoked" in _actions(clinic)


def test_the_account_page_changes_the_password(clinic: Clinic) -> None:
    _sign_in_page(clinic, "me@home.org", PASSWORD)
    page = clinic.client.get("/account")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    wrong = clinic.client.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": "nope", "password": NEW},
    )
    assert wrong.status_code == 403
    assert "not your current password" in wrong.text
    done = clinic.client.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": PASSWORD, "password": NEW},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert clinic.client.get("/account").status_code == 200  # this session stays signed in
    assert clinic.client.cookies.get(CSRF_COOKIE)


def test_the_audit_trail_records_sign_ins_and_never_a_secret(clinic: Clinic) -> None:
    clinic.client.post("/api/v1/auth/token", data={"username": "a@clinic.org", "password": "bad"})
    good = clinic.client.post(
        "/api/v1/auth/token", data={"username": "a@clinic.org", "password": PASSWORD}
    ).json()["access_token"]
    clinic.client.post("/api/v1/auth/sign-out", headers=_bearer(good))
    with clinic.services.sessions() as s:
        rows = s.scalars(select(AuditEvent)).all()
        text = " ".join(
            f"{r.action} {r.entity} {r.entity_id} {r.actor_id} {r.patient_id}" for r in rows
        )
    actions = [r.action for r in rows]
    for action in ("sign_in_failed", "sign_in", "token_issued", "sign_out"):
        assert action in actions
    for secret in (PASSWORD, "bad", good, token_hash(good)):
        assert secret not in text


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookies_and_security_headers(tmp_path: Path, secure: bool) -> None:
    app = create_app(
        make_settings(tmp_path, cookie_secure=secure),
        measurer=fake_measurer,
        video_analyser=fake_analyser,
    )
    seed(app)
    client = TestClient(app, base_url="https://testserver" if secure else "http://testserver")
    page = client.get("/signin")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    reply = client.post(
        "/signin",
        data={"email": "a@clinic.org", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(c for c in reply.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/"} <= flags
    assert ("secure" in flags) is secure
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options"):
        assert name in reply.headers
    assert reply.headers["cache-control"] == "no-store"
