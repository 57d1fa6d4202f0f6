"""The standard expression set of facial-palsy photography: the MEEI / Auto-eFACE photo set
(clinical.md section 7): rest, brow raise, gentle eye closure, tight eye closure, open-mouth smile,
snarl (nose wrinkle), lip pucker and "EEE".

Each member knows what a photographer should ask for and whether the eyes must be open, so the
quality gate can tell a blink from a requested closure. Reading an expression from a file name is
the photo edge's business (:mod:`bellpath.face.expressions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["EXPRESSION_TERMS", "Expression"]

_PHOTO_SET = "clinical.md 7 (MEEI / Auto-eFACE photo set)"


class Expression(Coded):
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


def _photo(name: str, label: str) -> Term:
    return Term(label, label, name=name, source=_PHOTO_SET)


EXPRESSION_TERMS: Mapping[Expression, Term] = define_terms(
    Expression,
    {
        Expression.REST: _photo("rest", "at rest"),
        Expression.BROW_RAISE: _photo("brow raise", "brow raise"),
        Expression.GENTLE_CLOSURE: _photo("gentle closure", "gentle eye closure"),
        Expression.TIGHT_CLOSURE: _photo("tight closure", "tight eye closure"),
        Expression.SMILE: _photo("smile", "open-mouth smile"),
        Expression.SNARL: _photo("snarl", "snarl (nose wrinkle)"),
        Expression.PUCKER: _photo("pucker", "lip pucker"),
        Expression.EEE: _photo("EEE", "EEE (show the lower teeth)"),
    },
)

_INSTRUCTIONS: Mapping[Expression, str] = MappingProxyType(
    {
        Expression.REST: "Relax your face and look straight at the camera.",
        Expression.BROW_RAISE: "Raise both eyebrows as high as you can, as if surprised.",
        Expression.GENTLE_CLOSURE: "Close both eyes gently, as if falling asleep.",
        Expression.TIGHT_CLOSURE: "Squeeze both eyes shut as tightly as you can.",
        Expression.SMILE: "Give your biggest smile with the teeth showing.",
        Expression.SNARL: "Wrinkle your nose and lift your upper lip.",
        Expression.PUCKER: "Push your lips forward as if to whistle or kiss.",
        Expression.EEE: "Say a long 'eee', pulling the lower lip down to show the lower teeth.",
    }
)
