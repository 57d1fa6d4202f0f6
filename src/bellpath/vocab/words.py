"""A coded value as words, for edges that hold a code as a bare string (a JSON key, a stored
label): :func:`words` finds the vocabulary member and returns its words."""

from __future__ import annotations

from enum import Enum

from bellpath.vocab._term import Coded
from bellpath.vocab.expressions import Expression
from bellpath.vocab.measures import MeasureName
from bellpath.vocab.quality import QualityWarning, VideoWarning
from bellpath.vocab.scales import Scale

__all__ = ["measure_for", "score_words", "words"]

# Families whose codes travel as bare strings (photo/video JSON keys, labels and warning codes),
# tried in order.
_BARE_FAMILIES: tuple[type[Coded], ...] = (MeasureName, Expression, VideoWarning, QualityWarning)


def _member(text: str) -> Coded | None:
    for kind in _BARE_FAMILIES:
        try:
            return kind(text)
        except ValueError:
            continue
    return None


def measure_for(name: str) -> MeasureName | None:
    """The photo/video measure a JSON key names, or ``None`` for a key bellpath does not know."""
    try:
        return MeasureName(name)
    except ValueError:
        return None


def words(code: object) -> str:
    """The words of a code: a vocabulary member's :attr:`~bellpath.vocab.Coded.words`.

    A code outside the vocabulary (an enum of a pipeline's own, or a key bellpath does not know)
    is shown as its value with spaces for underscores, so nothing reaches a reader as an
    identifier; add such a code to the vocabulary to give it proper words.
    """
    if isinstance(code, Coded):
        return code.words
    text = str(code.value) if isinstance(code, Enum) else str(code)
    member = _member(text)
    if member is not None:
        return member.words
    return text.replace("_", " ")


def score_words(score: str) -> str:
    """A trajectory's score name in words: ``house_brackmann.grade`` -> ``House-Brackmann grade``.

    The scale part is the scale's label (``eFACE``, ``House-Brackmann``), the rest its words; a
    score of no scale (``photo.smile_commissure_excursion``) is its words, dots as spaces.
    """
    scale, _, part = score.partition(".")
    try:
        named = Scale(scale).label
    except ValueError:
        return words(score.replace(".", " "))
    return f"{named} {words(part)}" if part else named
