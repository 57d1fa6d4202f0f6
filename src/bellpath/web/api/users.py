"""``/api/v1/users``: account management (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from pydantic import BaseModel

from bellpath.auth.accounts import (
    create_user,
    get_user,
    list_users,
    revoke_sessions,
    update_user,
)
from bellpath.web.api.schemas import UserCreate, UserPublic, UserUpdate
from bellpath.web.deps import CurrentAdmin, CurrentUser, ServicesDep, SessionDep
from bellpath.web.security import current_token

__all__ = ["router"]

router = APIRouter(prefix="/users", tags=["users"])


class SessionsRevoked(BaseModel):
    """How many sessions and tokens were ended."""

    revoked: int


@router.get("", response_model=list[UserPublic])
def users(session: SessionDep, admin: CurrentAdmin) -> list[UserPublic]:
    """Every account."""
    del admin
    return [UserPublic.model_validate(u) for u in list_users(session)]


@router.post("", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
def new_user(
    body: UserCreate, session: SessionDep, services: ServicesDep, admin: CurrentAdmin
) -> UserPublic:
    """Create an account."""
    user = create_user(
        session,
        email=body.email,
        password=body.password,
        role=body.role,
        name=body.name,
        passwords=services.passwords,
        actor=admin,
    )
    return UserPublic.model_validate(user)


@router.get("/{user_id}", response_model=UserPublic)
def one_user(user_id: int, session: SessionDep, admin: CurrentAdmin) -> UserPublic:
    """One account."""
    del admin
    return UserPublic.model_validate(get_user(session, user_id=user_id))


@router.patch("/{user_id}", response_model=UserPublic)
def change_user(
    request: Request,
    user_id: int,
    *,
    body: UserUpdate,
    session: SessionDep,
    services: ServicesDep,
    user: CurrentUser,
) -> UserPublic:
    """Change an account (admins any; others their own name and password).

    Your own password needs ``current_password``; your other sessions and tokens end. An admin
    setting someone else's password ends all of theirs and they must change it at next sign-in.
    """
    changed = update_user(
        session,
        actor=user,
        user_id=user_id,
        passwords=services.passwords,
        name=body.name,
        role=body.role,
        active=body.active,
        password=body.password,
        current_password=body.current_password,
        keep_token=current_token(request),
    )
    return UserPublic.model_validate(changed)


@router.delete("/{user_id}/sessions", response_model=SessionsRevoked)
def revoke_user_sessions(user_id: int, session: SessionDep, user: CurrentUser) -> SessionsRevoked:
    """Sign an account out everywhere: every session and API token ends (admins for anyone;
    others for themselves)."""
    return SessionsRevoked(revoked=revoke_sessions(session, actor=user, user_id=user_id))
