"""The latest video summary of a case, for the timeline (clinician) and the patient's own page.

Reads ``case.video_measures`` (``bellpath video --record``, one
:class:`bellpath.case.VideoMeasuresEntry` per video) and formats the newest one: each expression's
main measure with the affected/healthy ratio of its rest-to-peak excursion (docs/video.md), and the
ocular-oral synkinesis reading. Pure: no HTTP, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from bellpath.case import Case, VideoExpressionEntry, VideoMeasuresEntry
from bellpath.dates import format_day
from bellpath.face.expressions import Expression
from bellpath.video.segments import PRIMARY_MEASURE
from bellpath.vocab import MeasureName, MeasureUnit, words

__all__ = ["VideoExpressionRow", "VideoView", "latest_video"]


@dataclass(frozen=True, slots=True)
class VideoExpressionRow:
    """One expression of the video: its main measure, both sides, the ratio and a plain sentence."""

    expression: str
    measure: str
    right: str
    left: str
    ratio: str
    plain: str


@dataclass(frozen=True, slots=True)
class VideoView:
    """The newest video summary, formatted (clinician facts and the patient's plain words)."""

    date: str
    duration: str
    affected_side: str
    expressions: list[VideoExpressionRow]
    synkinesis: str
    synkinesis_plain: str
    warnings: list[str]
    videos: int


def _expression_label(code: str) -> str:
    try:
        return Expression(code).label
    except ValueError:
        return words(code)


# How a unit follows a signed excursion (the unit is the measure's vocabulary row, never a guess).
_UNIT_SUFFIX: dict[MeasureUnit, str] = {
    MeasureUnit.MM: " mm",
    MeasureUnit.DEGREES: "°",
    MeasureUnit.MM2: " mm²",
}


def _amount(value: float | None, unit: MeasureUnit) -> str:
    return "—" if value is None else f"{value:+.1f}{_UNIT_SUFFIX[unit]}"


def _row(entry: VideoExpressionEntry) -> VideoExpressionRow:
    name = _expression_label(entry.label)
    measure = PRIMARY_MEASURE.get(entry.label, (MeasureName.COMMISSURE_EXCURSION, 1.0))[0]
    x = entry.excursion.get(measure) or dict[str, float | None]()
    ratio = x.get("ratio")
    if ratio is None:
        plain = f"{name.capitalize()}: the video could not compare your two sides."
        shown = "—"
    else:
        shown = f"{ratio:.2f}"
        plain = (
            f"{name.capitalize()}: the side affected by the palsy moved about "
            f"{round(100 * ratio)}% as much as the other side."
        )
    return VideoExpressionRow(
        expression=name,
        measure=measure.words,
        right=_amount(x.get("right"), measure.unit),
        left=_amount(x.get("left"), measure.unit),
        ratio=shown,
        plain=plain,
    )


def _synkinesis(entry: VideoMeasuresEntry) -> tuple[str, str]:
    reading = entry.ocular_oral
    if reading is None:
        return "not measured in this video", ""
    index = "—" if reading.index is None else f"{reading.index:.0f}"
    during = ", ".join(_expression_label(d) for d in reading.during) or "—"
    if reading.detected:
        side = f", {reading.side.words} side" if reading.side is not None else ""
        return (
            f"detected (index {index}{side}; during {during})",
            "When you closed your eyes, the corner of your mouth moved with them. This is "
            "called synkinesis; it is common while the nerve heals, and your clinician can "
            "show you ways to ease it.",
        )
    return (
        f"not detected (index {index})",
        "When you closed your eyes, your mouth stayed still, as it should.",
    )


def latest_video(case: Case) -> VideoView | None:
    """The newest ``video_measures`` entry of ``case`` formatted, or ``None`` without one."""
    if not case.video_measures:
        return None
    entry = max(enumerate(case.video_measures), key=lambda pair: (pair[1].date, pair[0]))[1]
    synkinesis, plain = _synkinesis(entry)
    return VideoView(
        date=format_day(entry.date),
        duration=f"{entry.duration_s:.0f} s, {entry.frames} frames "
        f"({entry.frames_rejected} set aside by the quality check)",
        affected_side=entry.affected_side.words if entry.affected_side else "unknown (no ratios)",
        expressions=[_row(e) for e in entry.expressions],
        synkinesis=synkinesis,
        synkinesis_plain=plain,
        warnings=[words(w) for w in entry.warnings],  # the vocabulary's words
        videos=len(case.video_measures),
    )
