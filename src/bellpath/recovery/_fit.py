"""Least-squares fit of a delayed saturating-exponential recovery curve (private helper).

The curve, in "up is better" units, with time ``t`` in days::

    u(t) = b                                  for t < t0
    u(t) = b + a * (1 - exp(-(t - t0) / tau)) for t >= t0,   a >= 0, tau > 0

``b`` is the level before recovery, ``b + a`` the plateau, ``t0`` the onset of recovery and ``tau``
the time constant. The kink at ``t0`` makes the problem non-smooth, so the fit is restarted from a
small grid of onsets and time constants and the best solution kept.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import least_squares

__all__ = ["CurveParameters", "curve", "fit_curve", "forget_fits"]

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


GRID_ONSETS = 32
GRID_TAUS = 16
GRID_MAX_POINTS = 300


def _grid_start(t: FloatArray, u: FloatArray, lower: FloatArray, upper: FloatArray) -> FloatArray:
    """Best (b, a, t0, tau) on a grid of onsets and time constants.

    For fixed ``t0`` and ``tau`` the curve is linear in ``b`` and ``a``, so each grid cell is a
    closed-form regression (with ``a >= 0``); the best cell starts the non-linear refinement. This
    global search avoids the local minima that the kink at ``t0`` creates.
    """
    onsets = np.linspace(lower[2], upper[2], GRID_ONSETS)
    taus = np.geomspace(max(lower[3], 5.0), min(upper[3], 3 * max(t[-1] - t[0], 30.0)), GRID_TAUS)
    elapsed = np.clip(t[None, :] - onsets[:, None], 0.0, None)  # (onsets, n)
    x = 1.0 - np.exp(-elapsed[:, None, :] / taus[None, :, None])  # (onsets, taus, n)
    x_mean = x.mean(axis=2, keepdims=True)
    u_mean = float(u.mean())
    dx = x - x_mean
    var = (dx * dx).sum(axis=2)
    cov = (dx * (u - u_mean)).sum(axis=2)
    a = np.where(var > 1e-12, np.clip(cov / np.where(var > 1e-12, var, 1.0), 0.0, None), 0.0)
    b = u_mean - a * x_mean[..., 0]
    sse = ((b[..., None] + a[..., None] * x - u) ** 2).sum(axis=2)
    k, m = np.unravel_index(int(np.argmin(sse)), sse.shape)
    start = np.array([b[k, m], a[k, m], onsets[k], taus[m]], dtype=np.float64)
    clipped: FloatArray = np.clip(start, lower + 1e-9, upper - 1e-9)
    return clipped


def fit_curve(t: FloatArray, u: FloatArray, scale: float) -> CurveParameters:
    """Fit the curve to observations ``u`` at days ``t`` (sorted ascending, at least 4 points).

    Parameters
    ----------
    t, u
        1-D arrays of equal length ``n``.
    scale
        A typical size of the measure (used for bounds and starting values), e.g. its noise.

    Notes
    -----
    Fits are cached on the exact bytes of ``t`` and ``u``: a record assessed again on another day,
    with the same gradings, is not fitted again.
    """
    t64 = np.ascontiguousarray(t, dtype=np.float64)
    u64 = np.ascontiguousarray(u, dtype=np.float64)
    return _cached_fit(t64.tobytes(), u64.tobytes(), scale)


def forget_fits() -> None:
    """Empty the cache of fits (for benchmarks that time the fitting itself)."""
    _cached_fit.cache_clear()


@functools.lru_cache(maxsize=256)
def _cached_fit(t_bytes: bytes, u_bytes: bytes, scale: float) -> CurveParameters:
    return _fit(np.frombuffer(t_bytes), np.frombuffer(u_bytes), scale)


def _fit(t: FloatArray, u: FloatArray, scale: float) -> CurveParameters:
    lo, hi = float(u.min()), float(u.max())
    spread = max(hi - lo, scale)
    t_first, t_last = float(t[0]), float(t[-1])
    lower = np.array([lo - 3 * spread, 0.0, t_first - ONSET_LOOKBACK_DAYS, TAU_MIN_DAYS])
    upper = np.array([hi + spread, 4 * spread, t_last, TAU_MAX_DAYS])
    if len(t) > GRID_MAX_POINTS:  # the grid only needs the shape: search it on a thinned series
        keep = np.linspace(0, len(t) - 1, GRID_MAX_POINTS).round().astype(int)
        start = _grid_start(t[keep], u[keep], lower, upper)
    else:
        start = _grid_start(t, u, lower, upper)
    result = least_squares(_residuals, start, jac=_jacobian, bounds=(lower, upper), args=(t, u))
    cost, p = float(result.cost), result.x
    dof = max(len(t) - 4, 1)
    return CurveParameters(
        baseline=float(p[0]),
        amplitude=float(p[1]),
        onset=float(p[2]),
        tau=float(p[3]),
        residual_sd=math.sqrt(2 * cost / dof),
        tau_at_bound=float(p[3]) >= TAU_MAX_DAYS * 0.99,
    )
