"""``POST /api/v1/auth/token``: OAuth2 password flow for integrations; ``GET /me``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status
from fastapi.responses import JSONResponse

from bellpath.auth.accounts import authenticate
from bellpath.auth.sessions import revoke_token
from bellpath.auth.tokens import TokenKind
from bellpath.records.audit import AuditAction, record_event
from bellpath.web.api._errors import ErrorBody
from bellpath.web.api.schemas import Token, UserPublic
from bellpath.web.deps import CurrentUser, ServicesDep, SessionDep
from bellpath.web.security import client_address, current_token

__all__ = ["router"]

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=Token,
    responses={
        401: {"model": ErrorBody, "description": "Wrong e-mail or password"},
        429: {"model": ErrorBody, "description": "Too many failures: wait for Retry-After"},
    },
)
def issue_token(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    username: Annotated[str, Form(min_length=1, max_length=254)],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
) -> Token | JSONResponse:
    """Exchange an e-mail (``username``) and password for a bearer token."""
    user = authenticate(
        session,
        email=username,
        password=password,
        passwords=services.passwords,
        throttle=services.throttle,
        client=client_address(request),
    )
    if user is None:
        # Returned, not raised: the failed attempt stays in the audit trail.
        return JSONResponse(
            {"error": "invalid_credentials", "message": "wrong e-mail or password"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    record_event(
        session, actor=user, action=AuditAction.TOKEN_ISSUED, entity="user", entity_id=user.id
    )
    token = services.tokens.open(session, user=user, kind=TokenKind.BEARER)
    return Token(
        access_token=token,
        expires_in=services.tokens.absolute_s[TokenKind.BEARER],
        password_change_required=user.must_change_password,
    )


@router.get("/me", response_model=UserPublic)
def who_am_i(user: CurrentUser) -> UserPublic:
    """The account the token belongs to."""
    return UserPublic.model_validate(user)


@router.post("/sign-out", status_code=status.HTTP_204_NO_CONTENT)
def sign_out_token(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Revoke the token (or session) this request came with; it stops working at once."""
    token = current_token(request)
    if token is not None:
        revoke_token(session, token=token)
    record_event(session, actor=user, action=AuditAction.SIGN_OUT, entity="user", entity_id=user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
