"""Face frame, areas, angles: exact answers on constructed points and invariance properties."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from bellpath.errors import PhotoError
from bellpath.face.geometry import (
    face_frame,
    polygon_area,
    polyline_y_at,
    segment_angle_deg,
)
from bellpath.face.testing import place, symmetric_face


def _iris_points(right: tuple[float, float], left: tuple[float, float]) -> NDArray[Any]:
    pts = np.zeros((478, 2))
    pts[468] = right
    pts[473] = left
    return pts


def test_frame_origin_axes_exact() -> None:
    # person's right iris on the image's left, level: x axis = image x, y axis = image up
    frame = face_frame(_iris_points((100.0, 200.0), (160.0, 200.0)))
    np.testing.assert_allclose(frame.origin, [130.0, 200.0])
    np.testing.assert_allclose(frame.x_axis, [1.0, 0.0])
    np.testing.assert_allclose(frame.y_axis, [0.0, -1.0])
    assert frame.inter_iris_px == pytest.approx(60.0)
    # a point 10 px above the left iris in the image is at X = 30, Y = +10
    np.testing.assert_allclose(frame.to_frame(np.array([[160.0, 190.0]])), [[30.0, 10.0]])


def test_roll_sign_left_eye_lower_is_positive() -> None:
    frame = face_frame(_iris_points((100.0, 200.0), (160.0, 210.0)))
    assert frame.roll_deg == pytest.approx(math.degrees(math.atan2(10, 60)))
    assert face_frame(_iris_points((100.0, 210.0), (160.0, 200.0))).roll_deg < 0


def test_coincident_irises_are_rejected() -> None:
    with pytest.raises(PhotoError) as err:
        face_frame(_iris_points((100.0, 200.0), (100.0, 200.0)))
    assert err.value.code == "bad_landmarks"


@given(
    st.floats(-30, 30),
    st.floats(0.02, 2.0),
    st.floats(100, 900),
    st.floats(100, 900),
)
def test_frame_coordinates_invariant_to_roll_scale_translation(
    roll: float, mm_per_px: float, cx: float, cy: float
) -> None:
    face = symmetric_face()
    lm = place(face, mm_per_px=mm_per_px, roll_deg=roll, centre=(cx, cy))
    frame = face_frame(lm.points)
    np.testing.assert_allclose(frame.to_frame(lm.xy) * mm_per_px, face, atol=1e-7)
    assert frame.roll_deg == pytest.approx(roll, abs=1e-7)


@given(st.floats(-40, 40), st.floats(0.1, 5.0))
def test_to_image_inverts_to_frame(roll: float, mm_per_px: float) -> None:
    lm = place(symmetric_face(), mm_per_px=mm_per_px, roll_deg=roll)
    frame = face_frame(lm.points)
    np.testing.assert_allclose(frame.to_image(frame.to_frame(lm.xy)), lm.xy, atol=1e-7)


@pytest.mark.parametrize(
    ("poly", "area"),
    [
        pytest.param([(0, 0), (2, 0), (2, 3), (0, 3)], 6.0, id="rectangle"),
        pytest.param([(0, 0), (0, 3), (2, 3), (2, 0)], 6.0, id="clockwise-same-area"),
        pytest.param([(0, 0), (4, 0), (0, 3)], 6.0, id="triangle"),
        pytest.param([(0, 0), (1, 1)], 0.0, id="degenerate"),
    ],
)
def test_polygon_area_exact(poly: list[tuple[float, float]], area: float) -> None:
    assert polygon_area(np.array(poly, dtype=float)) == pytest.approx(area)


@given(st.floats(-180, 180), st.floats(0.1, 10), st.floats(-100, 100))
def test_polygon_area_rotation_scale_translation(angle: float, scale: float, shift: float) -> None:
    poly = np.array([(0, 0), (4, 0), (5, 2), (1, 3)], dtype=float)
    a = math.radians(angle)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    moved = poly @ rot.T * scale + shift
    assert polygon_area(moved) == pytest.approx(polygon_area(poly) * scale**2, rel=1e-9)


def test_polyline_interpolates_and_extrapolates() -> None:
    line = np.array([(0.0, 0.0), (2.0, 2.0), (4.0, 0.0)])
    assert polyline_y_at(line, 1.0) == pytest.approx(1.0)
    assert polyline_y_at(line, 3.0) == pytest.approx(1.0)
    assert polyline_y_at(line, 5.0) == pytest.approx(-1.0)  # end segment extended
    assert polyline_y_at(line[::-1], 1.0) == pytest.approx(1.0)  # order does not matter


@pytest.mark.parametrize(
    ("end", "angle"),
    [
        pytest.param((10.0, 10.0), 45.0, id="up-left-half"),
        pytest.param((-10.0, 10.0), 45.0, id="up-right-half-same-sign"),
        pytest.param((10.0, -10.0), -45.0, id="down"),
        pytest.param((10.0, 0.0), 0.0, id="level"),
    ],
)
def test_segment_angle_is_measured_away_from_midline(
    end: tuple[float, float], angle: float
) -> None:
    assert segment_angle_deg(np.zeros(2), np.array(end)) == pytest.approx(angle)
