"""MediaPipe face mesh with iris (478 points) as a :class:`~bellpath.face.LandmarkDetector`.

The model ships inside the ``mediapipe==0.10.21`` wheel: nothing is downloaded, nothing leaves the
machine. Costs about 4-7 ms per image on one CPU core (the model sees a 192 x 192 face crop, so the
cost hardly depends on the image size; decoding a large photo costs more than detecting on it).

References
----------
Kartynnik Y, et al. Real-time facial surface geometry from monocular video on mobile GPUs.
CVPR Workshops 2019. arXiv:1907.06724.
Ablavatski A, et al. Real-time pupil tracking from monocular video for digital puppetry. 2020.
arXiv:2006.11341.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bellpath.camera.mirror import MirrorConsistentDetector
from bellpath.camera.refine import RefinedDetector
from bellpath.errors import PhotoError
from bellpath.face.landmarks import N_LANDMARKS, FaceLandmarks, check_image

__all__ = ["MediaPipeDetector", "measurement_detector"]


class MediaPipeDetector:
    """Face-mesh landmarks (with iris) from MediaPipe.

    Parameters
    ----------
    static_image_mode : bool
        ``True`` (default) detects the face afresh on every image: right for photos. ``False``
        tracks the face from frame to frame (faster and steadier on video); feed frames in order.
    max_faces : int
        Most faces reported; keep 2 or more so that a second face can be flagged, not ignored.
    refine_landmarks : bool
        Must stay ``True``: bellpath's calibration and eye measures need the 10 iris points.
    min_detection_confidence, min_tracking_confidence : float
        MediaPipe's thresholds in [0, 1].

    Notes
    -----
    Use as a context manager, or call :meth:`close`, to free the native graph. One instance is not
    thread-safe; make one per thread.
    """

    def __init__(
        self,
        static_image_mode: bool = True,
        max_faces: int = 2,
        refine_landmarks: bool = True,
        *,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        if not refine_landmarks:
            raise PhotoError(
                "bad_detector",
                "refine_landmarks must be True: iris points are needed for calibration",
            )
        if max_faces < 1:
            raise PhotoError("bad_detector", f"max_faces must be at least 1 (got {max_faces})")
        try:
            from mediapipe.python.solutions import face_mesh  # noqa: PLC0415 - heavy, lazy
        except ImportError as exc:  # pragma: no cover - mediapipe is a hard dependency
            raise PhotoError(
                "detector_unavailable",
                "mediapipe is not installed; reinstall bellpath with its dependencies",
            ) from exc
        self.static_image_mode = static_image_mode
        self.max_faces = max_faces
        self._mesh: Any = face_mesh.FaceMesh(
            static_image_mode=static_image_mode,
            max_num_faces=max_faces,
            refine_landmarks=True,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._closed = False

    def detect(self, image: NDArray[np.uint8]) -> list[FaceLandmarks]:
        """Landmarks of every face on ``image`` in its pixel coordinates (empty list: no face).

        Raises
        ------
        PhotoError
            ``unreadable`` for an array that is not an image; ``detector_closed`` after
            :meth:`close`; ``detector_error`` when MediaPipe itself fails.
        """
        if self._closed:
            raise PhotoError("detector_closed", "this detector was closed; create a new one")
        rgb = check_image(image)
        h, w = rgb.shape[:2]
        if h < 16 or w < 16:
            raise PhotoError("unreadable", f"image too small to hold a face ({w} x {h} pixels)")
        try:
            result = self._mesh.process(rgb)
        except (RuntimeError, ValueError) as exc:
            raise PhotoError("detector_error", f"landmark detection failed: {exc}") from exc
        faces: list[FaceLandmarks] = []
        for face in result.multi_face_landmarks or []:
            pts = np.array([(p.x * w, p.y * h, p.z * w) for p in face.landmark], dtype=np.float64)
            if pts.shape[0] != N_LANDMARKS:  # pragma: no cover - guaranteed by refine_landmarks
                raise PhotoError("detector_error", f"expected {N_LANDMARKS} landmarks")
            faces.append(FaceLandmarks(pts, (w, h)))
        return faces

    def close(self) -> None:
        """Free the native MediaPipe graph (idempotent)."""
        if not self._closed:
            self._mesh.close()
            self._closed = True

    def __enter__(self) -> MediaPipeDetector:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def measurement_detector(
    *,
    static_image_mode: bool = True,
    max_faces: int = 2,
    mirror: bool = True,
    refine: bool = True,
) -> MediaPipeDetector | MirrorConsistentDetector | RefinedDetector:
    """bellpath's measuring detector: MediaPipe, mirror-consistent, refined from the image.

    Parameters
    ----------
    static_image_mode : bool
        ``False`` for video (tracking); the mirror then gets its own tracker, as each tracker must
        see one consistent stream.
    max_faces : int
        Passed to MediaPipe.
    mirror : bool
        Average with the mirrored image (:mod:`bellpath.camera.mirror`); costs a second detection.
    refine : bool
        Refine lids, brows and mouth corners from the image (:mod:`bellpath.camera.refine`);
        about 2-5 ms an image.

    Returns
    -------
    A detector with ``detect(image)`` and ``close()``.
    """
    base = MediaPipeDetector(static_image_mode=static_image_mode, max_faces=max_faces)
    det: MediaPipeDetector | MirrorConsistentDetector | RefinedDetector = base
    if mirror:
        second = (
            None
            if static_image_mode
            else MediaPipeDetector(static_image_mode=False, max_faces=max_faces)
        )
        det = MirrorConsistentDetector(base, second)
    if refine:
        det = RefinedDetector(det)
    return det
