"""The jitter filter removes noise and keeps the height of real movement peaks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.video.script import FloatArray, Move, envelope
from bellpath.video.smoothing import SmoothingParams, fill_short_gaps, smooth_series

PEAK_TOLERANCE = 0.05
"""Smoothed peak amplitude within 5 % of the true one (stated in docs/video.md)."""


def _peak_series(fps: float, amplitude: float, rise_s: float, hold_s: float) -> FloatArray:
    t = np.arange(int(4 * fps)) / fps
    move = Move("smile", 1.0, {"x": amplitude}, rise_s=rise_s, hold_s=hold_s, fall_s=rise_s)
    return amplitude * envelope(move, t)


@pytest.mark.parametrize("fps", [15.0, 30.0, 60.0], ids=["15fps", "30fps", "60fps"])
@pytest.mark.parametrize(
    ("rise_s", "hold_s"),
    [(0.3, 0.0), (0.4, 0.3), (0.5, 1.0)],
    ids=["sharp-no-hold", "brief-hold", "long-hold"],
)
def test_peak_amplitude_is_kept(fps: float, rise_s: float, hold_s: float) -> None:
    clean = _peak_series(fps, 5.0, rise_s, hold_s)
    smoothed = smooth_series(clean, fps)
    assert np.nanmax(smoothed) == pytest.approx(5.0, rel=PEAK_TOLERANCE)


def test_moving_average_would_blunt_the_sharp_peak() -> None:
    # The reason for Savitzky-Golay: a box filter of the same window loses more than 3 %.
    fps = 30.0
    clean = _peak_series(fps, 5.0, 0.3, 0.0)
    window = SmoothingParams().window_frames(fps)
    box = np.convolve(clean, np.ones(window) / window, mode="same")
    assert np.max(box) < 5.0 * (1 - PEAK_TOLERANCE)
    assert np.nanmax(smooth_series(clean, fps)) > 5.0 * (1 - PEAK_TOLERANCE)


def test_noise_is_reduced_and_peak_survives() -> None:
    fps = 30.0
    clean = _peak_series(fps, 4.0, 0.4, 0.6)
    rng = np.random.default_rng(1)
    noisy = clean + rng.normal(0, 0.3, clean.size)
    smoothed = smooth_series(noisy, fps)
    assert np.std(smoothed - clean) < 0.6 * np.std(noisy - clean)
    assert np.nanmax(smoothed) == pytest.approx(4.0, abs=0.35)


def test_short_gap_bridged_long_gap_kept() -> None:
    fps = 30.0
    x = np.linspace(0, 10, 90)
    x[10:13] = np.nan  # 0.1 s: bridged
    x[40:70] = np.nan  # 1 s: stays missing
    out = smooth_series(x, fps)
    assert np.isfinite(out[10:13]).all()
    assert np.isnan(out[40:70]).all()
    assert np.isfinite(out[:40]).all()
    assert np.isfinite(out[70:]).all()


def test_run_shorter_than_window_is_returned_unsmoothed() -> None:
    x = np.array([np.nan] * 10 + [1.0, 2.0, 3.0] + [np.nan] * 10)
    out = smooth_series(x, 30.0)
    assert out[10:13].tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("values", "fps", "message"),
    [(np.zeros((3, 3)), 30.0, "one-dimensional"), (np.zeros(5), 0.0, "fps")],
    ids=["2d", "zero-fps"],
)
def test_bad_arguments(values: FloatArray, fps: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        smooth_series(values, fps)


@given(
    st.lists(st.floats(-50, 50), min_size=20, max_size=80),
    st.floats(-100, 100),
)
def test_smoothing_commutes_with_offset(values: list[float], offset: float) -> None:
    # A rest offset (another face size) moves the result by exactly that offset.
    x = np.array(values)
    a = smooth_series(x, 30.0) + offset
    b = smooth_series(x + offset, 30.0)
    assert np.allclose(a, b, atol=1e-6)


@given(st.integers(1, 5), st.integers(0, 3))
def test_fill_short_gaps_leaves_edges_and_respects_limit(gap: int, limit: int) -> None:
    x = np.arange(20, dtype=float)
    x[8 : 8 + gap] = np.nan
    x[0] = np.nan
    out = fill_short_gaps(x, limit)
    assert np.isnan(out[0])
    if gap <= limit:
        assert np.allclose(out[8 : 8 + gap], np.arange(8, 8 + gap))
    else:
        assert np.isnan(out[8 : 8 + gap]).all()
