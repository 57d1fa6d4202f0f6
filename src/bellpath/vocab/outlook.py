"""Outlook vocabulary: whether a score's trajectory could be fitted and how the first movement
was found (:mod:`bellpath.recovery.trajectory`; docs/engine.md)."""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = [
    "MOVEMENT_EVIDENCE_TERMS",
    "TRAJECTORY_STATUS_TERMS",
    "MovementEvidence",
    "TrajectoryStatus",
]

_TRAJECTORY = "bellpath trajectory fit (bellpath.recovery.trajectory; docs/engine.md)"


class TrajectoryStatus(Coded):
    """Whether a curve could be fitted."""

    FITTED = "fitted"
    NOT_ENOUGH_DATA = "not_enough_data"
    TOO_NOISY = "too_noisy"


TRAJECTORY_STATUS_TERMS: Mapping[TrajectoryStatus, Term] = define_terms(
    TrajectoryStatus,
    {
        TrajectoryStatus.FITTED: Term(
            "Curve fitted", "a recovery curve could be drawn", name="fitted", source=_TRAJECTORY
        ),
        TrajectoryStatus.NOT_ENOUGH_DATA: Term(
            "Not enough data",
            "there are not enough scores yet to draw a curve",
            name="not enough data",
            source=_TRAJECTORY,
        ),
        TrajectoryStatus.TOO_NOISY: Term(
            "Too noisy",
            "the scores vary too much to draw a curve",
            name="too noisy",
            source=_TRAJECTORY,
        ),
    },
)


class MovementEvidence(Coded):
    """How ``movement_began`` was found."""

    RISE = "rise"
    LEVEL = "level"


MOVEMENT_EVIDENCE_TERMS: Mapping[MovementEvidence, Term] = define_terms(
    MovementEvidence,
    {
        MovementEvidence.RISE: Term(
            "First rise beyond the noise",
            "the first clear improvement in your scores",
            name="rise",
            source=_TRAJECTORY,
        ),
        MovementEvidence.LEVEL: Term(
            "Already moving at the first grading",
            "your face already moved at the first check",
            name="level",
            source=_TRAJECTORY,
        ),
    },
)
