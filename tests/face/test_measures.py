"""measure_face on synthetic landmarks: exact answers, invariances, mirror swap, monotonicity."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.errors import InputError, PhotoError
from bellpath.face.calibration import (
    IRIS_DIAMETER_MM,
    CalibrationMethod,
    calibrate,
)
from bellpath.face.indices import (
    BROW_LOWER,
    BROW_UPPER,
    LID_UPPER,
    LIP_UPPER,
    MIRROR_PAIRS,
    MOUTH_CORNER,
)
from bellpath.face.landmarks import FaceLandmarks
from bellpath.face.measures import FaceMeasures, MeasureName, Unit, measure_face
from bellpath.face.testing import FaceDims, place, shift, symmetric_face

LENGTHS = [
    MeasureName.BROW_HEIGHT,
    MeasureName.MRD1,
    MeasureName.MRD2,
    MeasureName.PALPEBRAL_FISSURE,
    MeasureName.COMMISSURE_EXCURSION,
]


def _measure(
    face_mm: NDArray[Any],
    side: Side | None = None,
    *,
    roll_deg: float = 0.0,
    mm_per_px: float = 0.1,
    centre: tuple[float, float] = (500.0, 400.0),
) -> FaceMeasures:
    lm = place(face_mm, roll_deg=roll_deg, mm_per_px=mm_per_px, centre=centre)
    return measure_face(lm, affected_side=side)


def _brow(side: Side) -> list[int]:
    return list(BROW_UPPER[side] + BROW_LOWER[side])


def _asymmetric(brow: float, corner: float, lid: float) -> NDArray[Any]:
    face = symmetric_face()
    face = shift(face, _brow(Side.LEFT), -brow)
    face = shift(face, [MOUTH_CORNER[Side.LEFT]], -corner)
    return shift(face, LID_UPPER[Side.LEFT][1:-1], -lid)


@pytest.mark.parametrize(
    "dims",
    [
        pytest.param(FaceDims(), id="default"),
        pytest.param(FaceDims(mrd1=2.0, mrd2=6.0, brow_height=22.0), id="low-lid-high-brow"),
        pytest.param(FaceDims(corner_x=30.0, corner_y=-45.0, dental_gap=0.0), id="closed-mouth"),
    ],
)
def test_symmetric_face_exact_values(dims: FaceDims) -> None:
    m = _measure(symmetric_face(dims), roll_deg=7.0, mm_per_px=0.08)
    expected = {
        MeasureName.BROW_HEIGHT: dims.brow_height,
        MeasureName.MRD1: dims.mrd1,
        MeasureName.MRD2: dims.mrd2,
        MeasureName.PALPEBRAL_FISSURE: dims.mrd1 + dims.mrd2,
        MeasureName.COMMISSURE_EXCURSION: math.hypot(
            dims.corner_x, dims.corner_y - dims.lower_lip_y
        ),
        MeasureName.SMILE_ANGLE: math.degrees(
            math.atan2(dims.corner_y - dims.lower_lip_y, dims.corner_x)
        ),
    }
    for name, value in expected.items():
        b = m.bilateral[name]
        assert b.right == pytest.approx(value, abs=1e-9), name
        assert b.left == pytest.approx(value, abs=1e-9), name
        assert b.difference == pytest.approx(0.0, abs=1e-9)
        assert b.percent is None  # no affected side given
    assert m.single[MeasureName.DENTAL_SHOW].value == pytest.approx(dims.dental_gap, abs=1e-9)
    assert m.single[MeasureName.FACIAL_ASYMMETRY_INDEX].value == pytest.approx(0.0, abs=1e-9)
    assert m.single[MeasureName.COMMISSURE_HEIGHT_DEVIATION].side is None  # level corners
    assert m.calibration.method is CalibrationMethod.IRIS
    assert m.calibration.mm_per_px == pytest.approx(0.08)
    assert m.pose.roll == pytest.approx(7.0)
    assert m.pose.yaw is None  # no depth in these landmarks


def test_eye_area_is_the_lid_polygon() -> None:
    # parabolic lids sampled at 9 points: area of that polygon, by the trapezoid rule
    dims = FaceDims()
    xs = np.linspace(-dims.eye_half_width, dims.eye_half_width, 9)
    heights = (dims.mrd1 + dims.mrd2) * (1 - (xs / dims.eye_half_width) ** 2)
    area = float(np.sum((heights[1:] + heights[:-1]) / 2 * np.diff(xs)))
    m = _measure(symmetric_face(dims))
    assert m.bilateral[MeasureName.EYE_AREA].right == pytest.approx(area)
    assert m.bilateral[MeasureName.EYE_AREA].unit is Unit.MM2


def test_known_asymmetry_exact() -> None:
    dims = FaceDims()
    face = shift(symmetric_face(dims), [MOUTH_CORNER[Side.LEFT]], -3.0)
    face = shift(face, _brow(Side.LEFT), -2.0)
    m = _measure(face, Side.LEFT, roll_deg=-5.0)
    chd = m.single[MeasureName.COMMISSURE_HEIGHT_DEVIATION]
    assert chd.value == pytest.approx(3.0)
    assert chd.side is Side.LEFT
    brow = m.bilateral[MeasureName.BROW_HEIGHT]
    assert (brow.right, brow.left) == pytest.approx((18.0, 16.0))
    assert brow.difference == pytest.approx(2.0)
    assert brow.percent == pytest.approx(100 * (16.0 - 18.0) / 18.0)
    angle = m.bilateral[MeasureName.SMILE_ANGLE]
    assert angle.left == pytest.approx(math.degrees(math.atan2(8.0 - 3.0, 25.0)))
    assert m.single[MeasureName.FACIAL_ASYMMETRY_INDEX].value > 0


def test_lip_height_deviation_reads_the_mid_half_points() -> None:
    face = shift(symmetric_face(), LIP_UPPER[Side.RIGHT][1:-1], -2.0)
    m = _measure(face, mm_per_px=0.05)
    dev = m.single[MeasureName.UPPER_LIP_HEIGHT_DEVIATION]
    assert dev.value == pytest.approx(2.0)
    assert dev.side is Side.RIGHT
    assert m.single[MeasureName.LOWER_LIP_HEIGHT_DEVIATION].value == pytest.approx(0.0, abs=1e-9)


def test_percent_relative_to_the_healthy_side_only_when_side_given() -> None:
    face = shift(symmetric_face(), LID_UPPER[Side.RIGHT][1:-1], -1.0)  # right MRD1 4 -> 3
    right = _measure(face, Side.RIGHT).bilateral[MeasureName.MRD1]
    left = _measure(face, Side.LEFT).bilateral[MeasureName.MRD1]
    unknown = _measure(face, None).bilateral[MeasureName.MRD1]
    assert right.percent == pytest.approx(-25.0)  # affected 3 vs healthy 4
    assert left.percent == pytest.approx(100 * (4 - 3) / 3)
    assert unknown.percent is None
    assert right.difference == left.difference == unknown.difference == pytest.approx(1.0)


def test_percent_withheld_when_healthy_value_is_near_zero() -> None:
    # corners level with the lower-lip midline point: healthy smile angle 0 degrees
    face = symmetric_face(FaceDims(corner_y=-56.0, lower_lip_y=-56.0, upper_lip_y=-50.0))
    face = shift(face, [MOUTH_CORNER[Side.LEFT]], -2.0)
    assert _measure(face, Side.LEFT).bilateral[MeasureName.SMILE_ANGLE].percent is None


@given(
    st.tuples(st.floats(0, 5), st.floats(0, 5), st.floats(0, 2)),
    st.floats(-25, 25),
    st.floats(0.03, 0.5),
    st.floats(200, 800),
)
def test_mm_values_invariant_to_roll_scale_translation(
    droop: tuple[float, float, float], roll: float, mm_per_px: float, x: float
) -> None:
    face = _asymmetric(*droop)
    a = _measure(face, Side.LEFT)
    b = _measure(face, Side.LEFT, roll_deg=roll, mm_per_px=mm_per_px, centre=(x, 1000 - x))
    for name in MeasureName:
        ja, jb = a[name].to_json(), b[name].to_json()
        for key in ("right", "left", "difference", "value"):
            if key in ja:
                assert jb[key] == pytest.approx(ja[key], abs=1e-6), (name, key)


@given(st.floats(0, 5), st.floats(0.1, 5), st.floats(0, 2), st.floats(-20, 20))
def test_mirrored_landmarks_swap_right_and_left(
    brow: float, corner: float, lid: float, roll: float
) -> None:
    lm = place(_asymmetric(brow, corner, lid), roll_deg=roll)
    mirrored = lm.mirrored(MIRROR_PAIRS)
    a = measure_face(lm, affected_side=Side.LEFT)
    b = measure_face(mirrored, affected_side=Side.RIGHT)
    for name, m in a.bilateral.items():
        other = b.bilateral[name]
        assert other.right == pytest.approx(m.left, abs=1e-9)
        assert other.left == pytest.approx(m.right, abs=1e-9)
        if m.percent is not None:
            assert other.percent == pytest.approx(m.percent, abs=1e-6)
    chd_a = a.single[MeasureName.COMMISSURE_HEIGHT_DEVIATION]
    chd_b = b.single[MeasureName.COMMISSURE_HEIGHT_DEVIATION]
    assert chd_b.value == pytest.approx(chd_a.value)
    assert chd_a.side is Side.LEFT
    assert chd_b.side is Side.RIGHT
    assert b.pose.roll == pytest.approx(-a.pose.roll)


@pytest.mark.parametrize(
    ("indices", "name"),
    [
        pytest.param(_brow(Side.LEFT), MeasureName.BROW_HEIGHT, id="brow-droop"),
        pytest.param(list(LID_UPPER[Side.LEFT][1:-1]), MeasureName.MRD1, id="ptosis"),
        pytest.param([MOUTH_CORNER[Side.LEFT]], MeasureName.SMILE_ANGLE, id="corner-droop"),
    ],
)
def test_larger_droop_gives_larger_asymmetry_on_that_side(
    indices: list[int], name: MeasureName
) -> None:
    values = [
        _measure(shift(symmetric_face(), indices, -mm), Side.LEFT).bilateral[name]
        for mm in (0.0, 1.0, 2.0)
    ]
    a0, a1, a2 = (v.difference for v in values)
    assert a0 < a1 < a2
    assert values[0].left > values[1].left > values[2].left  # the left side goes down
    assert values[0].right == pytest.approx(values[2].right)  # the right side stays
    p1, p2 = values[1].percent, values[2].percent
    assert p1 is not None
    assert p2 is not None
    assert p2 < p1 < 0


def test_given_calibration_is_used_and_reported() -> None:
    lm = place(symmetric_face(), mm_per_px=0.1)
    cal = calibrate(lm, mm_per_px=0.05)
    m = measure_face(lm, affected_side=None, calibration=cal)
    assert cal.method is CalibrationMethod.GIVEN
    assert m.bilateral[MeasureName.MRD1].right == pytest.approx(2.0)  # half the true scale
    assert m.to_json()["calibration"] == {
        "method": "given",
        "mm_per_px": 0.05,
        "iris_diameter_px": pytest.approx(IRIS_DIAMETER_MM / 0.1),
    }


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_given_scale_names_the_field(bad: float) -> None:
    with pytest.raises(InputError) as err:
        calibrate(place(symmetric_face()), mm_per_px=bad)
    assert err.value.field == "mm_per_px"
    assert "mm per pixel" in err.value.message


def test_bad_iris_diameter_names_the_field() -> None:
    with pytest.raises(InputError) as err:
        calibrate(place(symmetric_face()), iris_diameter_mm=50.0)
    assert err.value.field == "iris_diameter_mm"


def test_iris_too_small_for_a_scale() -> None:
    lm = place(symmetric_face(), mm_per_px=10.0)  # the iris is ~1 pixel wide
    with pytest.raises(PhotoError) as err:
        calibrate(lm)
    assert err.value.code == "iris"
    # ... but a given scale still works
    assert calibrate(lm, mm_per_px=10.0).mm_per_px == 10.0


def test_json_contract_shape() -> None:
    data = _measure(symmetric_face(), Side.RIGHT).to_json()
    json.dumps(data)  # plain types only
    assert set(data) == {"affected_side", "calibration", "pose", "measures"}
    assert data["affected_side"] == "right"
    pose = data["pose"]
    assert isinstance(pose, dict)
    assert set(pose) == {"yaw", "pitch", "roll"}
    measures = data["measures"]
    assert isinstance(measures, dict)
    for name in MeasureName:
        keys = set(measures[name.value])
        if name.bilateral:
            assert {"right", "left", "difference", "percent"} <= keys
        else:
            assert "value" in keys
    assert {
        "brow_height",
        "mrd1",
        "mrd2",
        "palpebral_fissure",
        "commissure_excursion",
        "smile_angle",
        "eye_area",
    } <= set(measures)


def test_measure_names_have_units_and_descriptions() -> None:
    for name in MeasureName:
        assert name.description
        assert name.unit in Unit
    assert MeasureName.SMILE_ANGLE.unit is Unit.DEGREES
    assert MeasureName.EYE_AREA.unit is Unit.MM2
    assert not MeasureName.DENTAL_SHOW.bilateral


@pytest.mark.parametrize(
    ("points", "size"),
    [
        pytest.param(np.zeros((468, 2)), (100, 100), id="no-iris"),
        pytest.param(np.zeros((478, 4)), (100, 100), id="four-columns"),
        pytest.param(np.full((478, 2), np.nan), (100, 100), id="nan"),
        pytest.param(np.zeros((478, 2)), (0, 100), id="empty-image"),
    ],
)
def test_bad_landmarks_are_rejected(points: NDArray[Any], size: tuple[int, int]) -> None:
    with pytest.raises(PhotoError) as err:
        FaceLandmarks(points, size)
    assert err.value.code == "bad_landmarks"


def test_rescaled_landmarks_give_the_same_mm() -> None:
    lm = place(_asymmetric(2.0, 1.0, 0.5), image_size=(1000, 1000))
    big = lm.rescaled((4000, 4000))
    np.testing.assert_allclose(big.xy, lm.xy * 4)
    a = measure_face(lm, affected_side=None)
    b = measure_face(big, affected_side=None)
    for name in LENGTHS:
        assert b.bilateral[name].left == pytest.approx(a.bilateral[name].left)
