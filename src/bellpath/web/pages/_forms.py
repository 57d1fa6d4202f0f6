"""Reading HTML forms: every field checked, every mistake explained next to its field.

A page handler reads its fields through one :class:`FormReader`. Each reader method returns the
typed value, or ``None`` and records a friendly message for that field: what is allowed and what was
received. The handler stores nothing unless :attr:`FormReader.ok` is true, and shows the form again
with the messages otherwise (HTTP 422).

Errors raised further in (the engine's :class:`~bellpath.errors.InputError`, a grading scale's
:class:`~bellpath.errors.GradingError`, a pydantic ``ValidationError``) are attached to the matching
field with :meth:`FormReader.add_error` and :meth:`FormReader.add_input_error`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import ValidationError
from starlette.datastructures import ImmutableMultiDict

from bellpath.dates import format_day
from bellpath.errors import InputError, format_allowed

__all__ = ["FormData", "FormReader", "friendly", "number_words"]

FormData = ImmutableMultiDict[str, Any]
"""A submitted form (Starlette's ``FormData`` is one)."""

E = TypeVar("E", bound=StrEnum)

MAX_TEXT = 2000
"""Longest free-text field a form accepts (characters)."""


def _shown(received: object) -> str:
    text = str(received)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"\u201c{text}\u201d" if text else "nothing"


def number_words(value: float) -> str:
    """A bound as a person writes it: 50,000 rather than 50000 or 5e+04; 0.5 stays 0.5."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _quoted(words: Iterable[str]) -> str:
    items = [f"\u201c{w}\u201d" for w in words]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def friendly(label: str, allowed: str, received: object) -> str:
    """One message: the field, what is allowed and what was received."""
    return f"{label}: {allowed}. You entered {_shown(received)}."


class FormReader:
    """Typed, checked access to one submitted form; collects one message per bad field."""

    def __init__(self, form: FormData, labels: Mapping[str, str] | None = None) -> None:
        self._form = form
        self._labels = dict(labels or {})
        self.errors: dict[str, str] = {}
        self.values: dict[str, str] = {}
        self.checked: dict[str, list[str]] = {}
        self._shown: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ bookkeeping

    @property
    def ok(self) -> bool:
        """True when no field has a message."""
        return not self.errors

    def label(self, name: str) -> str:
        """The human label of ``name`` (the field name, readable, when none was given)."""
        return self._labels.get(name) or name.rsplit(".", 1)[-1].replace("_", " ").capitalize()

    def raw(self, name: str) -> str:
        """The submitted text of ``name``, stripped (``""`` when absent); kept for re-display."""
        values = self._form.getlist(name)
        value = values[-1] if values else ""
        text = value.strip() if isinstance(value, str) else ""
        self.values[name] = text
        return text

    def add_error(self, name: str, message: str) -> None:
        """Attach ``message`` to ``name`` (the first message per field wins)."""
        self.errors.setdefault(name, message)

    def add_input_error(
        self, exc: InputError, *, prefix: str = "", fallback: str | None = None
    ) -> None:
        """Attach an engine or grading error to its field.

        ``prefix`` is stripped from the error's dotted field (``sunnybrook.`` for a grading error
        such as ``sunnybrook.voluntary.snarl``). A field the form does not have goes to ``fallback``
        (or to the error's own field name).
        """
        field = exc.field.removeprefix(prefix) if prefix else exc.field
        if fallback is not None and field not in self.values and field not in self.checked:
            field = fallback
        label = self.label(field)
        shown = self._shown.get(field)
        if exc.allowed is not None and shown:
            allowed = f"please choose one of {_quoted(shown.values())}"
            received = shown.get(str(exc.received), exc.received)
            self.add_error(field, friendly(label, allowed, received))
        elif exc.allowed is not None:
            allowed = f"please choose one of {format_allowed(exc.allowed)}"
            self.add_error(field, friendly(label, allowed, exc.received))
        else:
            self.add_error(field, f"{label}: {exc.message}")

    def add_validation_error(self, exc: ValidationError, *, fallback: str) -> None:
        """Attach each pydantic error to its field; fields the form lacks go to ``fallback``."""
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or fallback
            if field not in self.values and field not in self.checked:
                field = fallback
            message = str(error["msg"]).removeprefix("Value error, ")
            self.add_error(field, f"{self.label(field)}: {message}")

    # ------------------------------------------------------------------ typed readers

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
        """Free text, at most ``max_length`` characters."""
        text = self.raw(name)
        if not text:
            if required:
                self.add_error(name, friendly(self.label(name), "please fill this in", text))
            return None
        if len(text) > max_length:
            allowed = f"at most {max_length} characters"
            self.add_error(name, friendly(self.label(name), allowed, f"{len(text)} characters"))
            return None
        return text

    def date(
        self,
        name: str,
        *,
        required: bool = False,
        not_before: dt.date | None = None,
        not_after: dt.date | None = None,
    ) -> dt.date | None:
        """A calendar date written ``YYYY-MM-DD`` (what a date picker sends)."""
        text = self.raw(name)
        label = self.label(name)
        if not text:
            if required:
                self.add_error(name, friendly(label, "please give a date such as 2026-03-14", text))
            return None
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            self.add_error(name, friendly(label, "a date written like 2026-03-14", text))
            return None
        if not_before is not None and value < not_before:
            allowed = f"a date on or after {format_day(not_before)}"
            self.add_error(name, friendly(label, allowed, text))
            return None
        if not_after is not None and value > not_after:
            allowed = f"a date on or before {format_day(not_after)}"
            self.add_error(name, friendly(label, allowed, text))
            return None
        return value

    def integer(self, name: str, low: int, high: int, *, required: bool = False) -> int | None:
        """A whole number in ``[low, high]``."""
        text = self.raw(name)
        allowed = f"a whole number between {number_words(low)} and {number_words(high)}"
        if not text:
            if required:
                self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        try:
            value = int(text)
        except ValueError:
            self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        if not low <= value <= high:
            self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        return value

    def number(self, name: str, low: float, high: float, *, required: bool = False) -> float | None:
        """A finite decimal number in ``[low, high]`` (a comma as decimal mark is accepted)."""
        text = self.raw(name)
        allowed = f"a number between {number_words(low)} and {number_words(high)}"
        if not text:
            if required:
                self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        if not math.isfinite(value) or not low <= value <= high:
            self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        return value

    def choice(self, name: str, kind: type[E], *, required: bool = False) -> E | None:
        """One member of ``kind`` by its value."""
        text = self.raw(name)
        return self._member(name, kind, text, required=required)

    def one_of(
        self,
        name: str,
        allowed: Sequence[str],
        *,
        required: bool = False,
        shown: Sequence[str] | None = None,
    ) -> str | None:
        """One of a fixed list of strings.

        ``shown`` are the words the form shows for each allowed value (the answer sentences, the
        grades I-VI): a message then names those words, never the values behind them.
        """
        text = self.raw(name)
        if shown is not None:
            self._shown[name] = dict(zip(allowed, shown, strict=True))
        if not text and not required:
            return None
        if text not in allowed:
            words = _quoted(shown) if shown is not None else format_allowed(allowed)
            self.add_error(name, friendly(self.label(name), f"please choose one of {words}", text))
            return None
        return text

    def choices(self, name: str, kind: type[E]) -> list[E]:
        """Every checked member of ``kind`` (checkbox group), duplicates dropped, order kept."""
        texts = [v.strip() for v in self._form.getlist(name) if isinstance(v, str)]
        self.checked[name] = texts
        members: list[E] = []
        for text in texts:
            member = self._member(name, kind, text, required=True)
            if member is not None and member not in members:
                members.append(member)
        return members

    def flag(self, name: str) -> bool:
        """A single checkbox: checked or not."""
        return bool(self.raw(name))

    def _member(self, name: str, kind: type[E], text: str, *, required: bool) -> E | None:
        if not text:
            if required:
                allowed = f"please choose one of {_values(kind)}"
                self.add_error(name, friendly(self.label(name), allowed, text))
            return None
        try:
            return kind(text)
        except ValueError:
            allowed = f"please choose one of {_values(kind)}"
            self.add_error(name, friendly(self.label(name), allowed, text))
            return None


def _values(kind: Iterable[StrEnum]) -> str:
    return format_allowed(member.value for member in kind)
