"""Sign-in for integrations, bearer tokens, throttling, password changes, CSRF and sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from bellpath.auth.csrf import CsrfSigner
from bellpath.auth.passwords import MIN_PASSWORD_LENGTH, PasswordService, check_password
from bellpath.auth.throttle import LoginThrottle, LoginThrottledError
from bellpath.auth.tokens import TokenKind, TokenSigner
from bellpath.errors import InputError
from bellpath.records.models import AuditEvent
from bellpath.web.app import create_app

from .conftest import PASSWORD, Clinic, fake_analyser, fake_measurer, make_settings, seed

TOKEN_URL = "/api/v1/auth/token"


def _sign_in(clinic: Clinic, email: str, password: str) -> tuple[int, dict[str, object]]:
    response = clinic.client.post(TOKEN_URL, data={"username": email, "password": password})
    return response.status_code, response.json()


def test_password_flow_returns_a_bearer_token_that_works(clinic: Clinic) -> None:
    status, body = _sign_in(clinic, "A@Clinic.org ", PASSWORD)  # e-mail case and spaces ignored
    assert status == 200
    assert body["token_type"] == "bearer"
    assert isinstance(body["expires_in"], int)
    me = clinic.client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["email"] == "a@clinic.org"
    assert "password_hash" not in me.text


@pytest.mark.parametrize(
    ("email", "password"),
    [("a@clinic.org", "wrong password!"), ("nobody@clinic.org", PASSWORD)],
    ids=["wrong-password", "unknown-email"],
)
def test_failed_sign_in_is_401_the_same_either_way_and_audited(
    clinic: Clinic, email: str, password: str
) -> None:
    response = clinic.client.post(TOKEN_URL, data={"username": email, "password": password})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "error": "invalid_credentials",
        "message": "wrong e-mail or password",
    }
    with clinic.services.sessions() as s:
        actions = s.scalars(select(AuditEvent.action)).all()
    assert "sign_in_failed" in actions


def _from(clinic: Clinic, address: str) -> TestClient:
    return TestClient(clinic.app, client=(address, 40000))


def test_failures_from_one_address_never_lock_the_owner_out_elsewhere(clinic: Clinic) -> None:
    attacker, owner = _from(clinic, "203.0.113.66"), _from(clinic, "198.51.100.7")
    limit = clinic.services.settings.login_max_failures
    for _ in range(limit):
        bad = attacker.post(TOKEN_URL, data={"username": "b@clinic.org", "password": "guess!"})
        assert bad.status_code == 401
    locked = attacker.post(TOKEN_URL, data={"username": "b@clinic.org", "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert locked.json()["error"] == "throttled"
    fine = owner.post(TOKEN_URL, data={"username": "b@clinic.org", "password": PASSWORD})
    assert fine.status_code == 200
    other = attacker.post(TOKEN_URL, data={"username": "a@clinic.org", "password": PASSWORD})
    assert other.status_code == 200  # other accounts at the attacker's address go on


def test_unknown_emails_never_lock_out_real_users_at_the_same_address(tmp_path: Path) -> None:
    app = create_app(
        make_settings(tmp_path, login_address_max_failures=8),
        measurer=fake_measurer,
        video_analyser=fake_analyser,
    )
    clinic = seed(app)
    proxy = _from(clinic, "192.0.2.1")  # a whole clinic behind one address
    assert (
        proxy.post(TOKEN_URL, data={"username": "a@clinic.org", "password": PASSWORD}).status_code
        == 200
    )
    statuses = [
        proxy.post(
            TOKEN_URL, data={"username": f"x{i}@nowhere.org", "password": "guess!"}
        ).status_code
        for i in range(12)
    ]
    assert statuses[:8] == [401] * 8
    assert set(statuses[8:]) == {429}  # the address now waits for e-mails it never signed in with
    again = proxy.post(TOKEN_URL, data={"username": "a@clinic.org", "password": PASSWORD})
    assert again.status_code == 200


def test_unknown_emails_cost_one_password_verification_like_known_ones(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = PasswordHasher.verify

    def counted(self: PasswordHasher, hash_: str, password: str) -> bool:
        calls.append("verify")
        return bool(real(self, hash_, password))

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    for email in ("a@clinic.org", "nobody@clinic.org"):
        calls.clear()
        assert _sign_in(clinic, email, "a wrong password")[0] == 401
        assert calls == ["verify"], email


def test_missing_form_fields_are_422_naming_the_field(clinic: Clinic) -> None:
    response = clinic.client.post(TOKEN_URL, data={"username": "a@clinic.org"})
    assert response.status_code == 422
    assert response.json()["field"] == "password"


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Basic YTpi", "bearer x.y.z"],
    ids=["garbage", "empty", "basic", "forged"],
)
def test_bad_tokens_are_401(clinic: Clinic, header: str) -> None:
    response = clinic.client.get("/api/v1/patients", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_session_token_is_not_a_bearer_token(clinic: Clinic) -> None:
    session = clinic.token("a", TokenKind.SESSION)
    response = clinic.client.get("/api/v1/patients", headers={"Authorization": f"Bearer {session}"})
    assert response.status_code == 401


def test_changing_the_password_revokes_other_tokens(clinic: Clinic) -> None:
    other, current = clinic.auth("a"), clinic.auth("a")
    changed = clinic.client.patch(
        f"/api/v1/users/{clinic.users['a']}",
        headers=current,
        json={"password": "a brand new secret", "current_password": PASSWORD},
    )
    assert changed.status_code == 200
    assert clinic.client.get("/api/v1/patients", headers=other).status_code == 401
    assert clinic.client.get("/api/v1/patients", headers=current).status_code == 200
    assert _sign_in(clinic, "a@clinic.org", "a brand new secret")[0] == 200


def test_a_deactivated_account_is_signed_out(clinic: Clinic) -> None:
    token = clinic.auth("b")
    off = clinic.client.patch(
        f"/api/v1/users/{clinic.users['b']}", headers=clinic.auth("admin"), json={"active": False}
    )
    assert off.status_code == 200
    assert off.json()["active"] is False
    assert clinic.client.get("/api/v1/patients", headers=token).status_code == 401
    assert _sign_in(clinic, "b@clinic.org", PASSWORD)[0] == 401


def test_admin_manages_accounts_and_nothing_secret_leaks(clinic: Clinic) -> None:
    admin = clinic.auth("admin")
    created = clinic.client.post(
        "/api/v1/users",
        headers=admin,
        json={"email": "New@Clinic.org", "password": "long enough pw", "role": "clinician"},
    )
    assert created.status_code == 201
    assert created.json()["email"] == "new@clinic.org"
    listed = clinic.client.get("/api/v1/users", headers=admin)
    assert {u["email"] for u in listed.json()} >= {"new@clinic.org", "a@clinic.org"}
    for text in (created.text, listed.text):
        assert "argon2" not in text
        assert "password" not in text
    duplicate = clinic.client.post(
        "/api/v1/users",
        headers=admin,
        json={"email": "new@clinic.org", "password": "long enough pw", "role": "clinician"},
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["field"] == "email"
    bad_role = clinic.client.post(
        "/api/v1/users",
        headers=admin,
        json={"email": "x@clinic.org", "password": "long enough pw", "role": "nurse"},
    )
    assert bad_role.status_code == 422
    assert bad_role.json()["allowed"] == ["admin", "clinician", "patient"]
    assert bad_role.json()["received"] == "nurse"


def test_the_last_admin_cannot_demote_themselves(clinic: Clinic) -> None:
    response = clinic.client.patch(
        f"/api/v1/users/{clinic.users['admin']}",
        headers=clinic.auth("admin"),
        json={"role": "clinician"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "role"


def test_non_admins_cannot_change_roles(clinic: Clinic) -> None:
    response = clinic.client.patch(
        f"/api/v1/users/{clinic.users['a']}", headers=clinic.auth("a"), json={"role": "admin"}
    )
    assert response.status_code == 403
    assert clinic.client.get("/api/v1/users", headers=clinic.auth("a")).status_code == 403


# ----------------------------------------------------------------------------- units


def test_login_waits_grow_with_every_failure_and_end_on_their_own() -> None:
    now = [0.0]
    throttle = LoginThrottle(
        max_failures=2, window_s=600, delay_s=10, max_delay_s=40, clock=lambda: now[0]
    )
    throttle.failed("k@x.org", "1.1.1.1")
    throttle.check("k@x.org", "1.1.1.1")
    throttle.failed("k@x.org", "1.1.1.1")
    waits = []
    for _ in range(4):
        with pytest.raises(LoginThrottledError) as err:
            throttle.check("k@x.org", "1.1.1.1")
        waits.append(err.value.retry_after_s)
        now[0] += err.value.retry_after_s
        throttle.check("k@x.org", "1.1.1.1")  # the wait is over
        throttle.failed("k@x.org", "1.1.1.1")
    assert waits == [10, 20, 40, 40]  # doubling, up to the longest wait
    throttle.check("k@x.org", "2.2.2.2")  # never the same e-mail from elsewhere
    throttle.succeeded("k@x.org", "1.1.1.1")
    throttle.check("k@x.org", "1.1.1.1")


def test_tokens_expire_and_are_bound_to_their_secret() -> None:
    signer = TokenSigner("s" * 40, session_max_age_s=60, bearer_max_age_s=60)
    token = signer.issue(TokenKind.BEARER, user_id=7, epoch=3)
    claims = signer.read(TokenKind.BEARER, token)
    assert claims is not None
    assert (claims.user_id, claims.epoch) == (7, 3)
    other = TokenSigner("o" * 40, session_max_age_s=60, bearer_max_age_s=60)
    assert other.read(TokenKind.BEARER, token) is None
    assert signer.read(TokenKind.SESSION, token) is None
    assert signer.read(TokenKind.BEARER, token[:-2] + "xx") is None


def test_csrf_tokens_match_only_their_seed() -> None:
    signer = CsrfSigner("s" * 40)
    seed, other = signer.new_seed(), signer.new_seed()
    assert seed != other
    token = signer.token_for(seed)
    assert signer.matches(seed, token)
    assert not signer.matches(other, token)
    assert not signer.matches(None, token)
    assert not signer.matches(seed, None)
    assert not signer.matches(seed, "garbage")
    assert not CsrfSigner("o" * 40).matches(seed, token)


def test_passwords_hash_verify_and_policy() -> None:
    service = PasswordService(time_cost=1, memory_kib=64)
    hashed = service.hash("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert service.verify(hashed, "correct horse battery")
    assert not service.verify(hashed, "wrong horse battery")
    assert not service.verify("not a hash", "correct horse battery")
    assert not service.needs_rehash(hashed)
    assert PasswordService(time_cost=2, memory_kib=64).needs_rehash(hashed)
    with pytest.raises(InputError) as err:
        check_password("x" * (MIN_PASSWORD_LENGTH - 1))
    assert err.value.field == "password"
    assert "x" * 5 not in err.value.message  # the password itself is never echoed
    with pytest.raises(InputError):
        check_password(" " * 20)
