"""HTTP side of authentication: session cookies, bearer tokens, CSRF for forms.

For page handlers (the pages use these; the API uses bearer tokens):

* :func:`sign_in` / :func:`sign_out` set and clear the session cookie (HttpOnly, SameSite=Lax,
  Secure over HTTPS or when ``BELLPATH_COOKIE_SECURE`` says so) and rotate the CSRF seed.
* :func:`csrf_token` gives the token to put in every form as ``<input name="csrf_token">``.
* ``CsrfProtected`` (in :mod:`bellpath.web.deps`) checks it on every form POST.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bellpath.auth.csrf import CsrfSigner
from bellpath.auth.passwords import PasswordService
from bellpath.auth.sessions import SessionStore, revoke_token
from bellpath.auth.throttle import LoginThrottle
from bellpath.auth.tokens import TokenKind
from bellpath.errors import AccessDeniedError
from bellpath.records.models import User
from bellpath.records.photos import PhotoMeasurer
from bellpath.records.videos import VideoAnalyser
from bellpath.settings import Settings

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "READ_METHODS",
    "SESSION_COOKIE",
    "CsrfError",
    "NotAuthenticatedError",
    "SecurityHeadersMiddleware",
    "Services",
    "check_csrf",
    "client_address",
    "csrf_token",
    "current_token",
    "patient_in_path",
    "services_of",
    "sign_in",
    "sign_out",
    "user_from_request",
]

SESSION_COOKIE = "bellpath_session"
CSRF_COOKIE = "bellpath_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_METHODS = frozenset({"GET", "HEAD"})
"""Requests that read: they get a reading session (``Services.reading``)."""


class NotAuthenticatedError(AccessDeniedError):
    """No valid session or token: sign in (API: 401 with ``WWW-Authenticate: Bearer``)."""

    code = "not_authenticated"

    def __init__(
        self, message: str = "sign in first: send 'Authorization: Bearer <token>'"
    ) -> None:
        super().__init__(message)


class CsrfError(AccessDeniedError):
    """A form without a valid CSRF token (403): reload the page and send the form again."""

    code = "csrf"

    def __init__(self) -> None:
        super().__init__("the form has expired or did not come from bellpath; reload and retry")


@dataclass(frozen=True)
class Services:
    """Everything a request needs besides its own input; one per app (``app.state.services``)."""

    settings: Settings
    sessions: sessionmaker[Session]
    reading: sessionmaker[Session]
    """Sessions of ``GET`` requests: they store nothing but audit events (on PostgreSQL without a
    transaction round trip; :func:`bellpath.records.db.make_reading_factory`)."""
    passwords: PasswordService
    tokens: SessionStore
    """Server-side sessions and API tokens (revocable; idle and absolute time-outs)."""
    csrf: CsrfSigner
    throttle: LoginThrottle
    measurer: PhotoMeasurer | None
    video_analyser: VideoAnalyser | None = None
    """Analyses uploaded videos; ``None`` refuses video uploads (tests without MediaPipe)."""


def services_of(request: Request) -> Services:
    """The app's :class:`Services`."""
    services: Services = request.app.state.services
    return services


def client_address(request: Request) -> str:
    """The peer address (for throttling; proxies are not trusted)."""
    return request.client.host if request.client else "unknown"


def _secure(request: Request, settings: Settings) -> bool:
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return request.url.scheme == "https"


def _csrf_seed(request: Request) -> str:
    fresh: str | None = getattr(request.state, "csrf_new_seed", None)
    return fresh or request.cookies.get(CSRF_COOKIE, "")


def csrf_token(request: Request) -> str:
    """The CSRF token for this browser (a new seed is set as a cookie on the response)."""
    seed = _csrf_seed(request)
    services = services_of(request)
    if not seed:
        seed = services.csrf.new_seed()
        request.state.csrf_new_seed = seed
        request.state.csrf_secure = _secure(request, services.settings)
    return services.csrf.token_for(seed)


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse a form whose token does not match this browser's seed (:class:`CsrfError`)."""
    if not services_of(request).csrf.matches(request.cookies.get(CSRF_COOKIE), token):
        raise CsrfError


def sign_in(request: Request, response: Response, user: User, session: Session) -> None:
    """Start a browser session for ``user``: a server-side session, its cookie, a new CSRF seed."""
    services = services_of(request)
    secure = _secure(request, services.settings)
    token = services.tokens.open(session, user=user, kind=TokenKind.SESSION)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=services.tokens.absolute_s[TokenKind.SESSION],
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )
    seed = services.csrf.new_seed()
    request.state.csrf_new_seed = seed
    response.set_cookie(CSRF_COOKIE, seed, httponly=True, secure=secure, samesite="lax", path="/")


def sign_out(
    response: Response, request: Request | None = None, session: Session | None = None
) -> None:
    """End the browser session: revoked server-side (a copied cookie stops working), cookies
    cleared."""
    token = request.cookies.get(SESSION_COOKIE) if request is not None else None
    if token and session is not None:
        revoke_token(session, token=token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def current_token(request: Request) -> str | None:
    """The token (bearer or session cookie) the request was authenticated with."""
    token: str | None = getattr(request.state, "auth_token", None)
    return token


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def patient_in_path(request: Request) -> int | None:
    """The patient a ``/patients/{patient_id}...`` URL names, if any (``None`` for a route
    without one, or an id that is not a number: the route itself answers that)."""
    raw = request.path_params.get("patient_id")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _record_read(request: Request) -> int | None:
    """The patient whose record a read (``GET``) asks for, if any: the account and the record's
    state are then read in one round trip."""
    return patient_in_path(request) if request.method in READ_METHODS else None


def user_from_request(request: Request, session: Session) -> User | None:
    """The signed-in user (bearer token first, then session cookie) or ``None``.

    A cookie-authenticated request that changes something must carry the CSRF token in the
    ``X-CSRF-Token`` header (forms use ``CsrfProtected`` instead and are checked there).
    """
    services = services_of(request)
    bearer = _bearer(request)
    if bearer is not None:
        token, kind = bearer, TokenKind.BEARER
    else:
        token, kind = request.cookies.get(SESSION_COOKIE) or "", TokenKind.SESSION

    def touch(due: str) -> None:  # its own short transaction (see SessionStore.resolve)
        with services.sessions() as own, own.begin():
            services.tokens.touch(own, token=due)

    user = (
        services.tokens.resolve(
            session, token=token, kind=kind, touch=touch, record=_record_read(request)
        )
        if token
        else None
    )
    if user is None:
        return None
    if kind is TokenKind.SESSION and request.method not in SAFE_METHODS:
        header = request.headers.get(CSRF_HEADER)
        if header is not None:
            check_csrf(request, header)
        elif request.url.path.startswith("/api/"):
            raise CsrfError
    request.state.auth_token = token
    return user


_SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    ),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
]


class SecurityHeadersMiddleware:
    """Adds security headers, ``no-store`` for health data, and a pending CSRF seed cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS:
                    if name.decode() not in headers:
                        headers.append(name.decode(), value.decode())
                if not str(scope.get("path", "")).startswith("/static/"):
                    headers.setdefault("cache-control", "no-store")
                state: dict[str, Any] = scope.get("state") or {}
                seed = state.get("csrf_new_seed")
                if seed and not _sets_cookie(headers, CSRF_COOKIE):
                    cookie = Response()
                    cookie.set_cookie(
                        CSRF_COOKIE,
                        seed,
                        httponly=True,
                        secure=bool(state.get("csrf_secure")),
                        samesite="lax",
                        path="/",
                    )
                    headers.append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _sets_cookie(headers: MutableHeaders, name: str) -> bool:
    return any(v.startswith(f"{name}=") for v in headers.getlist("set-cookie"))
