"""Face landmarks behind a seam: the detector protocol, the landmark type and a fake detector.

Every measurement in :mod:`bellpath.face` works on a :class:`FaceLandmarks`: the 478 points of the
MediaPipe face mesh with iris (468 mesh points + 2 x 5 iris points), in PIXEL coordinates of the
image they were detected on. Detectors are anything with a ``detect(image)`` method
(:class:`LandmarkDetector`); the MediaPipe one lives in :mod:`bellpath.camera.mediapipe_detector`,
and :class:`FakeDetector` returns given landmark sets, for geometry tests.

Images are ``uint8`` arrays of shape ``(H, W, 3)`` in RGB order (or ``(H, W)`` grey).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from bellpath.errors import PhotoError

__all__ = [
    "N_LANDMARKS",
    "N_MESH_LANDMARKS",
    "FaceLandmarks",
    "FakeDetector",
    "LandmarkDetector",
    "check_image",
    "detect_single",
]

N_MESH_LANDMARKS = 468
"""Points of the MediaPipe face mesh without iris."""
N_LANDMARKS = 478
"""Points of the MediaPipe face mesh with iris refinement (468 + 2 x 5)."""

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class FaceLandmarks:
    """One face's landmarks in pixel coordinates of the image they belong to.

    Parameters
    ----------
    points : ndarray, shape (478, 2) or (478, 3)
        ``x`` (column) and ``y`` (row) in pixels of the image, origin at the top-left pixel's
        corner; optional ``z`` (relative depth, in the same pixel units as ``x``; smaller is nearer
        the camera). Index order is MediaPipe's face mesh; 468-472 are the person's right iris
        (centre first), 473-477 the person's left iris.
    image_size : tuple of int
        ``(width, height)`` of that image in pixels.
    score : float, optional
        Detector confidence in [0, 1] when the detector reports one.
    """

    points: FloatArray
    image_size: tuple[int, int]
    score: float | None = None

    def __post_init__(self) -> None:
        pts = np.array(self.points, dtype=np.float64, copy=True)
        if pts.ndim != 2 or pts.shape[0] != N_LANDMARKS or pts.shape[1] not in (2, 3):
            raise PhotoError(
                "bad_landmarks",
                f"landmarks must have shape ({N_LANDMARKS}, 2) or ({N_LANDMARKS}, 3) "
                f"(got {pts.shape}); use a detector with iris refinement",
            )
        if not np.all(np.isfinite(pts)):
            raise PhotoError("bad_landmarks", "landmarks contain NaN or infinite values")
        w, h = (int(v) for v in self.image_size)
        if w <= 0 or h <= 0:
            raise PhotoError(
                "bad_landmarks", f"image_size must be positive (got {self.image_size})"
            )
        pts.flags.writeable = False
        object.__setattr__(self, "points", pts)
        object.__setattr__(self, "image_size", (w, h))

    @property
    def xy(self) -> FloatArray:
        """The ``(478, 2)`` pixel coordinates (read-only view)."""
        return self.points[:, :2]

    @property
    def has_depth(self) -> bool:
        """Whether a relative depth (``z``) column is present."""
        return bool(self.points.shape[1] == 3)

    @property
    def right_iris(self) -> FloatArray:
        """The person's right iris: centre then four contour points, shape ``(5, 2)``."""
        return self.points[468:473, :2]

    @property
    def left_iris(self) -> FloatArray:
        """The person's left iris: centre then four contour points, shape ``(5, 2)``."""
        return self.points[473:478, :2]

    def bbox(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` bounding box of the mesh in pixels."""
        x0, y0 = self.xy.min(axis=0)
        x1, y1 = self.xy.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    def rescaled(self, image_size: tuple[int, int]) -> FaceLandmarks:
        """The same landmarks in the pixel coordinates of a resized copy of the image.

        Used to detect on a reduced decode and measure on full-resolution coordinates. ``z`` scales
        with ``x``.
        """
        w0, h0 = self.image_size
        w1, h1 = image_size
        sx, sy = w1 / w0, h1 / h0
        pts = self.points.copy()
        pts[:, 0] *= sx
        pts[:, 1] *= sy
        if self.has_depth:
            pts[:, 2] *= sx
        return FaceLandmarks(pts, (int(w1), int(h1)), self.score)

    def mirrored(self, pairs: Sequence[int] | NDArray[np.int64]) -> FaceLandmarks:
        """Landmarks of the horizontally flipped image, re-indexed with the mirror pairing.

        ``pairs[i]`` is the index of the landmark that is the mirror partner of ``i``. The result
        is what an ideal, mirror-symmetric detector would return on ``image[:, ::-1]``.
        """
        w, _ = self.image_size
        pts = self.points.copy()
        pts[:, 0] = w - pts[:, 0]
        idx = np.asarray(pairs, dtype=np.int64)
        return FaceLandmarks(pts[idx], self.image_size, self.score)

    def with_points(self, points: FloatArray) -> FaceLandmarks:
        """A copy with other point coordinates and the same image size and score."""
        return FaceLandmarks(points, self.image_size, self.score)


@runtime_checkable
class LandmarkDetector(Protocol):
    """Anything that finds faces' landmarks on an RGB image.

    ``detect`` returns one :class:`FaceLandmarks` per face found (an empty list when none), in
    pixel coordinates of ``image``; it raises :class:`~bellpath.errors.PhotoError` for an image
    it cannot read.
    """

    def detect(self, image: NDArray[np.uint8]) -> list[FaceLandmarks]:
        """Detect every face on ``image`` (``(H, W, 3)`` RGB or ``(H, W)`` grey, ``uint8``)."""
        ...


@dataclass
class FakeDetector:
    """A detector that returns given landmark sets, in order, for tests.

    Parameters
    ----------
    results : sequence of list of FaceLandmarks
        What successive ``detect`` calls return; the last one repeats when calls outnumber it.
    """

    results: Sequence[list[FaceLandmarks]]
    calls: int = 0

    def detect(self, image: NDArray[np.uint8]) -> list[FaceLandmarks]:
        """Return the next prepared result (ignores the image apart from checking its shape)."""
        check_image(image)
        if not self.results:
            return []
        out = self.results[min(self.calls, len(self.results) - 1)]
        self.calls += 1
        return list(out)


def check_image(image: object) -> NDArray[np.uint8]:
    """Validate an image array and return it as ``uint8`` RGB ``(H, W, 3)``.

    Raises
    ------
    PhotoError
        ``unreadable`` when the array is not a 2-D grey or 3-D RGB/RGBA ``uint8`` image.
    """
    if not isinstance(image, np.ndarray):
        raise PhotoError("unreadable", f"image must be a numpy array (got {type(image).__name__})")
    if image.dtype != np.uint8:
        raise PhotoError("unreadable", f"image must be uint8 (got {image.dtype}); scale to 0-255")
    if image.ndim == 2:
        return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
    if image.ndim == 3 and image.shape[2] in (3, 4):
        return np.ascontiguousarray(image[:, :, :3])
    raise PhotoError(
        "unreadable", f"image must have shape (H, W), (H, W, 3) or (H, W, 4) (got {image.shape})"
    )


def detect_single(detector: LandmarkDetector, image: NDArray[np.uint8]) -> FaceLandmarks:
    """Detect exactly one face.

    Raises
    ------
    PhotoError
        ``no_face`` when none is found, ``multiple_faces`` when more than one is.
    """
    faces = detector.detect(image)
    if not faces:
        raise PhotoError(
            "no_face",
            "no face found; use a well-lit, front-facing photo with the whole face in the frame",
        )
    if len(faces) > 1:
        raise PhotoError(
            "multiple_faces",
            f"{len(faces)} faces found; crop the photo so that only one face is visible",
        )
    return faces[0]
