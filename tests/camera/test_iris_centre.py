"""MRD1 and MRD2 under lid cover: what holds now, and the known iris-centre slide (strict xfail).

MRD1/MRD2 are measured from MediaPipe's iris centre, which slides when a lid covers part of the
iris (docs/photo-measures.md, "Where the accuracy target is missed"). The xfail tests state the
behaviour bellpath should have; they are strict, so a fix that makes them pass is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from numpy.typing import NDArray

from bellpath.camera.mediapipe_detector import MediaPipeDetector
from bellpath.camera.mirror import MirrorConsistentDetector
from bellpath.camera.refine import RefinedDetector
from bellpath.camera.synthetic import (
    SyntheticFace,
    Warp,
    WarpTarget,
    astronaut_face,
    expected_changes,
    warp_face,
)
from bellpath.case import Side
from bellpath.face.indices import IRIS_CENTRE
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector, detect_single
from bellpath.face.measures import FaceMeasures, MeasureName, measure_face

TOLERANCE_MM = 0.25
"""How far a measure the warp leaves alone may move (about 0.7 pixel at 0.35 mm/px)."""


@pytest.fixture(scope="module")
def face() -> SyntheticFace:
    return astronaut_face(4.0)


@pytest.fixture(scope="module")
def pipeline() -> Iterator[LandmarkDetector]:
    with MediaPipeDetector() as raw:
        yield RefinedDetector(MirrorConsistentDetector(raw))


Result = tuple[FaceLandmarks, FaceMeasures]


def _run(det: LandmarkDetector, image: NDArray[np.uint8]) -> Result:
    lm = detect_single(det, image)
    return lm, measure_face(lm, affected_side=None)


@pytest.fixture(scope="module")
def runs(face: SyntheticFace, pipeline: LandmarkDetector) -> dict[tuple[WarpTarget, float], Result]:
    """The unwarped face and left-side warps, through bellpath's photo pipeline."""
    out = {(WarpTarget.UPPER_LID, 0.0): _run(pipeline, face.image)}
    for target, mm in ((WarpTarget.UPPER_LID, 2.0), (WarpTarget.EYE_APERTURE, 4.0)):
        out[(target, mm)] = _run(pipeline, warp_face(face, [Warp(target, Side.LEFT, mm)]))
    return out


def _change(
    runs: dict[tuple[WarpTarget, float], Result],
    key: tuple[WarpTarget, float],
    name: MeasureName,
    side: Side,
) -> float:
    before = runs[(WarpTarget.UPPER_LID, 0.0)][1].bilateral[name].side(side)
    return runs[key][1].bilateral[name].side(side) - before


def _iris_shift_mm(
    face: SyntheticFace,
    runs: dict[tuple[WarpTarget, float], Result],
    key: tuple[WarpTarget, float],
    side: Side,
) -> float:
    """Vertical move of the iris centre estimate, in the unwarped face's frame."""
    i = IRIS_CENTRE[side]
    before = face.frame.to_frame(runs[(WarpTarget.UPPER_LID, 0.0)][0].xy)[i, 1]
    after = face.frame.to_frame(runs[key][0].xy)[i, 1]
    return float(after - before) * face.mm_per_px


PTOSIS = (WarpTarget.UPPER_LID, 2.0)
NARROWER = (WarpTarget.EYE_APERTURE, 4.0)


def test_ptosis_narrows_the_fissure_by_the_lid_and_spares_the_other_eye(
    face: SyntheticFace, runs: dict[tuple[WarpTarget, float], Result]
) -> None:
    true = expected_changes(face, Warp(PTOSIS[0], Side.LEFT, PTOSIS[1]))
    fissure = _change(runs, PTOSIS, MeasureName.PALPEBRAL_FISSURE, Side.LEFT)
    assert 0.8 <= fissure / true[MeasureName.PALPEBRAL_FISSURE] <= 1.2
    assert _change(runs, PTOSIS, MeasureName.MRD1, Side.LEFT) < 0.5 * true[MeasureName.MRD1]
    for name in (MeasureName.MRD1, MeasureName.MRD2, MeasureName.PALPEBRAL_FISSURE):
        assert abs(_change(runs, PTOSIS, name, Side.RIGHT)) <= TOLERANCE_MM, name
    # MRD1 + MRD2 is the fissure, whatever the iris centre does
    m = runs[PTOSIS][1].bilateral
    assert m[MeasureName.MRD1].left + m[MeasureName.MRD2].left == pytest.approx(
        m[MeasureName.PALPEBRAL_FISSURE].left
    )


@pytest.mark.xfail(
    strict=True,
    reason="known: MediaPipe's iris centre slides 0.3-0.7 mm DOWN when only the upper lid "
    "covers the iris (docs/photo-measures.md)",
)
def test_ptosis_moves_mrd1_but_leaves_mrd2_and_the_iris_centre(
    face: SyntheticFace, runs: dict[tuple[WarpTarget, float], Result]
) -> None:
    true = expected_changes(face, Warp(PTOSIS[0], Side.LEFT, PTOSIS[1]))[MeasureName.MRD1]
    assert 0.8 <= _change(runs, PTOSIS, MeasureName.MRD1, Side.LEFT) / true <= 1.2
    assert abs(_change(runs, PTOSIS, MeasureName.MRD2, Side.LEFT)) <= TOLERANCE_MM
    assert abs(_iris_shift_mm(face, runs, PTOSIS, Side.LEFT)) <= TOLERANCE_MM


@pytest.mark.xfail(
    strict=True,
    reason="known: when both lids close over the iris, MediaPipe's iris centre slides 0.6-0.8 mm "
    "UP (docs/benchmarks.md: MRD1 1.33, MRD2 0.73 at 4 mm)",
)
def test_narrower_eye_mrd_ratios_within_target(
    face: SyntheticFace, runs: dict[tuple[WarpTarget, float], Result]
) -> None:
    true = expected_changes(face, Warp(NARROWER[0], Side.LEFT, NARROWER[1]))
    for name in (MeasureName.MRD1, MeasureName.MRD2):
        ratio = _change(runs, NARROWER, name, Side.LEFT) / true[name]
        assert 0.8 <= ratio <= 1.2, (name, ratio)
    assert abs(_iris_shift_mm(face, runs, NARROWER, Side.LEFT)) <= TOLERANCE_MM
