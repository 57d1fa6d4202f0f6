"""The signed-in account's page; for an admin, the list of accounts (managed from the CLI/API)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bellpath.auth.accounts import change_password, list_users
from bellpath.errors import AccessDeniedError, InputError
from bellpath.records.models import Role, User
from bellpath.web.deps import CsrfProtected, CurrentUser, FormDep, ServicesDep, SessionDep
from bellpath.web.pages._render import Viewer, render
from bellpath.web.security import current_token

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/account")
def account_page(
    request: Request, session: SessionDep, user: CurrentUser, changed: str | None = None
) -> Response:
    """Who is signed in; admins also see every account (no clinical data)."""
    return _page(request, session, user, {"pw_done": changed == "password"})


@router.post("/account/password")
def change_password_submit(
    request: Request,
    _csrf: CsrfProtected,
    form: FormDep,
    session: SessionDep,
    services: ServicesDep,
    user: CurrentUser,
) -> Response:
    """Change your own password (the current one is needed); other sessions end."""
    current = str(form.get("current_password") or "")
    new = str(form.get("password") or "")
    try:
        change_password(
            session,
            actor=user,
            user_id=user.id,
            new_password=new,
            current_password=current,
            passwords=services.passwords,
            keep_token=current_token(request),
        )
    except AccessDeniedError:
        message = "Current password: that is not your current password. Please try again."
        errors = {"current_password": message}
        return _page(request, session, user, {"pw_errors": errors}, status_code=403)
    except InputError as exc:
        errors = {"password": f"New password: {exc.message}"}
        return _page(request, session, user, {"pw_errors": errors}, status_code=422)
    return RedirectResponse("/account?changed=password", status_code=303)


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    extra: dict[str, Any],
    status_code: int = 200,
) -> Response:
    accounts = []
    if user.role is Role.ADMIN:
        accounts = [
            {"email": u.email, "name": u.name, "role": u.role.value, "active": u.active}
            for u in list_users(session)
        ]
    ctx = {"accounts": accounts, "nav": "account", "pw_errors": {}, **extra}
    return render(request, "account.html", ctx, viewer=Viewer.of(user), status_code=status_code)
