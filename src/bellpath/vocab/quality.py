"""Quality checks of photos and videos: why a photo was refused, why a measured photo is flagged
and the warnings a video analysis carries (docs/photo.md "The quality gate", docs/video.md).

The codes travel in JSON (``error.code``, ``warnings[].code``); their rows give the words an edge
shows instead of the code. The advice tables say what a warning means for the numbers and how to
take a better photo; the thresholds behind them are rules and live in
:mod:`bellpath.face.quality`.
"""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = [
    "PHOTO_ERROR_TERMS",
    "QUALITY_WARNING_TERMS",
    "VIDEO_WARNING_TERMS",
    "PhotoErrorCode",
    "QualityWarning",
    "VideoWarning",
]

_PHOTO_GATE = "bellpath photo quality gate (docs/photo.md; bellpath.face.quality)"
_VIDEO_CHECKS = "bellpath video checks (docs/video.md)"


class PhotoErrorCode(Coded):
    """Why a photo was refused (the ``error.code`` of an error row)."""

    UNREADABLE = "unreadable"
    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    POSE = "pose"
    TOO_SMALL = "too_small"
    BAD_LANDMARKS = "bad_landmarks"
    IRIS = "iris"
    DETECTOR_ERROR = "detector_error"

    @property
    def advice(self) -> str:
        """How to take a photo that passes."""
        return _ERROR_ADVICE[self]


PHOTO_ERROR_TERMS: Mapping[PhotoErrorCode, Term] = define_terms(
    PhotoErrorCode,
    {
        PhotoErrorCode.UNREADABLE: Term(
            "Unreadable file", "the file could not be opened", name="unreadable", source=_PHOTO_GATE
        ),
        PhotoErrorCode.NO_FACE: Term(
            "No face found", "no face was found in the photo", name="no face", source=_PHOTO_GATE
        ),
        PhotoErrorCode.MULTIPLE_FACES: Term(
            "Several faces",
            "more than one face was in the photo",
            name="multiple faces",
            source=_PHOTO_GATE,
        ),
        PhotoErrorCode.POSE: Term(
            "Head turned or tilted too far",
            "your head was turned or tilted too far",
            name="pose",
            source=_PHOTO_GATE,
        ),
        PhotoErrorCode.TOO_SMALL: Term(
            "Face too small",
            "the face was too small in the photo",
            name="too small",
            source=_PHOTO_GATE,
        ),
        PhotoErrorCode.BAD_LANDMARKS: Term(
            "Face points not placed",
            "the face could not be measured reliably",
            name="bad landmarks",
            source=_PHOTO_GATE,
        ),
        PhotoErrorCode.IRIS: Term(
            "No scale from the irises",
            "the eyes were too small or blurred to set the scale",
            name="iris",
            source=_PHOTO_GATE,
        ),
        PhotoErrorCode.DETECTOR_ERROR: Term(
            "Face detector failed",
            "the photo could not be processed",
            name="detector error",
            source=_PHOTO_GATE,
        ),
    },
)

_ERROR_ADVICE: Mapping[PhotoErrorCode, str] = {
    PhotoErrorCode.UNREADABLE: "use a JPEG, PNG or HEIC file straight from the camera",
    PhotoErrorCode.NO_FACE: (
        "take it face-on, in even light, the face filling at least a third of the frame "
        "(or crop the photo around the face)"
    ),
    PhotoErrorCode.MULTIPLE_FACES: "crop the photo or retake it with one person in the frame",
    PhotoErrorCode.POSE: "look straight into the camera, lens at eye level, head upright",
    PhotoErrorCode.TOO_SMALL: "move closer, so the face fills at least a third of the frame",
    PhotoErrorCode.BAD_LANDMARKS: "retake it face-on, in even light, nothing covering the face",
    PhotoErrorCode.IRIS: "use a closer or sharper photo, or give the scale (--mm-per-px)",
    PhotoErrorCode.DETECTOR_ERROR: "try the photo again; if it fails again, convert it to JPEG",
}


class QualityWarning(Coded):
    """Why a measured photo is flagged (``warnings[].code``)."""

    YAW = "yaw"
    PITCH = "pitch"
    ROLL = "roll"
    LOW_RESOLUTION = "low_resolution"
    EYES_CLOSED = "eyes_closed"
    EYES_NOT_CLOSED = "eyes_not_closed"
    OTHER_FACES = "other_faces"
    SIDE_UNKNOWN = "side_unknown"
    EXPRESSION_UNKNOWN = "expression_unknown"

    @property
    def advice(self) -> str:
        """What the warning means for the numbers, and how to avoid it."""
        return _WARNING_ADVICE[self]


QUALITY_WARNING_TERMS: Mapping[QualityWarning, Term] = define_terms(
    QualityWarning,
    {
        QualityWarning.YAW: Term(
            "Head turned (yaw)", "your head was turned to one side", name="yaw", source=_PHOTO_GATE
        ),
        QualityWarning.PITCH: Term(
            "Head tilted up or down (pitch)",
            "your head was tilted up or down",
            name="pitch",
            source=_PHOTO_GATE,
        ),
        QualityWarning.ROLL: Term(
            "Head tilted sideways (roll)",
            "your head was tilted to one side",
            name="roll",
            source=_PHOTO_GATE,
        ),
        QualityWarning.LOW_RESOLUTION: Term(
            "Low resolution",
            "the face was small in the photo",
            name="low resolution",
            source=_PHOTO_GATE,
        ),
        QualityWarning.EYES_CLOSED: Term(
            "Eyes closed", "your eyes were closed", name="eyes closed", source=_PHOTO_GATE
        ),
        QualityWarning.EYES_NOT_CLOSED: Term(
            "Eyes not closed",
            "your eyes were open in a photo meant for closing them",
            name="eyes not closed",
            source=_PHOTO_GATE,
        ),
        QualityWarning.OTHER_FACES: Term(
            "Other faces",
            "another face was in the photo",
            name="other faces",
            source=_PHOTO_GATE,
        ),
        QualityWarning.SIDE_UNKNOWN: Term(
            "Affected side unknown",
            "the affected side was not given",
            name="side unknown",
            source=_PHOTO_GATE,
        ),
        QualityWarning.EXPRESSION_UNKNOWN: Term(
            "Expression unknown",
            "the expression was not given",
            name="expression unknown",
            source=_PHOTO_GATE,
        ),
    },
)

_WARNING_ADVICE: Mapping[QualityWarning, str] = {
    QualityWarning.YAW: (
        "left-right differences in the mouth and eye measures are exaggerated; "
        "look straight into the lens"
    ),
    QualityWarning.PITCH: "heights (brow, lids) are biased; keep the lens at eye level",
    QualityWarning.ROLL: (
        "it was straightened, but landmarks are less reliable; keep the head upright"
    ),
    QualityWarning.LOW_RESOLUTION: (
        "differences under about 0.5 mm are noise; move closer or use the main camera"
    ),
    QualityWarning.EYES_CLOSED: (
        "eye measures are not meaningful (a blink?), mouth measures are; retake with eyes open"
    ),
    QualityWarning.EYES_NOT_CLOSED: "this is labelled an eye-closure photo: check the label",
    QualityWarning.OTHER_FACES: "the largest face was measured; crop the photo to be sure",
    QualityWarning.SIDE_UNKNOWN: "no percentages of the healthy side; give the affected side",
    QualityWarning.EXPRESSION_UNKNOWN: (
        "expression checks were skipped; give the expression or put it in the file name"
    ),
}


class VideoWarning(Coded):
    """Codes of the warnings a video analysis can carry."""

    TRUNCATED = "truncated"
    DECODE_ERRORS = "decode_errors"
    MOSTLY_REJECTED = "mostly_rejected"
    TOO_SHORT = "too_short"
    NO_EXPRESSION = "no_expression"
    NO_REST = "no_rest"
    LONG_VIDEO = "long_video"
    POSE = "pose"
    LOW_RESOLUTION = "low_resolution"
    OTHER_FACES = "other_faces"
    SIDE_UNKNOWN = "side_unknown"
    UNCLASSIFIED = "unclassified"
    SEGMENT_SKIPPED = "segment_skipped"
    SIDE_CHECK = "side_check"
    LOW_FRAME_RATE = "low_frame_rate"


def _video(label: str, patient: str, name: str) -> Term:
    return Term(label, patient, name=name, source=_VIDEO_CHECKS)


VIDEO_WARNING_TERMS: Mapping[VideoWarning, Term] = define_terms(
    VideoWarning,
    {
        VideoWarning.TRUNCATED: _video(
            "Video ends early", "the video stopped before its end", "truncated"
        ),
        VideoWarning.DECODE_ERRORS: _video(
            "Damaged parts skipped", "some parts of the video could not be read", "decode errors"
        ),
        VideoWarning.MOSTLY_REJECTED: _video(
            "Most frames not measured", "most of the video could not be measured", "mostly rejected"
        ),
        VideoWarning.TOO_SHORT: _video(
            "Video too short", "the video was too short to measure a movement", "too short"
        ),
        VideoWarning.NO_EXPRESSION: _video(
            "No movement found", "no clear movement was found", "no expression"
        ),
        VideoWarning.NO_REST: _video(
            "No resting face found", "no moment with a relaxed face was found", "no rest"
        ),
        VideoWarning.LONG_VIDEO: _video(
            "Long video (first part analysed)",
            "only the first part of the video was used",
            "long video",
        ),
        VideoWarning.POSE: _video(
            "Head turned or tilted", "your head was often turned or tilted", "pose"
        ),
        VideoWarning.LOW_RESOLUTION: _video(
            "Low resolution", "the face was often small in the video", "low resolution"
        ),
        VideoWarning.OTHER_FACES: _video(
            "Other faces", "another face was often in the video", "other faces"
        ),
        VideoWarning.SIDE_UNKNOWN: _video(
            "Affected side unknown", "the affected side was not given", "side unknown"
        ),
        VideoWarning.UNCLASSIFIED: _video(
            "Movement not recognised", "a movement could not be named", "unclassified"
        ),
        VideoWarning.SEGMENT_SKIPPED: _video(
            "Part skipped", "a part of the video that was asked for was skipped", "segment skipped"
        ),
        VideoWarning.SIDE_CHECK: _video(
            "Affected side to check",
            "the other side moved less: please check which side is affected",
            "side check",
        ),
        VideoWarning.LOW_FRAME_RATE: _video(
            "Low frame rate", "the video has few pictures a second", "low frame rate"
        ),
    },
)
