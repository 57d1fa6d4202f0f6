"""Video uploads: analysed, only the summary kept; refused uploads leave no row and no file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bellpath.case import Complication, Side
from bellpath.records.models import ComplicationEntry, Video
from bellpath.web.app import create_app

from .conftest import Clinic, fake_analyser, fake_measurer, fake_video, make_settings, png, seed


def _rows(clinic: Clinic) -> tuple[int, int, list[Path]]:
    """Video rows, synkinesis complications, files left in the upload folder."""
    with clinic.services.sessions() as s:
        videos = s.scalar(select(func.count()).select_from(Video)) or 0
        synkinesis = (
            s.scalar(
                select(func.count())
                .select_from(ComplicationEntry)
                .where(ComplicationEntry.complication == Complication.SYNKINESIS)
            )
            or 0
        )
    folder = clinic.services.settings.upload_tmp_dir
    return videos, synkinesis, sorted(folder.iterdir()) if folder.exists() else []


def _upload(
    clinic: Clinic, data: bytes, who: str = "a", name: str = "clip.mp4", **form: str
) -> tuple[int, Any]:
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/videos",
        headers=clinic.auth(who),
        files={"file": (name, data, "video/mp4")},
        data=form,
    )
    return response.status_code, response.json()


@pytest.fixture(scope="module")
def synkinesis_clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """About 11 s at 8 fps, 420 x 420: the four expressions, the left eye narrowing on smiling."""
    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415 - heavy
    from bellpath.video.synthetic import expression_clip, write_clip  # noqa: PLC0415

    face = astronaut_face(2.0)
    truth = expression_clip(face, affected_side=Side.LEFT, synkinesis_mm=5.0)
    path = tmp_path_factory.mktemp("clip") / "Ann Example exercises.mp4"
    return write_clip(path, face, truth.moves, fps=8).read_bytes()


def test_the_real_analysis_stores_a_summary_and_records_synkinesis_once(
    tmp_path: Path, synkinesis_clip: bytes
) -> None:
    clinic = seed(create_app(make_settings(tmp_path), measurer=fake_measurer))  # real analysis
    before = _rows(clinic)
    with clinic.client:
        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        status, body = _upload(clinic, synkinesis_clip, recorded_on=yesterday)
        assert status == 201, body
        assert body["recorded_on"] == yesterday
        assert body["content_type"] == "video/mp4"
        assert body["synkinesis_added"] is True
        summary = body["summary"]
        assert summary["affected_side"] == "left"  # the episode's side
        assert summary["ocular_oral"]["detected"] is True
        assert {e["label"] for e in summary["expressions"]} >= {"smile"}
        assert "file_name" not in summary and "Ann Example" not in str(body)
        again_status, again = _upload(clinic, synkinesis_clip)
        assert again_status == 201
        assert again["synkinesis_added"] is False
        listed = clinic.client.get(
            f"/api/v1/patients/{clinic.patient_id}/videos", headers=clinic.auth("me")
        )
    assert {body["id"], again["id"]} <= {v["id"] for v in listed.json()}
    videos, synkinesis, files = _rows(clinic)
    assert (videos, synkinesis) == (before[0] + 2, 1)
    assert files == []  # the uploads were deleted once analysed


@pytest.mark.filterwarnings("ignore:Exception ignored in. <function SpooledTemporaryFile")
@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (png(), "clip.mp4", "not_a_video"),  # a photo named like a video
        (b"plain text", "clip.mp4", "not_a_video"),
        (b"", "clip.mp4", "empty"),
        (fake_video(face=False), "clip.mp4", "no_face"),
    ],
)
def test_refused_uploads_are_422_and_store_nothing(
    clinic: Clinic, data: bytes, name: str, code: str
) -> None:
    before = _rows(clinic)
    status, body = _upload(clinic, data, name=name)
    assert status == 422
    assert body["error"] == code
    assert body["field"] == "video"
    assert body["message"]
    assert _rows(clinic) == before


def test_too_large_is_refused_while_reading(tmp_path: Path) -> None:
    app = create_app(
        make_settings(tmp_path, max_video_upload_bytes=4096),
        measurer=fake_measurer,
        video_analyser=fake_analyser,
    )
    clinic = seed(app)
    before = _rows(clinic)
    status, body = _upload(clinic, fake_video() * 20)
    assert status == 422
    assert body["error"] == "too_large"
    assert "4 KB" in body["message"]
    assert _rows(clinic) == before


def test_a_server_without_video_analysis_says_so(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path), measurer=fake_measurer, video_analyser=None)
    clinic = seed(app)
    status, body = _upload(clinic, fake_video())
    assert status == 422
    assert body["error"] == "analysis_unavailable"
    assert "bellpath video" in body["message"]


def test_a_bad_date_names_the_field(clinic: Clinic) -> None:
    status, body = _upload(clinic, fake_video(), recorded_on="2999-01-01")
    assert status == 422
    assert body["field"] == "recorded_on"


def test_the_patient_uploads_and_deletes_a_video(clinic: Clinic) -> None:
    status, body = _upload(clinic, fake_video(), who="me")
    assert status == 201, body
    assert body["synkinesis_added"] is False
    url = f"/api/v1/patients/{clinic.patient_id}/videos/{body['id']}"
    assert clinic.client.get(url, headers=clinic.auth("a")).json()["summary"]["frames"] == 180
    assert clinic.client.delete(url, headers=clinic.auth("me")).status_code == 204
    assert clinic.client.get(url, headers=clinic.auth("a")).status_code == 404


def test_schemas_per_direction_and_nothing_to_fetch(clinic: Clinic) -> None:
    schema = clinic.app.openapi()
    paths = schema["paths"]
    assert "/api/v1/patients/{patient_id}/videos" in paths
    assert not any(p.startswith("/api/v1/patients/{patient_id}/videos/{video_id}/") for p in paths)
    public = schema["components"]["schemas"]["VideoPublic"]["properties"]
    assert "summary" in public and "stored_name" not in public and "file_name" not in public
    assert "synkinesis_added" in schema["components"]["schemas"]["VideoCreated"]["properties"]
