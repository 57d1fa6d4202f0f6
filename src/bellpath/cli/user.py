"""``bellpath user``: manage accounts from the command line (the first admin, password resets)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from sqlalchemy import select

from bellpath.auth.accounts import change_password, create_user, list_users, normalise_email
from bellpath.auth.passwords import PasswordService
from bellpath.cli._app import app, guard
from bellpath.cli._interop_io import DatabaseOption, records_session
from bellpath.errors import InputError, NotFoundError
from bellpath.records.models import Role, User
from bellpath.settings import load_settings

__all__ = ["PASSWORD_ENV", "user_app"]

PASSWORD_ENV = "BELLPATH_PASSWORD"  # noqa: S105  (a variable name, not a secret)
"""Environment variable read for the password (prompted for when unset)."""

user_app = typer.Typer(help="Manage accounts (admin, clinician, patient).", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _passwords(database: str | None) -> PasswordService:
    """The password hasher with the configured Argon2 cost (settings as for ``--database``)."""
    overrides: dict[str, Any] = {"database_url": database} if database else {}
    settings = load_settings(**overrides)
    return PasswordService(
        time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
    )


def _password() -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    prompted: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return prompted


def _role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InputError("--role", allowed=[r.value for r in Role], received=value) from None


@user_app.command("create")
def create_command(
    email: Annotated[str, typer.Argument(help="E-mail address (the sign-in name).")],
    role: Annotated[str, typer.Option(help="admin, clinician or patient.")],
    name: Annotated[str, typer.Option(help="Name shown in the app.")] = "",
    database: DatabaseOption = None,
) -> None:
    """Create an account; the password comes from BELLPATH_PASSWORD or a prompt."""
    with guard():
        chosen = _role(role)
        address = normalise_email(email)
        passwords = _passwords(database)
        with records_session(database) as session:
            user = create_user(
                session,
                email=address,
                password=_password(),
                role=chosen,
                name=name,
                passwords=passwords,
            )
            typer.echo(f"created {user.role.value} {user.email} (id {user.id})")


@user_app.command("list")
def list_command(database: DatabaseOption = None) -> None:
    """List accounts: id, role, e-mail, name, active."""
    with guard(), records_session(database) as session:
        for user in list_users(session):
            state = "active" if user.active else "inactive"
            typer.echo(f"{user.id}\t{user.role.value}\t{user.email}\t{user.name}\t{state}")


@user_app.command("set-password")
def set_password_command(
    email: Annotated[str, typer.Argument(help="E-mail address of the account.")],
    database: DatabaseOption = None,
) -> None:
    """Set a new password (BELLPATH_PASSWORD or a prompt); signs the account out everywhere."""
    with guard():
        address = normalise_email(email)
        passwords = _passwords(database)
        with records_session(database) as session:
            user = session.scalar(select(User).where(User.email == address))
            if user is None:
                raise NotFoundError(f"no account with e-mail {address}")
            change_password(
                session,
                actor=None,
                user_id=user.id,
                passwords=passwords,
                new_password=_password(),
            )
            typer.echo(f"password changed for {user.email}")
