"""Warnings drawn from the whole video: frequent quality flags, a side that may be mixed up."""

from __future__ import annotations

from bellpath.face.quality import QualityWarning
from bellpath.video.result import ExpressionResult, VideoWarning, WarningItem
from bellpath.video.segments import PRIMARY_MEASURE
from bellpath.video.series import FrameTable
from bellpath.vocab.measures import MeasureName

__all__ = ["SIDE_CHECK_RATIO", "flag_warnings", "side_check"]


def flag_warnings(table: FrameTable) -> list[WarningItem]:
    """Photo-gate flags seen in at least 10 % of the frames, as video warnings."""
    counts = table.flag_counts()
    n = max(1, len(table))
    out: list[WarningItem] = []
    mapping = {
        QualityWarning.YAW.value: VideoWarning.POSE,
        QualityWarning.PITCH.value: VideoWarning.POSE,
        QualityWarning.ROLL.value: VideoWarning.POSE,
        QualityWarning.LOW_RESOLUTION.value: VideoWarning.LOW_RESOLUTION,
        QualityWarning.OTHER_FACES.value: VideoWarning.OTHER_FACES,
    }
    for code, count in counts.items():
        if code not in mapping or count < 0.1 * n:
            continue
        advice = QualityWarning(code).advice
        out.append(
            WarningItem(
                mapping[code], f"{code} flagged in {100 * count / n:.0f}% of frames: {advice}"
            )
        )
    return out


SIDE_CHECK_RATIO = 1.25
"""Warn when the side given as affected moved more than this times the other side, summed over
all movements (the main measure of each labelled expression; brow, eye and mouth for an
unlabelled movement): the side may have been mixed up. The warning never changes the side."""

_SIDE_CHECK_MEASURES = (
    MeasureName.BROW_HEIGHT,
    MeasureName.PALPEBRAL_FISSURE,
    MeasureName.COMMISSURE_EXCURSION,
)


def side_check(expressions: list[ExpressionResult], side: str | None) -> list[WarningItem]:
    """A ``side_check`` warning when the side given as affected moved the most."""
    if side is None or not expressions:
        return []
    other = "right" if side == "left" else "left"
    moved = {side: 0.0, other: 0.0}
    for e in expressions:
        # A labelled expression counts only its own measure (a synkinetic eye narrowing during a
        # smile is movement of the affected side, not a sign of a mixed-up side).
        measures = (PRIMARY_MEASURE[e.label][0],) if e.label in PRIMARY_MEASURE else None
        for measure in measures or _SIDE_CHECK_MEASURES:
            x = e.excursion.get(measure)
            if x is None or x.right is None or x.left is None:
                continue
            moved["right"] += abs(x.right)
            moved["left"] += abs(x.left)
    if moved[other] <= 0 or moved[side] <= SIDE_CHECK_RATIO * moved[other]:
        return []
    return [
        WarningItem(
            VideoWarning.SIDE_CHECK,
            f"the {side} side, given as affected, moved {moved[side] / moved[other]:.1f} times as "
            f"much as the {other} side over all movements; check --side "
            "(bellpath never guesses it)",
        )
    ]
