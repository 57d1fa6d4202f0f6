"""Photos of a patient: checked, measured, then stored; nothing kept from a refused upload.

An upload is refused, and nothing written, when it is too large, not an image of a supported kind,
or has no measurable face (the photo pipeline raises :class:`~bellpath.errors.PhotoError`). The file
is stored under a random name in the photo folder (readable by the owner only), encrypted with
the photo key when the session has one (:mod:`bellpath.records.photo_keys`); the name stays
internal and never appears in an API response. Files are removed when the transaction that deleted
their row commits, and a file written by a transaction that rolls back is removed too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError
from sqlalchemy import event
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.case import PhotoMeasuresEntry, Side
from bellpath.errors import NotFoundError, PhotoError
from bellpath.face.expressions import Expression
from bellpath.records.access import EntryKind, ensure_may_write, visible_patient
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.case_builder import build_case
from bellpath.records.entries import get_entry
from bellpath.records.episodes import check_with_engine, current_episode, not_in_future
from bellpath.records.image_clean import carries_metadata, clean_image
from bellpath.records.models import Photo, User
from bellpath.records.photo_files import (
    photo_dir,
    remove_files,
    schedule_patient_photo_removal,
    schedule_removal,
)
from bellpath.records.photo_keys import PhotoCipher
from bellpath.records.validation import input_error

__all__ = [
    "IMAGE_TYPES",
    "PhotoMeasurer",
    "add_photo",
    "pipeline_measurer",
    "read_photo",
    "schedule_patient_photo_removal",
    "schedule_removal",
    "size_text",
    "sniff_image",
]

IMAGE_TYPES: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
    "HEIF": ("image/heic", ".heic"),
}
"""Accepted image formats (as Pillow names them) -> (content type, file ending)."""

PhotoMeasurer = Callable[[bytes, Expression | None, Side | None], dict[str, Any]]
"""Measures a photo (bytes, expression, affected side): a PhotoMeasuresEntry as JSON, no date."""


def pipeline_measurer() -> PhotoMeasurer | None:
    """The photo pipeline (``bellpath.camera.pipeline.measure_photo``) when it is installed.

    The detector is the pipeline's own :func:`~bellpath.camera.pipeline.default_detector` (MediaPipe
    averaged with its mirror, lids, brows and mouth corners refined from the image), the one
    ``bellpath photo`` uses, so a photo uploaded to the web app gets the same numbers as the same
    photo measured on the command line. It is made on first use and shared, one photo at a time.
    """
    try:
        pipeline = importlib.import_module("bellpath.camera.pipeline")  # heavy: MediaPipe
    except ImportError:  # pragma: no cover - the pipeline ships with bellpath
        return None
    lock = threading.Lock()
    detectors: list[Any] = []

    def _measure(data: bytes, expression: Expression | None, side: Side | None) -> dict[str, Any]:
        with lock:
            if not detectors:
                detectors.append(pipeline.default_detector())
            result = pipeline.measure_photo(
                data, affected_side=side, expression=expression, detector=detectors[0]
            )
        entry = result.to_case_entry(clock.today())
        measured: dict[str, Any] = entry.model_dump(mode="json", exclude={"date", "file_name"})
        return measured

    return _measure


def size_text(n_bytes: int) -> str:
    """A size for people: ``512 KB``, ``14.3 MB``."""
    if n_bytes < 1_000_000:
        return f"{n_bytes / 1000:.0f} KB"
    return f"{n_bytes / 1e6:.1f} MB"


def sniff_image(data: bytes) -> tuple[str, str]:
    """``(content_type, suffix)`` of an image judged by its bytes, never by its name.

    Raises
    ------
    PhotoError
        ``not_an_image``: not a JPEG, PNG, WebP or HEIC image.
    """
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = img.format or ""
    except (UnidentifiedImageError, OSError):
        kind = _heif_kind(data)
    if kind not in IMAGE_TYPES:
        raise PhotoError(
            "not_an_image",
            "the upload is not a photo bellpath can read; send a JPEG, PNG, WebP or HEIC image",
        )
    return IMAGE_TYPES[kind]


def _heif_kind(data: bytes) -> str:
    if data[4:12] in {b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypmsf1"}:
        return "HEIF"
    return ""


def _cipher(session: Session) -> PhotoCipher | None:
    cipher = session.info.get("photo_cipher")
    return cipher if isinstance(cipher, PhotoCipher) else None


def _seal(session: Session, stored_name: str, data: bytes) -> bytes:
    cipher = _cipher(session)
    return cipher.seal(stored_name, data) if cipher is not None else data


def _open(session: Session, stored_name: str, blob: bytes) -> bytes:
    cipher = _cipher(session)
    return cipher.open(stored_name, blob) if cipher is not None else blob


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _measurements(raw: dict[str, Any], taken_on: dt.date) -> dict[str, Any]:
    try:
        entry = PhotoMeasuresEntry.model_validate({**raw, "date": taken_on, "file_name": None})
    except ValidationError as exc:
        raise input_error(exc, "measurements") from None
    return entry.model_dump(mode="json", exclude={"date", "file_name"})


def add_photo(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    data: bytes,
    taken_on: dt.date,
    expression: Expression | None = None,
    max_bytes: int,
    measurer: PhotoMeasurer | None,
    today: dt.date | None = None,
) -> Photo:
    """Check, measure and store a photo of the patient's current episode.

    Raises
    ------
    PhotoError
        ``too_large``, ``empty``, ``not_an_image``, or the pipeline's own codes (``no_face``...).
    InputError
        A date in the future.
    """
    today = today or clock.today()
    not_in_future("taken_on", taken_on, today)
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.PHOTO)
    if not data:
        raise PhotoError("empty", "the upload is empty; choose a photo and send it again")
    if len(data) > max_bytes:
        raise PhotoError(
            "too_large",
            f"the photo is {size_text(len(data))}, above the limit of {size_text(max_bytes)}; "
            "send a smaller photo (a phone's normal setting is fine)",
        )
    sniff_image(data)
    cleaned = clean_image(data)  # upright, and no GPS, EXIF, XMP or thumbnail is ever stored
    content_type, suffix = cleaned.content_type, cleaned.suffix
    episode = current_episode(session, patient=patient)
    episode_id = episode.id
    measurements: dict[str, Any] = {}
    if measurer is not None:
        raw = measurer(data, expression, episode.affected_side)
        measurements = _measurements(raw, taken_on)
    stored_name = secrets.token_hex(16) + suffix
    path = photo_dir(session) / stored_name
    row = Photo(
        episode_id=episode_id,
        created_by=actor.id,
        taken_on=taken_on,
        expression=(expression or Expression.REST).value,
        content_type=content_type,
        size_bytes=len(cleaned.data),
        stored_name=stored_name,
        measurements=measurements,
    )
    session.add(row)
    session.flush()
    check_with_engine(build_case(session, episode_id, today))
    event.listen(session, "after_rollback", lambda _s: remove_files([path]), once=True)
    # measured from the upload as sent; stored cleaned of metadata (and sealed when encrypted)
    _write_private(path, _seal(session, stored_name, cleaned.data))
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=EntryKind.PHOTO.value,
        entity_id=row.id,
        patient_id=patient.id,
    )
    return row


def read_photo(
    session: Session, *, actor: User, patient_id: int, photo_id: int
) -> tuple[bytes, str]:
    """The stored bytes and content type of one photo the actor may see."""
    row: Photo = get_entry(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.PHOTO, entry_id=photo_id
    )
    path = photo_dir(session) / row.stored_name
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"photo {photo_id} has no stored file") from None
    data = _open(session, row.stored_name, blob)
    if carries_metadata(data):  # stored before photos were cleaned on upload
        cleaned = clean_image(data)
        return cleaned.data, cleaned.content_type
    return data, row.content_type
