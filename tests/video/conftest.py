"""Synthetic clips, made once per test session in a temporary folder (never committed)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from bellpath.camera.synthetic import SyntheticFace, astronaut_face
from bellpath.case import Side
from bellpath.video.analysis import analyse_video
from bellpath.video.result import VideoResult
from bellpath.video.script import Move
from bellpath.video.synthetic import ClipTruth, expression_clip, write_clip

CLIP_FPS = 15
SYNKINESIS_MM = 5.0
"""True narrowing of the affected eye during smile and pucker in the synkinesis clip."""


ImageWriter = Callable[[Path, Iterable[npt.NDArray[np.uint8]]], Path]


def write_images(path: Path, images: Iterable[npt.NDArray[np.uint8]], fps: int = CLIP_FPS) -> Path:
    """Encode RGB frames (even sizes) into ``path`` with libx264."""
    with av.open(str(path), mode="w") as container:
        stream = None
        for image in images:
            if stream is None:
                stream = container.add_stream("libx264", rate=fps)
                stream.height, stream.width = image.shape[:2]
                stream.pix_fmt = "yuv420p"
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        if stream is not None:
            for packet in stream.encode():
                container.mux(packet)
    return path


@pytest.fixture(scope="session")
def image_writer() -> ImageWriter:
    """Encode RGB frames into a file: ``image_writer(path, images)``."""
    return write_images


@pytest.fixture(scope="session")
def face() -> SyntheticFace:
    """The astronaut's face at about 0.46 mm per pixel (630 x 630)."""
    return astronaut_face(3.0)


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def synkinesis_truth(face: SyntheticFace) -> ClipTruth:
    return expression_clip(face, affected_side=Side.LEFT, synkinesis_mm=SYNKINESIS_MM)


@pytest.fixture(scope="session")
def control_truth(face: SyntheticFace) -> ClipTruth:
    return expression_clip(face, affected_side=Side.LEFT, synkinesis_mm=0.0)


@pytest.fixture(scope="session")
def synkinesis_clip(face: SyntheticFace, clip_dir: Path, synkinesis_truth: ClipTruth) -> Path:
    """About 10.8 s at 15 fps: brow raise, gentle closure, smile, pucker; left eye synkinesis."""
    return write_clip(clip_dir / "synkinesis.mp4", face, synkinesis_truth.moves, fps=CLIP_FPS)


@pytest.fixture(scope="session")
def control_clip(face: SyntheticFace, clip_dir: Path, control_truth: ClipTruth) -> Path:
    """The same movements with no eye narrowing."""
    return write_clip(clip_dir / "control.mp4", face, control_truth.moves, fps=CLIP_FPS)


@pytest.fixture(scope="session")
def synkinesis_result(synkinesis_clip: Path) -> VideoResult:
    return analyse_video(synkinesis_clip, affected_side="left")


@pytest.fixture(scope="session")
def control_result(control_clip: Path) -> VideoResult:
    return analyse_video(control_clip, affected_side="left")


@pytest.fixture(scope="session")
def smile_moves() -> list[Move]:
    """One smile of the healthy (right) side: 1 s rest, 1.6 s smile, 1.4 s rest."""
    return [Move("smile", 1.0, {"smile.right": 5.0, "smile.left": 2.0})]


@pytest.fixture(scope="session")
def smile_clip(face: SyntheticFace, clip_dir: Path, smile_moves: list[Move]) -> Path:
    """A 4 s clip (60 frames at 15 fps)."""
    return write_clip(clip_dir / "smile.mp4", face, smile_moves, fps=CLIP_FPS, duration_s=4.0)
