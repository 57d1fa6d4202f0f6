"""Server-side sessions and API tokens: opened at sign-in, revoked at sign-out or by an admin.

A token is 256 random bits handed to the client once; only its SHA-256 is stored, beside its
owner, kind, absolute expiry and last use. A token ends when it is revoked, when it has not been
used for the idle time-out, or at its absolute expiry (all named settings), and whenever its
account is deactivated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from bellpath.auth.tokens import TokenKind
from bellpath.records.models import AuthSession, User, utcnow
from bellpath.records.versioning import remember_record_state, with_visible_record_state

__all__ = ["SessionStore", "revoke_token", "revoke_user_sessions", "token_hash"]

TOUCH_EVERY = dt.timedelta(seconds=60)
"""Last use is written at most once a minute per token (no write on every request)."""


_TOKEN_AND_USER = (
    select(AuthSession, User)
    .join(User, User.id == AuthSession.user_id)
    .where(AuthSession.token_hash == bindparam("token_hash"))
)
"""A token and its account in one round trip (built once: every request resolves one)."""

_TOKEN_USER_AND_RECORD = with_visible_record_state(_TOKEN_AND_USER)
"""The same, and the state of the record ``:patient_id`` as that account may see it."""


def token_hash(token: str) -> str:
    """The stored form of a token (SHA-256, hex)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class SessionStore:
    """Opens, resolves and revokes sessions and tokens; time-outs per kind, in seconds."""

    idle_s: dict[TokenKind, int]
    absolute_s: dict[TokenKind, int]
    clock: Callable[[], dt.datetime] = field(default=utcnow)

    def open(self, session: Session, *, user: User, kind: TokenKind) -> str:
        """A new token for ``user`` (the only time it exists in clear)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session.add(
            AuthSession(
                user_id=user.id,
                kind=kind.value,
                token_hash=token_hash(token),
                created_at=now,
                last_seen_at=now,
                expires_at=now + dt.timedelta(seconds=self.absolute_s[kind]),
            )
        )
        session.flush()
        return token

    def resolve(
        self,
        session: Session,
        *,
        token: str,
        kind: TokenKind,
        touch: Callable[[str], None] | None = None,
        record: int | None = None,
    ) -> User | None:
        """The active account of a live token of ``kind``; ``None`` for anything else.

        ``record``: a patient whose record the request reads. Its state, as the account may see
        it, is read in the same statement and kept for the session's
        :func:`~bellpath.records.versioning.visible_record_state` (reading sessions only).

        The token's last use is written at most once every :data:`TOUCH_EVERY`: in ``session``,
        or, when ``touch`` is given, by ``touch(token)`` (the web app writes it in a transaction
        of its own, so a request never holds a write lock for its whole length: on SQLite, 50
        requests of one token arriving after a quiet minute otherwise queue behind each other's
        request and fail after the busy timeout).
        """
        if not token or len(token) > 200:
            return None
        hashed = token_hash(token)
        found: Row[*tuple[Any, ...]] | None
        if record is None:
            found = session.execute(_TOKEN_AND_USER, {"token_hash": hashed}).first()
        else:
            params = {"token_hash": hashed, "patient_id": record}
            found = session.execute(_TOKEN_USER_AND_RECORD, params).first()
        if found is None:
            return None
        row: AuthSession = found[0]
        user: User = found[1]
        state = tuple(found[2:])  # the record's columns, when it was asked for
        now = self.clock()
        if row.kind != kind.value or row.revoked_at is not None:
            return None
        idle = dt.timedelta(seconds=self.idle_s[kind])
        if now >= row.expires_at or now - row.last_seen_at >= idle:
            return None
        if not user.active:
            return None
        if record is not None:
            remember_record_state(session, actor=user, patient_id=record, columns=state)
        if now - row.last_seen_at >= TOUCH_EVERY:
            if touch is None:
                row.last_seen_at = now
            else:
                touch(token)
        return user

    def touch(self, session: Session, *, token: str) -> None:
        """Write a token's last use if it is due (a conditional UPDATE: of several requests that
        find it due at once, one writes and the others change nothing)."""
        now = self.clock()
        session.execute(
            update(AuthSession)
            .where(
                AuthSession.token_hash == token_hash(token),
                AuthSession.last_seen_at <= now - TOUCH_EVERY,
            )
            .values(last_seen_at=now)
        )


def revoke_token(session: Session, *, token: str) -> bool:
    """End one token; whether it was live."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == token_hash(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


def revoke_user_sessions(session: Session, *, user_id: int, keep: str | None = None) -> int:
    """End every live session and token of an account (but ``keep``); how many ended."""
    query = (
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if keep is not None:
        query = query.where(AuthSession.token_hash != token_hash(keep))
    return int(getattr(session.execute(query), "rowcount", 0) or 0)
