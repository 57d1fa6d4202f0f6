"""Mirror pairing table and mirror-consistent averaging (pure: fake detectors)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from bellpath.camera.mirror import MirrorConsistentDetector, mirror_average
from bellpath.case import Side
from bellpath.face.indices import (
    BROW_LOWER,
    BROW_UPPER,
    EYE_CONTOUR,
    INNER_LIP_LOWER,
    INNER_LIP_UPPER,
    IRIS,
    LID_LOWER,
    LID_UPPER,
    LIP_LOWER,
    LIP_UPPER,
    MIDLINE,
    MIRROR_PAIRS,
    MOUTH_CORNER,
    derive_mirror_pairs,
    mirror_pairs_array,
)
from bellpath.face.landmarks import FakeDetector
from bellpath.face.measures import MeasureName, measure_face
from bellpath.face.testing import place, shift, symmetric_face

BLANK = np.zeros((1000, 1000, 3), dtype=np.uint8)


def test_pairing_is_an_involution_with_midline_fixed_points() -> None:
    pairs = mirror_pairs_array()
    assert pairs.shape == (478,)
    assert sorted(pairs.tolist()) == list(range(478))  # a permutation
    np.testing.assert_array_equal(pairs[pairs], np.arange(478))
    for idx in MIDLINE.values():
        assert MIRROR_PAIRS[idx] == idx
    assert MIRROR_PAIRS[468] == 473  # iris centres
    assert MIRROR_PAIRS[33] == 263  # outer eye corners


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(t, id=n)
        for n, t in {
            "iris": IRIS,
            "lid_upper": LID_UPPER,
            "lid_lower": LID_LOWER,
            "eye": EYE_CONTOUR,
            "brow_upper": BROW_UPPER,
            "brow_lower": BROW_LOWER,
            "lip_upper": LIP_UPPER,
            "lip_lower": LIP_LOWER,
            "inner_upper": INNER_LIP_UPPER,
            "inner_lower": INNER_LIP_LOWER,
            "corner": {s: (MOUTH_CORNER[s],) for s in Side},
        }.items()
    ],
)
def test_named_tables_agree_with_the_pairing(table: dict[Side, tuple[int, ...]]) -> None:
    for right, left in zip(table[Side.RIGHT], table[Side.LEFT], strict=True):
        assert MIRROR_PAIRS[right] == left


def test_derivation_recovers_the_pairing_from_perfect_mirror_detections() -> None:
    lm = place(symmetric_face() + np.random.default_rng(1).normal(0, 0.01, (478, 2)))
    # an ideal detector on the mirrored image returns the mirrored landmarks
    on_mirror = lm.mirrored(MIRROR_PAIRS)
    width = lm.image_size[0]
    derived = derive_mirror_pairs([lm.points], [on_mirror.points], [width])
    # the midline points of the synthetic face coincide, so compare off the midline only
    off = [i for i in range(478) if MIRROR_PAIRS[i] != i]
    assert (derived[off] == mirror_pairs_array()[off]).mean() > 0.95


@given(st.floats(0, 4), st.floats(0, 4), st.floats(-15, 15))
def test_average_of_consistent_detections_is_unchanged(
    brow: float, corner: float, roll: float
) -> None:
    face = shift(symmetric_face(), BROW_UPPER[Side.LEFT] + BROW_LOWER[Side.LEFT], -brow)
    face = shift(face, [MOUTH_CORNER[Side.RIGHT]], -corner)
    lm = place(face, roll_deg=roll)
    avg = mirror_average(lm, lm.mirrored(MIRROR_PAIRS))
    np.testing.assert_allclose(avg.points, lm.points, atol=1e-9)


def test_average_removes_a_side_bias_of_the_detector() -> None:
    # a detector that always puts the image-left brow 1 mm too low: on the photo that is the
    # person's right brow, on the mirror the person's left one; the average spreads it evenly
    truth = place(symmetric_face(), mm_per_px=0.1)

    def biased(lm_points: NDArray[Any]) -> NDArray[Any]:
        pts = lm_points.copy()
        for idx in BROW_UPPER[Side.RIGHT] + BROW_LOWER[Side.RIGHT]:  # on the image's left
            pts[idx, 1] += 10.0  # 1 mm lower at 0.1 mm/px
        return pts

    on_photo = truth.with_points(biased(truth.points))
    on_mirror = truth.mirrored(MIRROR_PAIRS)
    on_mirror = on_mirror.with_points(biased(on_mirror.points))
    raw = measure_face(on_photo, affected_side=None).bilateral[MeasureName.BROW_HEIGHT]
    avg = measure_face(mirror_average(on_photo, on_mirror), affected_side=None)
    brow = avg.bilateral[MeasureName.BROW_HEIGHT]
    assert raw.difference == pytest.approx(1.0)
    assert brow.difference == pytest.approx(0.0, abs=1e-9)
    assert brow.right == pytest.approx(17.5)


def test_detector_pairs_faces_and_keeps_unmatched_ones() -> None:
    lm = place(symmetric_face(), mm_per_px=0.2, centre=(300.0, 400.0))
    other = place(symmetric_face(), mm_per_px=0.2, centre=(700.0, 400.0))
    photo = FakeDetector([[lm, other]])
    mirror = FakeDetector([[other.mirrored(MIRROR_PAIRS)]])  # the mirror finds only one face
    faces = MirrorConsistentDetector(photo, mirror).detect(BLANK)
    assert len(faces) == 2
    np.testing.assert_allclose(faces[0].points, lm.points)  # unmatched, as detected
    np.testing.assert_allclose(faces[1].points, other.points)  # matched and averaged


def test_detector_without_faces_skips_the_mirror() -> None:
    photo, mirror = FakeDetector([[]]), FakeDetector([[]])
    assert MirrorConsistentDetector(photo, mirror).detect(BLANK) == []
    assert mirror.calls == 0


@given(st.floats(-20, 20), st.floats(0.05, 1.0), st.integers(200, 2000))
def test_mirroring_twice_is_the_identity(roll: float, mm_per_px: float, width: int) -> None:
    lm = place(symmetric_face(), roll_deg=roll, mm_per_px=mm_per_px, image_size=(width, 1000))
    twice = lm.mirrored(MIRROR_PAIRS).mirrored(MIRROR_PAIRS)
    np.testing.assert_allclose(twice.points, lm.points, atol=1e-9)
    assert twice.image_size == lm.image_size


@given(st.integers(100, 4000), st.integers(100, 4000))
def test_rescaling_round_trips(width: int, height: int) -> None:
    lm = place(symmetric_face(), image_size=(1000, 800), depth=True)
    back = lm.rescaled((width, height)).rescaled((1000, 800))
    np.testing.assert_allclose(back.points, lm.points, atol=1e-9)
