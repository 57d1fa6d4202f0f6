"""Synkinesis Assessment Questionnaire (Mehta et al. 2007, Laryngoscope 117:923).

Nine patient-answered items, each 1 (seldom or not at all) to 5 (all the time). Score =
sum / 45 x 100, so 20 (no synkinesis reported) to 100; **higher means more synkinesis**. Check the
item wording against the paper before clinical release ([check] in the clinical reference).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from bellpath.grading._validate import integer_items
from bellpath.vocab.scales import Scale

__all__ = ["SAQ_ITEMS", "SAQ_SOURCE", "SaqScores", "saq"]

SAQ_SOURCE = Scale.SAQ.source
SAQ_ITEMS = 9
"""Number of items; each is answered 1-5."""
_MAX_SUM = 5 * SAQ_ITEMS


class SaqScores(BaseModel):
    """SAQ score output: ``{total}`` on 20-100 (higher = more synkinesis)."""

    model_config = ConfigDict(frozen=True)

    total: float

    @property
    def primary(self) -> float:
        """The total (higher is worse)."""
        return self.total


def saq(items: Sequence[object], *, field: str = "saq.items") -> SaqScores:
    """Score the SAQ from its 9 answers in questionnaire order.

    Parameters
    ----------
    items
        Nine integers 1-5.

    Returns
    -------
    SaqScores
        ``total = sum / 45 * 100`` rounded to 0.1.
    """
    answers = integer_items(items, field, SAQ_ITEMS, 1, 5)
    return SaqScores(total=round(sum(answers) / _MAX_SUM * 100, 1))
