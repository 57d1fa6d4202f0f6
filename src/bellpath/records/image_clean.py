"""Photos keep no metadata: the EXIF orientation goes into the pixels, everything else is dropped.

A phone photo carries where it was taken (GPS), when, on which device, and often a small copy of
itself (an EXIF thumbnail that may show what was cropped away). :func:`clean_image` re-encodes the
pixels alone: no EXIF, no XMP, no maker notes, no IPTC, no comments, no embedded thumbnail. Only
the colour profile (ICC) stays, so colours look right. HEIC becomes JPEG (browsers cannot show
HEIC); JPEG, PNG and WebP keep their format.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bellpath.errors import PhotoError

__all__ = ["CleanImage", "carries_metadata", "clean_image"]

JPEG_QUALITY = 95
"""Re-encoding quality: visually lossless for clinical photos."""

_OUTPUT = {"JPEG": "JPEG", "HEIF": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
_METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "iptc")


@dataclass(frozen=True, slots=True)
class CleanImage:
    """The re-encoded image and what it now is."""

    data: bytes
    content_type: str
    suffix: str


def _register_heif() -> None:
    from pillow_heif import register_heif_opener  # noqa: PLC0415  (slow import, HEIC only)

    register_heif_opener()


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            img.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombWarning) as exc:
        if isinstance(exc, UnidentifiedImageError) and data[4:8] == b"ftyp":
            _register_heif()
            return _open_heif(data)
        raise PhotoError(
            "not_an_image", "the photo cannot be read; send a JPEG, PNG, WebP or HEIC image"
        ) from None
    return img


def _open_heif(data: bytes) -> Image.Image:
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PhotoError("not_an_image", "the HEIC photo cannot be read") from exc
    return img


def clean_image(data: bytes) -> CleanImage:
    """The photo upright, with no metadata but its colour profile.

    Raises
    ------
    PhotoError
        ``not_an_image``: not a readable JPEG, PNG, WebP or HEIC image (or far too many pixels).
    """
    img = _open(data)
    kind = _OUTPUT.get(img.format or "")
    if kind is None:
        raise PhotoError(
            "not_an_image", "the upload is not a photo bellpath can read; send JPEG, PNG or HEIC"
        )
    icc = img.info.get("icc_profile")
    upright = ImageOps.exif_transpose(img)
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    pixels = Image.new(upright.mode, upright.size)
    pixels.paste(upright)
    pixels.info = {}
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if kind == "JPEG":
        options.update(quality=JPEG_QUALITY, subsampling=0 if JPEG_QUALITY >= 90 else 2)
    elif kind == "WEBP":
        options.update(quality=JPEG_QUALITY)
    out = io.BytesIO()
    pixels.save(out, format=kind, **options)
    content_type, suffix = _TYPES[kind]
    return CleanImage(data=out.getvalue(), content_type=content_type, suffix=suffix)


def carries_metadata(data: bytes) -> bool:
    """Whether stored bytes still hold metadata (photos stored before cleaning existed)."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            return bool(img.getexif()) or any(key in img.info for key in _METADATA_KEYS)
    except (UnidentifiedImageError, OSError, ValueError):
        return True
