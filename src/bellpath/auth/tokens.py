"""Signed, expiring tokens (itsdangerous) and the kinds of token.

Sessions and API tokens are now server-side and revocable (:mod:`bellpath.auth.sessions`);
:class:`TokenSigner` stays for signed values that need no revocation.

A token carries the user id and the account's ``auth_epoch``; bumping the epoch (password change,
deactivation) revokes every session and token of that account at once. Sessions and bearer tokens
use different salts, so one can never be replayed as the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

__all__ = ["TokenClaims", "TokenKind", "TokenSigner"]


class TokenKind(StrEnum):
    """What a token is for; each kind has its own salt and lifetime."""

    SESSION = "session"
    BEARER = "bearer"

    @property
    def salt(self) -> str:
        """The itsdangerous salt (namespaces the signature)."""
        return f"bellpath.{self.value}"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a valid token says: whose it is and for which epoch of their account."""

    user_id: int
    epoch: int


class TokenSigner:
    """Issues and reads tokens signed with the server's secret key."""

    def __init__(self, secret: str, *, session_max_age_s: int, bearer_max_age_s: int) -> None:
        self._serializers = {
            kind: URLSafeTimedSerializer(secret, salt=kind.salt) for kind in TokenKind
        }
        self._max_age = {TokenKind.SESSION: session_max_age_s, TokenKind.BEARER: bearer_max_age_s}

    def max_age(self, kind: TokenKind) -> int:
        """Lifetime of ``kind`` in seconds."""
        return self._max_age[kind]

    def issue(self, kind: TokenKind, *, user_id: int, epoch: int) -> str:
        """A signed token for ``user_id``."""
        token: str = self._serializers[kind].dumps({"u": user_id, "e": epoch})
        return token

    def read(self, kind: TokenKind, token: str) -> TokenClaims | None:
        """The claims of a valid, unexpired token of ``kind``; ``None`` for anything else."""
        try:
            data = self._serializers[kind].loads(token, max_age=self._max_age[kind])
        except (SignatureExpired, BadSignature):
            return None
        if not isinstance(data, dict):
            return None
        user_id, epoch = data.get("u"), data.get("e")
        if not isinstance(user_id, int) or not isinstance(epoch, int):
            return None
        return TokenClaims(user_id=user_id, epoch=epoch)
