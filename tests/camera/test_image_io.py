"""Reading photos: orientation, reduced decode, formats, bad files, the original left untouched."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bellpath.camera.image_io import WORKING_MAX_SIDE, collect_photo_paths, load_photo
from bellpath.errors import PhotoError

ORIENTATION = 0x0112


def _marked(width: int, height: int) -> Image.Image:
    """A grey image with a red block in its top-left corner, to see where 'up' went."""
    arr = np.full((height, width, 3), 128, dtype=np.uint8)
    arr[: height // 4, : width // 4] = (255, 0, 0)
    return Image.fromarray(arr)


def _save_jpeg(img: Image.Image, path: Path, orientation: int | None = None) -> Path:
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    img.save(path, "JPEG", quality=95, exif=exif.tobytes())
    return path


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    # Stored landscape 400x300 with the red block top-left; Orientation 6 means "rotate 90 degrees
    # clockwise to display", so upright it is portrait 300x400 with the block top-right.
    path = _save_jpeg(_marked(400, 300), tmp_path / "rotated.jpg", orientation=6)
    photo = load_photo(path)
    assert photo.full_size == (300, 400)
    assert photo.size == (300, 400)
    top_right = photo.pixels[10, -10]
    top_left = photo.pixels[10, 10]
    assert top_right[0] > 200 and top_right[1] < 60
    assert abs(int(top_left[0]) - 128) < 20


def test_large_jpeg_is_decoded_reduced_and_maps_back_to_full_resolution(tmp_path: Path) -> None:
    path = _save_jpeg(_marked(4000, 3000), tmp_path / "big.jpg")
    photo = load_photo(path)
    assert photo.full_size == (4000, 3000)
    assert max(photo.size) <= WORKING_MAX_SIDE
    assert photo.is_reduced
    sx, sy = photo.scale
    assert sx == pytest.approx(2.0) and sy == pytest.approx(2.0)
    full = photo.to_full(np.array([[100.0, 50.0, 3.0]]))
    assert full.tolist() == [[200.0, 100.0, 6.0]]
    # the red block covers the top-left quarter in both
    assert photo.pixels[: photo.size[1] // 4 - 5, : photo.size[0] // 4 - 5, 0].min() > 200


def test_rotated_large_jpeg_reports_upright_full_size(tmp_path: Path) -> None:
    path = _save_jpeg(_marked(4000, 3000), tmp_path / "big_rot.jpg", orientation=8)
    photo = load_photo(path)
    assert photo.full_size == (3000, 4000)
    assert photo.size[0] < photo.size[1]


def test_full_decode_on_request(tmp_path: Path) -> None:
    path = _save_jpeg(_marked(2600, 1200), tmp_path / "wide.jpg")
    assert load_photo(path, max_side=None).size == (2600, 1200)


def test_png_is_reduced_by_an_integer_factor(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    _marked(4100, 1000).save(path)
    photo = load_photo(path)
    assert photo.full_size == (4100, 1000)
    assert max(photo.size) <= WORKING_MAX_SIDE
    assert photo.scale[0] == pytest.approx(4100 / photo.size[0])


def test_heic_is_read(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "iphone.heic"
    heif = pillow_heif.from_pillow(_marked(640, 480))
    try:
        heif.save(path, quality=90)
    except (OSError, ValueError, RuntimeError) as exc:  # no HEVC encoder in this libheif build
        pytest.skip(f"pillow-heif cannot write HEIC here: {exc}")
    photo = load_photo(path)
    assert photo.full_size == (640, 480)
    assert photo.pixels[5, 5, 0] > 200


def test_original_file_is_never_changed(tmp_path: Path) -> None:
    path = _save_jpeg(_marked(4000, 3000), tmp_path / "keep.jpg", orientation=6)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    load_photo(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "content",
    [
        b"this is not an image",  # text with a photo's name
        b"",  # empty file
    ],
    ids=["text", "empty"],
)
def test_unreadable_files_raise_photo_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(PhotoError) as info:
        load_photo(path)
    assert info.value.code == "unreadable"
    assert "bad.jpg" in info.value.message
    assert str(tmp_path) not in info.value.message  # the folder is never echoed


def test_truncated_jpeg_is_unreadable(tmp_path: Path) -> None:
    buf = io.BytesIO()
    _marked(800, 600).save(buf, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buf.getvalue()[:300])
    with pytest.raises(PhotoError) as info:
        load_photo(path)
    assert info.value.code == "unreadable"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="no such file"):
        load_photo(tmp_path / "nope.jpg")


def test_arrays_are_used_as_they_are() -> None:
    grey = np.zeros((30, 40), dtype=np.uint8)
    photo = load_photo(grey)
    assert photo.pixels.shape == (30, 40, 3)
    assert photo.full_size == (40, 30)
    assert not photo.is_reduced
    floats = load_photo(np.ones((5, 6, 3), dtype=np.float64))
    assert floats.pixels.max() == 255
    with pytest.raises(PhotoError):
        load_photo(np.zeros((5, 6, 7), dtype=np.uint8))


def test_collect_photo_paths_expands_folders_and_keeps_named_files(tmp_path: Path) -> None:
    (tmp_path / "b.JPG").write_bytes(b"x")
    (tmp_path / "a.png").write_bytes(b"x")
    (tmp_path / "notes.txt").write_bytes(b"x")
    (tmp_path / ".hidden.jpg").write_bytes(b"x")
    named = tmp_path / "notes.txt"
    got = collect_photo_paths([tmp_path, named])
    assert [p.name for p in got] == ["a.png", "b.JPG", "notes.txt"]


_STORE_AS = {  # orientation tag -> how the camera stored an upright picture
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", sorted(_STORE_AS), ids=lambda o: f"orientation-{o}")
def test_every_exif_orientation_gives_the_upright_picture(tmp_path: Path, orientation: int) -> None:
    rng = np.random.default_rng(orientation)
    upright = rng.integers(0, 255, size=(30, 50, 3), dtype=np.uint8)  # 50 wide, 30 tall
    stored = Image.fromarray(upright)
    method = _STORE_AS[orientation]
    if method is not None:
        stored = stored.transpose(method)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    path = tmp_path / f"o{orientation}.png"  # lossless, so pixels can be compared exactly
    stored.save(path, "PNG", exif=exif.tobytes())
    photo = load_photo(path)
    assert photo.full_size == (50, 30)
    assert np.array_equal(photo.pixels, upright)


def test_an_unreadable_file_error_never_shows_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "private" / "locked.jpg"
    path.parent.mkdir()
    _save_jpeg(_marked(40, 30), path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions are not enforced
            pytest.skip("file permissions are not enforced for this user")
        with pytest.raises(PhotoError) as info:
            load_photo(path)
    finally:
        path.chmod(0o600)
    assert info.value.code == "unreadable"
    assert "locked.jpg" in info.value.message
    assert "private" not in info.value.message


@pytest.mark.parametrize(
    "exc",
    [
        PermissionError(13, "Permission denied", "/home/me/private/x.jpg"),
        OSError("decoder error reading /home/me/private/x.jpg"),
    ],
    ids=["errno", "message"],
)
def test_error_reasons_drop_the_folder(exc: OSError) -> None:
    from bellpath.camera.image_io import _why  # noqa: PLC0415  (the helper behind every message)

    reason = _why(exc, "/home/me/private/x.jpg")
    assert "private" not in reason
