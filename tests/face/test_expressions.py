"""Expression labels: behaviour of the enum and reading labels from visit file names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import InputError
from bellpath.face.expressions import Expression, expression_from_name, parse_expression


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("01_rest.jpg", Expression.REST),
        ("IMG_0042-brow-raise.heic", Expression.BROW_RAISE),
        ("gentle closure.png", Expression.GENTLE_CLOSURE),
        ("eyes_closed_tight.JPG", Expression.TIGHT_CLOSURE),
        ("big_smile.jpeg", Expression.SMILE),
        ("nose-wrinkle.jpg", Expression.SNARL),
        ("05_Pucker.jpg", Expression.PUCKER),
        ("08_eeee.png", Expression.EEE),
        ("/visits/2024-05-01/neutral.jpg", Expression.REST),  # folder names are not read
        ("IMG_1234.jpg", None),  # no label
        ("between.jpg", None),  # 'eee' inside a word is not a label
    ],
    ids=str,
)
def test_expression_from_name(name: str, expected: Expression | None) -> None:
    assert expression_from_name(name) is expected


def test_name_with_two_expressions_is_an_error_not_a_guess() -> None:
    with pytest.raises(InputError) as info:
        expression_from_name("smile_pucker.jpg")
    assert "pucker" in info.value.message
    assert "smile" in info.value.message


@given(st.sampled_from(list(Expression)), st.sampled_from(["", "IMG_12_", "visit2-"]))
def test_every_code_round_trips_through_a_file_name(expr: Expression, prefix: str) -> None:
    assert expression_from_name(f"{prefix}{expr.value}.jpg") is expr


def test_eyes_open_rule() -> None:
    closed = {e for e in Expression if e.eyes_should_be_closed}
    assert closed == {Expression.GENTLE_CLOSURE, Expression.TIGHT_CLOSURE}
    assert all(e.instruction and e.label for e in Expression)


@pytest.mark.parametrize("raw", ["smile", "Brow-Raise", " tight closure "])
def test_parse_expression_accepts_spellings(raw: str) -> None:
    assert isinstance(parse_expression(raw), Expression)


def test_parse_expression_names_field_allowed_and_received() -> None:
    with pytest.raises(InputError) as info:
        parse_expression("grin")
    assert info.value.field == "expression"
    assert "rest" in info.value.message
    assert "'grin'" in info.value.message
