"""Least-squares fit of a delayed saturating-exponential recovery curve (private helper).

The curve, in "up is better" units, with time ``t`` in days::

    u(t) = b                                  for t < t0
    u(t) = b + a * (1 - exp(-(t - t0) / tau)) for t >= t0,   a >= 0, tau > 0

``b`` is the level before recovery, ``b + a`` the plateau, ``t0`` the onset of recovery and ``tau``
the time constant. The kink at ``t0`` makes the problem non-smooth, so the fit is restarted from a
small grid of onsets and time constants and the best solution kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import least_squares

__all__ = ["CurveParameters", "curve", "fit_curve"]

FloatArray = npt.NDArray[np.float64]

TAU_MIN_DAYS = 3.0
TAU_MAX_DAYS = 1500.0
ONSET_LOOKBACK_DAYS = 365.0


@dataclass(frozen=True, slots=True)
class CurveParameters:
    """Fitted parameters (days relative to the first observation; up-is-better units)."""

    baseline: float
    amplitude: float
    onset: float
    tau: float
    residual_sd: float
    tau_at_bound: bool


def curve(t: FloatArray, b: float, a: float, t0: float, tau: float) -> FloatArray:
    """Evaluate the delayed saturating exponential at times ``t`` (days)."""
    elapsed = np.clip(t - t0, 0.0, None)
    values: FloatArray = b + a * (1.0 - np.exp(-elapsed / tau))
    return values


def _residuals(p: FloatArray, t: FloatArray, u: FloatArray) -> FloatArray:
    return curve(t, float(p[0]), float(p[1]), float(p[2]), float(p[3])) - u


def _jacobian(p: FloatArray, t: FloatArray, u: FloatArray) -> FloatArray:
    """Analytic derivatives of the residuals by (b, a, t0, tau): far fewer evaluations."""
    a, t0, tau = float(p[1]), float(p[2]), float(p[3])
    elapsed = np.clip(t - t0, 0.0, None)
    decay = np.exp(-elapsed / tau)
    jac = np.empty((t.size, 4))
    jac[:, 0] = 1.0
    jac[:, 1] = 1.0 - decay
    jac[:, 2] = np.where(t > t0, -a * decay / tau, 0.0)
    jac[:, 3] = -a * decay * elapsed / tau**2
    return jac


def fit_curve(t: FloatArray, u: FloatArray, scale: float) -> CurveParameters:
    """Fit the curve to observations ``u`` at days ``t`` (sorted ascending, at least 4 points).

    Parameters
    ----------
    t, u
        1-D arrays of equal length ``n``.
    scale
        A typical size of the measure (used for bounds and starting values), e.g. its noise.
    """
    lo, hi = float(u.min()), float(u.max())
    spread = max(hi - lo, scale)
    t_first, t_last = float(t[0]), float(t[-1])
    lower = np.array([lo - 3 * spread, 0.0, t_first - ONSET_LOOKBACK_DAYS, TAU_MIN_DAYS])
    upper = np.array([hi + spread, 4 * spread, t_last, TAU_MAX_DAYS])
    span = max(t_last - t_first, 1.0)
    best: tuple[float, FloatArray] | None = None
    for frac in (0.0, 0.15, 0.3, 0.5, 0.7):
        for tau0 in (span / 8, span / 3):
            t0 = t_first + frac * span
            start = np.array([lo, max(hi - lo, scale / 10), t0, max(tau0, 2 * TAU_MIN_DAYS)])
            start = np.clip(start, lower + 1e-9, upper - 1e-9)
            result = least_squares(
                _residuals, start, jac=_jacobian, bounds=(lower, upper), args=(t, u)
            )
            cost = float(result.cost)
            if best is None or cost < best[0]:
                best = (cost, result.x)
    assert best is not None
    cost, p = best
    dof = max(len(t) - 4, 1)
    return CurveParameters(
        baseline=float(p[0]),
        amplitude=float(p[1]),
        onset=float(p[2]),
        tau=float(p[3]),
        residual_sd=math.sqrt(2 * cost / dof),
        tau_at_bound=float(p[3]) >= TAU_MAX_DAYS * 0.99,
    )
