"""A camera frame to a live-mirror reading: the same detector and measures as ``bellpath photo``.

:class:`LiveFrameReader` decodes one JPEG frame IN MEMORY (it is never written anywhere), finds the
landmarks with the detector it is given (the web app gives the photo detector,
:func:`bellpath.camera.pipeline.default_detector`: MediaPipe face mesh with iris, mirror-consistent,
lids and brows refined from the image), calibrates millimetres from the iris
(:func:`bellpath.face.calibration.calibrate`) and measures with
:func:`bellpath.face.measures.measure_face`; it also keeps where the mouth corners and the lower-lip
midline are (:class:`bellpath.face.live.MouthPoints`), so that the mouth corners' excursions are
measured from the rest midline. It returns the per-side lengths the live mirror follows
and a few outlines for the overlay, in fractions of the frame's width and height.

One reader holds one MediaPipe graph: use it from one thread at a time, and close it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

import numpy as np
from numpy.typing import NDArray

from bellpath.case import Side
from bellpath.errors import PhotoError
from bellpath.face.calibration import calibrate
from bellpath.face.geometry import face_frame
from bellpath.face.indices import (
    BROW_UPPER,
    IRIS_CENTRE,
    LID_LOWER,
    LID_UPPER,
    LIP_LOWER,
    LIP_UPPER,
    MIDLINE,
    MOUTH_CORNER,
)
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector
from bellpath.face.live import FaceReading, MouthPoints, reading_from_measures
from bellpath.face.measures import measure_face

__all__ = [
    "MAX_FRAME_BYTES",
    "MAX_FRAME_SIDE",
    "LiveFrame",
    "LiveFrameReader",
    "decode_jpeg",
    "mouth_points",
]

MAX_FRAME_BYTES = 400_000
"""Largest frame accepted, bytes (a 480-pixel JPEG is 20-60 kB)."""

MAX_FRAME_SIDE = 1280
"""Largest frame side accepted, pixels (the page sends 480 at most)."""

_JPEG_MAGIC = b"\xff\xd8\xff"


def decode_jpeg(data: bytes) -> NDArray[np.uint8]:
    """An RGB array from JPEG bytes.

    Raises
    ------
    PhotoError
        ``unreadable`` when the bytes are not a JPEG of at most :data:`MAX_FRAME_BYTES` and
        :data:`MAX_FRAME_SIDE` pixels a side.
    """
    import cv2  # noqa: PLC0415 - heavy

    if len(data) > MAX_FRAME_BYTES:
        raise PhotoError(
            "unreadable", f"a frame must be at most {MAX_FRAME_BYTES} bytes (got {len(data)})"
        )
    if not data.startswith(_JPEG_MAGIC):
        raise PhotoError("unreadable", "a frame must be a JPEG image")
    bgr = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise PhotoError("unreadable", "the frame could not be decoded as a JPEG image")
    h, w = bgr.shape[:2]
    if max(h, w) > MAX_FRAME_SIDE:
        raise PhotoError(
            "unreadable", f"a frame must be at most {MAX_FRAME_SIDE} pixels a side (got {w} x {h})"
        )
    rgb: NDArray[np.uint8] = np.ascontiguousarray(bgr[:, :, ::-1])
    return rgb


_OUTLINES: dict[str, tuple[int, ...]] = {
    **{f"lid_upper_{s.value}": LID_UPPER[s] for s in Side},
    **{f"lid_lower_{s.value}": LID_LOWER[s] for s in Side},
    **{f"brow_{s.value}": BROW_UPPER[s] for s in Side},
    "lip_upper": LIP_UPPER[Side.RIGHT] + tuple(reversed(LIP_UPPER[Side.LEFT][:-1])),
    "lip_lower": LIP_LOWER[Side.RIGHT] + tuple(reversed(LIP_LOWER[Side.LEFT][:-1])),
    "iris": (IRIS_CENTRE[Side.RIGHT], IRIS_CENTRE[Side.LEFT]),
}


@dataclass(frozen=True, slots=True)
class LiveFrame:
    """What one frame gave: the reading and the overlay outlines (``None`` without a face)."""

    reading: FaceReading | None
    outlines: dict[str, list[tuple[float, float]]]
    faces: int


def mouth_points(landmarks: FaceLandmarks, mm_per_px: float) -> MouthPoints:
    """The mouth corners and the lower-lip midline in the face frame, mm (as the photo measures
    place them, :func:`bellpath.face.measures.measure_face`)."""
    fp = face_frame(landmarks.points).to_frame(landmarks.xy) * mm_per_px

    def point(i: int) -> tuple[float, float]:
        return float(fp[i, 0]), float(fp[i, 1])

    return MouthPoints(
        point(MOUTH_CORNER[Side.RIGHT]),
        point(MOUTH_CORNER[Side.LEFT]),
        float(fp[MIDLINE["lower_lip_outer"], 1]),
    )


def _outlines(landmarks: FaceLandmarks) -> dict[str, list[tuple[float, float]]]:
    w, h = landmarks.image_size
    xy = landmarks.xy
    return {
        name: [(round(float(xy[i, 0]) / w, 4), round(float(xy[i, 1]) / h, 4)) for i in idx]
        for name, idx in _OUTLINES.items()
    }


class LiveFrameReader:
    """Reads frames with one detector: the photo detector in the web app
    (:func:`bellpath.camera.pipeline.default_detector`, passed in by the edge); tests pass a
    fake."""

    def __init__(self, detector: LandmarkDetector) -> None:
        self._detector = detector

    def read(self, jpeg: bytes) -> LiveFrame:
        """Measure one JPEG frame; no reading when there is not exactly one face."""
        return self.read_image(decode_jpeg(jpeg))

    def read_image(self, image: NDArray[np.uint8]) -> LiveFrame:
        """Measure one RGB frame."""
        faces = self._detector.detect(image)
        if len(faces) != 1:
            return LiveFrame(None, {}, len(faces))
        landmarks = faces[0]
        try:
            calibration = calibrate(landmarks)
        except PhotoError:  # the iris too small to give a scale: no figures for this frame
            return LiveFrame(None, _outlines(landmarks), 1)
        measures = measure_face(landmarks, affected_side=None, calibration=calibration)
        mouth = mouth_points(landmarks, calibration.mm_per_px)
        return LiveFrame(reading_from_measures(measures, mouth), _outlines(landmarks), 1)

    def close(self) -> None:
        """Free the detector's native graph."""
        close = getattr(self._detector, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> LiveFrameReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
