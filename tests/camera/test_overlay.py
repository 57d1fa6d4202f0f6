"""The annotated image: drawn where the measures are, labelled, no metadata, photo untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from bellpath.camera import overlay
from bellpath.camera.image_io import load_photo
from bellpath.camera.overlay import (
    CROP_MARGIN,
    MIN_CROP_WIDTH,
    draw_overlay,
    overlay_path,
    save_overlay,
)
from bellpath.camera.pipeline import measure_loaded
from bellpath.camera.synthetic import SyntheticFace, astronaut_face
from bellpath.errors import InputError
from bellpath.face.landmarks import FakeDetector
from bellpath.vocab import QualityWarning


@pytest.fixture(scope="module")
def face() -> SyntheticFace:
    return astronaut_face(2.0)


def test_overlay_draws_on_a_copy_with_a_header(face: SyntheticFace) -> None:
    photo = load_photo(np.array(face.image, dtype=np.uint8))
    before = photo.pixels.copy()
    result = measure_loaded(photo, affected_side=None, detector=FakeDetector([[face.landmarks]]))
    full = draw_overlay(photo, result, crop=False)
    assert np.array_equal(photo.pixels, before)  # the photo is not drawn on
    assert full.width == photo.size[0]
    header = full.height - photo.size[1]
    assert header > 0
    drawn = np.asarray(full)[header:]
    changed = np.any(drawn != before, axis=2)
    assert changed.mean() > 0.005  # landmarks, lines and labels
    # the midline passes between the irises: pixels there were drawn on
    mid = ((face.landmarks.right_iris[0] + face.landmarks.left_iris[0]) / 2).round().astype(int)
    assert changed[mid[1] - 2 : mid[1] + 3, mid[0] - 2 : mid[0] + 3].any()


def test_crop_frames_the_face_and_is_legible(face: SyntheticFace) -> None:
    photo = load_photo(np.array(face.image, dtype=np.uint8))
    result = measure_loaded(photo, affected_side=None, detector=FakeDetector([[face.landmarks]]))
    cropped = draw_overlay(photo, result, header=False)
    assert cropped.width >= MIN_CROP_WIDTH  # a small photo is enlarged before drawing
    # the picture has the shape of the face's box plus the margin
    x0, y0, x1, y1 = face.landmarks.bbox()
    w, h = photo.size
    bw = min(w, x1 + (x1 - x0) * CROP_MARGIN) - max(0, x0 - (x1 - x0) * CROP_MARGIN)
    bh = min(h, y1 + (y1 - y0) * CROP_MARGIN) - max(0, y0 - (y1 - y0) * CROP_MARGIN)
    assert cropped.height / cropped.width == pytest.approx(bh / bw, rel=0.01)


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_saved_overlay_has_no_metadata(tmp_path: Path, face: SyntheticFace, suffix: str) -> None:
    photo = load_photo(np.array(face.image, dtype=np.uint8))
    result = measure_loaded(photo, affected_side=None, detector=FakeDetector([[face.landmarks]]))
    path = save_overlay(
        draw_overlay(photo, result), overlay_path(tmp_path / "o", "IMG_1.HEIC", suffix)
    )
    assert path.name == f"IMG_1_overlay{suffix}"
    with Image.open(path) as img:
        assert len(img.getexif()) == 0
        assert not img.info.get("exif")


def test_unsupported_overlay_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'overlay' must be one of \.jpg, \.png"):
        save_overlay(Image.new("RGB", (4, 4)), tmp_path / "x.gif")


def test_header_words_the_warnings_from_the_vocabulary(
    face: SyntheticFace, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = load_photo(np.array(face.image, dtype=np.uint8))
    result = measure_loaded(photo, affected_side=None, detector=FakeDetector([[face.landmarks]]))
    assert QualityWarning.SIDE_UNKNOWN in {w.code for w in result.warnings}
    texts: list[str] = []
    real = overlay._label

    def recording(draw: Any, at: Any, text: str, *args: Any, **kwargs: Any) -> None:
        texts.append(text)
        real(draw, at, text, *args, **kwargs)

    monkeypatch.setattr(overlay, "_label", recording)
    draw_overlay(photo, result)
    warned = [t for t in texts if t.startswith("! ")]
    assert warned == [f"! {w.code.words}" for w in result.warnings]
    assert "! side unknown" in warned  # words, not the code side_unknown
