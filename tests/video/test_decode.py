"""Decoding: upright frames, scaling inside the decoder, one frame at a time, clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from bellpath.errors import VideoError
from bellpath.video.decode import VideoReader, iter_frames, probe


def _write(
    path: Path, *, rotation: int = 0, frames: int = 6, size: tuple[int, int] = (64, 32)
) -> Path:
    """A small clip whose frames are black with a white band on the left (stored orientation)."""
    width, height = size
    with av.open(str(path), "w") as container:
        stream: Any = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        if rotation:
            stream.set_display_rotation(rotation)
        image = np.zeros((height, width, 3), np.uint8)
        image[:, : width // 8] = 255
        for _ in range(frames):
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.mark.parametrize(
    ("rotation", "band"),
    [(0, "left"), (90, "bottom"), (180, "right"), (270, "top")],
    ids=["none", "ccw90", "180", "ccw270"],
)
def test_rotation_is_applied(tmp_path: Path, rotation: int, band: str) -> None:
    path = _write(tmp_path / "r.mp4", rotation=rotation)
    info = probe(path)
    assert info.rotation == rotation
    assert (info.width, info.height) == ((32, 64) if rotation in (90, 270) else (64, 32))
    frame = next(iter_frames(path))
    grey = frame.image.mean(axis=2)
    edges = {
        "left": grey[:, 0].mean(),
        "right": grey[:, -1].mean(),
        "top": grey[0].mean(),
        "bottom": grey[-1].mean(),
    }
    assert max(edges, key=lambda k: edges[k]) == band
    assert frame.image.shape[:2] == (info.height, info.width)


def test_scaled_in_the_decoder(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.mp4", size=(320, 240))
    with VideoReader(path, max_width=160) as reader:
        frames = list(reader.frames())
    assert len(frames) == 6
    assert frames[0].image.shape == (120, 160, 3)
    assert frames[0].scale == pytest.approx(2.0)
    assert [f.index for f in frames] == list(range(6))
    assert frames[1].time_s == pytest.approx(0.1)
    assert not reader.truncated


def test_small_video_is_not_upscaled(tmp_path: Path) -> None:
    path = _write(tmp_path / "small.mp4")
    frame = next(iter_frames(path, max_width=640))
    assert frame.scale == 1.0
    assert frame.image.shape == (32, 64, 3)


def test_frames_are_streamed(tmp_path: Path) -> None:
    # A generator: asking for the first frame does not decode the rest.
    path = _write(tmp_path / "s.mp4", frames=30)
    with VideoReader(path) as reader:
        stream = reader.frames()
        first = next(stream)
        assert first.index == 0
        assert next(stream).index == 1


def test_bad_max_width(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.mp4")
    with pytest.raises(VideoError) as info:
        VideoReader(path, max_width=4)
    assert info.value.code == "invalid_option"


def test_a_folder_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(VideoError) as info:
        probe(tmp_path)
    assert info.value.code == "not_found"


def test_audio_only_file_has_no_video_stream(tmp_path: Path) -> None:
    path = tmp_path / "sound.wav"
    with av.open(str(path), "w") as container:
        stream: Any = container.add_stream("pcm_s16le", rate=8000)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 800), np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 8000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    with pytest.raises(VideoError) as info:
        probe(path)
    assert info.value.code == "unreadable"
    assert "no video stream" in info.value.message
