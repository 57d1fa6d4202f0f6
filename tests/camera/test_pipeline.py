"""The photo pipeline: the JSON contract, the gate, reduced decoding, mirror consistency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from bellpath.camera.pipeline import (
    INTERNAL_ERROR,
    PhotoFailure,
    default_detector,
    measure_many,
    measure_photo,
    parse_side,
)
from bellpath.camera.synthetic import SyntheticFace, astronaut_face
from bellpath.case import Case, Side
from bellpath.errors import InputError, PhotoError
from bellpath.face.expressions import Expression
from bellpath.face.landmarks import FaceLandmarks, FakeDetector, LandmarkDetector

REQUIRED = {
    "brow_height",
    "mrd1",
    "mrd2",
    "palpebral_fissure",
    "commissure_excursion",
    "smile_angle",
    "eye_area",
}
SINGLE = {
    "commissure_height_deviation",
    "upper_lip_height_deviation",
    "lower_lip_height_deviation",
    "facial_asymmetry_index",
}


@pytest.fixture(scope="module")
def face() -> SyntheticFace:
    return astronaut_face(4.0)


@pytest.fixture(scope="module")
def detector() -> LandmarkDetector:
    return default_detector()


def _fake(face: SyntheticFace, *extra: FaceLandmarks) -> FakeDetector:
    return FakeDetector([[face.landmarks, *extra]])


def _image(face: SyntheticFace) -> NDArray[np.uint8]:
    return np.array(face.image, dtype=np.uint8)


def test_json_contract(face: SyntheticFace) -> None:
    row = measure_photo(
        _image(face), affected_side="left", expression="rest", detector=_fake(face)
    ).to_json()
    assert set(row) >= {
        "file",
        "expression",
        "affected_side",
        "calibration",
        "pose",
        "warnings",
        "measures",
    }
    assert row["expression"] == "rest"
    assert row["affected_side"] == "left"
    assert row["calibration"]["method"] == "iris"
    assert row["calibration"]["mm_per_px"] == pytest.approx(face.mm_per_px, rel=1e-3)
    assert set(row["pose"]) == {"yaw", "pitch", "roll"}
    assert set(row["measures"]) >= REQUIRED
    for name in REQUIRED:
        assert {"right", "left", "difference", "percent"} <= set(row["measures"][name])
        assert row["measures"][name]["percent"] is not None
    for name in SINGLE:
        assert "value" in row["measures"][name]


def test_unknown_side_gives_no_percentages_and_says_so(face: SyntheticFace) -> None:
    row = measure_photo(_image(face), affected_side="unknown", detector=_fake(face)).to_json()
    assert row["affected_side"] is None
    assert all(v.get("percent") is None for v in row["measures"].values())
    codes = [w["code"] for w in row["warnings"]]
    assert "side_unknown" in codes
    assert "expression_unknown" in codes


def test_given_scale_is_used_and_reported(face: SyntheticFace) -> None:
    a = measure_photo(_image(face), affected_side=None, detector=_fake(face))
    b = measure_photo(
        _image(face), affected_side=None, mm_per_px=2 * face.mm_per_px, detector=_fake(face)
    )
    assert b.to_json()["calibration"] == {
        "method": "given",
        "mm_per_px": pytest.approx(2 * face.mm_per_px, abs=1e-4),
        "iris_diameter_px": pytest.approx(a.to_json()["calibration"]["iris_diameter_px"]),
    }
    brow_a = a.to_json()["measures"]["brow_height"]["right"]
    assert b.to_json()["measures"]["brow_height"]["right"] == pytest.approx(2 * brow_a, rel=1e-3)


def test_no_face_is_rejected(face: SyntheticFace) -> None:
    with pytest.raises(PhotoError) as info:
        measure_photo(_image(face), affected_side=None, detector=FakeDetector([[]]))
    assert info.value.code == "no_face"


def test_two_similar_faces_are_rejected(face: SyntheticFace) -> None:
    with pytest.raises(PhotoError) as info:
        measure_photo(_image(face), affected_side=None, detector=_fake(face, face.landmarks))
    assert info.value.code == "multiple_faces"


def test_a_small_background_face_is_flagged_not_rejected(face: SyntheticFace) -> None:
    small = face.landmarks.with_points(face.landmarks.points * 0.3)
    result = measure_photo(_image(face), affected_side=None, detector=_fake(face, small))
    assert "other_faces" in [w.code for w in result.warnings]
    assert result.landmarks.points[0, 0] == pytest.approx(face.landmarks.points[0, 0])


def test_bad_side_and_expression_name_the_field() -> None:
    with pytest.raises(InputError, match="'side' must be one of left, right, unknown"):
        parse_side("middle")
    with pytest.raises(InputError, match="'expression'"):
        measure_photo(np.zeros((10, 10, 3), np.uint8), affected_side=None, expression="grin")


def test_case_entry_keeps_the_file_name_only(face: SyntheticFace) -> None:
    result = measure_photo(
        _image(face), affected_side=Side.RIGHT, expression=Expression.SMILE, detector=_fake(face)
    )
    entry = result.to_case_entry(dt.date(2026, 3, 1))
    assert entry.file_name == "<array>"
    assert entry.expression is Expression.SMILE
    assert set(entry.measures["brow_height"]) == {"right", "left", "difference", "percent"}
    case = Case(onset=dt.date(2026, 2, 1), as_of=dt.date(2026, 3, 2), photo_measures=[entry])
    assert case.photo_measures[0].calibration.method == "iris"


def test_batch_goes_on_after_a_bad_file(tmp_path: Path, face: SyntheticFace) -> None:
    good = tmp_path / "a_rest.png"
    Image.fromarray(_image(face)).save(good)
    bad = tmp_path / "b_smile.jpg"
    bad.write_text("not a photo")
    out = list(measure_many([bad, good], affected_side=None, detector=_fake(face)))
    assert isinstance(out[0][1], PhotoFailure)
    assert out[0][1].to_json() == {
        "file": "b_smile.jpg",
        "error": {"code": "unreadable", "message": out[0][1].message},
    }
    assert out[1][1].to_json()["expression"] == "rest"  # label read from the file name


@pytest.mark.slow
def test_reduced_decode_measures_like_full_decode(
    tmp_path: Path, face: SyntheticFace, detector: LandmarkDetector
) -> None:
    # a 12 MP-like frame: the face upscaled into 4000 x 3000; detection on the half-scale decode
    big = Image.fromarray(_image(face)).resize((2600, 2600), Image.Resampling.BICUBIC)
    frame = Image.new("RGB", (4000, 3000), (90, 90, 100))
    frame.paste(big, (700, 200))
    path = tmp_path / "phone.jpg"
    frame.save(path, quality=92)
    reduced = measure_photo(path, affected_side=None, detector=detector).to_json()
    full = measure_photo(path, affected_side=None, detector=detector, max_side=None).to_json()
    assert reduced["calibration"]["mm_per_px"] == pytest.approx(
        full["calibration"]["mm_per_px"], rel=0.02
    )
    for name in REQUIRED - {"eye_area", "smile_angle"}:
        for side in ("right", "left"):
            assert reduced["measures"][name][side] == pytest.approx(
                full["measures"][name][side], abs=0.5
            ), (name, side)


@pytest.mark.slow
def test_mirrored_photo_swaps_sides(face: SyntheticFace, detector: LandmarkDetector) -> None:
    image = _image(face)
    a = measure_photo(image, affected_side=None, detector=detector).to_json()["measures"]
    b = measure_photo(
        np.ascontiguousarray(image[:, ::-1]), affected_side=None, detector=detector
    ).to_json()["measures"]
    for name in ("brow_height", "mrd1", "mrd2", "palpebral_fissure", "commissure_excursion"):
        assert a[name]["right"] == pytest.approx(b[name]["left"], abs=0.5), name
        assert a[name]["left"] == pytest.approx(b[name]["right"], abs=0.5), name


class _BrokenDetector:
    """A detector with a defect: the batch must survive it."""

    def detect(self, image: NDArray[np.uint8]) -> list[FaceLandmarks]:
        raise ZeroDivisionError("float division by zero")


def test_an_unexpected_error_is_its_own_row_and_the_batch_goes_on(
    tmp_path: Path, face: SyntheticFace
) -> None:
    paths = []
    for name in ("a.png", "b.png"):
        Image.fromarray(_image(face)).save(tmp_path / name)
        paths.append(tmp_path / name)
    out = [r for _, r in measure_many(paths, affected_side=None, detector=_BrokenDetector())]
    assert [type(r) for r in out] == [PhotoFailure, PhotoFailure]
    first = out[0]
    assert isinstance(first, PhotoFailure)
    assert first.code == INTERNAL_ERROR
    assert "ZeroDivisionError" in first.message
