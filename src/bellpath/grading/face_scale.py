"""Facial Clinimetric Evaluation (FaCE) scale (Kahn et al. 2001, Laryngoscope 111:387).

Fifteen patient-answered items, each 1-5, grouped into six domains. Each domain and the total are
put on 0-100 where **100 is the best function**::

    domain = (sum - n) / (4 n) x 100          n = number of items in the domain
    total  = (sum of the 15 items - 15) / 60 x 100

Orientation. Answers are expected as **1 = lowest function, 5 = highest function**, which is how
the published scoring describes every item. Some statements in the original form are worded so that
agreeing means worse function; a form that records raw answers in the printed order of such items
must recode them. :data:`REVERSED_ITEMS` lists the items that this module recodes as ``6 - x``
before scoring. It is empty by default because the item-by-item orientation could not be confirmed
against the paper's appendix here ([check]); pass ``reversed_items=`` to match your form.

The domain map (:data:`DOMAIN_ITEMS`, 1-based item numbers) is also marked [check] until confirmed
against the paper. Some secondary sources describe the total as the mean of the six domain scores;
this module uses the item-sum formula above, in which every item weighs the same.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bellpath.errors import GradingError
from bellpath.grading._validate import integer_items
from bellpath.vocab.scales import Scale

__all__ = [
    "DOMAIN_ITEMS",
    "FACE_ITEMS",
    "FACE_SOURCE",
    "REVERSED_ITEMS",
    "FaceDomain",
    "FaceScores",
    "face_scale",
]

FACE_SOURCE = Scale.FACE.source
FACE_ITEMS = 15


class FaceDomain(StrEnum):
    """The six FaCE domains."""

    FACIAL_MOVEMENT = "facial_movement"
    FACIAL_COMFORT = "facial_comfort"
    ORAL_FUNCTION = "oral_function"
    EYE_COMFORT = "eye_comfort"
    LACRIMAL_CONTROL = "lacrimal_control"
    SOCIAL_FUNCTION = "social_function"


DOMAIN_ITEMS: dict[FaceDomain, tuple[int, ...]] = {
    # 1-based item numbers in questionnaire order [check against Kahn 2001, appendix]
    FaceDomain.FACIAL_MOVEMENT: (1, 2, 3),
    FaceDomain.FACIAL_COMFORT: (4, 6, 10),
    FaceDomain.ORAL_FUNCTION: (7, 13),
    FaceDomain.EYE_COMFORT: (5, 12),
    FaceDomain.LACRIMAL_CONTROL: (14,),
    FaceDomain.SOCIAL_FUNCTION: (8, 9, 11, 15),
}
REVERSED_ITEMS: frozenset[int] = frozenset()
"""1-based items recoded ``6 - x`` before scoring; empty by default [check]."""


class FaceScores(BaseModel):
    """FaCE output: ``{total, domains}``, all on 0-100 (100 = best)."""

    model_config = ConfigDict(frozen=True)

    total: float
    domains: dict[FaceDomain, float]

    @property
    def primary(self) -> float:
        """The total (higher is better)."""
        return self.total


def face_scale(
    items: Sequence[object],
    *,
    reversed_items: Collection[int] = REVERSED_ITEMS,
    field: str = "face.items",
) -> FaceScores:
    """Score the FaCE scale from its 15 answers in questionnaire order.

    Parameters
    ----------
    items
        Fifteen integers 1-5 (1 = lowest function unless the item is in ``reversed_items``).
    reversed_items
        1-based item numbers to recode as ``6 - x`` first.

    Returns
    -------
    FaceScores
        Total and six domain scores on 0-100, rounded to 0.1.
    """
    for number in reversed_items:
        if not 1 <= number <= FACE_ITEMS:
            raise GradingError(
                "reversed_items",
                f"'reversed_items' must hold item numbers 1 to {FACE_ITEMS} (got {number!r})",
                allowed=range(1, FACE_ITEMS + 1),
                received=number,
            )
    answers = integer_items(items, field, FACE_ITEMS, 1, 5)
    scored = [6 - a if i + 1 in reversed_items else a for i, a in enumerate(answers)]
    domains = {}
    for domain, numbers in DOMAIN_ITEMS.items():
        n = len(numbers)
        domains[domain] = round((sum(scored[k - 1] for k in numbers) - n) / (4 * n) * 100, 1)
    total = round((sum(scored) - FACE_ITEMS) / (4 * FACE_ITEMS) * 100, 1)
    return FaceScores(total=total, domains=domains)
