"""View models: what a page shows, computed from the record and the engine's Assessment.

Pure functions over already-loaded data (no HTTP, no SQL), so the page handlers stay thin and the
wording is testable on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bellpath.case import Assessment, Case, Finding, Phase
from bellpath.dates import format_day
from bellpath.errors import BellpathError
from bellpath.face.quality import QualityWarning
from bellpath.grading.entries import parse_entry
from bellpath.outlook import Trajectory
from bellpath.recovery.photo_trajectory import has_clinician_scores
from bellpath.vocab import MeasureUnit, measure_for, score_words, words
from bellpath.web.pages._labels import label
from bellpath.web.pages._video import VideoView

__all__ = [
    "HISTORY_PAGE",
    "ChartView",
    "HistoryItem",
    "MilestoneView",
    "PatientRow",
    "PhotoView",
    "PracticeSummary",
    "TimelineView",
    "history_items",
    "history_page",
    "milestone_views",
    "next_milestone",
    "outlook_blocks",
    "photo_view",
    "practice_summary",
]

HISTORY_PAGE = 50
"""History rows per page of the timeline (the latest first; "Older entries" pages back)."""

PRACTICE_WINDOW_DAYS = 14
"""The practice summary looks back this many days (two weeks: short enough to feel current)."""


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """One line of the expected-windows list: ``state`` is past, now or next."""

    title: str
    when: str
    detail: str
    state: str


@dataclass(frozen=True, slots=True)
class ChartView:
    """One chart image on a page."""

    url: str
    alt: str
    caption: str


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """One row of a patient's history table; ``entry`` is ``(kind, id)`` for removing it."""

    date: dt.date | None
    kind: str
    detail: str
    entry: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class PracticeSummary:
    """Practice over the last ``days`` days, and the run of consecutive days up to the latest."""

    days: int
    active_days: int
    minutes: int
    streak: int
    today_minutes: int = 0


@dataclass(frozen=True, slots=True)
class PatientRow:
    """One patient in the clinician's list."""

    id: int
    name: str
    phase: Phase | None
    days: int
    side: str
    next_milestone: str
    red_flags: int
    mrn: str | None = None
    birth_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ExtraBlock:
    """A titled block of facts (trajectory, prognosis): rows, and sentences with their source."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TimelineView:
    """Everything the timeline and the patient's own page show."""

    as_of: dt.date
    case: Case
    assessment: Assessment
    milestones: list[MilestoneView]
    charts: list[ChartView]
    history: list[HistoryItem]
    photos: Sequence[Any]
    practice: PracticeSummary
    extras: list[ExtraBlock]
    video: VideoView | None = None
    page: int = 1
    """Which page of the history is shown (1: the latest :data:`HISTORY_PAGE` entries)."""
    older: bool = False
    """Whether there are older entries than those shown (an "Older entries" link)."""


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One two-sided photo measure, formatted."""

    name: str
    right: str
    left: str
    difference: str
    percent: str


@dataclass(frozen=True, slots=True)
class PhotoView:
    """A photo's stored measurements, formatted for a table."""

    rows: list[MeasureRow]
    singles: list[tuple[str, str]]
    warnings: list[str]
    calibration: str


def _fmt_date(day: dt.date) -> str:
    return format_day(day)


def _relative(day: dt.date, as_of: dt.date) -> str:
    delta = (day - as_of).days
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} ago"


def milestone_views(assessment: Assessment) -> list[MilestoneView]:
    """The engine's milestones and the first-movement window, in date order.

    Reached milestones are ``past``; the first one not yet reached is ``now``; later ones ``next``.
    """
    as_of = assessment.as_of
    dated: list[tuple[dt.date, str, str, str, bool]] = []
    for m in assessment.milestones:
        when = f"{_fmt_date(m.date)} ({_relative(m.date, as_of)})"
        dated.append((m.date, m.title, when, m.detail, m.reached))
    window = assessment.first_movement_window
    if window is not None:
        when = f"between {_fmt_date(window.earliest)} and {_fmt_date(window.latest)}"
        detail = "The range of dates when the first small movements usually come back."
        dated.append((window.earliest, "First movement expected", when, detail, False))
    if assessment.overdue_since is not None:
        when = f"overdue since {_fmt_date(assessment.overdue_since)}"
        detail = (
            "No movement has been recorded by the latest usual date: a facial nerve specialist "
            "should see the patient urgently."
        )
        dated.append((as_of, "First movement overdue", when, detail, False))
    dated.sort(key=lambda row: row[0])
    views: list[MilestoneView] = []
    seen_now = False
    for _day, title, when, detail, reached in dated:
        if reached:
            state = "past"
        elif not seen_now:
            state, seen_now = "now", True
        else:
            state = "next"
        views.append(MilestoneView(title=title, when=when, detail=detail, state=state))
    return views


def next_milestone(assessment: Assessment) -> str:
    """The next thing to look out for, as one short phrase for the patient list."""
    if assessment.applicability.emergency:
        return "EMERGENCY: call the emergency services now"
    if assessment.red_flags:
        return "urgent assessment (red flags)"
    if assessment.overdue_since is not None:
        return f"first movement overdue since {_fmt_date(assessment.overdue_since)}"
    upcoming = [m for m in assessment.milestones if not m.reached]
    window = assessment.first_movement_window
    candidates: list[tuple[dt.date, str]] = [(m.date, m.title) for m in upcoming]
    if window is not None and window.latest >= assessment.as_of:
        candidates.append((max(window.earliest, assessment.as_of), "first movement expected"))
    if not candidates:
        return "all milestones passed"
    day, title = min(candidates, key=lambda c: c[0])
    return f"{title[0].lower()}{title[1:]} · {_fmt_date(day)}"


PHOTO_MEASURE_LABEL = "Smile: mouth corner excursion, affected side as % of the healthy side"
"""How the timeline names the photo trajectory's measure."""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _trajectory_rows(traj: Trajectory, measure: str, *, unit: str = "") -> list[tuple[str, str]]:
    """A trajectory's facts as (label, value) rows; ``unit`` follows its levels (``%``)."""
    rows: list[tuple[str, str]] = [("Measure", measure), ("Points", str(traj.points))]
    if traj.movement_began is not None:
        rows.append(("Movement began", _fmt_date(traj.movement_began)))
    if traj.rate_per_month is not None:
        points = " points" if unit else ""
        rows.append(("Recent change", f"{traj.rate_per_month:+.1f}{points} a month"))
    if traj.plateau_level is not None:
        when = f" by {_fmt_date(traj.plateau_date)}" if traj.plateau_date else ""
        rows.append(("Expected plateau", f"{traj.plateau_level:.0f}{unit}{when}"))
    rows.append(("Plateau reached", "yes" if traj.plateaued else "not yet"))
    return rows


def outlook_blocks(assessment: Assessment) -> list[ExtraBlock]:
    """The trajectory of the scores and the prognosis statements that apply, for the timeline."""
    blocks: list[ExtraBlock] = []
    traj = assessment.trajectory
    if traj is not None:
        measure = score_words(traj.score)  # "House-Brackmann grade", "eFACE total"
        rows = _trajectory_rows(traj, measure)
        blocks.append(ExtraBlock("Trajectory", rows=rows, lines=[(_sentence(traj.reason), "")]))
    photos = assessment.photo_trajectory
    if photos is not None:
        rows = _trajectory_rows(photos, PHOTO_MEASURE_LABEL, unit="%")
        graded = has_clinician_scores(assessment.scores)
        use = (
            "Not used for the phase: the clinician's gradings decide it."
            if graded
            else "Used for the phase, as there are no clinician gradings."
        )
        lines = [(_sentence(photos.reason), ""), (use, "")]
        blocks.append(ExtraBlock("Trajectory on smile photos", rows=rows, lines=lines))
    practice = assessment.practice_trajectory
    if practice is not None:
        rows = _trajectory_rows(practice, "Smile in live mirror sessions, % of healthy", unit="%")
        use = (
            "Not used for the phase: the clinician's gradings decide it."
            if has_clinician_scores(assessment.scores)
            else "Used for the phase with less weight than photos, as there are no gradings."
        )
        lines = [(_sentence(practice.reason), ""), (use, "")]
        blocks.append(ExtraBlock("Trajectory in live mirror sessions", rows=rows, lines=lines))
    if assessment.prognosis:
        lines = [(p.text, p.source) for p in assessment.prognosis]
        blocks.append(ExtraBlock("What published figures say about similar people", lines=lines))
    return blocks


def practice_summary(
    entries: Iterable[Any], as_of: dt.date, days: int = PRACTICE_WINDOW_DAYS
) -> PracticeSummary:
    """Days with practice and minutes in the last ``days`` days; the run up to the latest day."""
    start = as_of - dt.timedelta(days=days - 1)
    per_day: dict[dt.date, int] = {}
    for entry in entries:
        day: dt.date = entry.date
        if start <= day <= as_of:
            per_day[day] = per_day.get(day, 0) + int(entry.minutes)
    active = {d for d, minutes in per_day.items() if minutes > 0}
    streak = 0
    if active:
        cursor = max(active)
        while cursor in active:
            streak += 1
            cursor -= dt.timedelta(days=1)
    return PracticeSummary(
        days=days,
        active_days=len(active),
        minutes=sum(per_day.values()),
        streak=streak,
        today_minutes=per_day.get(as_of, 0),
    )


def red_flag_count(findings: Iterable[Finding]) -> int:
    """How many distinct red flags (every Finding member is one)."""
    return len(set(findings))


# How a measure's unit follows its number in the photo table (millimetres are the table's
# default and go unsaid; the unit itself comes from the vocabulary, never from the name).
_UNIT_SUFFIX: Mapping[MeasureUnit, str] = {
    MeasureUnit.MM: "",
    MeasureUnit.DEGREES: "°",
    MeasureUnit.MM2: " mm²",
}


def _num(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return f"{value:.1f}{unit}"
    return str(value)


def _warning_text(warning: Any) -> str:
    """A stored warning (a code, or ``{code, message}``) as a sentence with its advice."""
    if isinstance(warning, Mapping):
        return str(warning.get("message") or warning.get("code") or "")
    code = str(warning)
    try:
        known = QualityWarning(code)
    except ValueError:
        return words(code).capitalize()
    return f"{known.label}: {known.advice}."


def photo_view(measurements: Mapping[str, Any]) -> PhotoView:
    """Format the photo pipeline's JSON (issue 4 contract) for the measurement table."""
    measures = measurements.get("measures") or {}
    rows: list[MeasureRow] = []
    singles: list[tuple[str, str]] = []
    for name, value in measures.items():
        measure = measure_for(name)
        title = measure.label if measure is not None else words(name).capitalize()
        unit = _UNIT_SUFFIX[measure.unit] if measure is not None else ""
        if isinstance(value, Mapping) and "right" in value:
            rows.append(
                MeasureRow(
                    name=title,
                    right=_num(value.get("right"), unit),
                    left=_num(value.get("left"), unit),
                    difference=_num(value.get("difference"), unit),
                    percent=_num(value.get("percent"), "%"),
                )
            )
        elif isinstance(value, Mapping) and "value" in value:
            singles.append((title, _num(value.get("value"), unit)))
    warnings = [_warning_text(w) for w in measurements.get("warnings") or []]
    calibration = ""
    cal = measurements.get("calibration")
    if isinstance(cal, Mapping) and cal.get("mm_per_px"):
        method = "the iris diameter" if cal.get("method") == "iris" else "a given scale"
        calibration = f"Millimetres from {method} ({float(cal['mm_per_px']):.4f} mm per pixel)."
    return PhotoView(rows=rows, singles=singles, warnings=warnings, calibration=calibration)


def history_items(
    *,
    gradings: Iterable[Any],
    labs: Iterable[Any],
    complications: Iterable[Any],
    findings: Iterable[Any],
    photos: Iterable[Any],
) -> list[HistoryItem]:
    """Every entry of the episode as one line, newest first (undated labs last)."""
    items: list[HistoryItem] = []
    for g in gradings:
        detail = _grading_detail(g.scale, g.items)
        items.append(
            HistoryItem(g.date, f"Grading: {_scale_name(g.scale)}", detail, ("grading", g.id))
        )
    for lab in labs:
        items.append(
            HistoryItem(
                lab.date,
                f"Lab: {label(lab.analyte)}",
                f"{lab.comparator or ''}{lab.value:g} {lab.unit} "
                f"({label(lab.specimen).split(' (')[0].lower()})",
                ("lab", lab.id),
            )
        )
    for c in complications:
        items.append(
            HistoryItem(c.noted_on, "Complication", label(c.complication), ("complication", c.id))
        )
    for f in findings:
        items.append(HistoryItem(f.noted_on, "Red flag", label(f.finding), ("finding", f.id)))
    for p in photos:
        items.append(
            HistoryItem(p.taken_on, "Photo", f"{p.expression} photo measured", ("photo", p.id))
        )
    items.sort(key=lambda i: (i.date is not None, i.date or dt.date.min), reverse=True)
    return items


def history_page(items: list[HistoryItem], page: int) -> tuple[list[HistoryItem], bool]:
    """Page ``page`` of ``items`` (newest first, ties by newest entry) and whether older exist.

    ``items`` must hold, for each kind of entry, at least that kind's newest
    ``page * HISTORY_PAGE + 1`` entries: then the page is exactly that of the whole history.
    """
    ordered = sorted(
        items,
        key=lambda i: (i.date is not None, i.date or dt.date.min, i.entry[1] if i.entry else 0),
        reverse=True,
    )
    end = page * HISTORY_PAGE
    return ordered[end - HISTORY_PAGE : end], len(ordered) > end


def _short(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        return value
    return ""


_SCALE_NAMES = {
    "house_brackmann": "House-Brackmann",
    "sunnybrook": "Sunnybrook",
    "eface": "eFACE",
    "saq": "SAQ",
    "face": "FaCE",
}


def _scale_name(scale: str) -> str:
    return _SCALE_NAMES.get(scale, scale)


def _grading_detail(scale: str, items: Mapping[str, Any]) -> str:
    """The scale's own scores of a stored entry, e.g. ``composite 42 (voluntary 64, ...)``."""
    try:
        entry = parse_entry({"date": dt.date.min, "scale": scale, **items})
        scores = entry.score().model_dump(exclude_none=True)
    except BellpathError:
        scores = {}
    if scores:
        primary = entry.scale.primary_name
        rest = [f"{k} {_short(v)}" for k, v in scores.items() if k != primary and _short(v)]
        head = f"{primary} {_short(scores.get(primary))}"
        return head + (f" ({', '.join(rest)})" if rest else "")
    if "grade" in items:
        return f"grade {items['grade']}"
    if "composite" in items:
        return f"composite {items['composite']}"
    if "total" in items:
        return f"total {items['total']}"
    return "recorded"
