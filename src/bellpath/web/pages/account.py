"""The signed-in account's page; for an admin, the list of accounts (managed from the CLI/API)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bellpath.auth.accounts import list_users
from bellpath.records.models import Role
from bellpath.web.deps import CurrentUser, SessionDep
from bellpath.web.pages._render import Viewer, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/account")
def account_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Who is signed in; admins also see every account (no clinical data)."""
    accounts = []
    if user.role is Role.ADMIN:
        accounts = [
            {"email": u.email, "name": u.name, "role": u.role.value, "active": u.active}
            for u in list_users(session)
        ]
    ctx = {"accounts": accounts, "nav": "account"}
    return render(request, "account.html", ctx, viewer=Viewer.of(user))
