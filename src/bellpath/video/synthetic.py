"""Ground-truth test videos: a real face (skimage astronaut) moving by known millimetres.

The face and its eye and brow-droop warps come from :mod:`bellpath.camera.synthetic` (mm-calibrated
local warps with a flat top, so a feature moves by exactly the amount). Those warps move features
the way a palsy droops them; a video also needs the movements of expressions, so this module adds
*shift* warps built the same way: a smooth displacement field, flat (``w = 1``) within
``flat_mm`` of the feature's destination and falling to 0 over a ramp at least twice the shift
(so the mapping never folds). The output samples the input at ``p - w(p) v``.

Movements (sides are the person's own):

``smile.<side>``   the mouth corner moves outward by ``mm`` and up by ``smile_rise`` x ``mm``
``pucker.<side>``  the mouth corner moves inward (towards the midline) by ``mm``
``brow.<side>``    the brow moves up by ``mm`` (brow raise)
``eye.<side>``     the palpebral fissure narrows by ``mm`` (eye closure, or synkinesis), via
                   :class:`bellpath.camera.synthetic.WarpTarget.EYE_APERTURE`

A clip is a list of :class:`bellpath.video.script.Move` whose ``change`` keys are these names;
:func:`write_clip` renders and encodes it with PyAV one frame at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bellpath.camera.synthetic import SyntheticFace, Warp, WarpTarget, warp_face
from bellpath.case import Side
from bellpath.face.geometry import side_sign
from bellpath.video.script import Move, envelope, script_duration

__all__ = [
    "SMILE_RISE",
    "ClipTruth",
    "clip_frames",
    "expected_excursion",
    "expression_clip",
    "write_clip",
]

SMILE_RISE = 0.4
"""Upward movement of the mouth corner per mm outward in the synthetic smile."""

_FLAT_MM = 8.0
_RAMP_MM = 12.0


def _smoothstep(t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _plateau(
    v: npt.NDArray[np.float64], centre: float, flat: float, ramp_lo: float, ramp_hi: float
) -> npt.NDArray[np.float64]:
    rise = _smoothstep((v - (centre - flat - ramp_lo)) / ramp_lo)
    fall = 1.0 - _smoothstep((v - (centre + flat)) / ramp_hi)
    return rise * fall


@dataclass(frozen=True)
class _Shift:
    """Move the neighbourhood of ``point`` (face frame, px) by ``vector`` (px)."""

    point: tuple[float, float]
    vector: tuple[float, float]
    flat: float
    ramp: float
    ramp_below: float | None = None

    def box(self) -> tuple[float, float, float, float]:
        dx, dy = self.point[0] + self.vector[0], self.point[1] + self.vector[1]
        below = self.ramp_below if self.ramp_below is not None else self.ramp
        return (
            dx - self.flat - self.ramp,
            dx + self.flat + self.ramp,
            dy - self.flat - below,
            dy + self.flat + self.ramp,
        )

    def weight(
        self, fx: npt.NDArray[np.float64], fy: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        dx, dy = self.point[0] + self.vector[0], self.point[1] + self.vector[1]
        below = self.ramp_below if self.ramp_below is not None else self.ramp
        wx = _plateau(fx, dx, self.flat, self.ramp, self.ramp)
        wy = _plateau(fy, dy, self.flat, below, self.ramp)
        return wx * wy


def _shifts(face: SyntheticFace, amounts: Mapping[str, float]) -> list[_Shift]:
    px = 1.0 / face.mm_per_px
    f = face.features
    out: list[_Shift] = []
    for key, mm in amounts.items():
        kind, _, side_name = key.partition(".")
        if kind not in ("smile", "pucker", "brow") or abs(mm) < 1e-6:
            continue
        side = Side(side_name)
        sign = side_sign(side)
        s = side.value
        a = mm * px
        ramp = max(_RAMP_MM * px, 2.0 * abs(a))
        if kind in ("smile", "pucker"):
            corner = (f[f"{s}_corner_x"], f[f"{s}_corner_y"])
            vector = (sign * a, SMILE_RISE * a) if kind == "smile" else (-sign * a, 0.0)
            out.append(_Shift(corner, vector, _FLAT_MM * px, ramp))
        else:
            brow = (f[f"{s}_iris_x"], f[f"{s}_brow"])
            # The stretch below the brow ends just above the upper lid, which stays put.
            below = brow[1] + a - _FLAT_MM * px - (f[f"{s}_upper_lid"] + 0.5 * px)
            out.append(
                _BrowShift(brow, (0.0, a), _FLAT_MM * px, ramp, max(below, 2.0 * a), 10.0 * px)
            )
    return out


@dataclass(frozen=True)
class _BrowShift(_Shift):
    """A brow shift: wide and flat along the brow (``flat_x`` each side of the iris)."""

    flat_x: float = 0.0

    def box(self) -> tuple[float, float, float, float]:
        x0, x1, y0, y1 = super().box()
        extra = self.flat_x - self.flat
        return x0 - extra, x1 + extra, y0, y1

    def weight(
        self, fx: npt.NDArray[np.float64], fy: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        dx, dy = self.point[0] + self.vector[0], self.point[1] + self.vector[1]
        below = self.ramp_below if self.ramp_below is not None else self.ramp
        wx = _plateau(fx, dx, self.flat_x, self.ramp, self.ramp)
        wy = _plateau(fy, dy, self.flat, below, self.ramp)
        return wx * wy


def _apply_shifts(
    face: SyntheticFace, image: npt.NDArray[np.uint8], shifts: Sequence[_Shift]
) -> npt.NDArray[np.uint8]:
    import cv2  # noqa: PLC0415 - heavy

    if not shifts:
        return image
    h, w = image.shape[:2]
    frame = face.frame
    corners = []
    for sh in shifts:
        x0, x1, y0, y1 = sh.box()
        corners.append(frame.to_image(np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]])))
    allc = np.concatenate(corners)
    c0, r0 = np.floor(allc.min(axis=0)).astype(int) - 2
    c1, r1 = np.ceil(allc.max(axis=0)).astype(int) + 2
    c0, r0, c1, r1 = max(c0, 0), max(r0, 0), min(c1, w), min(r1, h)
    if c1 <= c0 or r1 <= r0:
        return image
    cols, rows = np.meshgrid(np.arange(c0, c1) + 0.5, np.arange(r0, r1) + 0.5)
    pix = np.stack([cols, rows], axis=-1)
    fr = frame.to_frame(pix.reshape(-1, 2)).reshape(pix.shape)
    disp_x = np.zeros(cols.shape)
    disp_y = np.zeros(cols.shape)
    for sh in shifts:
        wgt = sh.weight(fr[..., 0], fr[..., 1])
        disp_x += wgt * sh.vector[0]
        disp_y += wgt * sh.vector[1]
    # Face-frame displacement to image coordinates.
    dx_img = disp_x * frame.x_axis[0] + disp_y * frame.y_axis[0]
    dy_img = disp_x * frame.x_axis[1] + disp_y * frame.y_axis[1]
    map_x = (cols - dx_img - 0.5).astype(np.float32)
    map_y = (rows - dy_img - 0.5).astype(np.float32)
    out = np.array(image, copy=True)
    out[r0:r1, c0:c1] = cv2.remap(
        np.ascontiguousarray(image),
        map_x,
        map_y,
        interpolation=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REFLECT,
    )
    return out


def render(face: SyntheticFace, amounts: Mapping[str, float]) -> npt.NDArray[np.uint8]:
    """One frame: eye narrowing with the face-core warp, then the shifts."""
    eye = [
        Warp(WarpTarget.EYE_APERTURE, Side(key.partition(".")[2]), min(float(mm), 12.0))
        for key, mm in amounts.items()
        if key.startswith("eye.") and mm > 1e-6
    ]
    image = warp_face(face, eye) if eye else np.array(face.image, copy=True)
    return _apply_shifts(face, image, _shifts(face, amounts))


def clip_frames(
    face: SyntheticFace, moves: Sequence[Move], fps: float, duration_s: float
) -> Iterator[npt.NDArray[np.uint8]]:
    """Render the clip one frame at a time (never holds more than one)."""
    n = round(duration_s * fps)
    for i in range(n):
        t = np.array([i / fps])
        amounts: dict[str, float] = {}
        for move in moves:
            frac = float(envelope(move, t)[0])
            for key, mm in move.change.items():
                amounts[key] = amounts.get(key, 0.0) + mm * frac
        yield render(face, amounts)


def write_clip(
    path: str | Path,
    face: SyntheticFace,
    moves: Sequence[Move],
    *,
    fps: int = 15,
    duration_s: float | None = None,
    codec: str = "libx264",
    rotation: int = 0,
    keyframe_interval: int | None = None,
) -> Path:
    """Encode a clip with PyAV (``rotation``: display matrix, counter-clockwise degrees).

    With a rotation, the stored frames are turned the other way, so that a player (and bellpath)
    that honours the display matrix shows the face upright.
    """
    import av  # noqa: PLC0415 - heavy

    out = Path(path)
    duration = duration_s if duration_s is not None else script_duration(moves)
    h, w = face.image.shape[:2]
    k = (rotation // 90) % 4
    stored_w, stored_h = (h, w) if k % 2 else (w, h)
    with av.open(str(out), mode="w") as container:
        stream: Any = container.add_stream(codec, rate=fps)
        stream.width = stored_w - stored_w % 2
        stream.height = stored_h - stored_h % 2
        stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            stream.options = {"crf": "18", "preset": "veryfast"}
        if keyframe_interval is not None:
            stream.codec_context.gop_size = keyframe_interval
        if rotation:
            stream.set_display_rotation(rotation)
        for image in clip_frames(face, moves, fps, duration):
            stored = np.rot90(image, k=-k) if k else image
            stored = np.ascontiguousarray(stored[: int(stream.height), : int(stream.width)])
            frame = av.VideoFrame.from_ndarray(stored, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out


@dataclass(frozen=True)
class ClipTruth:
    """What a clip contains: its moves and, per move, the true excursions (mm)."""

    moves: list[Move]
    excursions: dict[str, dict[str, float]]


def expected_excursion(face: SyntheticFace, kind: str, side: Side, mm: float) -> float:
    """True change of the measure a shift targets (commissure excursion, brow height), mm."""
    if kind == "brow":
        return mm
    f = face.features
    to_mm = face.mm_per_px
    s = side.value
    kx = abs(f[f"{s}_corner_x"]) * to_mm
    ky = (f[f"{s}_corner_y"] - f["lip_mid_y"]) * to_mm
    before = float(np.hypot(kx, ky))
    if kind == "smile":
        return float(np.hypot(kx + mm, ky + SMILE_RISE * mm)) - before
    return float(np.hypot(kx - mm, ky)) - before


def expression_clip(
    face: SyntheticFace,
    *,
    affected_side: Side,
    smile_mm: float = 5.0,
    affected_fraction: float = 0.4,
    brow_mm: float = 4.0,
    closure_mm: float = 7.0,
    pucker_mm: float = 6.0,
    synkinesis_mm: float = 0.0,
    synkinesis_during: tuple[str, ...] = ("smile",),
    gap_s: float = 0.8,
) -> ClipTruth:
    """Rest, brow raise, gentle closure, smile, pucker; the affected side moves less.

    ``synkinesis_mm`` narrows the affected eye in step with the expressions in
    ``synkinesis_during`` (the smile by default: with MediaPipe, one narrowing eye also drags the
    mouth-corner landmarks of a pucker, which blurs the pucker's own ground truth).
    """
    healthy = Side.LEFT if affected_side is Side.RIGHT else Side.RIGHT
    a, h = affected_side.value, healthy.value
    eye = {f"eye.{a}": synkinesis_mm} if synkinesis_mm > 0 else {}
    plan = [
        ("brow_raise", {f"brow.{h}": brow_mm, f"brow.{a}": brow_mm * affected_fraction}),
        ("gentle_closure", {f"eye.{h}": closure_mm, f"eye.{a}": closure_mm * affected_fraction}),
        ("smile", {f"smile.{h}": smile_mm, f"smile.{a}": smile_mm * affected_fraction}),
        ("pucker", {f"pucker.{h}": pucker_mm, f"pucker.{a}": pucker_mm * affected_fraction}),
    ]
    plan = [
        (label, {**change, **eye}) if label in synkinesis_during else (label, change)
        for label, change in plan
    ]
    moves: list[Move] = []
    truth: dict[str, dict[str, float]] = {}
    t = 1.0
    for label, change in plan:
        move = Move(label=label, start_s=t, change=change)
        moves.append(move)
        t = move.end_s + gap_s
        expected: dict[str, float] = {}
        for key, mm in change.items():
            kind, _, side_name = key.partition(".")
            if kind == "eye":
                expected[f"palpebral_fissure.{side_name}"] = -mm
            elif kind == "brow":
                expected[f"brow_height.{side_name}"] = mm
            else:
                expected[f"commissure_excursion.{side_name}"] = expected_excursion(
                    face, kind, Side(side_name), mm
                )
        truth[label] = expected
    return ClipTruth(moves=moves, excursions=truth)
