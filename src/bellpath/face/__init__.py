"""Face measurement: landmarks behind a protocol, geometry on landmarks, photo and video edges.

Layout (pure core first)::

    landmarks.py           FaceLandmarks, LandmarkDetector protocol, FakeDetector
    mediapipe_detector.py  MediaPipe face mesh with iris (478 points), the real detector
    indices.py             named landmark indices and the mirror pairing of all 478 points
    mirror.py              mirror-consistent detection (image + its mirror, averaged)
    refine.py              lids, brows refined from the image (less symmetry bias)
    _mouth.py              mouth corners matched against their mirrored partner
    geometry.py            face frame (inter-iris line horizontal), areas, angles
    calibration.py         millimetres per pixel from the iris, or given
    pose.py                yaw, pitch, roll
    measures.py            measure_face(): every measure, right / left / difference / percent
    synthetic.py           ground truth: a real face warped by known millimetres
    testing.py             exact synthetic landmark sets for tests and examples

This package's ``__init__`` stays light (no MediaPipe, no OpenCV import): import the submodules.

May import: the Case contract, the vocabulary, errors and the clock; never recovery, guidance,
records or any edge above it.
"""

from __future__ import annotations

from bellpath.face.landmarks import (
    FaceLandmarks,
    FakeDetector,
    LandmarkDetector,
    detect_single,
)

__all__ = ["FaceLandmarks", "FakeDetector", "LandmarkDetector", "detect_single"]
