"""Password hashing with Argon2id (argon2-cffi) and the password policy."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bellpath.errors import InputError

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "PasswordService",
    "check_password",
    "common_passwords",
]

MIN_PASSWORD_LENGTH = 12
"""Shortest password accepted (OWASP ASVS 2.1.1 asks for at least 12 characters)."""
MAX_PASSWORD_LENGTH = 1024
MIN_DISTINCT_CHARACTERS = 5
"""``aaaaaaaaaaaa`` or ``121212121212`` is long but not a password."""

_COMMON_FILE = Path(__file__).with_name("common-passwords.txt.gz")
_EDGES = "0123456789!@#$%^&*()-_=+.,;:?'\"/\\ "


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The bundled list of the 10,000 most common passwords (lower case; no network)."""
    with gzip.open(_COMMON_FILE, "rt", encoding="utf-8-sig") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def _is_common(password: str) -> bool:
    lowered = password.lower()
    core = lowered.strip(_EDGES)
    common = common_passwords()
    return lowered in common or (len(core) >= 4 and core in common)


def _refuse(reason: str, password: str) -> InputError:
    return InputError(
        "password",
        f"'password' {reason} (got {len(password)} characters)",
        received=f"<{len(password)} characters>",
    )


def check_password(password: str, *, email: str | None = None) -> str:
    """Refuse a password outside the policy: 12 to 1024 characters, not only spaces, not one of
    the common passwords (also with digits or symbols around it), not containing the e-mail.

    Raises
    ------
    InputError
        ``password`` outside the policy; the message never repeats the password.
    """
    if not password.strip() or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise _refuse(
            f"must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters and not only "
            "spaces; a few unrelated words make a good one",
            password,
        )
    if len(set(password)) < MIN_DISTINCT_CHARACTERS or _is_common(password):
        raise _refuse(
            "is too common or too simple to keep an account safe; choose a few unrelated words",
            password,
        )
    if email:
        address = email.strip().lower()
        local = address.split("@", 1)[0]
        lowered = password.lower()
        if address in lowered or (len(local) >= 4 and local in lowered):
            raise _refuse("must not contain your e-mail address or its name part", password)
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
        """An Argon2id hash of ``password`` (the policy is checked by the account functions)."""
        if not password.strip() or len(password) > MAX_PASSWORD_LENGTH:
            raise _refuse(f"must be at most {MAX_PASSWORD_LENGTH} characters", password)
        result: str = self._hasher.hash(password)
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
