"""Photos encrypted at rest: no image on disk, served as sent, unreadable without the key."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bellpath.cli import app as cli
from bellpath.web.app import create_app

from .conftest import Clinic, fake_measurer, make_settings, png

SIGNATURES = [b"\x89PNG", b"\xff\xd8\xff", b"RIFF", b"ftyp", b"IHDR", b"JFIF", b"Exif"]


def stored_files(folder: Path) -> list[Path]:
    return [p for p in (folder / "photos").iterdir() if p.is_file()]


def test_a_stored_photo_shows_no_image_yet_the_api_serves_it(
    clinic: Clinic, tmp_path: Path
) -> None:
    sent = png(size=80)
    up = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/photos",
        headers=clinic.auth("a"),
        files={"file": ("x.png", sent, "image/png")},
        data={"taken_on": "2026-01-01"},
    )
    assert up.status_code == 201, up.text
    files = stored_files(tmp_path)
    assert len(files) == 2  # the seeded one and this one
    for path in files:
        head = path.read_bytes()[:64]
        assert not any(sig in head for sig in SIGNATURES)
        assert sent not in path.read_bytes()
    got = clinic.client.get(
        f"/api/v1/patients/{clinic.patient_id}/photos/{up.json()['id']}/image",
        headers=clinic.auth("a"),
    )
    assert got.status_code == 200
    assert got.content == sent


def test_without_the_key_a_photo_is_refused_clearly(clinic: Clinic, tmp_path: Path) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/photos/{clinic.entries['photo_id']}/image"
    key_file = tmp_path.with_name(tmp_path.name + ".photo-key")
    assert key_file.exists()  # beside the data folder, not inside it
    other = create_app(
        make_settings(tmp_path, photo_key_file=tmp_path.parent / "another.key"),
        measurer=fake_measurer,
    )
    try:
        from fastapi.testclient import TestClient  # noqa: PLC0415

        headers = {"Authorization": f"Bearer {clinic.token('a')}"}
        with TestClient(other) as client:
            refused = client.get(url, headers=headers)
    finally:
        other.state.engine.dispose()
    assert refused.status_code == 409
    assert "key" in refused.json()["message"]
    assert "BELLPATH_PHOTO_KEY_FILE" in refused.json()["message"]


def test_an_old_plain_data_folder_is_encrypted_on_start(tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    plain = png()
    (photos / "0123abcd.png").write_bytes(plain)
    app = create_app(make_settings(tmp_path), measurer=fake_measurer)
    app.state.engine.dispose()
    blob = (photos / "0123abcd.png").read_bytes()
    assert not blob.startswith(b"\x89PNG")
    cipher = app.state.services.sessions.kw["info"]["photo_cipher"]
    assert cipher.open("0123abcd.png", blob) == plain


def test_rotate_key_re_encrypts_and_the_api_still_serves(clinic: Clinic, tmp_path: Path) -> None:
    path = stored_files(tmp_path)[0]
    before = path.read_bytes()
    key_file = tmp_path.with_name(tmp_path.name + ".photo-key")
    old_key = key_file.read_text()
    result = CliRunner().invoke(
        cli,
        ["rotate-key", "--data-dir", str(tmp_path)],
        env={"BELLPATH_ENVIRONMENT": "test", "BELLPATH_SECRET_KEY": "t" * 48},
    )
    assert result.exit_code == 0, result.output
    assert "1 file(s)" in result.output
    assert path.read_bytes()[8:16] != before[8:16]  # another key id
    assert key_file.read_text() != old_key
    retired = key_file.with_name(key_file.name + ".retired").read_text()
    assert old_key.strip().splitlines()[-1] in retired
    # the running server reloads its key file when it meets the new key
    got = clinic.client.get(
        f"/api/v1/patients/{clinic.patient_id}/photos/{clinic.entries['photo_id']}/image",
        headers=clinic.auth("a"),
    )
    assert got.status_code == 200
    assert got.content == png()
