"""The one exception tree: messages name the field, the allowed values and what was received."""

from __future__ import annotations

import pytest

from bellpath.errors import (
    AccessDeniedError,
    BellpathError,
    GradingError,
    InputError,
    LabUnitError,
    NotFoundError,
    RecordError,
    format_allowed,
)


def test_input_error_builds_its_message_from_the_field_and_allowed_values() -> None:
    error = InputError("labs.0.unit", allowed=["pg/mL", "pmol/L"], received="mg")
    assert error.message == "'labs.0.unit' must be one of pg/mL, pmol/L (got 'mg')"
    assert str(error) == error.message
    assert error.field == "labs.0.unit"
    assert (error.allowed, error.received) == (["pg/mL", "pmol/L"], "mg")


def test_input_error_without_allowed_values_says_invalid() -> None:
    assert InputError("age", received=-1).message == "'age' is invalid (got -1)"


@pytest.mark.parametrize(
    ("kind", "parents"),
    [
        (LabUnitError, (InputError, ValueError, BellpathError)),
        (GradingError, (InputError, BellpathError)),
        (NotFoundError, (RecordError, BellpathError)),
        (AccessDeniedError, (RecordError, BellpathError)),
    ],
)
def test_every_error_is_caught_by_the_base_class(
    kind: type[BellpathError], parents: tuple[type[Exception], ...]
) -> None:
    assert issubclass(kind, parents)


def test_format_allowed_joins_in_order() -> None:
    assert format_allowed(["a", 1, None]) == "a, 1, None"
