"""Synthetic warps: a feature moves by exactly the requested millimetres; nothing else does."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from bellpath.camera.synthetic import (
    SyntheticFace,
    Warp,
    WarpAnimator,
    WarpTarget,
    expected_changes,
    warp_face,
)
from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.measures import MeasureName
from bellpath.face.testing import place, symmetric_face

MM_PER_PX = 0.1  # 10 pixels per mm
ROLL = 4.0


def _face_with_blob(point_mm: tuple[float, float]) -> SyntheticFace:
    """A grey image with one bright Gaussian blob at a face-frame point (mm)."""
    lm = place(symmetric_face(), mm_per_px=MM_PER_PX, roll_deg=ROLL, centre=(500.0, 350.0))
    face = SyntheticFace(np.zeros((1000, 1000, 3), dtype=np.uint8), lm, MM_PER_PX)
    centre = face.frame.to_image(np.array([point_mm]) / MM_PER_PX)[0]
    yy, xx = np.mgrid[0:1000, 0:1000] + 0.5
    blob = 200.0 * np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * 4.0**2))
    image = np.repeat((30.0 + blob)[:, :, None], 3, axis=2).round().astype(np.uint8)
    return SyntheticFace(image, lm, MM_PER_PX)


def _blob_mm(face: SyntheticFace, image: NDArray[Any]) -> NDArray[Any]:
    """Face-frame position (mm) of the blob's intensity-weighted centroid."""
    w = np.clip(image[:, :, 0].astype(float) - 30.0, 0, None)
    w[w < 20] = 0
    yy, xx = np.mgrid[0 : w.shape[0], 0 : w.shape[1]] + 0.5
    c = np.array([(w * xx).sum(), (w * yy).sum()]) / w.sum()
    out: NDArray[Any] = face.frame.to_frame(c[None, :])[0] * MM_PER_PX
    return out


CASES = [
    # (feature, its face-frame position on the person's left in mm, share of mm it moves, size)
    *(
        pytest.param(WarpTarget.MOUTH_CORNER, (25.0, -48.0), 1.0, mm, id=f"corner-{mm}")
        for mm in (1.0, 2.0, 4.0, 8.0)
    ),
    *(
        pytest.param(WarpTarget.BROW, (31.0, 18.0), 1.0, mm, id=f"brow-{mm}")
        for mm in (1.0, 2.0, 4.0, 8.0)
    ),
    # the synthetic eye is 9 mm open: 8 mm would close it, and its lids would meet
    *(
        pytest.param(WarpTarget.EYE_APERTURE, (31.0, 4.0), 0.5, mm, id=f"upper-lid-{mm}")
        for mm in (1.0, 2.0, 4.0)
    ),
    *(
        pytest.param(WarpTarget.EYE_APERTURE, (31.0, -5.0), -0.5, mm, id=f"lower-lid-{mm}")
        for mm in (1.0, 2.0, 4.0)
    ),
    # ptosis: the upper lid moves by the whole amount, the lower lid stays
    *(
        pytest.param(WarpTarget.UPPER_LID, (31.0, 4.0), 1.0, mm, id=f"ptosis-upper-{mm}")
        for mm in (1.0, 2.0, 4.0)
    ),
    *(
        pytest.param(WarpTarget.UPPER_LID, (31.0, -5.0), 0.0, mm, id=f"ptosis-lower-{mm}")
        for mm in (1.0, 2.0, 4.0)
    ),
]


@pytest.mark.parametrize(("target", "point", "fraction", "mm"), CASES)
def test_feature_moves_by_exactly_the_requested_mm(
    target: WarpTarget, point: tuple[float, float], fraction: float, mm: float
) -> None:
    face = _face_with_blob(point)
    before = _blob_mm(face, face.image)
    after = _blob_mm(face, warp_face(face, [Warp(target, Side.LEFT, mm)]))
    np.testing.assert_allclose(before, point, atol=0.02)
    assert after[1] - before[1] == pytest.approx(-fraction * mm, abs=0.03)
    assert after[0] == pytest.approx(before[0], abs=0.03)  # only vertical movement


@pytest.mark.parametrize("target", list(WarpTarget))
def test_the_other_side_does_not_move(target: WarpTarget) -> None:
    face = _face_with_blob((-31.0, 18.0) if target is WarpTarget.BROW else (-25.0, -48.0))
    warped = warp_face(face, [Warp(target, Side.LEFT, 8.0)])
    np.testing.assert_array_equal(warped, face.image)


def test_zero_warp_is_the_identity() -> None:
    face = _face_with_blob((25.0, -48.0))
    np.testing.assert_array_equal(
        warp_face(face, [Warp(WarpTarget.BROW, Side.LEFT, 0.0)]), face.image
    )
    np.testing.assert_array_equal(warp_face(face, []), face.image)


@pytest.mark.parametrize("mm", [-1.0, 12.5, math.nan])
def test_warp_size_is_validated(mm: float) -> None:
    with pytest.raises(InputError) as err:
        Warp(WarpTarget.BROW, Side.LEFT, mm)
    assert err.value.field == "mm"


def test_expected_changes() -> None:
    face = _face_with_blob((0.0, 0.0))
    assert expected_changes(face, Warp(WarpTarget.BROW, Side.RIGHT, 3.0)) == {
        MeasureName.BROW_HEIGHT: -3.0
    }
    eye = expected_changes(face, Warp(WarpTarget.EYE_APERTURE, Side.RIGHT, 3.0))
    assert eye[MeasureName.PALPEBRAL_FISSURE] == -3.0
    assert eye[MeasureName.MRD1] == eye[MeasureName.MRD2] == -1.5
    ptosis = expected_changes(face, Warp(WarpTarget.UPPER_LID, Side.RIGHT, 3.0))
    assert ptosis == {MeasureName.PALPEBRAL_FISSURE: -3.0, MeasureName.MRD1: -3.0}
    assert WarpTarget.UPPER_LID.unchanged == (MeasureName.MRD2,)
    assert WarpTarget.EYE_APERTURE.unchanged == ()
    mouth = expected_changes(face, Warp(WarpTarget.MOUTH_CORNER, Side.LEFT, 2.0))
    # corner at (25, -48), lower-lip midline at -56: excursion hypot(25, 8) -> hypot(25, 6)
    assert mouth[MeasureName.COMMISSURE_HEIGHT_DEVIATION] == 2.0
    assert mouth[MeasureName.COMMISSURE_EXCURSION] == pytest.approx(
        math.hypot(25, 6) - math.hypot(25, 8)
    )
    assert mouth[MeasureName.SMILE_ANGLE] == pytest.approx(
        math.degrees(math.atan2(6, 25) - math.atan2(8, 25))
    )
    for target in WarpTarget:
        assert set(expected_changes(face, Warp(target, Side.LEFT, 1.0))) == set(target.measures)


def test_animator_renders_lazily_and_like_warp_face() -> None:
    face = _face_with_blob((25.0, -48.0))
    anim = WarpAnimator(face)
    key = (WarpTarget.MOUTH_CORNER, Side.LEFT)
    schedule = [{key: 3.0 * math.sin(math.pi * t / 4) ** 2} for t in range(5)]
    frames = anim.frames(schedule)
    assert isinstance(frames, Iterator)
    heights = [_blob_mm(face, f)[1] for f in frames]
    assert heights[0] == pytest.approx(-48.0, abs=0.03)
    assert heights[2] == pytest.approx(-51.0, abs=0.03)  # the peak: 3 mm down
    assert heights[1] == pytest.approx(heights[3], abs=1e-6)
    np.testing.assert_array_equal(
        anim.render({key: 3.0}), warp_face(face, [Warp(WarpTarget.MOUTH_CORNER, Side.LEFT, 3.0)])
    )
    assert anim.mm_per_px == MM_PER_PX
