"""Mirror-consistent landmarks: detect on the image and on its mirror, pair and average.

Landmark models are not mirror-symmetric: on a test face, raw MediaPipe measures differ by 1-2 mm
between a photo and its mirror image, which is as large as the asymmetries a clinician follows.
bellpath detects on the image and on its horizontal mirror, maps the mirror's landmarks back
(``x -> W - x``) and re-indexes them with the mirror pairing
(:data:`~bellpath.face.indices.MIRROR_PAIRS`: the mirror's "right outer eye corner" is the
original's left one), then averages the two sets point by point.

Notes
-----
With :math:`p_i` the landmarks on the image of width :math:`W` and :math:`q_j` those on its mirror,
:math:`\\hat p_i = \\tfrac12 \\left(p_i + F(q_{\\pi(i)})\\right)`, where :math:`\\pi` is the mirror
pairing and :math:`F(x, y, z) = (W - x, y, z)`. By construction the measures of a mirrored photo
are those of the photo with right and left exchanged (up to the detector's own noise, which is
deterministic for MediaPipe in static mode).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bellpath.face.indices import mirror_pairs_array
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector, check_image

__all__ = ["MirrorConsistentDetector", "mirror_average"]


def mirror_average(original: FaceLandmarks, on_mirror: FaceLandmarks) -> FaceLandmarks:
    """Average landmarks of an image with those detected on its horizontal mirror.

    Parameters
    ----------
    original : FaceLandmarks
        Detected on the image.
    on_mirror : FaceLandmarks
        Detected on ``image[:, ::-1]`` (in that flipped image's pixel coordinates).

    Returns
    -------
    FaceLandmarks
        Mirror-consistent landmarks in the original image's coordinates.
    """
    back = on_mirror.mirrored(mirror_pairs_array())
    pts = (original.points + back.points) / 2.0
    scores = [s for s in (original.score, on_mirror.score) if s is not None]
    score = min(scores) if scores else None
    return FaceLandmarks(pts, original.image_size, score)


def _centre(face: FaceLandmarks) -> NDArray[np.float64]:
    x0, y0, x1, y1 = face.bbox()
    return np.array([(x0 + x1) / 2.0, (y0 + y1) / 2.0])


class MirrorConsistentDetector:
    """A :class:`~bellpath.face.landmarks.LandmarkDetector` that averages image and mirror.

    Parameters
    ----------
    detector : LandmarkDetector
        Detects on the image.
    mirror_detector : LandmarkDetector, optional
        Detects on the mirrored image. Give a second instance for video tracking mode (each
        tracker must see one consistent stream); in static mode the same detector may serve both.

    Notes
    -----
    Faces found on the image are matched to faces found on the mirror by their bounding-box
    centres (after mapping back). A face without a partner (the mirror missed it) is returned as
    detected, un-averaged.
    """

    def __init__(
        self, detector: LandmarkDetector, mirror_detector: LandmarkDetector | None = None
    ) -> None:
        self.detector = detector
        self.mirror_detector = mirror_detector if mirror_detector is not None else detector

    def detect(self, image: NDArray[np.uint8]) -> list[FaceLandmarks]:
        """Mirror-consistent landmarks of every face on ``image``."""
        rgb = check_image(image)
        faces = self.detector.detect(rgb)
        if not faces:
            return []
        mirrored = self.mirror_detector.detect(np.ascontiguousarray(rgb[:, ::-1]))
        width = rgb.shape[1]
        out: list[FaceLandmarks] = []
        used: set[int] = set()
        for face in faces:
            c = _centre(face)
            size = max(face.bbox()[2] - face.bbox()[0], 1.0)
            best, best_d = -1, float("inf")
            for j, m in enumerate(mirrored):
                if j in used:
                    continue
                mc = _centre(m)
                d = float(np.hypot(width - mc[0] - c[0], mc[1] - c[1]))
                if d < best_d:
                    best, best_d = j, d
            if best >= 0 and best_d < 0.25 * size:
                used.add(best)
                out.append(mirror_average(face, mirrored[best]))
            else:
                out.append(face)
        return out

    def close(self) -> None:
        """Close the wrapped detectors that can be closed."""
        for det in {
            id(self.detector): self.detector,
            id(self.mirror_detector): self.mirror_detector,
        }.values():
            close = getattr(det, "close", None)
            if callable(close):
                close()
