"""Options, checks and helpers that several ``bellpath`` commands share (one place, one wording)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from bellpath.errors import InputError
from bellpath.guidance import B6UpperLevel

__all__ = [
    "B6LimitOption",
    "ProfileOption",
    "check_mm_per_px",
    "native_stderr_quiet",
    "parse_b6_limit",
    "parse_date_option",
]

ProfileOption = Annotated[
    str,
    typer.Option(
        help="Lab reference profile: bsh2014, nice_ng239, or a profile file.",
        metavar="PROFILE",
    ),
]
B6LimitOption = Annotated[
    str,
    typer.Option(
        "--b6-limit",
        help="B6 upper level: efsa (12 mg), iom (100), uk_evm (10).",
        metavar="LEVEL",
    ),
]


def parse_b6_limit(value: str) -> B6UpperLevel:
    """The ``--b6-limit`` value as a :class:`B6UpperLevel`, or an error naming the levels."""
    try:
        return B6UpperLevel(value.strip().casefold())
    except ValueError:
        raise InputError("--b6-limit", allowed=list(B6UpperLevel), received=value) from None


def parse_date_option(value: str, field: str) -> dt.date:
    """A ``YYYY-MM-DD`` option value as a date, or an error naming the option and the value."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            field, f"'{field}' must be a date as YYYY-MM-DD (got {value!r})", received=value
        ) from None


def check_mm_per_px(value: float | None) -> float | None:
    """``--mm-per-px`` as given (``None``: calibrate from the iris), or an error if out of range."""
    if value is not None and not (0 < value <= 100):
        raise InputError(
            "--mm-per-px",
            f"'--mm-per-px' must be a positive number of millimetres per pixel, at most 100 "
            f"(got {value!r})",
            received=value,
        )
    return value


@contextmanager
def native_stderr_quiet() -> Iterator[None]:
    """Send file descriptor 2 to the null device while MediaPipe runs in this process.

    MediaPipe's C++ core writes start-up lines (``INFO: Created TensorFlow Lite XNNPACK delegate``,
    ``W0000 ... inference_feedback_manager``) straight to the process's stderr, bypassing Python;
    they mean nothing to a user. Python-level errors are unaffected (bellpath errors become rows).
    Set ``BELLPATH_NATIVE_LOGS=1`` to see them.
    """
    if os.environ.get("BELLPATH_NATIVE_LOGS") == "1":
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (embedded interpreters, test runners)
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
