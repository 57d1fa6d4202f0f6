"""Rest, movements and expression labels found in scripted measure series."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.video.script import (
    REST_MM,
    FloatArray,
    Move,
    script_channels,
    script_duration,
    standard_script,
)
from bellpath.video.segments import (
    MOVEMENT,
    SegmentationParams,
    UserSegment,
    estimate_rest,
    segment_expressions,
    segment_user,
)
from bellpath.video.smoothing import smooth_series

FPS = 30.0
PEAK_TOLERANCE_S = 0.35
"""Peak frame within 0.35 s of the true peak (the middle of a 0.8 s hold)."""


def _smoothed(moves: list[Move], *, noise: float = 0.15, seed: int = 0) -> dict[str, FloatArray]:
    _, ch = script_channels(moves, FPS, script_duration(moves), noise_mm=noise, seed=seed)
    return {k: smooth_series(v, FPS) for k, v in ch.items()}


@pytest.mark.parametrize("affected", ["left", "right"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_standard_script_is_segmented_and_labelled(affected: str, seed: int) -> None:
    moves = standard_script(affected_side=affected)
    ch = _smoothed(moves, seed=seed)
    rest = estimate_rest(ch, FPS)
    for key, value in REST_MM.items():
        assert rest[key] == pytest.approx(value, abs=0.15)
    healthy = ("right",) if affected == "left" else ("left",)
    segments = segment_expressions(ch, rest, FPS, healthy_sides=healthy)
    assert [s.label for s in segments] == [m.label for m in moves]
    for seg, move in zip(segments, moves, strict=True):
        assert abs(seg.peak / FPS - move.peak_s) < PEAK_TOLERANCE_S
        assert seg.start / FPS == pytest.approx(move.start_s, abs=0.3)
        assert seg.end / FPS == pytest.approx(move.end_s, abs=0.3)
        assert seg.source == "auto"


def test_synkinetic_eye_narrowing_does_not_turn_a_smile_into_eye_closure() -> None:
    moves = standard_script(affected_side="left", eye_narrowing_mm=4.0)
    ch = _smoothed(moves)
    rest = estimate_rest(ch, FPS)
    labels = [s.label for s in segment_expressions(ch, rest, FPS, healthy_sides=("right",))]
    assert labels == ["brow_raise", "gentle_closure", "smile", "pucker"]


def test_blink_is_not_a_movement() -> None:
    blink = Move(
        "blink",
        2.0,
        {"palpebral_fissure.right": -9, "palpebral_fissure.left": -9},
        rise_s=0.08,
        hold_s=0.05,
        fall_s=0.12,
    )
    ch = _smoothed([blink])
    rest = estimate_rest(ch, FPS)
    assert segment_expressions(ch, rest, FPS) == []


def test_small_unlabelled_movement() -> None:
    # Brow lift of 2 mm: clear movement (> 1.5 mm) but below the brow-raise label scale (3 mm).
    move = Move("?", 1.0, {"brow_height.right": 2.0, "brow_height.left": 2.0})
    ch = _smoothed([move], noise=0.05)
    rest = estimate_rest(ch, FPS)
    [segment] = segment_expressions(ch, rest, FPS)
    assert segment.label == MOVEMENT


def test_tight_closure_pulls_the_brow_down() -> None:
    change = {
        "palpebral_fissure.right": -10,
        "palpebral_fissure.left": -10,
        "brow_height.right": -2.5,
        "brow_height.left": -2.5,
    }
    ch = _smoothed([Move("tight_closure", 1.0, change)])
    rest = estimate_rest(ch, FPS)
    [segment] = segment_expressions(ch, rest, FPS)
    assert segment.label == "tight_closure"


def test_rest_found_when_video_starts_mid_expression() -> None:
    # The smile is already on at time 0: the seed is rejected and the median of all frames used.
    moves = [
        Move(
            "smile",
            -0.2,
            {"commissure_excursion.right": 5, "commissure_excursion.left": 5},
            rise_s=0.1,
            hold_s=0.5,
            fall_s=0.4,
        )
    ]
    _, ch = script_channels(moves, FPS, 5.0)
    rest = estimate_rest(ch, FPS)
    assert rest["commissure_excursion.right"] == pytest.approx(28.0, abs=0.05)


def test_user_segments_keep_labels_and_find_peaks() -> None:
    moves = standard_script(affected_side="left")
    t, raw = script_channels(moves, FPS, script_duration(moves), noise_mm=0.1)
    ch = {k: smooth_series(v, FPS) for k, v in raw.items()}
    rest_mask = t < 0.9
    rest = estimate_rest(ch, FPS, rest_frames=rest_mask)
    user = [UserSegment("rest", 0.0, 0.9)] + [
        UserSegment("snarl" if m.label == "smile" else m.label, m.start_s, m.end_s) for m in moves
    ]
    segments = segment_user(ch, rest, t, user, healthy_sides=("right",))
    assert [s.label for s in segments] == ["brow_raise", "gentle_closure", "snarl", "pucker"]
    for seg, move in zip(segments, moves, strict=True):
        assert seg.source == "user"
        assert abs(t[seg.peak] - move.peak_s) < PEAK_TOLERANCE_S


def test_user_segment_outside_the_video_is_skipped() -> None:
    t, ch = script_channels([], FPS, 2.0)
    rest = estimate_rest(ch, FPS)
    assert segment_user(ch, rest, t, [UserSegment("smile", 10.0, 12.0)]) == []


def test_thresholds_are_overridable() -> None:
    move = Move("?", 1.0, {"brow_height.right": 2.0, "brow_height.left": 2.0})
    ch = _smoothed([move], noise=0.05)
    rest = estimate_rest(ch, FPS)
    strict = SegmentationParams(enter_activity=2.0)
    assert segment_expressions(ch, rest, FPS, params=strict) == []


@given(st.floats(0.0, 3.0), st.sampled_from(["smile", "brow_raise", "pucker", "gentle_closure"]))
def test_peak_moves_with_the_movement(shift_s: float, label: str) -> None:
    # Property: starting the same movement later moves its peak by the same time (one frame).
    change = {
        "smile": {"commissure_excursion.right": 5.0, "commissure_excursion.left": 5.0},
        "brow_raise": {"brow_height.right": 4.0, "brow_height.left": 4.0},
        "pucker": {"commissure_excursion.right": -4.0, "commissure_excursion.left": -4.0},
        "gentle_closure": {"palpebral_fissure.right": -9.0, "palpebral_fissure.left": -9.0},
    }[label]
    peaks = []
    for start in (1.0, 1.0 + shift_s):
        move = Move(label, start, change)
        _, ch = script_channels([move], FPS, move.end_s + 1.0)
        smoothed = {k: smooth_series(v, FPS) for k, v in ch.items()}
        rest = estimate_rest(smoothed, FPS)
        [segment] = segment_expressions(smoothed, rest, FPS)
        assert segment.label == label
        peaks.append(segment.peak / FPS)
    assert peaks[1] - peaks[0] == pytest.approx(shift_s, abs=1.5 / FPS)
