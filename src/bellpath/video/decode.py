"""Stream the frames of a video file, upright, one at a time.

The decoder never holds more than one decoded frame: :func:`iter_frames` is a generator over
:class:`DecodedFrame`. Rotation metadata is honoured (the display matrix side data that phones
write, or the older ``rotate`` tag), so a portrait phone video comes out portrait. Frames can be
scaled down inside the decoder's colour conversion (``max_width``): landmarks are detected on the
small frame and multiplied by :attr:`DecodedFrame.scale` to get full-resolution pixel coordinates.

Every PyAV/FFmpeg error is mapped to :class:`bellpath.errors.VideoError` with a machine-readable
code:

``not_found``     the path does not exist or is not a file
``unreadable``    not a video FFmpeg can open, or no video stream in it
``truncated``     the file ends early; raised only when no frame at all could be decoded, otherwise
                  the stream stops and :attr:`VideoReader.truncated` is set so the caller can warn
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import av
import av.error
import numpy as np
import numpy.typing as npt

from bellpath.errors import VideoError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DecodedFrame",
    "VideoInfo",
    "VideoReader",
    "iter_frames",
    "probe",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi")
"""File name endings a folder batch picks up (any file FFmpeg reads works when named directly)."""

RGBImage = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What the container says about the video, before decoding it.

    Attributes
    ----------
    width, height : int
        Display size in pixels, after rotation.
    fps : float
        Average frame rate (frames per second).
    frames : int | None
        Frame count from the container, or an estimate from the duration; ``None`` when unknown.
    duration_s : float | None
        Duration in seconds, ``None`` when the container does not say.
    rotation : int
        Counter-clockwise rotation applied to each decoded frame, in degrees (0, 90, 180, 270).
    codec : str
        Name of the video codec.
    """

    path: Path
    width: int
    height: int
    fps: float
    frames: int | None
    duration_s: float | None
    rotation: int
    codec: str


@dataclass(frozen=True, slots=True)
class DecodedFrame:
    """One decoded frame, upright (rotation applied), in RGB.

    ``scale`` multiplies pixel coordinates in ``image`` to give full-resolution display coordinates
    (1.0 when the frame was not scaled down).
    """

    index: int
    time_s: float
    image: RGBImage
    scale: float


def _normalise_rotation(degrees: float) -> int:
    """Round to a multiple of 90 and fold into 0..270 (counter-clockwise)."""
    return round(degrees / 90.0) * 90 % 360


def _rotation_of(stream: Any) -> int:
    """Counter-clockwise display rotation from the older ``rotate`` tag (clockwise degrees)."""
    tag = stream.metadata.get("rotate") if stream.metadata else None
    if tag is None:
        return 0
    try:
        return _normalise_rotation(-float(tag))
    except ValueError:
        return 0


def _open(path: Path) -> Any:
    if not path.is_file():
        raise VideoError("not_found", f"video file {str(path)!r} does not exist or is not a file")
    try:
        container = av.open(str(path), mode="r")
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise VideoError(
            "unreadable",
            f"{path.name!r} is not a video bellpath can read ({type(exc).__name__}); "
            "use an mp4, mov, webm or avi file straight from the camera",
        ) from None
    if not container.streams.video:
        container.close()
        raise VideoError("unreadable", f"{path.name!r} has no video stream")
    return container


class VideoReader:
    """An open video: its :class:`VideoInfo` and a one-pass frame stream.

    Use as a context manager; :meth:`frames` may be iterated once. After iteration,
    :attr:`truncated` says whether decoding stopped on damaged or missing data.
    """

    def __init__(self, path: str | Path, *, max_width: int | None = None, threads: int = 1) -> None:
        self.path = Path(path)
        if max_width is not None and max_width < 16:
            raise VideoError("invalid_option", f"max_width must be at least 16 (got {max_width})")
        self._container = _open(self.path)
        self._stream = self._container.streams.video[0]
        # One decoding thread by default, so speed figures are per core; AUTO uses frame threads.
        if threads > 1:
            self._stream.thread_type = "AUTO"
            self._stream.codec_context.thread_count = threads
        else:
            self._stream.codec_context.thread_count = 1
        self.max_width = max_width
        self.truncated = False
        self.decode_errors = 0
        self.info = self._probe()
        self._raw = self._raw_frames()
        self._first: Any = None
        self._peek()

    def _probe(self) -> VideoInfo:
        stream = self._stream
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        fps = float(rate) if rate else 0.0
        if not math.isfinite(fps) or fps <= 0:
            fps = 30.0
        duration_s: float | None = None
        if stream.duration is not None and stream.time_base is not None:
            duration_s = float(stream.duration * stream.time_base)
        elif self._container.duration is not None:
            duration_s = self._container.duration / 1_000_000
        frames: int | None = int(stream.frames) if stream.frames else None
        if frames is None and duration_s is not None:
            frames = round(duration_s * fps)
        rotation = _rotation_of(stream)
        width, height = int(stream.codec_context.width), int(stream.codec_context.height)
        if width <= 0 or height <= 0:
            raise VideoError("unreadable", f"{self.path.name!r} has a video stream with no size")
        if rotation in (90, 270):
            width, height = height, width
        return VideoInfo(
            path=self.path,
            width=width,
            height=height,
            fps=fps,
            frames=frames,
            duration_s=duration_s,
            rotation=rotation,
            codec=str(stream.codec_context.name),
        )

    def _target_size(self, stored_w: int, stored_h: int, rotation: int) -> tuple[int, int, float]:
        """Stored (pre-rotation) size to convert to, and the factor back to full resolution."""
        display_w = stored_h if rotation in (90, 270) else stored_w
        if self.max_width is None or display_w <= self.max_width:
            return stored_w, stored_h, 1.0
        factor = self.max_width / display_w
        # Even sizes keep the colour conversion exact for 4:2:0 input.
        w = max(2, round(stored_w * factor / 2) * 2)
        h = max(2, round(stored_h * factor / 2) * 2)
        return w, h, stored_w / w

    def _raw_frames(self) -> Iterator[Any]:
        """Decoded PyAV frames; damaged packets are counted and skipped, a cut-off file stops."""
        packets = self._container.demux(self._stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                return
            except av.error.FFmpegError:
                self.truncated = True
                return
            try:
                decoded = packet.decode()
            except av.error.FFmpegError:
                # A damaged packet: skip it, count it, carry on (FFmpeg resynchronises).
                self.decode_errors += 1
                continue
            yield from decoded

    def _peek(self) -> None:
        """Decode the first frame now: it carries the display matrix (rotation) of phone videos."""
        try:
            self._first = next(self._raw)
        except StopIteration:
            self._first = None
            return
        rotation = getattr(self._first, "rotation", 0) or 0
        if rotation:
            rotation = _normalise_rotation(rotation)
            if rotation != self.info.rotation:
                w, h = self._first.width, self._first.height
                if rotation in (90, 270):
                    w, h = h, w
                self.info = replace(self.info, rotation=rotation, width=w, height=h)

    def frames(self) -> Iterator[DecodedFrame]:
        """Yield frames in display order, upright and in RGB; never more than one held."""
        fps = self.info.fps
        index = 0
        if self._first is not None:
            first, self._first = self._first, None
            yield self._convert(first, index, fps)
            index += 1
            for frame in self._raw:
                yield self._convert(frame, index, fps)
                index += 1
        if index == 0:
            raise VideoError(
                "truncated",
                f"no frame of {self.path.name!r} could be decoded: "
                "the file is damaged or cut short",
            )
        expected = self.info.frames
        if self.decode_errors or (expected is not None and index < 0.9 * expected - 1):
            self.truncated = True

    def _convert(self, frame: Any, index: int, fps: float) -> DecodedFrame:
        rotation = self.info.rotation
        w, h, scale = self._target_size(frame.width, frame.height, rotation)
        if (w, h) != (frame.width, frame.height):
            image = frame.to_ndarray(width=w, height=h, format="rgb24")
        else:
            image = frame.to_ndarray(format="rgb24")
        if rotation:
            image = np.ascontiguousarray(np.rot90(image, k=rotation // 90))
        time_s = float(frame.time) if frame.time is not None else index / fps
        return DecodedFrame(index=index, time_s=time_s, image=image, scale=scale)

    def close(self) -> None:
        """Release the file."""
        self._container.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def probe(path: str | Path) -> VideoInfo:
    """Read the container header: size (upright), frame rate, frame count, rotation."""
    with VideoReader(path) as reader:
        return reader.info


def iter_frames(path: str | Path, *, max_width: int | None = None) -> Iterator[DecodedFrame]:
    """Yield each frame of ``path`` upright and in RGB, one at a time (see :class:`VideoReader`)."""
    with VideoReader(path, max_width=max_width) as reader:
        yield from reader.frames()
