"""The annotated photo (landmarks, midline, measures) for the photo pages, made on demand.

The overlay is drawn by :mod:`bellpath.camera.overlay` from a fresh detection on the stored photo
and kept in a small in-memory cache (never written to disk, never logged). When the photo pipeline
is not installed, or the stored photo has no measurable face, the page shows the photo itself.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import replace

from bellpath.case import Side
from bellpath.errors import BellpathError
from bellpath.face.expressions import Expression

__all__ = ["CACHE_SIZE", "overlay_jpeg"]

CACHE_SIZE = 32
"""Overlays kept in memory (a timeline shows at most 12 thumbnails)."""

_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def _draw(
    data: bytes, side: Side | None, expression: Expression | None, title: str
) -> bytes | None:
    try:
        from bellpath.camera.image_io import load_photo  # noqa: PLC0415  (heavy: MediaPipe)
        from bellpath.camera.overlay import draw_overlay  # noqa: PLC0415
        from bellpath.camera.pipeline import default_detector, measure_loaded  # noqa: PLC0415
    except ImportError:
        return None
    try:
        photo = replace(load_photo(data), name=title)
        detector = default_detector()
        try:
            result = measure_loaded(
                photo, affected_side=side, expression=expression, detector=detector
            )
        finally:
            close = getattr(detector, "close", None)
            if close is not None:
                close()
        image = draw_overlay(photo, result)
    except BellpathError:
        return None
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def overlay_jpeg(
    key: str, data: bytes, *, side: Side | None, expression: str | None, title: str
) -> bytes | None:
    """The overlay of a stored photo as JPEG bytes, or ``None`` when it cannot be drawn.

    ``title`` stands where the overlay names the file (the stored name stays internal).
    """
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    label = Expression(expression) if expression in {e.value for e in Expression} else None
    drawn = _draw(data, side, label, title)
    if drawn is not None:
        with _lock:
            _cache[key] = drawn
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return drawn
