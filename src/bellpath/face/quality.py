"""The photo quality gate: which photos to measure, which to flag, which to refuse.

A *flagged* photo keeps its numbers and carries a warning that says what may be off and how to take
a better one; a *rejected* photo raises :class:`~bellpath.errors.PhotoError` with a
machine-readable code (:class:`PhotoErrorCode`) and no numbers, because numbers from it would
mislead.

Thresholds (:class:`QualityThresholds`, all overridable) are this project's convention, derived
below; no published standard fixes them. Emotrics and Auto-eFACE correct roll only and check
neither yaw nor pitch (clinical.md section 7: "head rotation biases iris-based scale: gate on head
pose").

Why these numbers
-----------------
* **Yaw** (head turned). Points in front of the iris plane shift sideways by ``depth * sin(yaw)``.
  The lower-lip midpoint sits about 15 mm in front of the mouth corners, so a turn of 5 degrees
  already moves it about 1.3 mm towards one corner: commissure excursion then differs by about 2.6
  mm between sides on a symmetric face. Flag above 5 degrees; above 15 degrees the far eye's lids
  and the far mouth corner are foreshortened by more than the asymmetries being measured (and the
  landmark model loses accuracy on the far side): reject.
* **Pitch** (head tilted up or down). Vertical lengths shrink by ``cos(pitch)`` on both sides alike
  (1.5 % at 10 degrees) and brow height, measured across a depth step from iris to brow, shifts by
  roughly 2 mm at 10 degrees. The pitch estimate (bellpath.face.pose, from MediaPipe's
  weak-perspective depth) reads about -10 degrees on a plainly frontal portrait (skimage's
  astronaut: -10.6), so the pitch thresholds sit wider than the yaw ones: flag above 15 degrees,
  reject above 25 degrees.
* **Roll** (head tilted sideways) is removed by rotating the inter-iris line to horizontal, so it is
  never a reason to refuse; above 20 degrees the landmark model is less reliable: flag.
* **Resolution**, as millimetres per full-resolution pixel. Landmarks are placed to about one pixel:
  above 0.25 mm/px, differences under about half a millimetre are noise (flag); above 2 mm/px an
  open eye (about 10 mm) spans five pixels or fewer, too few to place its lids (reject
  ``too_small``). Skimage's astronaut (a 512-pixel portrait) is about 1.4 mm/px: measured, flagged.
* **Eyes**. For every photo but the two closure photos, both palpebral fissures under 2 mm mean a
  blink (flag: the mouth measures are still valid). One narrow eye is a finding (ocular synkinesis,
  clinical.md section 7), never a quality problem. For the closure photos, both fissures over 5 mm
  mean the eyes did not close: probably a mislabelled photo (flag).
* **Faces**. No face: reject. A second face at least half the size of the largest (by inter-iris
  distance): reject ``multiple_faces``, because bellpath cannot know whose face to measure. A
  smaller face in the background: measure the largest and flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bellpath.errors import PhotoError
from bellpath.face.expressions import Expression
from bellpath.vocab.quality import PhotoErrorCode, QualityWarning

__all__ = [
    "DEFAULT_THRESHOLDS",
    "PhotoErrorCode",
    "QualityFlag",
    "QualityThresholds",
    "QualityWarning",
    "check_quality",
    "choose_face",
]


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """Named thresholds of the gate (degrees, mm, mm per pixel). See the module docstring."""

    yaw_flag_deg: float = 5.0
    yaw_reject_deg: float = 15.0
    pitch_flag_deg: float = 15.0
    pitch_reject_deg: float = 25.0
    roll_flag_deg: float = 20.0
    flag_mm_per_px: float = 0.25
    reject_mm_per_px: float = 2.0
    eyes_closed_fissure_mm: float = 2.0
    eyes_open_fissure_mm: float = 5.0
    other_face_ratio: float = 0.5


DEFAULT_THRESHOLDS: Final = QualityThresholds()


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """One warning on a measured photo: its code and a message with this photo's figures."""

    code: QualityWarning
    message: str

    def to_json(self) -> dict[str, str]:
        """``{"code", "message"}``."""
        return {"code": self.code.value, "message": self.message}


def _error(code: PhotoErrorCode, what: str) -> PhotoError:
    return PhotoError(code.value, f"{what}; {code.advice}")


def choose_face(
    face_sizes_px: Sequence[float],
    *,
    thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
) -> tuple[int, list[QualityFlag]]:
    """Pick the face to measure from the sizes (inter-iris distance, px) of all faces found.

    Returns
    -------
    index : int
        Index of the largest face.
    flags : list of QualityFlag
        ``other_faces`` when smaller faces were ignored.

    Raises
    ------
    PhotoError
        ``no_face`` when the list is empty; ``multiple_faces`` when a second face is at least
        ``other_face_ratio`` times the size of the largest.
    """
    if not face_sizes_px:
        raise _error(PhotoErrorCode.NO_FACE, "no face found")
    order = sorted(range(len(face_sizes_px)), key=lambda i: face_sizes_px[i], reverse=True)
    best = order[0]
    if len(order) == 1:
        return best, []
    second = face_sizes_px[order[1]]
    if second >= thresholds.other_face_ratio * face_sizes_px[best]:
        raise _error(
            PhotoErrorCode.MULTIPLE_FACES,
            f"{len(order)} faces of similar size found, and bellpath cannot know which to measure",
        )
    code = QualityWarning.OTHER_FACES
    detail = f"{len(order)} faces found, the others much smaller"
    return best, [QualityFlag(code, f"{detail}: {code.advice}")]


def check_quality(
    *,
    yaw_deg: float,
    pitch_deg: float,
    roll_deg: float,
    mm_per_px: float,
    fissure_right_mm: float,
    fissure_left_mm: float,
    expression: Expression | None,
    side_known: bool,
    thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
) -> list[QualityFlag]:
    """Apply the gate to one measured face.

    Parameters
    ----------
    yaw_deg, pitch_deg, roll_deg : float
        Head pose in degrees (signs do not matter here).
    mm_per_px : float
        Scale in millimetres per full-resolution pixel.
    fissure_right_mm, fissure_left_mm : float
        Palpebral fissure heights of the person's right and left eye, in mm.
    expression : Expression or None
        The photo's label; ``None`` skips the expression-specific checks (and says so).
    side_known : bool
        Whether the user gave the affected side.

    Returns
    -------
    list of QualityFlag
        Warnings, in a stable order (pose, resolution, eyes, labels).

    Raises
    ------
    PhotoError
        ``pose`` above the yaw or pitch reject thresholds; ``too_small`` above ``reject_mm_per_px``.
    """
    t = thresholds
    yaw, pitch, roll = abs(yaw_deg), abs(pitch_deg), abs(roll_deg)
    if yaw > t.yaw_reject_deg:
        raise _error(
            PhotoErrorCode.POSE,
            f"head turned {yaw:.0f} degrees to the side (at most {t.yaw_reject_deg:.0f} accepted)",
        )
    if pitch > t.pitch_reject_deg:
        raise _error(
            PhotoErrorCode.POSE,
            f"head tilted {pitch:.0f} degrees up or down "
            f"(at most {t.pitch_reject_deg:.0f} accepted)",
        )
    if mm_per_px > t.reject_mm_per_px:
        raise _error(
            PhotoErrorCode.TOO_SMALL,
            f"the face is too small ({mm_per_px:.2f} mm per pixel; at most "
            f"{t.reject_mm_per_px:.2f} accepted)",
        )
    flags: list[QualityFlag] = []

    def flag(code: QualityWarning, detail: str) -> None:
        flags.append(QualityFlag(code, f"{detail}: {code.advice}"))

    if yaw > t.yaw_flag_deg:
        flag(QualityWarning.YAW, f"head turned {yaw:.1f} degrees")
    if pitch > t.pitch_flag_deg:
        flag(QualityWarning.PITCH, f"head tilted {pitch:.1f} degrees up or down")
    if roll > t.roll_flag_deg:
        flag(QualityWarning.ROLL, f"head tilted {roll:.1f} degrees sideways")
    if mm_per_px > t.flag_mm_per_px:
        flag(QualityWarning.LOW_RESOLUTION, f"the face is small ({mm_per_px:.2f} mm per pixel)")
    widest = max(fissure_right_mm, fissure_left_mm)
    narrowest = min(fissure_right_mm, fissure_left_mm)
    if expression is None:
        flag(QualityWarning.EXPRESSION_UNKNOWN, "no expression label")
    elif expression.eyes_should_be_open and widest < t.eyes_closed_fissure_mm:
        flag(
            QualityWarning.EYES_CLOSED,
            f"both eyes look closed ({fissure_right_mm:.1f} mm right, "
            f"{fissure_left_mm:.1f} mm left)",
        )
    elif expression.eyes_should_be_closed and narrowest > t.eyes_open_fissure_mm:
        flag(
            QualityWarning.EYES_NOT_CLOSED,
            f"both eyes look open ({fissure_right_mm:.1f} mm right, {fissure_left_mm:.1f} mm left)",
        )
    if not side_known:
        flag(QualityWarning.SIDE_UNKNOWN, "affected side not given")
    return flags
