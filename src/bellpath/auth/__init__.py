"""Accounts and authentication: Argon2 passwords, signed sessions and tokens, CSRF, throttling.

Pure of HTTP: the web layer (:mod:`bellpath.web.security`) puts these on cookies and headers.

May import: the records models, the vocabulary, errors and the clock; never the web or the CLI.
"""

from __future__ import annotations

from bellpath.auth.accounts import authenticate, create_user
from bellpath.auth.csrf import CsrfSigner
from bellpath.auth.passwords import PasswordService
from bellpath.auth.throttle import LoginThrottle
from bellpath.auth.tokens import TokenKind, TokenSigner

__all__ = [
    "CsrfSigner",
    "LoginThrottle",
    "PasswordService",
    "TokenKind",
    "TokenSigner",
    "authenticate",
    "create_user",
]
