"""Reading face photos: JPEG, PNG, HEIC; EXIF orientation; a reduced decode for speed.

A 12-megapixel phone photo costs about a quarter of a second to decode in full, twenty times the
cost of finding the face in it. bellpath therefore decodes JPEGs at a reduced scale (libjpeg's DCT
scaling via Pillow's ``draft``), so that the working image is at most :data:`WORKING_MAX_SIDE`
pixels on its long side, finds and refines the landmarks on it, and maps them back to the
coordinates of the full-resolution, upright image. Lengths in pixels, and ``mm_per_px``, always
refer to that full-resolution upright image, so a user-given scale measured on the original photo
stays valid.

Privacy: the original file is only read, never written or changed. Nothing from its metadata is kept
except the orientation (used, then dropped): the EXIF block, and with it any GPS location, never
reaches a result, an overlay or an export.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

from bellpath._fileio import collect_files
from bellpath.errors import PhotoError

__all__ = [
    "PHOTO_SUFFIXES",
    "WORKING_MAX_SIDE",
    "PhotoImage",
    "collect_photo_paths",
    "load_photo",
]

WORKING_MAX_SIDE: Final = 2048
"""Long side, in pixels, of the image bellpath works on (this project's convention).

A 4032 x 3024 phone photo is decoded at half scale (2016 x 1512): a face filling a third of the
frame is still about 600 pixels wide and an iris about 60 pixels across, so each pixel is about 0.2
mm, which is finer than the 0.5 mm consistency target. Pass ``max_side=None`` to :func:`load_photo`
to decode in full.
"""

PHOTO_SUFFIXES: Final = frozenset(
    {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".tif", ".tiff", ".bmp"}
)
"""File name endings picked up when a folder is given (case-insensitive)."""

_ORIENTATION_TAG: Final = 0x0112
_TRANSPOSED_ORIENTATIONS: Final = frozenset({5, 6, 7, 8})
_MAX_PIXELS: Final = 200_000_000  # refuse decompression bombs, far above any phone camera

_heif_registered = False


def _register_heif() -> None:
    """Let Pillow open HEIC/HEIF (iPhone photos) through pillow-heif, once, on first use."""
    global _heif_registered  # noqa: PLW0603  (a one-time, idempotent plugin registration)
    if not _heif_registered:
        from pillow_heif import register_heif_opener  # noqa: PLC0415  (optional, slow import)

        register_heif_opener()
        _heif_registered = True


@dataclass(frozen=True, slots=True)
class PhotoImage:
    """An upright RGB image ready for landmark detection, and the size of the full photo.

    Attributes
    ----------
    name : str
        The file name only (never the folder), for result rows; ``"<array>"`` for arrays.
    pixels : ndarray of uint8, shape (H, W, 3)
        The upright working image, RGB, possibly reduced from the full resolution.
    full_size : tuple of int
        ``(width, height)`` of the full-resolution upright photo.
    """

    name: str
    pixels: NDArray[np.uint8]
    full_size: tuple[int, int]

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` of the working image."""
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])

    @property
    def scale(self) -> tuple[float, float]:
        """Factors ``(sx, sy)`` from working-image pixels to full-resolution pixels (>= 1)."""
        w, h = self.size
        return self.full_size[0] / w, self.full_size[1] / h

    @property
    def is_reduced(self) -> bool:
        """True when the working image is smaller than the full photo."""
        return self.size != self.full_size

    def to_full(self, points: NDArray[np.float64]) -> NDArray[np.float64]:
        """Map ``(N, 2)`` or ``(N, 3)`` working-image pixel points to full-resolution pixels.

        A z column (MediaPipe's relative depth, in x units) is scaled with x.
        """
        sx, sy = self.scale
        out = np.array(points, dtype=np.float64, copy=True)
        out[:, 0] *= sx
        out[:, 1] *= sy
        if out.shape[1] > 2:
            out[:, 2] *= sx
        return out


def _unreadable(name: str, why: str) -> PhotoError:
    return PhotoError(
        "unreadable",
        f"cannot read {name} ({why}); use a JPEG, PNG or HEIC file straight from the camera",
    )


def _why(exc: BaseException, source: object) -> str:
    """The reason for an error, without the folder (results never show where a photo lives)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc) or type(exc).__name__
    if isinstance(source, (str, Path)):
        text = text.replace(str(Path(source).parent), "").replace(str(source), Path(source).name)
    return text


def _full_upright_size(img: Image.Image) -> tuple[int, int]:
    width, height = img.size
    orientation = img.getexif().get(_ORIENTATION_TAG, 1)
    if orientation in _TRANSPOSED_ORIENTATIONS:
        return height, width
    return width, height


def _reduce(img: Image.Image, max_side: int) -> Image.Image:
    """Reduce by an integer factor (fast box filter) so the long side is at most ``max_side``."""
    factor = math.ceil(max(img.size) / max_side)
    if factor <= 1:
        return img
    return img.reduce(factor)


def _open(source: str | Path | bytes) -> tuple[str, Image.Image]:
    if isinstance(source, bytes):
        name = "<bytes>"
        stream: io.BytesIO | Path = io.BytesIO(source)
    else:
        path = Path(source)
        name = path.name
        if not path.is_file():
            raise PhotoError(
                "unreadable", f"no such file: {name}; check the path (folders are read in batch)"
            )
        stream = path
        if path.suffix.lower() in {".heic", ".heif", ".avif"}:
            _register_heif()
    try:
        img = Image.open(stream)
    except UnidentifiedImageError:
        # A HEIC file under another name: register the plugin and try once more.
        _register_heif()
        try:
            img = Image.open(stream)
        except UnidentifiedImageError:
            raise _unreadable(name, "not an image bellpath can decode") from None
    except OSError as exc:
        raise _unreadable(name, _why(exc, source)) from None
    return name, img


def load_photo(
    source: str | Path | bytes | NDArray[np.uint8],
    *,
    max_side: int | None = WORKING_MAX_SIDE,
) -> PhotoImage:
    """Read a photo as an upright RGB working image, at most ``max_side`` pixels long.

    Parameters
    ----------
    source : path, bytes or ndarray
        A file (JPEG, PNG, HEIC/HEIF, WebP, TIFF, BMP), its bytes, or an RGB/greyscale array that is
        already upright (arrays are used as they are, never reduced).
    max_side : int or None
        Long side of the working image; ``None`` decodes in full.

    Returns
    -------
    PhotoImage

    Raises
    ------
    PhotoError
        ``unreadable`` when the file is missing, truncated, not an image or too large.

    Notes
    -----
    The EXIF orientation is applied (``ImageOps.exif_transpose``) so that "up" is up, as the phone
    showed it. JPEGs use a reduced DCT decode (``Image.draft``), other formats a full decode
    followed by an integer box reduction.
    """
    if isinstance(source, np.ndarray):
        return _from_array(source)
    name, img = _open(source)
    with img:
        if img.width * img.height > _MAX_PIXELS:
            raise _unreadable(name, f"{img.width} x {img.height} pixels is too large")
        try:
            full_size = _full_upright_size(img)
            if max_side is not None and img.format == "JPEG":
                long_side = max(img.size)
                if long_side > max_side:
                    target = math.ceil(long_side / max_side)
                    img.draft("RGB", (img.width // target, img.height // target))
            upright = ImageOps.exif_transpose(img)
            rgb = upright.convert("RGB")
            if max_side is not None:
                rgb = _reduce(rgb, max_side)
            pixels = np.asarray(rgb, dtype=np.uint8)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise _unreadable(name, _why(exc, source)) from None
    return PhotoImage(name=name, pixels=np.ascontiguousarray(pixels), full_size=full_size)


def _from_array(array: NDArray[np.uint8]) -> PhotoImage:
    arr = np.asarray(array)
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or min(arr.shape[:2]) < 1:
        raise PhotoError(
            "unreadable",
            f"<array>: expected an RGB image of shape (H, W, 3), got shape {arr.shape}",
        )
    if arr.dtype != np.uint8:
        values = np.nan_to_num(arr.astype(np.float64))
        if np.issubdtype(arr.dtype, np.floating) and float(values.max(initial=0.0)) <= 1.0:
            values = values * 255.0
        arr = np.clip(values, 0, 255).astype(np.uint8)
    rgb = np.ascontiguousarray(arr[:, :, :3])
    return PhotoImage(name="<array>", pixels=rgb, full_size=(rgb.shape[1], rgb.shape[0]))


def collect_photo_paths(paths: list[Path]) -> list[Path]:
    """Expand folders into the photos they hold (sorted by name); keep files given by name.

    A file named explicitly is kept whatever its ending, so that it gets its own error row if it is
    not a photo. Folders are read one level deep; hidden files are skipped.
    """
    return collect_files(paths, PHOTO_SUFFIXES)
