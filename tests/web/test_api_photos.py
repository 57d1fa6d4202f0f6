"""Photo uploads: measured before stored; refused uploads leave no row and no file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select

from bellpath.records.models import Photo, User
from bellpath.records.patients import patient_case
from bellpath.web.app import create_app

from .conftest import Clinic, make_settings, png, seed


def _photos(clinic: Clinic) -> tuple[int, list[Path]]:
    with clinic.services.sessions() as s:
        rows = s.scalar(select(func.count()).select_from(Photo)) or 0
    folder = clinic.services.settings.photo_dir
    return rows, sorted(folder.iterdir()) if folder.exists() else []


def _upload(clinic: Clinic, data: bytes, who: str = "a", **form: str) -> dict[str, object]:
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/photos",
        headers=clinic.auth(who),
        files={"file": ("selfie.png", data, "image/png")},
        data=form,
    )
    return {"status": response.status_code, "body": response.json()}


def test_upload_measures_stores_and_serves_the_photo(clinic: Clinic) -> None:
    data = png()
    result = _upload(clinic, data, expression="smile", taken_on="2026-01-02")
    assert result["status"] == 201, result
    body = result["body"]
    assert isinstance(body, dict)
    assert body["expression"] == "smile"
    assert body["content_type"] == "image/png"
    assert body["measurements"]["measures"]["palpebral_fissure"]["left"] == 8.0
    assert body["measurements"]["affected_side"] == "left"  # the episode's side was passed on
    text = str(body)
    assert "stored_name" not in text
    assert str(clinic.services.settings.photo_dir) not in text
    assert "selfie" not in text  # the uploaded file name is not kept
    image = clinic.client.get(
        f"/api/v1/patients/{clinic.patient_id}/photos/{body['id']}/image",
        headers=clinic.auth("a"),
    )
    assert image.status_code == 200
    # re-encoded without metadata: the same pixels, not necessarily the same bytes
    with Image.open(io.BytesIO(image.content)) as served, Image.open(io.BytesIO(data)) as sent:
        assert np.array_equal(np.asarray(served), np.asarray(sent))
    assert image.headers["content-type"] == "image/png"
    assert "no-store" in image.headers["cache-control"]
    stored = _photos(clinic)[1]
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in stored)


def test_photo_measures_reach_the_case(clinic: Clinic) -> None:

    with clinic.services.sessions() as s:
        user = s.get(User, clinic.users["a"])
        assert user is not None
        case = patient_case(s, actor=user, patient_id=clinic.patient_id, as_of=dt.date.today())
    assert len(case.photo_measures) == 1
    assert case.photo_measures[0].calibration.mm_per_px == 0.1
    assert case.photo_measures[0].file_name is None


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4 not a photo", "not_an_image"),
        (b"", "empty"),
        (png(face=False), "no_face"),
        (b"GIF89a" + b"\0" * 100, "not_an_image"),
    ],
    ids=["pdf", "empty", "no-face", "gif-header"],
)
def test_refused_uploads_store_nothing(clinic: Clinic, data: bytes, code: str) -> None:
    before = _photos(clinic)
    result = _upload(clinic, data)
    assert result["status"] == 422
    body = result["body"]
    assert isinstance(body, dict)
    assert body["error"] == code
    assert body["field"] == "photo"
    assert body["message"]
    assert _photos(clinic) == before


def test_too_large_is_refused_before_reading_on(tmp_path: Path) -> None:
    # The seeded photo (64 x 64) fits under the limit; a 200 x 200 noise PNG does not.
    app = create_app(make_settings(tmp_path, max_upload_bytes=20_000), measurer=None)
    clinic = seed(app)
    big = io.BytesIO()
    noise = np.random.default_rng(1).integers(0, 255, (200, 200, 3), dtype=np.uint8)
    Image.fromarray(noise).save(big, format="PNG")
    before = _photos(clinic)
    result = _upload(clinic, big.getvalue())
    assert result["status"] == 413  # by Content-Length, before the body is read
    body = result["body"]
    assert isinstance(body, dict)
    assert body["error"] == "too_large"
    assert "84 KB" in str(body["message"])  # the photo limit plus room for the form
    assert _photos(clinic) == before


def test_bad_form_fields_are_422(clinic: Clinic) -> None:
    result = _upload(clinic, png(), expression="frown")
    assert result["status"] == 422
    body = result["body"]
    assert isinstance(body, dict)
    assert body["field"] == "expression"
    assert "smile" in body["allowed"]
    future = _upload(clinic, png(), taken_on="2999-01-01")
    assert future["status"] == 422


def test_deleting_a_photo_removes_its_file(clinic: Clinic) -> None:
    rows, files = _photos(clinic)
    assert (rows, len(files)) == (1, 1)
    response = clinic.client.delete(
        f"/api/v1/patients/{clinic.patient_id}/photos/{clinic.entries['photo_id']}",
        headers=clinic.auth("a"),
    )
    assert response.status_code == 204
    assert _photos(clinic) == (0, [])


def test_the_patient_adds_selfies(clinic: Clinic) -> None:
    assert _upload(clinic, png(), who="me")["status"] == 201
    assert _photos(clinic)[0] == 2


@pytest.mark.slow
def test_the_real_pipeline_measures_a_face_and_refuses_a_blank(tmp_path: Path) -> None:
    from skimage.data import astronaut  # noqa: PLC0415  (a public-domain face photograph)

    clinic = seed(create_app(make_settings(tmp_path)))  # default measurer: the photo pipeline
    face = io.BytesIO()
    Image.fromarray(astronaut()).save(face, format="JPEG", quality=92)  # type: ignore[no-untyped-call]
    with clinic.client:
        measured = _upload(clinic, face.getvalue(), expression="rest")
        assert measured["status"] == 201, measured
        body = measured["body"]
        assert isinstance(body, dict)
        assert body["content_type"] == "image/jpeg"
        assert body["measurements"]["calibration"]["method"] == "iris"
        assert body["measurements"]["measures"]
        before = _photos(clinic)
        blank = _upload(clinic, png(face=False, size=256))
        assert blank["status"] == 422
        refused = blank["body"]
        assert isinstance(refused, dict)
        assert refused["error"] == "no_face"
        assert _photos(clinic) == before
