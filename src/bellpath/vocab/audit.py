"""Audit vocabulary: what happened to a record or an account (the ``action`` of an audit event;
docs/security.md). The patient's audit page shows each action's label."""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["AUDIT_ACTION_TERMS", "AuditAction"]

_AUDIT = "bellpath audit trail (docs/security.md)"


class AuditAction(Coded):
    """What happened: writes, sign-ins and reads of a patient's record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    TOKEN_ISSUED = "token_issued"  # noqa: S105  (an action name)
    SIGN_OUT = "sign_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105  (an action name)
    PASSWORD_RESET = "password_reset"  # noqa: S105  (an action name)
    SESSIONS_REVOKED = "sessions_revoked"
    EXPORT = "export"
    VIEW = "view"


def _row(label: str, patient: str, name: str) -> Term:
    return Term(label, patient, name=name, source=_AUDIT)


AUDIT_ACTION_TERMS: Mapping[AuditAction, Term] = define_terms(
    AuditAction,
    {
        AuditAction.CREATE: _row("Added", "added", "create"),
        AuditAction.UPDATE: _row("Corrected", "corrected", "update"),
        AuditAction.DELETE: _row("Removed", "removed", "delete"),
        AuditAction.SIGN_IN: _row("Signed in", "signed in", "sign in"),
        AuditAction.SIGN_IN_FAILED: _row("Sign-in failed", "a sign-in failed", "sign in failed"),
        AuditAction.TOKEN_ISSUED: _row(
            "Access key issued", "an access key was issued", "token issued"
        ),
        AuditAction.SIGN_OUT: _row("Signed out", "signed out", "sign out"),
        AuditAction.PASSWORD_CHANGED: _row(
            "Password changed", "the password was changed", "password changed"
        ),
        AuditAction.PASSWORD_RESET: _row(
            "Password reset", "the password was reset", "password reset"
        ),
        AuditAction.SESSIONS_REVOKED: _row(
            "Signed out everywhere", "signed out on every device", "sessions revoked"
        ),
        AuditAction.EXPORT: _row("Exported", "exported", "export"),
        AuditAction.VIEW: _row("Viewed", "viewed", "view"),
    },
)
