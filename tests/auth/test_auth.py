"""The auth package on its own: password policy and hashing, signed tokens and CSRF tokens (the
sign-in throttle has its own tests; the routes that use them are tested in tests/web)."""

from __future__ import annotations

import pytest

from bellpath.auth.csrf import CsrfSigner
from bellpath.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordService,
    check_password,
)
from bellpath.auth.tokens import TokenKind, TokenSigner
from bellpath.errors import InputError

CHEAP = PasswordService(time_cost=1, memory_kib=64)


@pytest.mark.parametrize(
    "password",
    [
        "",
        " " * MIN_PASSWORD_LENGTH,
        "x" * (MIN_PASSWORD_LENGTH - 1),
        "x" * (MAX_PASSWORD_LENGTH + 1),
    ],
    ids=["empty", "only-spaces", "too-short", "too-long"],
)
def test_password_policy_refuses_and_never_repeats_the_password(password: str) -> None:
    with pytest.raises(InputError) as info:
        check_password(password)
    assert info.value.field == "password"
    assert f"{len(password)} characters" in info.value.message
    if password.strip():
        assert password not in info.value.message


def test_a_hash_verifies_its_password_only() -> None:
    stored = CHEAP.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert CHEAP.verify(stored, "correct horse battery")
    assert not CHEAP.verify(stored, "correct horse batterY")
    assert not CHEAP.verify("not a hash", "correct horse battery")
    assert not CHEAP.needs_rehash(stored)
    assert PasswordService(time_cost=2, memory_kib=64).needs_rehash(stored)


def test_tokens_round_trip_per_kind_and_refuse_tampering() -> None:
    signer = TokenSigner("s" * 40, session_max_age_s=60, bearer_max_age_s=60)
    token = signer.issue(TokenKind.BEARER, user_id=7, epoch=2)
    claims = signer.read(TokenKind.BEARER, token)
    assert claims is not None
    assert (claims.user_id, claims.epoch) == (7, 2)
    assert signer.read(TokenKind.SESSION, token) is None  # another kind's salt
    assert signer.read(TokenKind.BEARER, token[:-2] + "xx") is None
    other = TokenSigner("o" * 40, session_max_age_s=60, bearer_max_age_s=60)
    assert other.read(TokenKind.BEARER, token) is None


def test_csrf_token_matches_its_seed_only() -> None:
    signer = CsrfSigner("s" * 40)
    seed = signer.new_seed()
    token = signer.token_for(seed)
    assert signer.matches(seed, token)
    assert not signer.matches(signer.new_seed(), token)
    assert not signer.matches(seed, None)
    assert not signer.matches(None, token)
    assert not CsrfSigner("o" * 40).matches(seed, token)
