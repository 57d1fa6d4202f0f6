"""The recovery trajectory of the smile, followed on dated photos.

A case's ``photo_measures`` (``bellpath photo --add-to``, or photos uploaded to the web app) give
one point per date: the affected mouth corner's excursion on the smile photos as a percentage of
the healthy side's (``100 + percent``; 100 = symmetric, higher is better;
:func:`bellpath.recovery.photo_series.photo_series`). :func:`photo_trajectory` fits it with the same
analysis as the clinician scales (:func:`bellpath.recovery.trajectory.fit_trajectory`), with its
own measurement noise, :data:`PHOTO_EXCURSION_NOISE`.

How the engine uses it (:func:`bellpath.assess`): the photo trajectory is always reported
(``Assessment.photo_trajectory``), but its start of movement and plateau count as evidence for the
phase only when the case has no clinician-scale gradings (Sunnybrook, eFACE, House-Brackmann,
:data:`~bellpath.recovery.trajectory.TRAJECTORY_SCALES`): a clinician's grading outranks a photo.
"""

from __future__ import annotations

from collections.abc import Iterable

from bellpath.case import PhotoMeasuresEntry
from bellpath.grading.entries import ScoredEntry
from bellpath.outlook import Trajectory
from bellpath.recovery.photo_series import SeriesField, photo_series
from bellpath.recovery.trajectory import (
    DEFAULT_TRAJECTORY,
    TRAJECTORY_SCALES,
    TrajectoryParameters,
    fit_trajectory,
)
from bellpath.vocab import Expression, MeasureName

__all__ = [
    "PHOTO_EXCURSION_NOISE",
    "PHOTO_SCORE",
    "has_clinician_scores",
    "photo_trajectory",
]

PHOTO_SCORE = "photo.smile_commissure_excursion"
"""The ``score`` name of the photo trajectory: smile excursion, affected as % of healthy."""

PHOTO_EXCURSION_NOISE = 8.0
"""Measurement noise of the smile excursion ratio, in percentage points [check].

Project default, derived rather than published: a head turned 5 degrees (just under the photo
quality gate's ``yaw_flag_deg``, docs/photo.md) shifts the lower-lip midpoint by about 1.3 mm, so
the two excursions of a symmetric face differ by about 2.6 mm, which is about 7 % of a 38 mm
excursion; a smile of a different strength from one photo to the next adds to this. Override it
with ``assess(..., photo_noise=...)`` once a clinic has measured its own repeatability.
"""


def photo_trajectory(
    entries: Iterable[PhotoMeasuresEntry],
    *,
    noise: float = PHOTO_EXCURSION_NOISE,
    parameters: TrajectoryParameters = DEFAULT_TRAJECTORY,
) -> Trajectory | None:
    """The trajectory of the smile excursion (affected as % of healthy) on dated photos.

    Parameters
    ----------
    entries : iterable of PhotoMeasuresEntry
        Usually ``case.photo_measures``.
    noise : float
        Measurement noise in percentage points (> 0); default :data:`PHOTO_EXCURSION_NOISE`.
    parameters : TrajectoryParameters
        Thresholds and windows, shared with the clinician scales.

    Returns
    -------
    Trajectory or None
        ``None`` when no smile photo has the excursion's percentage (no smile photos, or the
        affected side unknown on every one).

    Raises
    ------
    InputError
        ``noise`` not above zero.
    """
    points = photo_series(
        entries,
        measure=MeasureName.COMMISSURE_EXCURSION,
        expression=Expression.SMILE,
        field=SeriesField.AFFECTED_PERCENT_OF_HEALTHY,
    )
    if not points:
        return None
    return fit_trajectory(
        points, score=PHOTO_SCORE, noise=noise, higher_is_better=True, parameters=parameters
    )


def has_clinician_scores(scores: Iterable[ScoredEntry]) -> bool:
    """Whether any grading is on a clinician scale that a trajectory follows."""
    return any(s.scale in TRAJECTORY_SCALES for s in scores)
