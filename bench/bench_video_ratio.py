"""The video smile ratio against the truth, for a weaker left and a weaker right side (issue 19).

Test videos are made here (never committed): the astronaut's face (``skimage.data.astronaut``,
:func:`bellpath.camera.synthetic.astronaut_face` at 3x, 630 x 630 px) making one smile
(:mod:`bellpath.video.synthetic`: 1 s rest, 0.4 s rise, 0.8 s hold, 0.4 s fall), the healthy
corner moving 6 or 8 mm outward and the weaker one 60 % of that, 15 fps, libx264 (the test clips'
settings, tests/video/conftest.py). Each clip is analysed with :func:`bellpath.video.analyse_video`
twice:

* ``video``: the video analysis's own detector (MediaPipe in tracking mode, lids, brows and mouth
  corners refined from the image; :func:`bellpath.video.options.video_detector`);
* ``photo``: the photo detector (MediaPipe per frame, mirror-consistent, refined;
  :func:`bellpath.camera.pipeline.default_detector`), the live mirror's.

Printed per clip and detector: each side's commissure excursion over its true value, and the
affected/healthy ratio over the true ratio (1.00 = right). To compare with another version, run
this file with that version's ``src`` first on ``PYTHONPATH`` (it uses only long-standing APIs).

Run: ``.venv/bin/python -m bench.bench_video_ratio`` (about 1 minute).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from bellpath.camera.synthetic import SyntheticFace, astronaut_face
from bellpath.case import Side
from bellpath.face.landmarks import LandmarkDetector
from bellpath.video.analysis import analyse_video
from bellpath.video.script import Move
from bellpath.video.synthetic import expected_excursion, write_clip

HEALTHY_MM = (6.0, 8.0)
"""The healthy corner's smile (the live mirror's accuracy test uses the same sizes)."""
AFFECTED_FRACTION = 0.6
FPS = 15


def _video() -> LandmarkDetector:
    from bellpath.video.options import video_detector  # noqa: PLC0415 - heavy

    return video_detector()


def _photo() -> LandmarkDetector:
    from bellpath.camera.pipeline import default_detector  # noqa: PLC0415 - heavy

    return default_detector()


DETECTORS: dict[str, Callable[[], LandmarkDetector]] = {"video": _video, "photo": _photo}


def _other(side: Side) -> Side:
    return Side.LEFT if side is Side.RIGHT else Side.RIGHT


def measure(
    face: SyntheticFace, folder: Path, healthy_mm: float, affected: Side, detector: str
) -> tuple[float, float, float]:
    """Right and left excursion over their truth, and the ratio over the true ratio."""
    moved = {_other(affected): healthy_mm, affected: healthy_mm * AFFECTED_FRACTION}
    moves = [Move("smile", 1.0, {f"smile.{s.value}": mm for s, mm in moved.items()})]
    path = folder / f"smile-{healthy_mm:g}-weaker-{affected.value}.mp4"
    if not path.exists():
        write_clip(path, face, moves, fps=FPS, duration_s=4.0)
    truth = {s: expected_excursion(face, "smile", s, mm) for s, mm in moved.items()}
    landmarks = DETECTORS[detector]()
    try:
        result = analyse_video(path, affected_side=affected.value, detector=landmarks)
    finally:
        close = getattr(landmarks, "close", None)
        if callable(close):
            close()
    smile = next(e for e in result.expressions if e.label == "smile")
    found = smile.excursion["commissure_excursion"]
    if found.right is None or found.left is None or found.ratio is None:
        msg = f"no smile excursion in {path.name}"
        raise RuntimeError(msg)
    true_ratio = truth[affected] / truth[_other(affected)]
    return (
        found.right / truth[Side.RIGHT],
        found.left / truth[Side.LEFT],
        found.ratio / true_ratio,
    )


def main() -> None:
    import bellpath  # noqa: PLC0415

    print(f"bellpath from {Path(bellpath.__file__).parent}")
    face = astronaut_face(3.0)
    print("| smile | weaker side | detector | right / true | left / true | ratio / true ratio |")
    print("|---|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for healthy_mm in HEALTHY_MM:
            for affected in (Side.LEFT, Side.RIGHT):
                for detector in DETECTORS:
                    right, left, ratio = measure(face, Path(tmp), healthy_mm, affected, detector)
                    print(
                        f"| {healthy_mm:g} mm | {affected.value} | {detector} | {right:.2f} | "
                        f"{left:.2f} | {ratio:.2f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
