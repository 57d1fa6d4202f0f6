"""Does the face in a photo do what its expression label says? (A smile is not a rest photo.)

A photo's label decides how it is read: a rest photo is the baseline every movement is compared
with, so a smiling face stored as "rest" spoils the series without anyone noticing. The check here
reads the measures the pipeline already made (no second detection) and says, in plain words, why a
label looks wrong; the web upload then asks the person to confirm or to choose another label.

Teeth shown at rest: the upper incisors show about 1.9 mm (men) to 3.4 mm (women) below a relaxed
upper lip on average (Vig RG, Brundo GC. The kinetics of anterior tooth display. J Prosthet Dent
1978;39:502-4). More than :data:`REST_TEETH_SHOW_MAX_MM` between the lips means the mouth is open
or smiling.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bellpath.face.expressions import Expression

__all__ = ["CLOSED_MOUTH_EXPRESSIONS", "REST_TEETH_SHOW_MAX_MM", "expression_mismatch"]

REST_TEETH_SHOW_MAX_MM = 5.0
"""Most teeth shown (mm, ``dental_show``) that still fits a face at rest: above the mean resting
incisor display of 1.9-3.4 mm (Vig & Brundo 1978) with room for measurement noise (about 0.5 mm on
a phone photo, docs/photo.md). See docs/parameters.md."""

CLOSED_MOUTH_EXPRESSIONS = frozenset(
    {Expression.REST, Expression.BROW_RAISE, Expression.GENTLE_CLOSURE, Expression.PUCKER}
)
"""Expressions made with the lips together: teeth showing means the label is probably wrong."""


def _teeth_shown(measures: Mapping[str, Any]) -> float | None:
    entry = measures.get("dental_show")
    if isinstance(entry, Mapping):
        value = entry.get("value")
        if isinstance(value, int | float):
            return float(value)
    return None


def expression_mismatch(expression: Expression, measured: Mapping[str, Any]) -> str | None:
    """Why the face does not look like ``expression`` (one plain sentence), or ``None``.

    Parameters
    ----------
    expression
        The label the photo was given.
    measured
        The pipeline's JSON for the photo (its ``measures`` are read).
    """
    if expression not in CLOSED_MOUTH_EXPRESSIONS:
        return None
    teeth = _teeth_shown(measured.get("measures") or {})
    if teeth is None or teeth <= REST_TEETH_SHOW_MAX_MM:
        return None
    return (
        f"the face looks like a smile or an open mouth (teeth showing about {teeth:.0f} mm), "
        f"not {expression.label}"
    )
