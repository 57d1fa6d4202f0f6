"""Ground truth: synthetic clips of a real face moving by known millimetres."""

from __future__ import annotations

from pathlib import Path

import pytest

from bellpath.video.analysis import analyse_video
from bellpath.video.result import VideoResult
from bellpath.video.synthetic import ClipTruth

pytestmark = pytest.mark.slow

PEAK_TOLERANCE_S = 0.35
"""Peak within 0.35 s of the middle of the 0.8 s hold (any frame of the hold is a peak)."""
BOUNDS_TOLERANCE_S = 0.4
RELATIVE_TOLERANCE = {"brow_raise": 0.2, "gentle_closure": 0.2, "smile": 0.25, "pucker": 0.45}
"""Healthy-side excursion within this fraction of the true displacement. With lids, brows and mouth
corners refined from the image (AnalysisOptions.refine) brow and eye closure read within 7 % on
these clips and the smile within 20 %; the synthetic pucker only squeezes the lips sideways (no
protrusion), and the landmark model follows it by about 0.6."""


def _truth_and_result(which: str, request: pytest.FixtureRequest) -> tuple[ClipTruth, VideoResult]:
    truth: ClipTruth = request.getfixturevalue(f"{which}_truth")
    result: VideoResult = request.getfixturevalue(f"{which}_result")
    return truth, result


@pytest.mark.parametrize("which", ["synkinesis", "control"])
def test_expressions_found_at_the_right_times(which: str, request: pytest.FixtureRequest) -> None:
    truth, result = _truth_and_result(which, request)
    assert [e.label for e in result.expressions] == [m.label for m in truth.moves]
    for found, move in zip(result.expressions, truth.moves, strict=True):
        assert found.peak_s == pytest.approx(move.peak_s, abs=PEAK_TOLERANCE_S)
        assert found.start_s == pytest.approx(move.start_s, abs=BOUNDS_TOLERANCE_S)
        assert found.end_s == pytest.approx(move.end_s, abs=BOUNDS_TOLERANCE_S)
    assert result.frames == 162
    assert result.frames_rejected == 0
    # Rest before, between and after the expressions: five stretches, none inside a movement.
    rests = result.to_json()["rest_segments"]
    assert len(rests) == len(truth.moves) + 1
    assert rests[0]["start_s"] == 0.0
    for before, move in zip(rests, truth.moves, strict=False):
        assert before["end_s"] <= move.start_s + BOUNDS_TOLERANCE_S


@pytest.mark.parametrize("which", ["synkinesis", "control"])
def test_excursions_within_tolerance(which: str, request: pytest.FixtureRequest) -> None:
    truth, result = _truth_and_result(which, request)
    for found in result.expressions:
        tolerance = RELATIVE_TOLERANCE[found.label]
        expected = truth.excursions[found.label]
        for key, true_mm in expected.items():
            measure, _, side = key.partition(".")
            if side != "right" or (
                measure == "palpebral_fissure" and found.label != "gentle_closure"
            ):
                continue
            measured = getattr(found.excursion[measure], side)
            assert measured is not None
            assert measured == pytest.approx(true_mm, rel=tolerance), (found.label, key)


def test_affected_side_moves_less(control_result: VideoResult) -> None:
    # The left side moves 40 % of the right in the script; landmarks pull sides together, but the
    # ratio stays well under 1 and the order is never reversed.
    main = {
        "brow_raise": "brow_height",
        "gentle_closure": "palpebral_fissure",
        "smile": "commissure_excursion",
        "pucker": "commissure_excursion",
    }
    for found in control_result.expressions:
        ratio = found.excursion[main[found.label]].ratio
        assert ratio is not None
        assert 0.0 < ratio < 0.75, (found.label, ratio)


def test_synkinesis_detected_in_the_synkinesis_clip(synkinesis_result: VideoResult) -> None:
    ocular = synkinesis_result.ocular_oral
    assert ocular.detected
    assert ocular.side == "left"
    assert "smile" in ocular.during
    assert ocular.index is not None
    assert ocular.index > 25.0  # 5 mm of a ~10 mm aperture, under-followed by the landmarks
    smile = next(r for r in ocular.per_segment if r.label == "smile")
    assert smile.coupling is not None
    assert smile.coupling < -0.8


def test_no_synkinesis_in_the_control_clip(control_result: VideoResult) -> None:
    ocular = control_result.ocular_oral
    assert not ocular.detected
    assert ocular.during == []
    assert ocular.index is not None
    assert abs(ocular.index) < 8.0
    assert not control_result.oral_ocular.detected


def test_json_contract(synkinesis_result: VideoResult) -> None:
    data = synkinesis_result.to_json()
    for key in (
        "file",
        "fps",
        "frames",
        "frames_rejected",
        "expressions",
        "synkinesis",
        "warnings",
    ):
        assert key in data
    assert data["file"] == "synkinesis.mp4"
    assert data["fps"] == 15.0
    expression = data["expressions"][0]
    for key in ("label", "start_s", "peak_s", "end_s", "excursion"):
        assert key in expression
    assert set(expression["excursion"]["brow_height"]) >= {"right", "left", "ratio"}
    ocular = data["synkinesis"]["ocular_oral"]
    assert set(ocular) >= {"detected", "side", "index", "during"}
    assert ocular["detected"] is True
    assert all(set(w) == {"code", "message"} for w in data["warnings"])
    assert "clinician" in data["disclaimer"]


def test_wrong_side_gives_a_warning(control_clip: Path) -> None:
    # The left side is the weak one; saying "right" is never corrected, but it is questioned.
    result = analyse_video(control_clip, affected_side="right")
    assert result.affected_side == "right"
    codes = [w.code.value for w in result.warnings]
    assert "side_check" in codes


@pytest.mark.parametrize("which", ["synkinesis", "control"])
def test_right_side_gives_no_side_warning(which: str, request: pytest.FixtureRequest) -> None:
    _, result = _truth_and_result(which, request)
    assert "side_check" not in [w.code.value for w in result.warnings]
