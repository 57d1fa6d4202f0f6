"""Head pose (yaw, pitch, roll) from 3-D face-mesh landmarks.

mediapipe 0.10.21 does not ship its canonical 3-D face model, so bellpath carries its own small
reference: 27 landmarks that expressions barely move (forehead, nasal bridge and tip, eye corners,
face outline at the temples and cheeks), taken from MediaPipe's 3-D output on a real frontal face
(skimage's astronaut), made exactly mirror-symmetric (averaged with its mirror image under the
mirror pairing) and expressed in a head frame: ``X`` from the person's right to left eye, ``Y`` up
(the portrait's vertical, made square to ``X``), ``Z`` towards the camera; units of the inter-iris
distance. Zero yaw, pitch and roll therefore mean: the head held as in that reference portrait,
a frontal passport-style photo looking into the camera.

The pose is the rotation that best aligns this reference onto the detected landmarks (least-squares
similarity transform, Umeyama 1991), with MediaPipe's ``x, y, z`` turned into a right-handed
camera frame (``X`` right, ``Y`` up, ``Z`` towards the camera). This is a documented approximation:
MediaPipe's depth is a weak-perspective estimate, so yaw and pitch are good to a few degrees, enough
for a quality gate.

Roll is the angle of the inter-iris line (the same line the measures are levelled on), see
:attr:`bellpath.face.geometry.FaceFrame.roll_deg`.

References
----------
Umeyama S. Least-squares estimation of transformation parameters between two point patterns.
IEEE Trans Pattern Anal Mach Intell. 1991;13(4):376-380. doi:10.1109/34.88573
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from bellpath.face.geometry import face_frame
from bellpath.face.landmarks import FaceLandmarks

__all__ = ["REFERENCE_HEAD", "HeadPose", "estimate_pose", "rotation_to_angles"]

REFERENCE_HEAD: Final[dict[int, tuple[float, float, float]]] = {
    1: (0.0, -0.6681, 0.5315),
    4: (0.0, -0.5670, 0.5731),
    5: (0.0, -0.4272, 0.5481),
    6: (0.0, -0.0858, 0.3268),
    8: (0.0, 0.1552, 0.2799),
    9: (0.0, 0.2800, 0.3120),
    10: (0.0, 0.7388, 0.2771),
    151: (0.0, 0.5121, 0.2994),
    168: (0.0, 0.0383, 0.2680),
    195: (0.0, -0.3103, 0.4699),
    197: (0.0, -0.2028, 0.3951),
    33: (-0.7018, 0.0018, -0.0819),
    133: (-0.2679, -0.0434, -0.0056),
    263: (0.7018, 0.0018, -0.0819),
    362: (0.2679, -0.0434, -0.0056),
    127: (-1.0635, -0.0489, -0.8353),
    356: (1.0635, -0.0489, -0.8353),
    234: (-1.0590, -0.2552, -0.9319),
    454: (1.0590, -0.2552, -0.9319),
    162: (-1.0422, 0.1634, -0.6535),
    389: (1.0422, 0.1634, -0.6535),
    21: (-0.9936, 0.3311, -0.4363),
    251: (0.9936, 0.3311, -0.4363),
    93: (-1.0475, -0.4690, -0.9669),
    323: (1.0475, -0.4690, -0.9669),
    98: (-0.3157, -0.6474, 0.1529),
    327: (0.3157, -0.6474, 0.1529),
}
"""Landmark index -> (X, Y, Z) of the reference head, in inter-iris distances."""


@dataclass(frozen=True)
class HeadPose:
    """Head rotation in degrees.

    Attributes
    ----------
    yaw : float or None
        Turn about the vertical axis; positive when the person turns towards their own left.
        ``None`` when the landmarks have no depth.
    pitch : float or None
        Nod; positive when the chin goes up. ``None`` without depth.
    roll : float
        Tilt in the image plane; positive towards the person's left shoulder.
    """

    yaw: float | None
    pitch: float | None
    roll: float

    def to_json(self) -> dict[str, float | None]:
        """``{"yaw", "pitch", "roll"}`` in degrees."""
        return {"yaw": self.yaw, "pitch": self.pitch, "roll": self.roll}


def _umeyama_rotation(src: NDArray[np.float64], dst: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rotation ``R`` (proper, det = +1) of the least-squares similarity ``dst ~ s R src + t``."""
    a = src - src.mean(axis=0)
    b = dst - dst.mean(axis=0)
    u, _, vt = np.linalg.svd(b.T @ a)
    d = np.sign(np.linalg.det(u @ vt)) or 1.0
    rot: NDArray[np.float64] = u @ np.diag([1.0, 1.0, d]) @ vt
    return rot


def rotation_to_angles(rot: NDArray[np.float64]) -> tuple[float, float]:
    """``(yaw, pitch)`` in degrees of the head whose axes are the columns of ``rot``.

    Notes
    -----
    With the head's forward axis :math:`f = R e_Z` in the camera frame (``X`` right, ``Y`` up,
    ``Z`` towards the camera): :math:`\\text{yaw} = \\operatorname{atan2}(f_X, f_Z)`,
    :math:`\\text{pitch} = \\arcsin(f_Y)`.
    """
    fwd = rot[:, 2]
    yaw = math.degrees(math.atan2(float(fwd[0]), float(fwd[2])))
    pitch = math.degrees(math.asin(max(-1.0, min(1.0, float(fwd[1])))))
    return yaw, pitch


def estimate_pose(landmarks: FaceLandmarks) -> HeadPose:
    """Yaw, pitch and roll of the head, degrees (see the module notes for the method).

    In an image that is a mirror of the scene the signs of yaw and roll flip, like the sides.
    """
    roll = face_frame(landmarks.points).roll_deg
    if not landmarks.has_depth:
        return HeadPose(None, None, roll)
    idx = np.fromiter(REFERENCE_HEAD.keys(), dtype=np.int64)
    ref = np.array(list(REFERENCE_HEAD.values()), dtype=np.float64)
    pts = landmarks.points[idx]
    cam = np.stack([pts[:, 0], -pts[:, 1], -pts[:, 2]], axis=1)
    rot = _umeyama_rotation(ref, cam)
    yaw, pitch = rotation_to_angles(rot)
    return HeadPose(yaw, pitch, roll)
