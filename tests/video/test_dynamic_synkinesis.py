"""Excursions, affected/healthy ratios and the synkinesis index on scripted series."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.video.dynamic import excursions, segment_symmetry
from bellpath.video.script import Move, script_channels, script_duration, standard_script
from bellpath.video.segments import Segment, estimate_rest, local_rest, segment_expressions
from bellpath.video.smoothing import smooth_series
from bellpath.video.synkinesis import SynkinesisParams, assess_synkinesis

FPS = 30.0
EXCURSION_TOLERANCE_MM = 0.3


def _analyse(moves: list[Move], affected: str | None, *, noise: float = 0.15, seed: int = 0):  # type: ignore[no-untyped-def]
    _, raw = script_channels(moves, FPS, script_duration(moves), noise_mm=noise, seed=seed)
    ch = {k: smooth_series(v, FPS) for k, v in raw.items()}
    rest = estimate_rest(ch, FPS)
    healthy = {"left": ("right",), "right": ("left",)}.get(affected or "", ("right", "left"))
    segments = segment_expressions(ch, rest, FPS, healthy_sides=healthy)
    return ch, rest, segments


@pytest.mark.parametrize("affected", ["left", "right"])
@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5, 1.0], ids=["none", "quarter", "half", "full"])
def test_excursions_and_ratio_match_the_script(affected: str, fraction: float) -> None:
    moves = standard_script(affected_side=affected, affected_fraction=fraction)
    ch, rest, segments = _analyse(moves, affected)
    healthy = "right" if affected == "left" else "left"
    by_label = {s.label: s for s in segments}
    smile = excursions(ch, rest, by_label["smile"], affected_side=affected)["commissure_excursion"]
    assert getattr(smile, healthy) == pytest.approx(5.0, abs=EXCURSION_TOLERANCE_MM)
    assert getattr(smile, affected) == pytest.approx(5.0 * fraction, abs=EXCURSION_TOLERANCE_MM)
    assert smile.ratio == pytest.approx(fraction, abs=0.08)
    brow = excursions(ch, rest, by_label["brow_raise"], affected_side=affected)["brow_height"]
    assert getattr(brow, healthy) == pytest.approx(4.0, abs=EXCURSION_TOLERANCE_MM)
    pucker = excursions(ch, rest, by_label["pucker"], affected_side=affected)
    assert getattr(pucker["commissure_excursion"], healthy) == pytest.approx(-4.0, abs=0.3)
    closure = excursions(ch, rest, by_label["gentle_closure"], affected_side=affected)
    assert closure["palpebral_fissure"].right == pytest.approx(-9.0, abs=0.3)


def test_no_ratio_without_affected_side() -> None:
    moves = standard_script(affected_side="left")
    ch, rest, segments = _analyse(moves, None)
    for seg in segments:
        for value in excursions(ch, rest, seg, affected_side=None).values():
            assert value.ratio is None
            assert value.right is not None
            assert value.left is not None


def test_no_ratio_when_the_healthy_side_did_not_move() -> None:
    moves = standard_script(affected_side="left")
    ch, rest, segments = _analyse(moves, "left")
    brow = next(s for s in segments if s.label == "brow_raise")
    # The mouth did not move during the brow raise: a ratio of two noise values means nothing.
    assert excursions(ch, rest, brow, affected_side="left")["commissure_excursion"].ratio is None


def test_symmetry_over_time() -> None:
    moves = standard_script(affected_side="left", affected_fraction=0.5)
    ch, rest, segments = _analyse(moves, "left", noise=0.05)
    smile = next(s for s in segments if s.label == "smile")
    sym = segment_symmetry(ch, rest, smile, affected_side="left")["commissure_excursion"]
    assert sym.correlation is not None
    assert sym.correlation > 0.95  # both sides move in step ...
    assert sym.area_ratio == pytest.approx(0.5, abs=0.1)  # ... the affected one half as far


@pytest.mark.parametrize("affected", ["left", "right"])
def test_synkinesis_detected_on_the_affected_side(affected: str) -> None:
    moves = standard_script(affected_side=affected, eye_narrowing_mm=3.0)
    ch, rest, segments = _analyse(moves, affected)
    ocular, oral = assess_synkinesis(ch, rest, segments, affected_side=affected)
    assert ocular.detected
    assert ocular.side == affected
    assert ocular.index == pytest.approx(30.0, abs=5.0)  # 3 mm of a 10 mm aperture
    assert ocular.during == ["smile", "pucker"]
    for reading in ocular.per_segment:
        assert reading.coupling is not None
        assert reading.coupling < -0.9  # the eye closes in step with the mouth
    assert not oral.detected


def test_control_has_no_synkinesis() -> None:
    moves = standard_script(affected_side="left", eye_narrowing_mm=0.0)
    ch, rest, segments = _analyse(moves, "left")
    ocular, oral = assess_synkinesis(ch, rest, segments, affected_side="left")
    assert not ocular.detected
    assert ocular.index is not None
    assert abs(ocular.index) < 5.0
    assert ocular.during == []
    assert not oral.detected


def test_bilateral_duchenne_narrowing_is_not_synkinesis() -> None:
    # Both eyes narrow 2.5 mm in a broad smile: normal, symmetric.
    eyes = {"palpebral_fissure.right": -2.5, "palpebral_fissure.left": -2.5}
    smile = Move(
        "smile", 1.0, {"commissure_excursion.right": 5, "commissure_excursion.left": 5, **eyes}
    )
    ch, rest, segments = _analyse([smile], "left")
    ocular, _ = assess_synkinesis(ch, rest, segments, affected_side="left")
    assert not ocular.detected
    assert ocular.per_segment[0].change["left"] == pytest.approx(25.0, abs=4.0)


def test_unknown_side_reports_the_side_that_narrows() -> None:
    moves = standard_script(affected_side="right", eye_narrowing_mm=3.0)
    ch, rest, segments = _analyse(moves, None)
    ocular, _ = assess_synkinesis(ch, rest, segments, affected_side=None)
    assert ocular.detected
    assert ocular.side == "right"


def test_oral_ocular_mouth_moving_during_eye_closure() -> None:
    closure = Move(
        "gentle_closure",
        1.0,
        {
            "palpebral_fissure.right": -9,
            "palpebral_fissure.left": -9,
            "commissure_excursion.left": 2.5,
        },
    )
    ch, rest, segments = _analyse([closure], "left")
    _, oral = assess_synkinesis(ch, rest, segments, affected_side="left")
    assert oral.detected
    assert oral.unit == "mm"
    assert oral.index == pytest.approx(2.5, abs=0.3)


def test_threshold_is_a_parameter() -> None:
    moves = standard_script(affected_side="left", eye_narrowing_mm=3.0)
    ch, rest, segments = _analyse(moves, "left")
    strict = SynkinesisParams(index_threshold_pct=50.0)
    ocular, _ = assess_synkinesis(ch, rest, segments, affected_side="left", params=strict)
    assert not ocular.detected
    assert ocular.threshold == 50.0


@given(st.floats(0.0, 6.0), st.floats(0.0, 6.0))
def test_index_rises_with_narrowing(a: float, b: float) -> None:
    # Property: more narrowing of the affected eye never gives a smaller index.
    lo, hi = sorted((a, b))
    idx = []
    for mm in (lo, hi):
        moves = standard_script(affected_side="left", eye_narrowing_mm=mm)
        ch, rest, segments = _analyse(moves, "left", noise=0.0)
        ocular, _ = assess_synkinesis(ch, rest, segments, affected_side="left")
        assert ocular.index is not None
        idx.append(ocular.index)
    assert idx[0] <= idx[1] + 1e-6


def test_segment_on_a_flat_series_gives_zero_excursion() -> None:
    _, ch = script_channels([], FPS, 3.0)
    rest = estimate_rest(ch, FPS)
    seg = Segment("smile", 10, 20, 30)
    ex = excursions(ch, rest, seg, affected_side="left")
    assert all(v.right == 0.0 and v.left == 0.0 for v in ex.values())
    assert np.isfinite(rest["brow_height.left"])


@given(st.floats(-20, 20), st.floats(0.5, 2.0))
def test_excursions_ignore_rest_offsets(offset: float, gain: float) -> None:
    # Property: a different face (rest values shifted) moving the same way gives the same
    # excursions; scaling the movement scales the excursions by the same factor.
    moves = standard_script(affected_side="left")
    _, raw = script_channels(moves, FPS, script_duration(moves))
    rest0 = {k: float(v[0]) for k, v in raw.items()}
    shifted = {k: rest0[k] + offset + gain * (v - rest0[k]) for k, v in raw.items()}
    rest1 = {k: rest0[k] + offset for k in raw}
    seg = Segment("smile", 170, 198, 220)
    base = excursions(raw, rest0, seg, affected_side="left")
    moved = excursions(shifted, rest1, seg, affected_side="left")
    for name, value in base.items():
        assert value.right is not None
        assert moved[name].right == pytest.approx(gain * value.right, abs=1e-6)


def test_local_rest_removes_slow_drift() -> None:
    # Posture drifts: the mouth-corner rest creeps up 2 mm over the recording. The excursion of
    # the late pucker is still read from the rest just before it.
    moves = standard_script(affected_side="left")
    t, raw = script_channels(moves, FPS, script_duration(moves), noise_mm=0.05)
    drift = 2.0 * t / t[-1]
    for side in ("right", "left"):
        raw[f"commissure_excursion.{side}"] = raw[f"commissure_excursion.{side}"] + drift
    ch = {k: smooth_series(v, FPS) for k, v in raw.items()}
    rest = estimate_rest(ch, FPS)
    segments = segment_expressions(ch, rest, FPS, healthy_sides=("right",))
    pucker = next(s for s in segments if s.label == "pucker")
    local = local_rest(ch, rest, pucker, FPS)
    from_local = excursions(ch, local, pucker, affected_side="left")["commissure_excursion"]
    from_global = excursions(ch, rest, pucker, affected_side="left")["commissure_excursion"]
    assert from_local.right == pytest.approx(-4.0, abs=0.3)
    assert from_global.right is not None
    assert abs(from_global.right + 4.0) > 0.6  # the video-wide rest would be off by the drift


def test_local_rest_falls_back_without_still_frames() -> None:
    _, ch = script_channels([], FPS, 3.0)
    rest = estimate_rest(ch, FPS)
    at_start = Segment("smile", 0, 5, 10)
    assert local_rest(ch, rest, at_start, FPS) == rest
