"""A camera frame to a reading: JPEG only, bounded, one face, the photo measures."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from bellpath.camera.live_frames import (
    MAX_FRAME_BYTES,
    MAX_FRAME_SIDE,
    LiveFrameReader,
    decode_jpeg,
    mouth_points,
)
from bellpath.case import Side
from bellpath.errors import PhotoError
from bellpath.face.calibration import calibrate
from bellpath.face.indices import MIDLINE
from bellpath.face.landmarks import FakeDetector
from bellpath.face.live import FaceReading, reading_from_measures
from bellpath.face.measures import measure_face
from bellpath.face.testing import place, shift, symmetric_face


def encoded(width: int, height: int, fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.full((height, width, 3), 90, dtype=np.uint8)).save(out, fmt)
    return out.getvalue()


def test_a_jpeg_decodes_to_rgb() -> None:
    image = decode_jpeg(encoded(64, 48))
    assert image.shape == (48, 64, 3)
    assert image.dtype == np.uint8


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (encoded(64, 48, "PNG"), "must be a JPEG"),  # another format
        (b"\xff\xd8\xff" + b"\x00" * 100, "could not be decoded"),  # a broken JPEG
        (b"\xff\xd8\xff" + b"\x00" * MAX_FRAME_BYTES, f"at most {MAX_FRAME_BYTES} bytes"),
        (encoded(MAX_FRAME_SIDE + 2, 20), f"at most {MAX_FRAME_SIDE} pixels"),
    ],
    ids=["png", "broken", "too-many-bytes", "too-wide"],
)
def test_other_frames_are_refused_with_the_reason(data: bytes, words: str) -> None:
    with pytest.raises(PhotoError, match=words):
        decode_jpeg(data)


def test_one_face_gives_the_photo_measures_and_outlines() -> None:
    face = place(symmetric_face(), mm_per_px=0.2, image_size=(640, 480), centre=(320, 200))
    with LiveFrameReader(FakeDetector([[face]])) as reader:
        frame = reader.read(encoded(640, 480))
    mouth = mouth_points(face, calibrate(face).mm_per_px)
    assert frame.reading == reading_from_measures(measure_face(face, affected_side=None), mouth)
    assert mouth.right[0] == pytest.approx(-mouth.left[0])  # a symmetric face
    assert mouth.right[0] < 0.0 < mouth.left[0]
    assert mouth.lip_mid_y < mouth.left[1] < 0.0  # below the eyes, the lip below the corners
    assert frame.faces == 1
    xs = [x for line in frame.outlines.values() for x, _ in line]
    assert 0.0 < min(xs) < max(xs) < 1.0  # fractions of the frame's width


@pytest.mark.parametrize("faces", [0, 2], ids=["none", "two"])
def test_no_reading_unless_exactly_one_face(faces: int) -> None:
    face = place(symmetric_face(), mm_per_px=0.2, image_size=(640, 480), centre=(320, 200))
    with LiveFrameReader(FakeDetector([[face] * faces])) as reader:
        frame = reader.read(encoded(640, 480))
    assert frame.reading is None
    assert frame.faces == faces


def test_an_iris_too_small_to_scale_gives_no_reading() -> None:
    tiny = place(symmetric_face(), mm_per_px=10.0, image_size=(640, 480), centre=(320, 200))
    with LiveFrameReader(FakeDetector([[tiny]])) as reader:
        frame = reader.read(encoded(640, 480))
    assert frame.reading is None
    assert frame.outlines  # the face is still outlined


def test_a_lower_lip_that_alone_moves_does_not_move_the_corners() -> None:
    # Issue 19: the landmark model lifts the lower-lip midline point during a smile; the live
    # mirror measures the corners from the REST midline, so that lift alone reads as no movement
    # (the photo measure, from the frame's own midline, reads it as the corners moving in).
    face = symmetric_face()
    lifted = shift(face, [MIDLINE["lower_lip_outer"]], dy=2.0)
    frames = [
        place(f, mm_per_px=0.2, image_size=(640, 480), centre=(320, 200)) for f in (face, lifted)
    ]
    with LiveFrameReader(FakeDetector([[frames[0]], [frames[1]]])) as reader:
        rest, moved = (reader.read(encoded(640, 480)).reading for _ in range(2))
    assert rest is not None
    assert moved is not None
    exc = moved.minus(rest)
    photo = FaceReading(moved.right, moved.left).minus(FaceReading(rest.right, rest.left))
    for s in Side:
        assert exc.side(s).mouth_corner == pytest.approx(0.0, abs=1e-6)
        assert photo.side(s).mouth_corner < -0.5
