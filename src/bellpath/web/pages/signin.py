"""Sign-in and sign-out pages, and the front door that sends each role to its own start page."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bellpath.auth.accounts import authenticate
from bellpath.auth.throttle import LoginThrottledError
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.models import Role, User
from bellpath.web.deps import CsrfProtected, FormDep, OptionalUser, ServicesDep, SessionDep
from bellpath.web.pages._render import Viewer, render
from bellpath.web.security import client_address, sign_in, sign_out

__all__ = ["home_for", "router"]

router = APIRouter(include_in_schema=False)

SIGN_IN_FAILED = "That e-mail and password do not match an active account. Please try again."
MISSING_PASSWORD = "Password: please enter your password. You entered nothing."  # noqa: S105


def home_for(user: User | Viewer) -> str:
    """Where a role starts: clinicians at their patient list, patients at their own record."""
    if user.role is Role.PATIENT:
        return "/me"
    if user.role is Role.CLINICIAN:
        return "/patients"
    return "/account"


def _safe_next(target: str | None) -> str | None:
    """Only a local path is followed after sign-in (never another site)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@router.get("/")
def front_door(user: OptionalUser) -> Response:
    """Signed in: go to the start page of the role; otherwise to the sign-in page."""
    if user is None:
        return RedirectResponse("/signin", status_code=303)
    return RedirectResponse(home_for(user), status_code=303)


@router.get("/signin")
def signin_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    """The sign-in form (already signed in: straight to the start page)."""
    if user is not None:
        return RedirectResponse(_safe_next(next) or home_for(user), status_code=303)
    return render(
        request,
        "signin.html",
        {"next_url": _safe_next(next) or "", "demo_hint": _demo_hint(request)},
    )


@router.post("/signin")
def signin_submit(
    request: Request,
    _csrf: CsrfProtected,
    form: FormDep,
    session: SessionDep,
    services: ServicesDep,
) -> Response:
    """Check the password (throttled); on success set the session cookie and go on."""
    email = str(form.get("email") or "").strip()
    secret = str(form.get("password") or "")
    next_url = _safe_next(str(form.get("next") or "")) or ""
    values = {"email": email}
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = "E-mail: please enter the e-mail of your account. You entered nothing."
    if not secret:
        errors["password"] = MISSING_PASSWORD
    if errors:
        ctx = {"errors": errors, "values": values, "next_url": next_url}
        return render(request, "signin.html", ctx, status_code=422)
    try:
        user = authenticate(
            session,
            email=email,
            password=secret,
            passwords=services.passwords,
            throttle=services.throttle,
            client=client_address(request),
        )
    except LoginThrottledError as exc:
        minutes = max(1, round(exc.retry_after_s / 60))
        message = (
            "Too many attempts to sign in. For your safety, please wait about "
            f"{minutes} minute{'s' if minutes != 1 else ''} and try again."
        )
        ctx = {"error": message, "values": values, "next_url": next_url}
        return render(request, "signin.html", ctx, status_code=429)
    if user is None:
        ctx = {"error": SIGN_IN_FAILED, "values": values, "next_url": next_url}
        return render(request, "signin.html", ctx, status_code=401)
    target = "/account" if user.must_change_password else next_url or home_for(user)
    response = RedirectResponse(target, status_code=303)
    sign_in(request, response, user, session)
    return response


@router.post("/signout")
def signout(
    request: Request, _csrf: CsrfProtected, session: SessionDep, user: OptionalUser
) -> Response:
    """End the session (revoked on the server) and return to the sign-in page."""
    response = RedirectResponse("/signin", status_code=303)
    sign_out(response, request, session)
    if user is not None:
        record_event(
            session, actor=user, action=AuditAction.SIGN_OUT, entity="user", entity_id=user.id
        )
    return response


def _demo_hint(request: Request) -> str | None:
    hint: str | None = getattr(request.app.state, "demo_sign_in", None)
    return hint
