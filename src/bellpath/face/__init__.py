"""Face measurement geometry: the pure part the core may depend on.

Layout::

    landmarks.py           FaceLandmarks, LandmarkDetector protocol, FakeDetector
    indices.py             named landmark indices and the mirror pairing of all 478 points
    geometry.py            face frame (inter-iris line horizontal), areas, angles
    calibration.py         millimetres per pixel from the iris, or given
    pose.py                yaw, pitch, roll
    measures.py            measure_face(): every measure, right / left / difference / percent
    expressions.py         which expression a photo shows (from its file name)
    expression_check.py    does a photo's measures agree with the expression it is labelled with
    quality.py             the quality gate on numbers (pose, resolution, eyes, faces)
    testing.py             exact synthetic landmark sets for tests and examples

Owns: numbers from landmarks. Everything here is numpy and the standard library: no image file,
no MediaPipe, no OpenCV, no Pillow. The edges that feed it (the MediaPipe detector, image files,
overlays, the photo pipeline, synthetic faces, automated eFACE) live in :mod:`bellpath.camera`.

May import: the Case contract, the vocabulary, errors and the clock; never :mod:`bellpath.camera`,
recovery, guidance, records or any edge above it.
"""

from __future__ import annotations

from bellpath.face.landmarks import (
    FaceLandmarks,
    FakeDetector,
    LandmarkDetector,
    detect_single,
)

__all__ = ["FaceLandmarks", "FakeDetector", "LandmarkDetector", "detect_single"]
