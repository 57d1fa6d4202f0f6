"""Live mirror sessions as dated evidence of movement: the smile's trajectory in practice.

Each session measured, per movement, how far the affected side moved as a fraction of the healthy
side. :func:`session_series` turns the smile's ratios into ``(date, value)`` points on the same
scale as the photo trajectory (``100 x ratio``: 100 = symmetric, higher is better; several
sessions on one date give their median), and :func:`practice_trajectory` fits them with the same
analysis as the clinician scales and the photos
(:func:`bellpath.recovery.trajectory.fit_trajectory`), with their own, larger noise,
:data:`SESSION_RATIO_NOISE`.

How the engine uses it (:func:`bellpath.assess`), exactly as the photos: the practice trajectory
is always reported (``Assessment.practice_trajectory``), but its start of movement and plateau
count as evidence for the phase only when the case has no clinician-scale gradings; a clinician's
grading outranks a session. The larger noise gives a session less weight than a photo: a rise must
be larger before it counts as movement.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable

from bellpath.case import PracticeSessionEntry
from bellpath.outlook import Trajectory
from bellpath.recovery.trajectory import DEFAULT_TRAJECTORY, TrajectoryParameters, fit_trajectory
from bellpath.vocab import Expression

__all__ = [
    "PRACTICE_SCORE",
    "SESSION_RATIO_NOISE",
    "practice_trajectory",
    "session_series",
]

PRACTICE_SCORE = "practice.smile_ratio"
"""The ``score`` name of the practice trajectory: the smile's affected/healthy ratio x 100."""

SESSION_RATIO_NOISE = 10.0
"""Measurement noise of one live mirror session's smile ratio, in percentage points [check].

Project default, derived rather than published: the photo trajectory's noise
(:data:`~bellpath.recovery.photo_trajectory.PHOTO_EXCURSION_NOISE`, 8 points: a 5-degree head turn
and a smile of different strength) plus what a live camera adds and a photo does not: no quality
gate on head pose per frame, a lower-resolution webcam image, and a smile repeated many times
rather than posed once. Larger than the photos' on purpose, so that sessions weigh less. Override
it with ``assess(..., session_noise=...)`` once a clinic has measured its own repeatability.
"""


def session_series(
    sessions: Iterable[PracticeSessionEntry], *, movement: Expression = Expression.SMILE
) -> list[tuple[dt.date, float]]:
    """``(date, 100 x ratio)`` points of one movement across sessions, oldest first.

    Exercises of ``movement`` without a ratio (the healthy side did not move, nothing measured)
    are skipped; several on one date give their median.
    """
    by_date: dict[dt.date, list[float]] = defaultdict(list)
    for session in sessions:
        for exercise in session.exercises:
            ratio = exercise.measured_ratio
            if exercise.movement is movement and ratio is not None:
                by_date[session.date].append(100.0 * ratio)
    return [(d, float(statistics.median(v))) for d, v in sorted(by_date.items())]


def practice_trajectory(
    sessions: Iterable[PracticeSessionEntry],
    *,
    noise: float = SESSION_RATIO_NOISE,
    parameters: TrajectoryParameters = DEFAULT_TRAJECTORY,
) -> Trajectory | None:
    """The trajectory of the smile's ratio (affected as % of healthy) over live mirror sessions.

    Parameters
    ----------
    sessions : iterable of PracticeSessionEntry
        Usually ``case.practice_sessions``.
    noise : float
        Measurement noise in percentage points (> 0); default :data:`SESSION_RATIO_NOISE`.
    parameters : TrajectoryParameters
        Thresholds and windows, shared with the clinician scales and the photos.

    Returns
    -------
    Trajectory or None
        ``None`` when no session measured a smile ratio.

    Raises
    ------
    InputError
        ``noise`` not above zero.
    """
    points = session_series(sessions)
    if not points:
        return None
    return fit_trajectory(
        points, score=PRACTICE_SCORE, noise=noise, higher_is_better=True, parameters=parameters
    )
