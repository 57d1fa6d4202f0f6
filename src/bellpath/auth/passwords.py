"""Password hashing with Argon2id (argon2-cffi) and the password policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bellpath.errors import InputError

__all__ = ["MAX_PASSWORD_LENGTH", "MIN_PASSWORD_LENGTH", "PasswordService", "check_password"]

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask a little more)."""
MAX_PASSWORD_LENGTH = 1024


def check_password(password: str) -> str:
    """Refuse a password that is too short, too long, or only spaces.

    Raises
    ------
    InputError
        ``password`` out of bounds; the message never repeats the password.
    """
    if not password.strip() or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InputError(
            "password",
            f"'password' must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters and "
            f"not only spaces (got {len(password)} characters)",
            received=f"<{len(password)} characters>",
        )
    return password


@dataclass(frozen=True)
class PasswordService:
    """Hashes and verifies passwords. Costs are settings (lower them only in tests)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    _hasher: PasswordHasher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lanes = max(1, min(4, self.memory_kib // 8))
        hasher = PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=lanes
        )
        object.__setattr__(self, "_hasher", hasher)

    def hash(self, password: str) -> str:
        """An Argon2id hash of ``password`` (checked against the policy first)."""
        result: str = self._hasher.hash(check_password(password))
        return result

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; a malformed hash is simply a mismatch."""
        try:
            return bool(self._hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other costs (rehash on the next sign-in)."""
        try:
            return bool(self._hasher.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True

    def dummy_verify(self) -> None:
        """Spend the time of one verification (sign-in with an unknown e-mail)."""
        self.verify(_DUMMY.get(self), "not-the-password")


class _DummyCache:
    def __init__(self) -> None:
        self._hashes: dict[tuple[int, int], str] = {}

    def get(self, service: PasswordService) -> str:
        key = (service.time_cost, service.memory_kib)
        if key not in self._hashes:
            self._hashes[key] = service.hash("a-dummy-password-for-timing")
        return self._hashes[key]


_DUMMY = _DummyCache()
