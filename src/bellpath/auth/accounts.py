"""Account repository: create, find, change and authenticate users. Keyword-only arguments."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bellpath.auth.passwords import PasswordService, check_password
from bellpath.auth.sessions import revoke_user_sessions
from bellpath.auth.throttle import LoginThrottle
from bellpath.errors import AccessDeniedError, InputError, NotFoundError
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.models import Role, User

__all__ = [
    "authenticate",
    "change_password",
    "count_admins",
    "create_user",
    "get_user",
    "list_users",
    "normalise_email",
    "revoke_sessions",
    "update_user",
    "user_for_token",
]

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_MAX_EMAIL = 254


def normalise_email(email: str) -> str:
    """Trim and lower-case an e-mail address, refusing one that cannot be an address.

    Raises
    ------
    InputError
        ``email`` is not of the form ``name@domain.tld``.
    """
    cleaned = email.strip().lower()
    if len(cleaned) > _MAX_EMAIL or not _EMAIL.match(cleaned):
        raise InputError(
            "email",
            "'email' must be an address like name@example.org",
            received=email,
        )
    return cleaned


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if len(cleaned) > 200:
        raise InputError("name", "'name' must be at most 200 characters", received=len(cleaned))
    return cleaned


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role,
    passwords: PasswordService,
    name: str = "",
    actor: User | None = None,
) -> User:
    """Create an account. ``actor`` (an admin) is recorded in the audit trail; ``None`` = CLI.

    Raises
    ------
    InputError
        A malformed or taken e-mail, or a password outside the policy.
    """
    address = normalise_email(email)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise InputError("email", "'email' is already used by another account", received=address)
    user = User(
        email=address,
        name=_clean_name(name),
        role=role,
        password_hash=passwords.hash(check_password(password, email=address)),
        active=True,
        auth_epoch=0,
    )
    session.add(user)
    session.flush()
    record_event(session, actor=actor, action=AuditAction.CREATE, entity="user", entity_id=user.id)
    return user


def get_user(session: Session, *, user_id: int) -> User:
    """One account by id."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id} not found")
    return user


def list_users(session: Session) -> Sequence[User]:
    """Every account, by e-mail."""
    return session.scalars(select(User).order_by(User.email)).all()


def count_admins(session: Session) -> int:
    """Active admin accounts."""
    query = select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)
    return session.scalar(query) or 0


def update_user(
    session: Session,
    *,
    actor: User,
    user_id: int,
    passwords: PasswordService,
    name: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
    password: str | None = None,
    current_password: str | None = None,
    keep_token: str | None = None,
) -> User:
    """Change an account (admins; anyone may change their own name and password).

    A password change goes through :func:`change_password`; deactivation revokes every session
    and token of the account.
    """
    if not actor.role.manages_accounts and actor.id != user_id:
        raise NotFoundError(f"user {user_id} not found")  # other accounts are not even visible
    user = get_user(session, user_id=user_id)
    if not actor.role.manages_accounts and (role is not None or active is not None):
        raise AccessDeniedError("only an admin may change roles or activation")
    demoting = role is not None and role is not Role.ADMIN
    if user.role is Role.ADMIN and (demoting or active is False) and count_admins(session) <= 1:
        raise InputError(
            "role" if demoting else "active",
            "the last active admin cannot be demoted or deactivated; create another admin first",
            received=(role.value if role is not None else active),
        )
    if name is not None:
        user.name = _clean_name(name)
    if role is not None:
        user.role = role
    if active is not None:
        if user.active and not active:
            user.auth_epoch += 1
            revoke_user_sessions(session, user_id=user.id)
        user.active = active
    if password is not None:
        change_password(
            session,
            actor=actor,
            user_id=user.id,
            new_password=password,
            current_password=current_password,
            passwords=passwords,
            keep_token=keep_token,
        )
    session.flush()
    record_event(session, actor=actor, action=AuditAction.UPDATE, entity="user", entity_id=user.id)
    return user


def change_password(
    session: Session,
    *,
    actor: User | None,
    user_id: int,
    new_password: str,
    passwords: PasswordService,
    current_password: str | None = None,
    keep_token: str | None = None,
) -> User:
    """Set a new password and end the account's other sessions and tokens.

    * Your own password: ``current_password`` must be right (a stolen session alone cannot take
      the account over); the session making the change (``keep_token``) stays signed in.
    * An admin resetting someone else's: every session ends and the owner must choose a new
      password at the next sign-in.
    * ``actor=None`` is the command line on the server (``bellpath user set-password``).

    Raises
    ------
    AccessDeniedError
        The current password is missing or wrong (403), or the actor may not change it.
    InputError
        The new password is outside the policy, or the same as the current one.
    """
    user = get_user(session, user_id=user_id)
    own = actor is not None and actor.id == user.id
    if actor is not None and not own and not actor.role.manages_accounts:
        raise NotFoundError(f"user {user_id} not found")
    if own and not passwords.verify(user.password_hash, current_password or ""):
        raise AccessDeniedError(
            "to change your password, send your current password as 'current_password'"
        )
    check_password(new_password, email=user.email)
    if own and current_password == new_password:
        raise InputError(
            "password",
            "'password' must differ from the current password",
            received=f"<{len(new_password)} characters>",
        )
    user.password_hash = passwords.hash(new_password)
    user.auth_epoch += 1
    user.must_change_password = actor is not None and not own
    revoke_user_sessions(session, user_id=user.id, keep=keep_token if own else None)
    action = AuditAction.PASSWORD_CHANGED if own or actor is None else AuditAction.PASSWORD_RESET
    record_event(session, actor=actor, action=action, entity="user", entity_id=user.id)
    return user


def revoke_sessions(session: Session, *, actor: User, user_id: int) -> int:
    """End every session and token of an account (an admin for anyone; anyone for their own)."""
    if not actor.role.manages_accounts and actor.id != user_id:
        raise NotFoundError(f"user {user_id} not found")
    user = get_user(session, user_id=user_id)
    ended = revoke_user_sessions(session, user_id=user.id)
    record_event(
        session, actor=actor, action=AuditAction.SESSIONS_REVOKED, entity="user", entity_id=user.id
    )
    return ended


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    passwords: PasswordService,
    throttle: LoginThrottle,
    client: str = "unknown",
) -> User | None:
    """The active account matching ``email`` and ``password``, or ``None``.

    Unknown e-mails cost the same time as wrong passwords. Too many failures for the account or
    the client address raise :class:`~bellpath.auth.throttle.LoginThrottledError`. A hash made with
    older costs is upgraded on success.
    """
    address = email.strip().lower()
    throttle.check(address, client)
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        passwords.dummy_verify()
        ok = False
    else:
        ok = passwords.verify(user.password_hash, password) and user.active
    if not ok or user is None:
        throttle.failed(address, client)
        record_event(
            session,
            actor=user,
            action=AuditAction.SIGN_IN_FAILED,
            entity="user",
            entity_id=user.id if user else None,
        )
        return None
    throttle.succeeded(address, client)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
    record_event(session, actor=user, action=AuditAction.SIGN_IN, entity="user", entity_id=user.id)
    return user


def user_for_token(session: Session, *, user_id: int, epoch: int) -> User | None:
    """The active account a token names, if the token's epoch is still current."""
    user = session.get(User, user_id)
    if user is None or not user.active or user.auth_epoch != epoch:
        return None
    return user
