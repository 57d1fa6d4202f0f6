"""Item validation shared by the scales: every failure is a :class:`GradingError` naming the field.

Messages follow the project's pattern: the field, what is allowed, what was received, e.g.
``'sunnybrook.voluntary.snarl' must be an integer from 1 to 5 (got 7)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

from bellpath.errors import GradingError, format_allowed

__all__ = ["category", "integer_item", "integer_items", "mapping", "number_item"]

E = TypeVar("E", bound=StrEnum)


def integer_item(value: object, field: str, low: int, high: int) -> int:
    """Return ``value`` as an int in ``[low, high]`` or raise :class:`GradingError`.

    Booleans and non-integral floats are refused: a scale item is a whole number of points.
    """
    allowed = f"an integer from {low} to {high}"
    if isinstance(value, bool):
        raise GradingError(field, f"'{field}' must be {allowed} (got {value!r})", received=value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not low <= value <= high:
        raise GradingError(
            field,
            f"'{field}' must be {allowed} (got {value!r})",
            allowed=range(low, high + 1),
            received=value,
        )
    return value


def number_item(value: object, field: str, low: float, high: float) -> float:
    """Return ``value`` as a finite float in ``[low, high]`` or raise :class:`GradingError`."""
    allowed = f"a number from {low:g} to {high:g}"
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise GradingError(field, f"'{field}' must be {allowed} (got {value!r})", received=value)
    return number


def category(enum: type[E], value: object, field: str) -> E:
    """Return the member of ``enum`` whose value is ``value`` (members pass through)."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        try:
            return enum(value.strip().lower())
        except ValueError:
            pass
    allowed = [m.value for m in enum]
    raise GradingError(
        field,
        f"'{field}' must be one of {format_allowed(allowed)} (got {value!r})",
        allowed=allowed,
        received=value,
    )


def mapping(
    value: object, field: str, keys: Sequence[str], *, required: bool = True
) -> Mapping[str, object]:
    """Check that ``value`` is a mapping with exactly ``keys`` (all of them when ``required``)."""
    if not isinstance(value, Mapping):
        raise GradingError(
            field,
            f"'{field}' must be an object with keys {format_allowed(keys)} (got {value!r})",
            allowed=keys,
            received=value,
        )
    unknown = [k for k in value if k not in keys]
    if unknown:
        name = f"{field}.{unknown[0]}"
        raise GradingError(
            name,
            f"'{name}' is not an item of this scale; items are {format_allowed(keys)}",
            allowed=keys,
            received=unknown[0],
        )
    if required:
        missing = [k for k in keys if k not in value]
        if missing:
            name = f"{field}.{missing[0]}"
            raise GradingError(
                name,
                f"'{name}' is missing; every one of these is needed: {format_allowed(keys)}",
                allowed=keys,
                received=None,
            )
    return {str(k): v for k, v in value.items()}


def integer_items(value: object, field: str, count: int, low: int, high: int) -> tuple[int, ...]:
    """Check a list of exactly ``count`` integers in ``[low, high]`` (questionnaire order)."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise GradingError(
            field,
            f"'{field}' must be a list of {count} integers from {low} to {high} (got {value!r})",
            received=value,
        )
    if len(value) != count:
        raise GradingError(
            field,
            f"'{field}' must hold exactly {count} answers (got {len(value)})",
            allowed=[count],
            received=len(value),
        )
    return tuple(integer_item(v, f"{field}.{i}", low, high) for i, v in enumerate(value))
