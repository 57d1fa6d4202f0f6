"""Measure one photo end to end: read, find the face, gate, measure, and say what may be off.

:func:`measure_photo` is the one entry point the CLI, the web app and the case file use::

    read (EXIF orientation, reduced decode)      bellpath.camera.image_io
      -> landmarks on the working image           a LandmarkDetector (MediaPipe by default)
         (mirror-consistent, lids/brows refined)  bellpath.camera.mirror, bellpath.camera.refine
      -> choose the face                          bellpath.face.quality
      -> map to full-resolution pixels            FaceLandmarks.rescaled
      -> calibrate, measure, pose                 bellpath.face.calibration, .measures
      -> quality gate (flag or reject)            bellpath.face.quality
      -> PhotoResult (JSON contract)

The JSON contract (docs/photo.md; add to it, never rename)::

    {"file", "expression", "affected_side", "calibration": {"method", "mm_per_px"},
     "pose": {"yaw", "pitch", "roll"}, "warnings": [{"code", "message"}],
     "measures": {NAME: {"right", "left", "difference", "percent", "unit"} | {"value", ...}}}

and a photo that cannot be measured gives ``{"file", "error": {"code", "message"}}``.
Only the file name ever appears in a result, never its folder or any of its metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bellpath.camera.image_io import WORKING_MAX_SIDE, PhotoImage, load_photo
from bellpath.case import PhotoCalibration, PhotoMeasuresEntry, Side
from bellpath.errors import BellpathError, InputError
from bellpath.face.calibration import calibrate
from bellpath.face.expressions import Expression, parse_expression
from bellpath.face.landmarks import FaceLandmarks, LandmarkDetector
from bellpath.face.measures import FaceMeasures, MeasureName, measure_face
from bellpath.face.quality import (
    DEFAULT_THRESHOLDS,
    QualityFlag,
    QualityThresholds,
    check_quality,
    choose_face,
)
from bellpath.vocab.measures import PHOTO_VALUE_KEYS, measure_set

__all__ = [
    "INTERNAL_ERROR",
    "PhotoFailure",
    "PhotoResult",
    "default_detector",
    "measure_loaded",
    "measure_many",
    "measure_photo",
    "parse_side",
]

_DIGITS = 4

INTERNAL_ERROR = "internal_error"
"""Error code of a batch row whose photo hit an unexpected error (a defect to report)."""


def _rounded(value: Any) -> Any:
    """Round floats (recursively) for the JSON rows; keeps None, ints and strings."""
    if isinstance(value, float):
        return round(value, _DIGITS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def parse_side(value: str | Side | None, *, field: str = "side") -> Side | None:
    """Coerce ``left``/``right``/``unknown``/``None`` to a :class:`Side` or ``None`` (unknown).

    Raises
    ------
    InputError
        Naming the field, the allowed values and what was received.
    """
    if value is None or isinstance(value, Side):
        return value
    key = value.strip().lower()
    if key in ("", "unknown", "none"):
        return None
    try:
        return Side(key)
    except ValueError:
        raise InputError(field, allowed=[*Side, "unknown"], received=value) from None


@dataclass(frozen=True)
class PhotoResult:
    """A measured photo.

    Attributes
    ----------
    file : str
        File name only.
    expression : Expression or None
    measures : FaceMeasures
        All measures, the calibration, the pose and the affected side.
    warnings : tuple of QualityFlag
        Why the numbers may be off (empty for a good photo).
    landmarks : FaceLandmarks
        The 478 landmarks in full-resolution pixels of the upright photo (for overlays; never in
        the JSON row).
    """

    file: str
    expression: Expression | None
    measures: FaceMeasures
    warnings: tuple[QualityFlag, ...]
    landmarks: FaceLandmarks

    @property
    def affected_side(self) -> Side | None:
        """The side the user gave (``None``: unknown)."""
        return self.measures.affected_side

    def to_json(self, *, landmarks: bool = False) -> dict[str, Any]:
        """The photo JSON contract (module docstring), floats rounded to 4 decimals.

        With ``landmarks=True`` the row also carries ``"landmarks"``: the 478 ``[x, y]`` points
        in full-resolution pixels of the upright photo (MediaPipe face-mesh order), 2 decimals.
        """
        core: dict[str, Any] = dict(self.measures.to_json())
        row: dict[str, Any] = _rounded(
            {
                "file": self.file,
                "expression": self.expression.value if self.expression else None,
                "affected_side": core["affected_side"],
                "calibration": core["calibration"],
                "pose": core["pose"],
                "warnings": [w.to_json() for w in self.warnings],
                "measures": core["measures"],
            }
        )
        if landmarks:
            row["landmarks"] = np.round(self.landmarks.xy, 2).tolist()
        return row

    def to_case_entry(self, date: Any) -> PhotoMeasuresEntry:
        """A dated ``photo_measures`` entry for a case file (no paths, no metadata)."""
        row = self.to_json()
        measures = measure_set(
            {
                name: {k: v for k, v in fields.items() if k in PHOTO_VALUE_KEYS}
                for name, fields in row["measures"].items()
            },
            keys=PHOTO_VALUE_KEYS,
            field_name="measures",
        )
        return PhotoMeasuresEntry(
            date=date,
            expression=self.expression,
            affected_side=self.affected_side,
            file_name=self.file,
            calibration=PhotoCalibration(
                method=row["calibration"]["method"],
                mm_per_px=row["calibration"]["mm_per_px"],
            ),
            pose={k: v for k, v in row["pose"].items() if v is not None},
            warnings=[w.code.value for w in self.warnings],
            measures=measures,
        )


@dataclass(frozen=True)
class PhotoFailure:
    """A photo that could not be measured: its own error row, the batch goes on."""

    file: str
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        """``{"file", "error": {"code", "message"}}``."""
        return {"file": self.file, "error": {"code": self.code, "message": self.message}}


def _inter_iris_px(face: FaceLandmarks) -> float:
    return float(np.linalg.norm(face.right_iris[0] - face.left_iris[0]))


def measure_loaded(
    photo: PhotoImage,
    *,
    affected_side: Side | None,
    expression: Expression | None = None,
    mm_per_px: float | None = None,
    detector: LandmarkDetector,
    thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
) -> PhotoResult:
    """Measure an already-read photo (see :func:`measure_photo`)."""
    faces = detector.detect(photo.pixels)
    index, flags = choose_face([_inter_iris_px(f) for f in faces], thresholds=thresholds)
    face = faces[index]
    full = face.rescaled(photo.full_size) if photo.is_reduced else face
    calibration = calibrate(full, mm_per_px=mm_per_px)
    measures = measure_face(full, affected_side=affected_side, calibration=calibration)
    fissure = measures.bilateral[MeasureName.PALPEBRAL_FISSURE]
    pose = measures.pose
    flags = flags + check_quality(
        yaw_deg=pose.yaw or 0.0,
        pitch_deg=pose.pitch or 0.0,
        roll_deg=pose.roll,
        mm_per_px=calibration.mm_per_px,
        fissure_right_mm=fissure.right,
        fissure_left_mm=fissure.left,
        expression=expression,
        side_known=affected_side is not None,
        thresholds=thresholds,
    )
    return PhotoResult(photo.name, expression, measures, tuple(flags), full)


def default_detector() -> LandmarkDetector:
    """bellpath's photo detector: MediaPipe, mirror-consistent, lids and brows refined.

    ``RefinedDetector(MirrorConsistentDetector(MediaPipeDetector()))``: MediaPipe runs on the
    image and on its mirror (averaged, so a mirrored photo gives the same measures with sides
    swapped), then the lid margins and brows are re-located from the image (less symmetry bias).
    Close it when done (``close()``).
    """
    from bellpath.camera.mediapipe_detector import MediaPipeDetector  # noqa: PLC0415  (heavy)
    from bellpath.camera.mirror import MirrorConsistentDetector  # noqa: PLC0415
    from bellpath.camera.refine import RefinedDetector  # noqa: PLC0415

    mesh = MediaPipeDetector(static_image_mode=True, max_faces=2)
    return RefinedDetector(MirrorConsistentDetector(mesh))


def measure_photo(
    source: str | Path | bytes | NDArray[np.uint8],
    *,
    affected_side: Side | str | None,
    expression: Expression | str | None = None,
    mm_per_px: float | None = None,
    detector: LandmarkDetector | None = None,
    thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
    max_side: int | None = WORKING_MAX_SIDE,
) -> PhotoResult:
    """Measure one face photo.

    Parameters
    ----------
    source : path, bytes or ndarray
        A JPEG, PNG or HEIC file (or its bytes), or an upright RGB array.
    affected_side : Side, "left", "right", "unknown" or None
        Given by the user, never guessed; unknown gives no percentages of the healthy side.
    expression : Expression or str, optional
        The photo's label (``rest``, ``smile``, ...), used by the quality gate.
    mm_per_px : float, optional
        A known scale in millimetres per pixel of the ORIGINAL photo; by default the iris gives it.
    detector : LandmarkDetector, optional
        Reuse one across a batch; by default a MediaPipe face mesh made for this call.
    thresholds : QualityThresholds
        The quality gate's thresholds.
    max_side : int or None
        Long side of the working image (``None``: full resolution).

    Returns
    -------
    PhotoResult

    Raises
    ------
    PhotoError
        The photo cannot be measured; ``code`` is one of
        :class:`~bellpath.face.quality.PhotoErrorCode`.
    InputError
        A bad ``affected_side``, ``expression`` or ``mm_per_px``.
    """
    side = parse_side(affected_side)
    label = parse_expression(expression) if expression is not None else None
    photo = load_photo(source, max_side=max_side)
    own = detector is None
    active = default_detector() if detector is None else detector
    try:
        return measure_loaded(
            photo,
            affected_side=side,
            expression=label,
            mm_per_px=mm_per_px,
            detector=active,
            thresholds=thresholds,
        )
    finally:
        close = getattr(active, "close", None)
        if own and callable(close):
            close()


def measure_many(
    paths: Iterable[Path],
    *,
    affected_side: Side | None,
    expression: Expression | None = None,
    expression_from_name: bool = True,
    mm_per_px: float | None = None,
    detector: LandmarkDetector,
    thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
) -> Iterator[tuple[PhotoImage | None, PhotoResult | PhotoFailure]]:
    """Measure photos one by one; a bad photo yields a :class:`PhotoFailure`, never stops the batch.

    Unexpected errors (a defect, or an image no check foresaw) become rows with the code
    :data:`INTERNAL_ERROR` and the error's type, never a traceback that ends the batch.

    Yields the working image too (``None`` when it could not be read), for overlays. When
    ``expression`` is ``None`` and ``expression_from_name`` is set, each label is read from the
    file name.
    """
    from bellpath.face.expressions import expression_from_name as from_name  # noqa: PLC0415

    for path in paths:
        photo: PhotoImage | None = None
        try:
            label = expression
            if label is None and expression_from_name:
                label = from_name(path.name)
            photo = load_photo(path)
            yield (
                photo,
                measure_loaded(
                    photo,
                    affected_side=affected_side,
                    expression=label,
                    mm_per_px=mm_per_px,
                    detector=detector,
                    thresholds=thresholds,
                ),
            )
        except BellpathError as exc:
            yield photo, PhotoFailure(path.name, exc.code, exc.message)
        except (ValueError, ArithmeticError, IndexError, RuntimeError, MemoryError) as exc:
            # A defect or an image no check foresaw: this photo gets an error row that says so,
            # and the batch goes on (never a traceback in the middle of a clinic's batch).
            yield (
                photo,
                PhotoFailure(
                    path.name,
                    INTERNAL_ERROR,
                    f"bellpath could not measure this photo ({type(exc).__name__}: {exc}); "
                    "please report it with the photo's size and format, not the photo",
                ),
            )
