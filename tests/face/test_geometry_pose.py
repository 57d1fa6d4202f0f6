"""Head pose from 3-D landmarks: a reference head turned by known angles is read back."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from bellpath.face.indices import MIRROR_PAIRS
from bellpath.face.landmarks import FaceLandmarks
from bellpath.face.pose import REFERENCE_HEAD, estimate_pose, rotation_to_angles


def _rotation(yaw: float, pitch: float, roll: float) -> NDArray[Any]:
    """Camera-frame rotation whose forward axis is (cos p sin y, sin p, cos p cos y), then roll."""
    y, p, r = (math.radians(v) for v in (yaw, pitch, roll))
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), math.sin(p)], [0, -math.sin(p), math.cos(p)]])
    # roll about the camera axis; positive = the person's left eye lower in the image
    rz = np.array([[math.cos(r), math.sin(r), 0], [-math.sin(r), math.cos(r), 0], [0, 0, 1]])
    out: NDArray[Any] = rz @ ry @ rx
    return out


def _head(yaw: float, pitch: float, roll: float = 0.0, scale: float = 60.0) -> FaceLandmarks:
    """Image landmarks (x right, y down, z away) of the reference head so rotated."""
    pts = np.zeros((478, 3))
    for idx, xyz in REFERENCE_HEAD.items():
        pts[idx] = xyz
    pts[468] = (-0.5, 0.0, 0.0)  # iris centres one unit apart
    pts[473] = (0.5, 0.0, 0.0)
    cam = pts @ _rotation(yaw, pitch, roll).T * scale
    image = np.stack([cam[:, 0] + 500, -cam[:, 1] + 400, -cam[:, 2]], axis=1)
    return FaceLandmarks(image, (1000, 1000))


def test_frontal_reference_is_zero() -> None:
    pose = estimate_pose(_head(0.0, 0.0))
    assert pose.yaw == pytest.approx(0.0, abs=1e-6)
    assert pose.pitch == pytest.approx(0.0, abs=1e-6)
    assert pose.roll == pytest.approx(0.0, abs=1e-6)


@given(st.floats(-40, 40), st.floats(-30, 30), st.floats(10, 500))
def test_known_turns_are_read_back(yaw: float, pitch: float, scale: float) -> None:
    pose = estimate_pose(_head(yaw, pitch, scale=scale))
    assert pose.yaw == pytest.approx(yaw, abs=1e-6)
    assert pose.pitch == pytest.approx(pitch, abs=1e-6)


def test_turning_to_the_own_left_is_positive_yaw() -> None:
    # the person's left is the image's right: the nose tip moves right in the image
    turned = _head(20.0, 0.0)
    assert turned.points[1, 0] > _head(0.0, 0.0).points[1, 0]
    yaw = estimate_pose(turned).yaw
    assert yaw is not None
    assert yaw > 0


@given(st.floats(-30, 30), st.floats(-20, 20))
def test_mirror_image_flips_yaw_and_keeps_pitch(yaw: float, pitch: float) -> None:
    lm = _head(yaw, pitch)
    pose, mirrored = estimate_pose(lm), estimate_pose(lm.mirrored(MIRROR_PAIRS))
    assert mirrored.yaw == pytest.approx(-yaw, abs=1e-6)
    assert mirrored.pitch == pytest.approx(pitch, abs=1e-6)
    assert pose.pitch == pytest.approx(pitch, abs=1e-6)


def test_roll_comes_from_the_iris_line() -> None:
    pose = estimate_pose(_head(0.0, 0.0, roll=10.0))
    assert pose.roll == pytest.approx(10.0, abs=1e-6)


def test_rotation_to_angles_identity() -> None:
    assert rotation_to_angles(np.eye(3)) == pytest.approx((0.0, 0.0))
