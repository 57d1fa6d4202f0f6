"""Output types of the outlook: score trajectories and prognosis statements (pure data).

They live here, apart from :mod:`bellpath.recovery`, so that :mod:`bellpath.case` can use them in
the :class:`~bellpath.case.Assessment` without an import cycle. The computations are in
:mod:`bellpath.recovery.trajectory` and :mod:`bellpath.recovery.prognosis`. JSON keys are a stable
public contract: add, never rename.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bellpath.vocab.outlook import MovementEvidence, TrajectoryStatus

__all__ = [
    "CurveFit",
    "EnogResult",
    "MovementEvidence",
    "PrognosisCode",
    "PrognosisStatement",
    "Trajectory",
    "TrajectoryStatus",
]


class CurveFit(BaseModel):
    """The fitted curve in the measure's own units."""

    model_config = ConfigDict(frozen=True)

    start_level: float
    asymptote: float
    onset: dt.date
    time_constant_days: float
    residual_sd: float

    def value_at(self, day: dt.date) -> float:
        """The curve's value on ``day``."""
        t = float((day - self.onset).days)
        if t <= 0:
            return self.start_level
        return self.start_level + (self.asymptote - self.start_level) * (
            1.0 - math.exp(-t / self.time_constant_days)
        )


class Trajectory(BaseModel):
    """Trajectory of one measure. JSON keys are a stable contract (add, never rename)."""

    model_config = ConfigDict(frozen=True)

    score: str
    status: TrajectoryStatus
    reason: str
    points: int
    first_date: dt.date | None
    last_date: dt.date | None
    higher_is_better: bool
    noise: float
    movement_began: dt.date | None
    movement_evidence: MovementEvidence | None
    rate_per_month: float | None
    plateau_level: float | None
    plateau_date: dt.date | None
    plateaued: bool
    curve: CurveFit | None


class PrognosisCode(StrEnum):
    """Which published figure a prognosis statement quotes, and why it applies."""

    NATURAL_HISTORY_ALL = "natural_history_all"
    NATURAL_HISTORY_COMPLETE = "natural_history_complete"
    NATURAL_HISTORY_INCOMPLETE = "natural_history_incomplete"
    EARLY_SIGNS_EXPECTED = "early_signs_expected"
    RECOVERY_WITHIN_3_WEEKS = "recovery_within_3_weeks"
    NO_RECOVERY_BY_3_WEEKS = "no_recovery_by_3_weeks"
    STEROIDS_WITHIN_72H_3_MONTHS = "steroids_within_72h_3_months"
    STEROIDS_WITHIN_72H_9_MONTHS = "steroids_within_72h_9_months"
    STEROIDS_RISK_RATIO = "steroids_risk_ratio"
    NO_EARLY_STEROIDS = "no_early_steroids"
    AGE_OVER_60 = "age_over_60"
    SEQUELAE = "sequelae"
    ENOG_FAVOURABLE = "enog_favourable"
    ENOG_UNFAVOURABLE = "enog_unfavourable"
    ENOG_NOT_INTERPRETABLE = "enog_not_interpretable"
    ZOSTER_EARLY_TREATMENT = "zoster_early_treatment"
    ZOSTER_UNTREATED = "zoster_untreated"
    CHILD_STEROID_TRIAL = "child_steroid_trial"
    CHILD_FOLLOW_UP = "child_follow_up"


class PrognosisStatement(BaseModel):
    """One statement: ``{code, text, figure, source}`` plus the comparison figure and unit.

    ``figure`` is in percent unless ``unit`` is ``risk_ratio``; ``figure_high`` closes a range
    (e.g. 80-100%); ``comparison`` is the figure of the group it is compared with (e.g. untreated).
    """

    model_config = ConfigDict(frozen=True)

    code: PrognosisCode
    text: str
    figure: float | None
    source: str
    figure_high: float | None = None
    comparison: float | None = None
    unit: str | None = None
    certainty: str | None = None


class EnogResult(BaseModel):
    """An electroneurography result: percent degeneration on a day after onset (complete palsy)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    degeneration_percent: Annotated[float, Field(ge=0, le=100)]
    day: Annotated[int, Field(ge=1, le=365)]
