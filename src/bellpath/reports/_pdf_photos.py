"""Photo thumbnails for the clinician report: the measurement overlay, shrunk for the page.

The photo is measured with the same pipeline as ``bellpath photo`` and drawn with
:func:`bellpath.camera.overlay.draw_overlay`; the thumbnail is re-encoded as PNG with no metadata
(nothing of the original file's EXIF, location included, reaches the PDF).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Final

from PIL import Image

from bellpath.case import Side
from bellpath.errors import PhotoError
from bellpath.reports._pdf_content import ReportImage

__all__ = ["THUMBNAIL_PX", "overlay_thumbnail"]

THUMBNAIL_PX: Final = 900
"""Long side of a thumbnail in pixels (sharp at 90 mm wide, small in the file)."""


def _png(image: Image.Image) -> bytes:
    image = image.convert("RGB")
    image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def overlay_thumbnail(
    source: Path | bytes,
    *,
    affected_side: Side | None,
    expression: str | None = None,
    name: str | None = None,
) -> ReportImage:
    """The photo's measurement overlay as a thumbnail.

    A photo that cannot be measured (no face, too much head turn...) is shown plain, with the
    reason in its caption, so the report still renders.

    Parameters
    ----------
    source : Path or bytes
        The photo file, or its bytes (a stored photo).
    affected_side, expression
        As given by the user (never guessed).
    name : str, optional
        What the caption calls the photo (default: the file name).

    Raises
    ------
    PhotoError
        ``unreadable`` when the file is not an image at all.
    """
    from bellpath.camera.image_io import load_photo  # noqa: PLC0415
    from bellpath.camera.overlay import draw_overlay  # noqa: PLC0415
    from bellpath.camera.pipeline import default_detector, measure_loaded  # noqa: PLC0415
    from bellpath.face.expressions import parse_expression  # noqa: PLC0415  (MediaPipe only here)

    title = name or (source.name if isinstance(source, Path) else "photo")
    photo = replace(load_photo(source), name=title)
    label = parse_expression(expression) if expression else None
    detector = default_detector()
    try:
        result = measure_loaded(
            photo, affected_side=affected_side, expression=label, detector=detector
        )
    except PhotoError as exc:
        plain = Image.fromarray(photo.pixels)
        return ReportImage(_png(plain), f"{title}: not measured ({exc.message})")
    finally:
        close = getattr(detector, "close", None)
        if callable(close):
            close()
    caption = f"{title}: landmarks, midline and measures"
    if result.warnings:
        caption += " (" + ", ".join(w.code.words for w in result.warnings) + ")"
    return ReportImage(_png(draw_overlay(photo, result)), caption)
