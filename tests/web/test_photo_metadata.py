"""Stored and served photos keep no metadata: a real photo carrying GPS (EXIF and XMP), a camera
make and a rotation comes back upright, with none of it, in every accepted format."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import ExifTags, Image
from sqlalchemy import select

from bellpath.records.models import Photo

from .conftest import Clinic

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf'
    b'-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="51,30.2N"/></rdf:RDF></x:xmpmeta>'
)


def located_photo(fmt: str) -> bytes:
    """A 40 x 20 photo, EXIF-rotated to stand 20 x 40, that says where it was taken."""
    pixels = np.random.default_rng(3).integers(0, 255, (20, 40, 3), dtype=np.uint8)
    img = Image.fromarray(pixels)
    exif = img.getexif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.9)
    out = io.BytesIO()
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener  # noqa: PLC0415

        register_heif_opener()
        img.save(out, format="HEIF", exif=exif.tobytes(), xmp=XMP, quality=90)
    else:
        img.save(out, format=fmt, exif=exif, xmp=XMP)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the test photo really carries the location
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def _assert_clean(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (20, 40)  # the rotation is in the pixels now
        assert not img.getexif()
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(img.info)
    for marker in (b"Exif\x00\x00", b"GPS", b"xmpmeta", b"PhoneCo"):
        assert marker not in data


@pytest.mark.parametrize(
    ("fmt", "served_as"),
    [
        ("JPEG", "image/jpeg"),
        ("PNG", "image/png"),
        ("WEBP", "image/webp"),
        ("HEIF", "image/jpeg"),
    ],
)
def test_an_uploaded_photo_is_stored_and_served_without_metadata(
    clinic: Clinic, fmt: str, served_as: str
) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/photos"
    made = clinic.client.post(
        url,
        headers=clinic.auth("a"),
        files={"file": ("holiday", located_photo(fmt), "application/octet-stream")},
    )
    assert made.status_code == 201, made.text
    assert made.json()["content_type"] == served_as
    image = clinic.client.get(f"{url}/{made.json()['id']}/image", headers=clinic.auth("a"))
    assert image.status_code == 200
    assert image.headers["content-type"] == served_as
    _assert_clean(image.content)
    with clinic.services.sessions() as s:
        stored = s.scalar(select(Photo.stored_name).where(Photo.id == made.json()["id"]))
    assert stored is not None
    on_disk = (clinic.services.settings.photo_dir / stored).read_bytes()  # cleaned, and sealed
    for marker in (b"GPS", b"xmpmeta", b"PhoneCo"):
        assert marker not in on_disk


def test_a_photo_stored_before_cleaning_is_served_clean(clinic: Clinic) -> None:
    with clinic.services.sessions() as s:
        stored = s.scalar(select(Photo.stored_name).where(Photo.id == clinic.entries["photo_id"]))
    assert stored is not None
    (clinic.services.settings.photo_dir / stored).write_bytes(located_photo("PNG"))
    image = clinic.client.get(
        f"/api/v1/patients/{clinic.patient_id}/photos/{clinic.entries['photo_id']}/image",
        headers=clinic.auth("a"),
    )
    assert image.status_code == 200
    _assert_clean(image.content)
