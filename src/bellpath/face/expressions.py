"""The standard expression set of facial-palsy photography, and how to read it from file names.

The eight expressions are the MEEI / Auto-eFACE photo set (clinical.md section 7): rest, brow raise,
gentle eye closure, tight eye closure, open-mouth smile, snarl (nose wrinkle), lip pucker and "EEE".
Each member knows what a photographer should ask for and whether the eyes must be open, so the
quality gate can tell a blink from a requested closure.

File names of a visit carry the label as a word: ``03_smile.jpg``, ``IMG_0042-brow-raise.heic``,
``gentle closure.png``. :func:`expression_from_name` finds it; a name that names two expressions is
an error, never a guess.
"""

from __future__ import annotations

import itertools
import re
from enum import StrEnum
from pathlib import PurePath

from bellpath.errors import InputError

__all__ = ["Expression", "expression_from_name", "parse_expression"]


class Expression(StrEnum):
    """One photo of the standard set. The value is the JSON code."""

    REST = "rest"
    BROW_RAISE = "brow_raise"
    GENTLE_CLOSURE = "gentle_closure"
    TIGHT_CLOSURE = "tight_closure"
    SMILE = "smile"
    SNARL = "snarl"
    PUCKER = "pucker"
    EEE = "eee"

    @property
    def label(self) -> str:
        """Short human label."""
        return _LABELS[self]

    @property
    def instruction(self) -> str:
        """What to ask the person to do for this photo (plain words)."""
        return _INSTRUCTIONS[self]

    @property
    def eyes_should_be_open(self) -> bool:
        """True when closed eyes would mean a blink, not the requested movement."""
        return self not in (Expression.GENTLE_CLOSURE, Expression.TIGHT_CLOSURE)

    @property
    def eyes_should_be_closed(self) -> bool:
        """True for the two eye-closure photos."""
        return not self.eyes_should_be_open


_LABELS: dict[Expression, str] = {
    Expression.REST: "at rest",
    Expression.BROW_RAISE: "brow raise",
    Expression.GENTLE_CLOSURE: "gentle eye closure",
    Expression.TIGHT_CLOSURE: "tight eye closure",
    Expression.SMILE: "open-mouth smile",
    Expression.SNARL: "snarl (nose wrinkle)",
    Expression.PUCKER: "lip pucker",
    Expression.EEE: "EEE (show the lower teeth)",
}

_INSTRUCTIONS: dict[Expression, str] = {
    Expression.REST: "Relax your face and look straight at the camera.",
    Expression.BROW_RAISE: "Raise both eyebrows as high as you can, as if surprised.",
    Expression.GENTLE_CLOSURE: "Close both eyes gently, as if falling asleep.",
    Expression.TIGHT_CLOSURE: "Squeeze both eyes shut as tightly as you can.",
    Expression.SMILE: "Give your biggest smile with the teeth showing.",
    Expression.SNARL: "Wrinkle your nose and lift your upper lip.",
    Expression.PUCKER: "Push your lips forward as if to whistle or kiss.",
    Expression.EEE: "Say a long 'eee', pulling the lower lip down to show the lower teeth.",
}

# Words that name each expression in a file name, checked as whole tokens (and token pairs).
# Longer phrases are listed so that "gentle_closure" and "eyes_closed_tight" are both found.
_ALIASES: dict[Expression, tuple[str, ...]] = {
    Expression.REST: ("rest", "resting", "neutral", "repose", "relaxed"),
    Expression.BROW_RAISE: (
        "brow",
        "brows",
        "browraise",
        "brow raise",
        "eyebrow",
        "eyebrows",
        "forehead",
        "raise",
    ),
    Expression.GENTLE_CLOSURE: (
        "gentle",
        "gentle closure",
        "gentleclosure",
        "soft closure",
        "light closure",
    ),
    Expression.TIGHT_CLOSURE: (
        "tight",
        "tight closure",
        "tightclosure",
        "full closure",
        "squeeze",
        "forced",
    ),
    Expression.SMILE: ("smile", "smiling", "bigsmile", "big smile"),
    Expression.SNARL: ("snarl", "sneer", "nose wrinkle", "wrinkle", "nose"),
    Expression.PUCKER: ("pucker", "kiss", "whistle", "pout"),
    Expression.EEE: ("eee",),
}

_TOKEN = re.compile(r"[a-z]+")
_EEE = re.compile(r"e{3,}")


def _tokens(name: str) -> list[str]:
    stem = PurePath(name).stem.lower()
    # Split camelCase before lowering would lose it; file names from phones are lower or snake case.
    return _TOKEN.findall(stem)


def expression_from_name(name: str) -> Expression | None:
    """Read the expression label from a file name, or ``None`` when it names none.

    Parameters
    ----------
    name : str
        A file name or path; only the stem is read (``IMG_0042-brow-raise.heic``).

    Returns
    -------
    Expression or None
        The one expression the name mentions.

    Raises
    ------
    InputError
        When the name mentions two different expressions (``smile_pucker.jpg``): bellpath never
        guesses which one was meant.
    """
    tokens = _tokens(name)
    words = set(tokens)
    words.update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    found: set[Expression] = set()
    for expression, aliases in _ALIASES.items():
        if any(alias in words for alias in aliases):
            found.add(expression)
    if any(_EEE.fullmatch(token) for token in tokens):
        found.add(Expression.EEE)
    if len(found) > 1:
        names = ", ".join(sorted(found))
        raise InputError(
            "expression",
            f"file name {PurePath(name).name!r} names more than one expression ({names}); "
            "rename it so it names exactly one of: " + ", ".join(Expression),
            allowed=list(Expression),
            received=PurePath(name).name,
        )
    return found.pop() if found else None


def parse_expression(value: str | Expression, *, field: str = "expression") -> Expression:
    """Coerce a user value (``"smile"``, ``"Brow-Raise"``) to an :class:`Expression`.

    Raises
    ------
    InputError
        Naming the field, the allowed values and what was received.
    """
    if isinstance(value, Expression):
        return value
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    try:
        return Expression(key)
    except ValueError:
        raise InputError(field, allowed=list(Expression), received=value) from None
