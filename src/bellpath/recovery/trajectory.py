"""Recovery trajectories: when movement began, how fast it improves, and where it levels off.

Works on any dated series of one measure, ``[(date, value), ...]`` (a Sunnybrook composite, an
eFACE total, a House-Brackmann grade, later a photo measure), given its **measurement noise** (the
smallest change that exceeds the error of measuring it) and its direction (``higher_is_better``).

What it reports (:class:`Trajectory`):

* ``movement_began``: the first observation that rose above the starting level by more than the
  noise, confirmed by the next observation (``movement_evidence = "rise"``); or, when the very first
  observation is already above the highest score compatible with no movement at all, that first
  date as an upper bound (``"level"``).
* ``rate_per_month``: the change of the fitted curve over the last ``rate_window_days`` (raw units
  per month; negative for House-Brackmann means improving).
* ``plateau_level`` and ``plateau_date``: the fitted asymptote and the day the curve reaches
  ``plateau_fraction`` (95 %) of the way from its start to it. When the curve was already rising at
  the first observation its start is unknown (before the data, onset and start level cannot be
  told apart, and a date counted from them moved by weeks with the last digits of the fit): the
  plateau date is then the day the remaining rise falls below the measurement noise, and
  ``curve`` is anchored at the first observation (the same values on every observed day). Not
  given when the data do not yet show the curve bending (the asymptote would be an extrapolation
  beyond ``max_extrapolation_days``).
* ``plateaued``: movement has begun and the last ``plateau_window_days`` of observations are flat
  within the noise (range and trend both below it).
* ``status``: ``fitted``, ``not_enough_data`` (fewer than ``min_points`` points or a span under
  ``min_span_days``) or ``too_noisy`` (the residual spread around the best curve exceeds
  ``max_residual_ratio`` x noise). Without a fit bellpath invents no curve; it reports only what
  the observations show.

The fitted model is a delayed saturating exponential (see :mod:`bellpath.recovery._fit`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from bellpath.errors import InputError
from bellpath.grading.entries import Scale, ScoredEntry
from bellpath.outlook import CurveFit, MovementEvidence, Trajectory, TrajectoryStatus
from bellpath.recovery._fit import CurveParameters, curve, fit_curve

__all__ = [
    "SCALE_NOISE",
    "TRAJECTORY_SCALES",
    "CurveFit",
    "MovementEvidence",
    "NoiseRow",
    "Trajectory",
    "TrajectoryParameters",
    "TrajectoryStatus",
    "choose_scale",
    "fit_trajectory",
    "score_name",
    "series_for",
    "trajectory_for",
]

DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True, slots=True)
class NoiseRow:
    """Default measurement noise and no-movement ceiling of one measure, with sources."""

    noise: float
    higher_is_better: bool
    no_movement_max: float | None
    source: str


SCALE_NOISE: Mapping[str, NoiseRow] = {
    # Sunnybrook composite: a smallest detectable change of about 8 points is this project's default
    # [check]; a composite <= 20 is compatible with no voluntary movement (voluntary 20 - resting
    # - synkinesis), derived from Ross 1996.
    "sunnybrook.composite": NoiseRow(8.0, True, 20.0, "project default [check]; Ross 1996"),
    # eFACE total: 5 points [check]; with no movement (dynamic 0) the total is at most
    # (100 + 0 + 100) / 4 = 50 under the project's weights.
    "eface.total": NoiseRow(5.0, True, 50.0, "project default [check]; Banks 2015"),
    # House-Brackmann: half a grade, so any change of a whole grade counts; grade VI = no movement.
    "house_brackmann.grade": NoiseRow(0.5, False, 6.0, "project convention; House 1985"),
}
"""Noise per measure (``scale.primary``); pass your own to :func:`fit_trajectory` to override."""


@dataclass(frozen=True, slots=True)
class TrajectoryParameters:
    """Named, overridable settings of the trajectory analysis (project conventions)."""

    min_points: int = 4
    """Fewer observations than this: not enough data for a curve."""
    min_span_days: int = 21
    """Observations spanning less than this: not enough data for a curve."""
    plateau_fraction: float = 0.95
    """The plateau date is when the curve has covered this share of its rise."""
    plateau_window_days: int = 42
    """Recent weeks that must be flat within the noise for ``plateaued``."""
    plateau_min_points: int = 3
    """Observations needed inside the plateau window."""
    rate_window_days: int = 28
    """Window for the recent rate of change."""
    max_residual_ratio: float = 2.0
    """Residual SD above this multiple of the noise: too noisy to fit."""
    max_extrapolation_days: int = 365
    """Do not report a plateau date further than this beyond the last observation."""


DEFAULT_TRAJECTORY = TrajectoryParameters()


def _prepare(points: Iterable[tuple[dt.date, float]]) -> list[tuple[dt.date, float]]:
    series: dict[dt.date, list[float]] = {}
    for i, (day, value) in enumerate(points):
        if not isinstance(day, dt.date) or not math.isfinite(value):
            raise InputError(
                f"series.{i}", f"'series.{i}' must be a date and a finite number (got {value!r})"
            )
        series.setdefault(day, []).append(float(value))
    # several gradings on one day: their mean
    return [(d, sum(v) / len(v)) for d, v in sorted(series.items())]


def _movement(
    days: list[dt.date], u: list[float], baseline: float, noise: float, ceiling: float | None
) -> tuple[dt.date | None, MovementEvidence | None]:
    threshold = baseline + noise
    for i in range(1, len(u)):
        confirmed = i == len(u) - 1 or u[i + 1] > threshold
        if u[i] > threshold and confirmed:
            return days[i], MovementEvidence.RISE
    if ceiling is not None and u[0] > ceiling + noise:
        return days[0], MovementEvidence.LEVEL
    return None, None


def _slope_per_day(t: list[float], u: list[float]) -> float:
    if len(t) < 2 or t[-1] == t[0]:
        return 0.0
    return float(np.polyfit(np.asarray(t), np.asarray(u), 1)[0])


def _unfitted(
    base: dict[str, object],
    status: TrajectoryStatus,
    reason: str,
    movement: tuple[dt.date | None, MovementEvidence | None],
    rate: float | None = None,
) -> Trajectory:
    return Trajectory.model_validate(
        base
        | {
            "status": status,
            "reason": reason,
            "movement_began": movement[0],
            "movement_evidence": movement[1],
            "rate_per_month": None if rate is None else round(rate, 2),
            "plateau_level": None,
            "plateau_date": None,
            "plateaued": False,
            "curve": None,
        }
    )


def _is_flat(recent: list[tuple[float, float]], noise: float, p: TrajectoryParameters) -> bool:
    """Recent observations flat within the noise: range and trend both below it."""
    if len(recent) < p.plateau_min_points:
        return False
    t = [ti for ti, _ in recent]
    u = [ui for _, ui in recent]
    return (
        t[-1] - t[0] >= p.plateau_window_days / 2
        and max(u) - min(u) <= 2 * noise
        and abs(_slope_per_day(t, u) * p.plateau_window_days) < noise
    )


def _defaults(
    score: str, noise: float | None, higher_is_better: bool | None, no_movement_max: float | None
) -> tuple[float, bool, float | None]:
    row = SCALE_NOISE.get(score)
    if noise is None or higher_is_better is None:
        if row is None:
            raise InputError(
                "score",
                f"'score' {score!r} has no default noise; give noise= and higher_is_better=, "
                f"or use one of {', '.join(SCALE_NOISE)}",
                allowed=list(SCALE_NOISE),
                received=score,
            )
        noise = row.noise if noise is None else noise
        higher_is_better = row.higher_is_better if higher_is_better is None else higher_is_better
        if no_movement_max is None:
            no_movement_max = row.no_movement_max
    if not noise > 0:
        raise InputError("noise", f"'noise' must be a number > 0 (got {noise!r})", received=noise)
    return noise, higher_is_better, no_movement_max


def _recent_slope(t: list[float], u: list[float], window: float) -> float | None:
    """Slope per day of the observations in the last ``window`` days (at least the last two)."""
    if len(t) < 2:
        return None
    k = max(sum(1 for ti in t if ti >= t[-1] - window), 2)
    return _slope_per_day(t[-k:], u[-k:])


def _anchored(
    fit: CurveParameters, first_level: float, noise: float, p: TrajectoryParameters
) -> tuple[float, float, float, float | None]:
    """Where the drawn curve starts (day, level), its asymptote, and the day of its plateau
    (``None`` when the rise to come is within the noise or the time constant hit its bound).

    A curve whose fitted onset falls before the first observation was already rising when the
    scores began: its onset and start level then trade off against each other (only their
    combination shapes the observed days), so a rounding difference between two machines moved
    them, and a plateau date counted from them, by weeks. Such a curve is anchored at the first
    observation, and its plateau is the day its remaining rise falls below the noise: both fixed
    by the data.
    """
    anchor = max(fit.onset, 0.0)
    start = first_level if anchor == 0.0 else fit.baseline
    asymptote = fit.baseline + fit.amplitude
    to_come = asymptote - start
    if to_come <= noise or fit.tau_at_bound:
        return anchor, start, asymptote, None
    if fit.onset >= 0.0:
        return (
            anchor,
            start,
            asymptote,
            fit.onset + fit.tau * math.log(1 / (1 - p.plateau_fraction)),
        )
    return anchor, start, asymptote, fit.tau * math.log(to_come / noise)


def fit_trajectory(
    points: Iterable[tuple[dt.date, float]],
    *,
    score: str,
    noise: float | None = None,
    higher_is_better: bool | None = None,
    no_movement_max: float | None = None,
    parameters: TrajectoryParameters = DEFAULT_TRAJECTORY,
) -> Trajectory:
    """Analyse a dated series of one measure.

    Parameters
    ----------
    points
        ``(date, value)`` pairs in any order; values on the same date are averaged.
    score
        Name of the measure, e.g. ``"sunnybrook.composite"``; looked up in :data:`SCALE_NOISE` for
        any of ``noise``, ``higher_is_better`` and ``no_movement_max`` not given.
    noise
        Measurement noise in the measure's units (> 0).
    higher_is_better
        Direction of improvement.
    no_movement_max
        Highest value (in "worse" direction for lower-is-better measures: lowest) compatible with
        no movement at all; ``None`` if unknown.
    parameters
        Thresholds and windows (:class:`TrajectoryParameters`).

    Returns
    -------
    Trajectory

    Notes
    -----
    The curve ``u(t) = b + a (1 - exp(-(t - t0)/tau))`` for ``t >= t0`` (``b`` before) is fitted in
    "up is better" units by bounded least squares. The plateau date is
    ``t0 + tau * ln(1 / (1 - plateau_fraction))``.
    """
    noise, higher_is_better, no_movement_max = _defaults(
        score, noise, higher_is_better, no_movement_max
    )
    series = _prepare(points)
    sign = 1.0 if higher_is_better else -1.0
    days = [d for d, _ in series]
    u = [sign * v for _, v in series]
    ceiling = None if no_movement_max is None else sign * no_movement_max
    base: dict[str, object] = {
        "score": score,
        "points": len(series),
        "first_date": days[0] if days else None,
        "last_date": days[-1] if days else None,
        "higher_is_better": higher_is_better,
        "noise": noise,
    }
    p = parameters
    if not series:
        return _unfitted(
            base, TrajectoryStatus.NOT_ENOUGH_DATA, "no scores recorded yet", (None, None)
        )
    t = [float((d - days[0]).days) for d in days]
    span = t[-1]
    recent = [(ti, ui) for ti, ui in zip(t, u, strict=True) if ti >= span - p.plateau_window_days]
    if len(series) < p.min_points or span < p.min_span_days:
        slope = _recent_slope(t, u, p.rate_window_days)
        rate = None if slope is None else sign * slope * DAYS_PER_MONTH
        reason = (
            f"{len(series)} score(s) over {int(span)} days: a curve needs at least "
            f"{p.min_points} scores over {p.min_span_days} days"
        )
        movement = _movement(days, u, u[0], noise, ceiling)
        return _unfitted(base, TrajectoryStatus.NOT_ENOUGH_DATA, reason, movement, rate)
    ta, ua = np.asarray(t), np.asarray(u)
    fit = fit_curve(ta, ua, noise)
    fitted_u = curve(ta, fit.baseline, fit.amplitude, fit.onset, fit.tau)
    if fit.residual_sd > p.max_residual_ratio * noise:
        reason = (
            f"the scores scatter by {fit.residual_sd:.1f} around the best curve, more than "
            f"{p.max_residual_ratio:g} x the measurement noise ({noise:g}); no curve is drawn"
        )
        movement = _movement(days, u, u[0], noise, ceiling)
        return _unfitted(base, TrajectoryStatus.TOO_NOISY, reason, movement)
    began, evidence = _movement(days, u, float(fitted_u[0]), noise, ceiling)
    rate_from = max(span - p.rate_window_days, 0.0)
    window = span - rate_from
    rise = float(
        curve(np.asarray([span, rate_from]), fit.baseline, fit.amplitude, fit.onset, fit.tau)
        @ np.asarray([1.0, -1.0])
    )
    rate = sign * rise / window * DAYS_PER_MONTH if window > 0 else 0.0
    anchor, start, asymptote, reach = _anchored(fit, float(fitted_u[0]), noise, p)
    onset_day = days[0] + dt.timedelta(days=round(anchor))
    plateau_level: float | None = None
    plateau_date: dt.date | None = None
    if began is not None and reach is not None and reach <= span + p.max_extrapolation_days:
        plateau_level = round(sign * asymptote, 2)
        plateau_date = days[0] + dt.timedelta(days=round(reach))
    flat = _is_flat(recent, noise, p)
    plateaued = began is not None and flat
    reason = "curve fitted"
    if began is None:
        reason = "curve fitted; no rise beyond the measurement noise yet"
    elif plateau_date is None:
        reason = "curve fitted; still rising, the level it will settle at cannot be told yet"
    return Trajectory(
        **base,
        status=TrajectoryStatus.FITTED,
        reason=reason,
        movement_began=began,
        movement_evidence=evidence,
        rate_per_month=round(rate, 2),
        plateau_level=plateau_level,
        plateau_date=plateau_date,
        plateaued=plateaued,
        curve=CurveFit(
            start_level=round(sign * start, 3),
            asymptote=round(sign * asymptote, 3),
            onset=onset_day,
            time_constant_days=round(fit.tau, 2),
            residual_sd=round(fit.residual_sd, 3),
        ),
    )


TRAJECTORY_SCALES: tuple[Scale, ...] = (Scale.SUNNYBROOK, Scale.EFACE, Scale.HOUSE_BRACKMANN)
"""Clinician scales whose primary score is followed as a recovery curve, in order of preference."""


def score_name(scale: Scale) -> str:
    """The measure name of a scale's primary score, e.g. ``sunnybrook.composite``."""
    return f"{scale.value}.{scale.primary_name}"


def series_for(scored: Iterable[ScoredEntry], scale: Scale) -> list[tuple[dt.date, float]]:
    """The dated primary scores of one scale."""
    return [(s.date, s.primary) for s in scored if s.scale is scale]


def choose_scale(scored: Iterable[ScoredEntry]) -> Scale | None:
    """The clinician scale with the most entries (ties: Sunnybrook, eFACE, House-Brackmann)."""
    counts = dict.fromkeys(TRAJECTORY_SCALES, 0)
    for s in scored:
        if s.scale in counts:
            counts[s.scale] += 1
    best = max(TRAJECTORY_SCALES, key=lambda sc: (counts[sc], -TRAJECTORY_SCALES.index(sc)))
    return best if counts[best] else None


def trajectory_for(
    scored: Iterable[ScoredEntry],
    scale: Scale | None = None,
    *,
    parameters: TrajectoryParameters = DEFAULT_TRAJECTORY,
) -> Trajectory | None:
    """The trajectory of ``scale`` (default: :func:`choose_scale`), or ``None`` without entries.

    Scales without a default noise (SAQ, FaCE) are not fitted: they return ``None``.
    """
    entries = list(scored)
    chosen = scale or choose_scale(entries)
    if chosen is None or score_name(chosen) not in SCALE_NOISE:
        return None
    points = series_for(entries, chosen)
    if not points:
        return None
    return fit_trajectory(points, score=score_name(chosen), parameters=parameters)
