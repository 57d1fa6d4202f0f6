"""The standard expression set of facial-palsy photography, and how to read it from file names.

The expressions themselves (:class:`bellpath.vocab.Expression`: the MEEI / Auto-eFACE photo set,
clinical.md section 7) are vocabulary; this module reads them from user text.

File names of a visit carry the label as a word: ``03_smile.jpg``, ``IMG_0042-brow-raise.heic``,
``gentle closure.png``. :func:`expression_from_name` finds it; a name that names two expressions is
an error, never a guess.
"""

from __future__ import annotations

import itertools
import re
from pathlib import PurePath

from bellpath.errors import InputError
from bellpath.vocab.expressions import Expression

__all__ = ["Expression", "expression_from_name", "parse_expression"]


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
