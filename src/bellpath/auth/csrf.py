"""CSRF protection for forms: a per-browser random seed (cookie) and tokens signed from it.

The browser keeps ``seed`` in an HttpOnly cookie; every form carries ``csrf_token``, a signature of
that seed with the server's secret. A cross-site form cannot read the cookie nor forge the
signature, so it cannot send a matching pair. Tokens do not expire on their own: the seed lives
as long as the browser session cookie.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["CsrfSigner"]


class CsrfSigner:
    """Makes seeds and the form tokens that go with them."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="bellpath.csrf")

    @staticmethod
    def new_seed() -> str:
        """A fresh random seed for a browser."""
        return secrets.token_urlsafe(24)

    def token_for(self, seed: str) -> str:
        """The form token that matches ``seed``."""
        token: str = self._serializer.dumps(seed)
        return token

    def matches(self, seed: str | None, token: str | None) -> bool:
        """Whether ``token`` was made from ``seed`` by this server."""
        if not seed or not token:
            return False
        try:
            signed = self._serializer.loads(token)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed, seed)
