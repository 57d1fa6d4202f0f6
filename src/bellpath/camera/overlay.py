"""The annotated photo: landmarks, the iris line and midline, and each measure drawn and labelled.

The overlay is drawn on the upright working image (at most ``WORKING_MAX_SIDE`` pixels long) with
Pillow, so it is quick and small. Every segment is the one the number was measured on:

* the inter-iris line and the facial midline (its perpendicular bisector), and each iris circle
  used for the scale;
* per side, on the vertical through the iris centre: brow height (iris centre to brow), MRD1 (to
  the upper lid) and MRD2 (to the lower lid);
* per side, commissure excursion: the lower-lip midline point to the mouth corner, labelled with
  its length and the smile angle;
* a header with the file name, expression, affected side, scale and any warnings.

Sides are the person's own: in an ordinary photo the person's right is on the image's left, and
the labels say ``R`` and ``L`` accordingly. The affected side's labels are marked ``(affected)``.
The output is a fresh JPEG or PNG with no metadata at all (no EXIF, so no location).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from bellpath.camera.image_io import PhotoImage
from bellpath.camera.pipeline import PhotoResult
from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.geometry import FaceFrame, face_frame
from bellpath.face.indices import IRIS, IRIS_CENTRE, MIDLINE, MOUTH_CORNER
from bellpath.face.measures import MeasureName

__all__ = ["CROP_MARGIN", "MIN_CROP_WIDTH", "draw_overlay", "overlay_path", "save_overlay"]

CROP_MARGIN: Final = 0.35
"""Margin around the face's landmarks kept in the overlay, as a fraction of the face's size."""

MIN_CROP_WIDTH: Final = 900
"""A cropped overlay narrower than this (pixels) is enlarged before drawing: legible labels."""

_COLOURS: Final = {Side.RIGHT: (0, 200, 255), Side.LEFT: (255, 170, 0)}
_LANDMARK: Final = (120, 255, 120)
_LINES: Final = (255, 255, 255)
_WARN: Final = (255, 80, 80)

FloatArray = NDArray[np.float64]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError, ValueError):  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default()


def _label(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    colour: tuple[int, int, int],
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> None:
    """Text with a dark outline so it reads on any skin tone or background."""
    draw.text(xy, text, fill=colour, font=font, stroke_width=2, stroke_fill=(0, 0, 0))


def _pt(frame: FaceFrame, x: float, y: float) -> tuple[float, float]:
    p = frame.to_image(np.array([[x, y]]))[0]
    return float(p[0]), float(p[1])


@dataclass(frozen=True)
class _Pen:
    width: int
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    half: float


def _draw_side(
    draw: ImageDraw.ImageDraw,
    frame: FaceFrame,
    pts: FloatArray,
    side: Side,
    *,
    result: PhotoResult,
    mm_per_px: float,
    pen: _Pen,
) -> None:
    """Brow height, MRD1/MRD2, iris circle and commissure excursion of one side."""
    measures = result.measures
    colour = _COLOURS[side]
    fp = frame.to_frame(pts)
    c = fp[IRIS_CENTRE[side]]
    _, medial, _, lateral, _ = IRIS[side]
    radius = float(np.linalg.norm(pts[medial] - pts[lateral])) / 2
    cx, cy = (float(v) for v in pts[IRIS_CENTRE[side]])
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=pen.width
    )
    tag = "R" if side is Side.RIGHT else "L"
    if side is measures.affected_side:
        tag += " (affected)"

    def value(name: MeasureName) -> float:
        return measures.bilateral[name].side(side)

    brow = value(MeasureName.BROW_HEIGHT) / mm_per_px
    mrd1 = value(MeasureName.MRD1) / mm_per_px
    mrd2 = value(MeasureName.MRD2) / mm_per_px
    draw.line([_pt(frame, c[0], c[1]), _pt(frame, c[0], c[1] + brow)], fill=colour, width=pen.width)
    draw.line(
        [_pt(frame, c[0], c[1] + mrd1), _pt(frame, c[0], c[1] - mrd2)], fill=_LINES, width=pen.width
    )
    for y in (c[1] + brow, c[1] + mrd1, c[1] - mrd2):
        ends = [_pt(frame, c[0] - radius, y), _pt(frame, c[0] + radius, y)]
        draw.line(ends, fill=colour, width=pen.width)
    # labels go outwards: to the image's left of the person's right eye, and vice versa
    outward = -1.0 if side is Side.RIGHT else 1.0
    shift = -1.3 * pen.half if side is Side.RIGHT else 0.0
    text_x = c[0] + outward * (radius + 0.1 * pen.half) + shift
    _label(
        draw,
        _pt(frame, text_x, c[1] + brow),
        f"{tag} brow {value(MeasureName.BROW_HEIGHT):.1f}",
        colour,
        pen.font,
    )
    _label(
        draw,
        _pt(frame, text_x, c[1] - mrd2),
        f"MRD1 {value(MeasureName.MRD1):.1f}  MRD2 {value(MeasureName.MRD2):.1f}",
        colour,
        pen.font,
    )
    corner = fp[MOUTH_CORNER[side]]
    lip_mid = (0.0, float(fp[MIDLINE["lower_lip_outer"], 1]))
    draw.line(
        [_pt(frame, *lip_mid), _pt(frame, float(corner[0]), float(corner[1]))],
        fill=colour,
        width=pen.width,
    )
    where = _pt(frame, float(corner[0]) + outward * 0.1 * pen.half + shift, float(corner[1]))
    text = (
        f"{tag} {value(MeasureName.COMMISSURE_EXCURSION):.1f} mm, "
        f"{value(MeasureName.SMILE_ANGLE):.0f} deg"
    )
    _label(draw, where, text, colour, pen.font)


def _crop_box(pts: FloatArray, size: tuple[int, int], margin: float) -> tuple[int, int, int, int]:
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    mx, my = (x1 - x0) * margin, (y1 - y0) * margin
    return (
        max(0, int(x0 - mx)),
        max(0, int(y0 - my)),
        min(size[0], int(x1 + mx) + 1),
        min(size[1], int(y1 + my) + 1),
    )


def draw_overlay(
    photo: PhotoImage, result: PhotoResult, *, crop: bool = True, header: bool = True
) -> Image.Image:
    """Draw ``result`` on the photo it came from.

    Parameters
    ----------
    photo : PhotoImage
        The working image the landmarks were found on.
    result : PhotoResult
        Its measures; landmarks are in full-resolution pixels and are mapped back here.
    crop : bool
        Crop to the face (with a margin of :data:`CROP_MARGIN` of its size), enlarged to at
        least :data:`MIN_CROP_WIDTH` pixels, so labels stay readable on any photo.
    header : bool
        Add the band with the file name, expression, side, scale and warnings above the image.

    Returns
    -------
    PIL.Image.Image
        A new RGB image (the photo's pixels are not changed).
    """
    sx, sy = photo.scale
    pts = result.landmarks.xy / np.array([sx, sy])
    img = Image.fromarray(photo.pixels).convert("RGB")
    zoom = 1.0
    if crop:
        box = _crop_box(pts, img.size, CROP_MARGIN)
        img = img.crop(box)
        pts = pts - np.array(box[:2], dtype=np.float64)
        zoom = max(1.0, MIN_CROP_WIDTH / img.width)
        if zoom > 1.0:
            img = img.resize(
                (round(img.width * zoom), round(img.height * zoom)), Image.Resampling.LANCZOS
            )
            pts = pts * zoom
    draw = ImageDraw.Draw(img)
    frame = face_frame(pts)
    pen = _Pen(
        width=max(1, round(frame.inter_iris_px / 120)),
        font=_font(max(11, round(frame.inter_iris_px / 11))),
        half=frame.inter_iris_px / 2,
    )
    dot = max(1.0, frame.inter_iris_px / 160)
    for x, y in pts[:468]:
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=_LANDMARK)
    fp = frame.to_frame(pts)
    top, bottom = float(fp[MIDLINE["forehead"], 1]), float(fp[MIDLINE["chin"], 1])
    span = 1.6 * pen.half
    draw.line([_pt(frame, -span, 0.0), _pt(frame, span, 0.0)], fill=_LINES, width=pen.width)
    draw.line([_pt(frame, 0.0, top), _pt(frame, 0.0, bottom)], fill=_LINES, width=pen.width)
    mm_per_px = result.measures.calibration.mm_per_px * max(sx, sy) / zoom
    for side in Side:
        _draw_side(draw, frame, pts, side, result=result, mm_per_px=mm_per_px, pen=pen)
    return _with_header(img, result) if header else img


def _with_header(img: Image.Image, result: PhotoResult) -> Image.Image:
    """Put the file, expression, side, scale and warnings in a band above the image."""
    size = max(13, round(img.width / 45))
    font = _font(size)
    measures = result.measures
    cal = measures.calibration
    side = measures.affected_side
    lines: list[tuple[str, tuple[int, int, int]]] = [
        (
            f"{result.file} | {result.expression.label if result.expression else 'no expression'}"
            f" | affected side: {side.value if side else 'unknown'}",
            _LINES,
        ),
        (f"scale {cal.mm_per_px:.4f} mm/px ({cal.method.value}); lengths in mm", _LINES),
    ]
    lines += [(f"! {w.code.words}", _WARN) for w in result.warnings]
    step = round(size * 1.35)
    canvas = Image.new("RGB", (img.width, img.height + step * len(lines) + 8), (0, 0, 0))
    canvas.paste(img, (0, step * len(lines) + 8))
    draw = ImageDraw.Draw(canvas)
    for i, (text, colour) in enumerate(lines):
        _label(draw, (6.0, 4.0 + i * step), text, colour, font)
    return canvas


def overlay_path(folder: Path, file_name: str, suffix: str = ".jpg") -> Path:
    """Where the overlay of ``file_name`` goes: ``FOLDER/<stem>_overlay<suffix>``."""
    return folder / f"{Path(file_name).stem}_overlay{suffix}"


def save_overlay(image: Image.Image, path: Path) -> Path:
    """Write the overlay as JPEG or PNG (by suffix) with no metadata; returns the path.

    Raises
    ------
    InputError
        An unsupported suffix, or a folder that cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix not in (".jpg", ".jpeg", ".png"):
        raise InputError("overlay", allowed=[".jpg", ".png"], received=path.name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".png":
            image.save(path, "PNG")
        else:
            image.save(path, "JPEG", quality=90)
    except OSError as exc:
        raise InputError(
            "overlay", f"cannot write the overlay {path.name}: {exc.strerror or exc}"
        ) from None
    return path
