"""What a read of an unchanged record costs: one statement and two or three hand-offs to the
thread pool, through the API or a page (issue 16: every round trip and hand-off
on the warm path is paid by every request a clinic makes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import anyio.to_thread
import pytest
from sqlalchemy import Engine, event

from bellpath.auth.tokens import TokenKind
from bellpath.web.security import CSRF_COOKIE, SESSION_COOKIE

from .conftest import Clinic


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


@contextmanager
def _hand_offs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real: Callable[..., Any] = anyio.to_thread.run_sync

    async def spy(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        seen.append(repr(func))
        return await real(func, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(anyio.to_thread, "run_sync", spy)
        yield seen


def _reads(clinic: Clinic) -> list[tuple[str, dict[str, str], int]]:
    """Reads of the record kept per version: URL, headers, most hand-offs to the thread pool
    (the account, the handler; a list's ETag check is a dependency of its own; a read that
    stores nothing ends on the event loop)."""
    pid = clinic.patient_id
    bearer = clinic.auth("a")
    cookie = clinic.token("a", TokenKind.SESSION)
    page = {"Cookie": f"{SESSION_COOKIE}={cookie}; {CSRF_COOKIE}=a-fixed-csrf-cookie"}
    return [
        (f"/api/v1/patients/{pid}/assessment", bearer, 2),
        (f"/api/v1/patients/{pid}/practice-log", bearer, 3),
        (f"/patients/{pid}", page, 2),
    ]


def test_a_warm_read_makes_one_statement_and_no_write(clinic: Clinic) -> None:
    """The token, its account, access and the record's version in one statement (before: two,
    and six before that); the read's audit event was written by the first read (one per reader,
    part and minute)."""
    engine: Engine = clinic.app.state.engine
    for url, headers, _ in _reads(clinic):
        assert clinic.client.get(url, headers=headers).status_code == 200  # warms the caches
        with _statements(engine) as seen:
            again = clinic.client.get(url, headers=headers)
        assert again.status_code == 200, url
        assert len(seen) == 1, (url, seen)
        assert seen[0].startswith("SELECT auth_sessions.id") and "JOIN users" in seen[0]
        assert "patients.record_version" in seen[0] and "JOIN patients" in seen[0]
        assert not any(s.split()[0] in {"INSERT", "UPDATE", "DELETE"} for s in seen), url


def test_a_warm_read_hands_off_to_the_thread_pool_two_or_three_times(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dependencies that only read the request run on the event loop, and so does the end of a
    read that stores nothing (before: 8-9 hand-offs)."""
    for url, headers, most in _reads(clinic):
        assert clinic.client.get(url, headers=headers).status_code == 200
        with _hand_offs(monkeypatch) as seen:
            assert clinic.client.get(url, headers=headers).status_code == 200
        assert len(seen) <= most, (url, seen)


def test_a_revoked_token_is_refused_at_once(clinic: Clinic) -> None:
    """No token or account is remembered between requests: sign-out ends access immediately."""
    headers = clinic.auth("a")
    url = f"/api/v1/patients/{clinic.patient_id}/assessment"
    assert clinic.client.get(url, headers=headers).status_code == 200
    assert clinic.client.post("/api/v1/auth/sign-out", headers=headers).status_code in {200, 204}
    assert clinic.client.get(url, headers=headers).status_code == 401
