"""`bellpath photo`: batches, formats, exit codes, overlays, EXIF, privacy, visits, case files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner

from bellpath.camera.synthetic import astronaut_face
from bellpath.cli import app

ORIENTATION = 0x0112
GPS_IFD = 0x8825
LATITUDE = "51.50135"  # a location that must never reach any output

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def face() -> NDArray[np.uint8]:
    return np.array(astronaut_face(3.0).image, dtype=np.uint8)


def _exif_with_gps(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 4.86)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.9)
    exif[0x010E] = f"taken at {LATITUDE}"  # ImageDescription: free text with the place
    return exif.tobytes()


def _save(face: NDArray[np.uint8], path: Path, *, orientation: int | None = None) -> Path:
    img = Image.fromarray(face)
    if orientation == 6:  # displayed rotated 90 degrees clockwise: store it turned the other way
        img = img.transpose(Image.Transpose.ROTATE_90)
    img.save(path, "JPEG", quality=92, exif=_exif_with_gps(orientation))
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["photo", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def batch(tmp_path: Path, face: NDArray[np.uint8]) -> Path:
    folder = tmp_path / "visit"
    folder.mkdir()
    _save(face, folder / "01_rest.jpg")
    Image.fromarray(face).save(folder / "02_smile.png")
    (folder / "03_pucker.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    Image.new("RGB", (300, 300), (200, 180, 160)).save(folder / "04_eee.jpg")  # no face
    (folder / "notes.txt").write_text("ignored: not a photo")
    return folder


def test_batch_json_one_row_per_photo_and_exit_1(batch: Path) -> None:
    code, out, err = _run(str(batch), "--side", "left", "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [r["file"] for r in rows] == [
        "01_rest.jpg",
        "02_smile.png",
        "03_pucker.jpg",
        "04_eee.jpg",
    ]
    assert rows[0]["expression"] == "rest"
    assert rows[1]["expression"] == "smile"
    assert rows[0]["affected_side"] == "left"
    assert rows[0]["measures"]["brow_height"]["percent"] is not None
    assert rows[2]["error"]["code"] == "unreadable"
    assert rows[3]["error"]["code"] == "no_face"
    assert "2 of 4 photo(s) could not be measured" in err
    assert str(batch) not in out  # only file names, never folders


def test_all_good_exits_0_and_text_is_readable(batch: Path) -> None:
    code, out, _ = _run(str(batch / "01_rest.jpg"), "--side", "right")
    assert code == 0
    assert "01_rest.jpg" in out
    assert "palpebral_fissure" in out
    assert "never prescribes" in out


def test_csv_and_xlsx(batch: Path, tmp_path: Path) -> None:
    code, out, _ = _run(str(batch), "--format", "csv")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith("file,expression,affected_side")
    assert len(lines) == 5
    target = tmp_path / "out.xlsx"
    code, _, err = _run(str(batch), "--format", "xlsx", "-o", str(target))
    assert code == 1
    assert f"wrote {target}" in err
    sheet = load_workbook(target)["photos"]
    assert sheet.max_row == 5


def test_overlay_is_written_without_metadata(batch: Path, tmp_path: Path) -> None:
    folder = tmp_path / "overlays"
    code, _, _ = _run(str(batch / "01_rest.jpg"), "--overlay", str(folder))
    assert code == 0
    written = folder / "01_rest_overlay.jpg"
    with Image.open(written) as img:
        assert img.format == "JPEG"
        assert img.width > 100
        assert len(img.getexif()) == 0
    assert LATITUDE.encode() not in written.read_bytes()


def test_exif_orientation_is_honoured_and_gps_never_copied(
    tmp_path: Path, face: NDArray[np.uint8]
) -> None:
    upright = _save(face, tmp_path / "upright.jpg")
    rotated = _save(face, tmp_path / "rotated.jpg", orientation=6)
    with Image.open(rotated) as raw:
        assert raw.width == face.shape[0] and raw.height == face.shape[1]  # stored sideways
    code, out, _ = _run(str(upright), str(rotated), "--format", "json")
    assert code == 0, out
    a, b = json.loads(out)
    assert abs(b["pose"]["roll"]) < 10  # the head is upright once the tag is applied
    for name in ("brow_height", "palpebral_fissure", "commissure_excursion"):
        assert b["measures"][name]["right"] == pytest.approx(a["measures"][name]["right"], abs=0.7)
    assert LATITUDE not in out
    assert "gps" not in out.lower()


def test_heic_is_read(tmp_path: Path, face: NDArray[np.uint8]) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "iphone.heic"
    try:
        pillow_heif.from_pillow(Image.fromarray(face)).save(path, quality=92)
    except (OSError, ValueError, RuntimeError) as exc:
        pytest.skip(f"pillow-heif cannot write HEIC here: {exc}")
    code, out, _ = _run(str(path), "--format", "json")
    assert code == 0, out
    assert json.loads(out)[0]["file"] == "iphone.heic"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--side", "middle"], "'--side' must be one of left, right, unknown"),
        (["--format", "pdf"], "'format' must be one of text, json, csv, xlsx"),
        (["--expression", "grin"], "'--expression' must be one of rest"),
        (["--mm-per-px", "-1"], "'--mm-per-px' must be a positive number"),
        (["--format", "xlsx"], "give -o FILE.xlsx"),
        (["--add-to", "case.json"], "'--date' is required with --add-to"),
        (["--add-to", "case.json", "--date", "yesterday"], "'--date' must be a date"),
        (["--jobs", "-3"], "'--jobs' must be between 1 and 64, or 0 for all cores"),
    ],
    ids=[
        "side",
        "format",
        "expression",
        "scale",
        "xlsx-needs-o",
        "date-needed",
        "date-format",
        "jobs",
    ],
)
def test_bad_options_exit_2_with_one_clear_line(batch: Path, args: list[str], message: str) -> None:
    code, out, err = _run(str(batch / "01_rest.jpg"), *args)
    assert code == 2
    assert message in err
    assert out == ""


def test_overlay_folder_that_cannot_be_made_fails_before_measuring(
    batch: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    code, out, err = _run(str(batch / "01_rest.jpg"), "--overlay", str(blocker / "overlays"))
    assert code == 2
    assert "'--overlay' must be a folder bellpath can write to" in err
    assert out == ""


def test_no_photos_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path))
    assert code == 2
    assert "no photos found" in err


def test_visit_prints_the_automated_subset(batch: Path) -> None:
    code, out, _ = _run("--visit", str(batch), "--side", "left")
    assert code == 1  # two photos of the visit could not be measured
    assert "automated eFACE subset" in out
    assert "not the clinician eFACE" in out
    assert "brow_rest" in out
    assert "lower_lip_eee" in out  # listed, with the reason it could not be scored


def test_visit_json_and_its_requirements(batch: Path) -> None:
    code, out, _ = _run("--visit", str(batch), "--side", "left", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["automated_eface"]["label"].startswith("automated eFACE subset")
    assert len(doc["photos"]) == 4
    code, _, err = _run("--visit", str(batch))
    assert code == 2
    assert "'side' is required" in err


def test_add_to_case_file(batch: Path, tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps({"onset": "2026-01-10", "as_of": "2026-03-01"}))
    code, _, err = _run(
        str(batch / "01_rest.jpg"),
        str(batch / "02_smile.png"),
        "--side",
        "left",
        "--add-to",
        str(case_file),
        "--date",
        "2026-02-20",
    )
    assert code == 0, err
    assert "added 2 photo_measures entries" in err
    data = json.loads(case_file.read_text())
    assert [e["expression"] for e in data["photo_measures"]] == ["rest", "smile"]
    entry = data["photo_measures"][0]
    assert entry["file_name"] == "01_rest.jpg"
    assert entry["date"] == "2026-02-20"
    assert "brow_height" in entry["measures"]
    assert str(batch) not in case_file.read_text()


def test_add_to_case_file_refuses_a_date_after_as_of_and_keeps_the_file(
    batch: Path, tmp_path: Path
) -> None:
    case_file = tmp_path / "case.json"
    original = json.dumps({"onset": "2026-01-10", "as_of": "2026-03-01"})
    case_file.write_text(original)
    code, _, err = _run(
        str(batch / "01_rest.jpg"), "--add-to", str(case_file), "--date", "2026-04-01"
    )
    assert code == 2
    assert "photo_measures.0.date" in err
    assert case_file.read_text() == original


def test_progress_bar_goes_to_stderr_not_stdout(batch: Path) -> None:
    code, out, _ = _run(str(batch), "--format", "json")
    assert code == 1
    json.loads(io.StringIO(out).read())  # stdout is pure JSON


def test_nothing_on_stderr_from_the_progress_bar_when_it_is_not_a_terminal(
    tmp_path: Path,
) -> None:
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).write_bytes(b"not a photo")
    code, out, err = _run(str(tmp_path), "--format", "json")
    assert code == 1
    assert [row["error"]["code"] for row in json.loads(out)] == ["unreadable", "unreadable"]
    assert err == "2 of 2 photo(s) could not be measured (see their rows)\n"  # no blank line


def test_landmarks_export(batch: Path, tmp_path: Path) -> None:
    photo = str(batch / "01_rest.jpg")
    code, out, _ = _run(photo, "--format", "json", "--landmarks")
    assert code == 0
    points = json.loads(out)[0]["landmarks"]
    assert len(points) == 478
    assert all(len(p) == 2 for p in points)
    code, out, _ = _run(photo, "--format", "json")
    assert "landmarks" not in json.loads(out)[0]  # only on request
    code, out, _ = _run(photo, "--format", "csv", "--landmarks")
    header = out.splitlines()[0].split(",")
    assert header[-1] == "lm477_y"
    target = tmp_path / "lm.xlsx"
    code, _, _ = _run(photo, "--format", "xlsx", "--landmarks", "-o", str(target))
    book = load_workbook(target)
    assert book["landmarks"].max_row == 479
    assert "lm0_x" not in [c.value for c in book["photos"][1]]


def test_add_to_a_yaml_case_keeps_its_comments(batch: Path, tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    original = (
        "# Mrs B., seen in clinic\n"
        "onset: 2026-01-10  # woke up with it\n"
        "as_of: 2026-03-01\n"
        "affected_side: left\n"
    )
    case_file.write_text(original)
    for day in ("2026-02-01", "2026-02-20"):
        code, _, err = _run(
            str(batch / "02_smile.png"), "--side", "left", "--add-to", str(case_file), "--date", day
        )
        assert code == 0, err
    text = case_file.read_text()
    assert text.startswith(original)  # comments and layout kept, entries appended
    from bellpath.caseio import load_case  # noqa: PLC0415

    case = load_case(case_file)
    assert [str(e.date) for e in case.photo_measures] == ["2026-02-01", "2026-02-20"]
    assert case.photo_measures[1].measures["commissure_excursion"]["percent"] is not None
