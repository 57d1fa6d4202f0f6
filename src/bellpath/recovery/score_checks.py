"""What the clinician's scores say on their own: back to normal, or getting worse.

Scores decide over the recovery model's calendar. The latest clinician grading at normal
(House-Brackmann I, Sunnybrook composite 100, eFACE total in the normal band) means the face has
recovered, whatever the date. A score that falls by more than its measurement noise after onset
(progression) suggests another cause and calls for urgent reassessment (AAO-HNS 2013: reassess for
new or worsening findings; NICE CKS: refer urgently for worsening neurology).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from bellpath.grading.entries import Scale, ScoredEntry
from bellpath.recovery.trajectory import SCALE_NOISE

__all__ = ["EFACE_NORMAL_MIN", "NORMAL_SCORES", "Worsening", "normal_scores", "worsening"]

EFACE_NORMAL_MIN = 90.0
"""eFACE total at or above which the face counts as normal [check]: healthy faces score near 100
(Banks 2015); 90 allows for the measurement noise (project convention, docs/parameters.md)."""

NORMAL_SCORES: Mapping[Scale, tuple[float, bool]] = MappingProxyType(
    {
        # (threshold, higher_is_better): House & Brackmann 1985 grade I is normal.
        Scale.HOUSE_BRACKMANN: (1.0, False),
        # Ross 1996: composite 100 is a normal face.
        Scale.SUNNYBROOK: (100.0, True),
        Scale.EFACE: (EFACE_NORMAL_MIN, True),
    }
)
"""The score of each clinician scale that counts as normal, with its direction."""


def _is_normal(entry: ScoredEntry) -> bool:
    threshold, higher = NORMAL_SCORES[entry.scale]
    return entry.primary >= threshold if higher else entry.primary <= threshold


def normal_scores(scores: Sequence[ScoredEntry]) -> ScoredEntry | None:
    """The latest clinician grading when it is normal, else ``None``.

    Only the latest date counts: a normal score followed by a worse one is not a recovery.
    """
    graded = [s for s in scores if s.scale in NORMAL_SCORES]
    if not graded:
        return None
    last = max(s.date for s in graded)
    latest = [s for s in graded if s.date == last]
    return latest[-1] if all(_is_normal(s) for s in latest) else None


@dataclass(frozen=True, slots=True)
class Worsening:
    """A score that fell by more than its noise: from ``best`` on ``best_date`` to ``now``."""

    scale: Scale
    best: float
    best_date: dt.date
    now: float
    date: dt.date
    noise: float


def worsening(scores: Sequence[ScoredEntry]) -> Worsening | None:
    """The first clinician scale whose latest score is worse than its best by more than noise."""
    for scale in NORMAL_SCORES:
        series = [s for s in scores if s.scale is scale]
        if len(series) < 2:
            continue
        row = SCALE_NOISE[f"{scale.value}.{scale.primary_name}"]
        sign = 1.0 if row.higher_is_better else -1.0
        best = max(series[:-1], key=lambda s: sign * s.primary)
        last = series[-1]
        if sign * (best.primary - last.primary) > row.noise:
            return Worsening(scale, best.primary, best.date, last.primary, last.date, row.noise)
    return None
