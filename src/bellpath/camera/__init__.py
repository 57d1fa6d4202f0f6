"""The photo edge: landmarks from images, and what is drawn or written from them.

Layout::

    mediapipe_detector.py  MediaPipe face mesh with iris (478 points), the real detector
    mirror.py              mirror-consistent detection (image + its mirror, averaged)
    refine.py              lids, brows refined from the image (less symmetry bias)
    _mouth.py              mouth corners matched against their mirrored partner
    image_io.py            reading photo files (orientation, size, format errors)
    pipeline.py            one photo: load, detect, gate, measure (a PhotoResult or a PhotoFailure)
    overlay.py             the measures drawn on the photo
    synthetic.py           ground truth: a real face warped by known millimetres
    visit.py               automated eFACE from a visit's photos
    export.py              photo rows as text, JSON, CSV and XLSX (via bellpath.tabular)

Owns: everything that touches pixels or the detector. The numbers themselves come from the pure
geometry in :mod:`bellpath.face`. This package's ``__init__`` stays light (no MediaPipe, no OpenCV
import): import the submodules.

May import: :mod:`bellpath.face`, the Case contract, grading, the vocabulary, the tabular writer,
errors and the clock; never recovery, guidance, records, video, batch or any edge above it.
"""

from __future__ import annotations

__all__: list[str] = []
