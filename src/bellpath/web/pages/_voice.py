"""One voice per reader: the clinician's summary in the third person, the patient's in plain words.

The engine's explanation (:func:`bellpath.explain.explain`) speaks to the patient ("you"); the
clinician's timeline instead gets :func:`clinical_summary`, built from the same assessment in
clinical terms. The patient's home gets :func:`progress_words` ("your face moves about twice as
well as in March") and :func:`home_milestones` (the last date passed and the next one, not every
past one). Chart text alternatives (:func:`chart_alt`) say what a chart shows, in numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bellpath.case import Assessment, Complication, Phase, VitaminStatus
from bellpath.dates import format_day
from bellpath.grading.entries import Scale, ScoredEntry
from bellpath.web.pages._labels import label
from bellpath.web.pages._views import MilestoneView

__all__ = [
    "HomeMilestones",
    "chart_alt",
    "clinical_summary",
    "home_milestones",
    "progress_words",
]

PROGRESS_SCALES = (Scale.SUNNYBROOK, Scale.EFACE, Scale.HOUSE_BRACKMANN)
"""Clinician gradings that say how the face moves, in the order the patient's progress uses them."""

SAME_WITHIN = 5.0
"""Points on a 0-100 score within which two gradings are called "about the same" (the inter-rater
spread of the Sunnybrook composite is of this order; see docs/grading.md)."""

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


def clinical_summary(assessment: Assessment, *, complications: Sequence[Complication]) -> str:
    """Where the case stands, for the clinician: the patient in the third person, clinical terms."""
    if assessment.applicability.emergency:
        flags = ", ".join(label(f).lower() for f in assessment.red_flags)
        return (
            f"Suspected stroke ({flags}): arrange emergency admission now. Bell's palsy staging "
            "and timelines do not apply."
        )
    days = assessment.days_since_onset
    parts = [
        f"Day {days} since onset; phase: {label(assessment.phase).lower()}; "
        f"nerve damage: {label(assessment.nerve_damage).lower()}."
    ]
    if assessment.red_flags:
        flags = ", ".join(label(f).lower() for f in assessment.red_flags)
        parts.insert(0, f"Red flags recorded ({flags}): assess urgently before other guidance.")
    scope = assessment.applicability
    if scope.withheld_by:
        names = ", ".join(label(f).lower() for f in scope.withheld_by)
        parts.append(
            f"Because of {names}, Bell's palsy recovery dates and study figures are not shown "
            "until a doctor has checked it."
        )
    for excl in scope.excluded:
        who = f" by {excl.by}" if excl.by else ""
        parts.append(
            f"The other cause suggested by {excl.finding.value.replace('_', ' ')} was excluded "
            f"on {format_day(excl.date)}{who}: Bell's palsy information is shown again."
        )
    window = assessment.first_movement_window
    if window is not None and assessment.phase in (Phase.ACUTE, Phase.EARLY, Phase.REGENERATION):
        if window.latest < assessment.as_of:
            parts.append(
                f"No movement recorded by {format_day(window.latest)}, the latest expected date "
                "for first movement: specialist review is indicated."
            )
        else:
            parts.append(
                f"First movement expected between {format_day(window.earliest)} and "
                f"{format_day(window.latest)}."
            )
    deficient = [
        label(name)
        for name, reading in assessment.vitamins.items()
        if reading.status is VitaminStatus.DEFICIENT
    ]
    if deficient:
        parts.append(
            f"Deficient: {', '.join(deficient)}; regrowth may be slower by an unknown amount "
            "(dates not shifted)."
        )
    if complications:
        names = ", ".join(label(c).lower() for c in complications)
        parts.append(f"Late complications recorded: {names}.")
    upcoming = [m for m in assessment.milestones if not m.reached]
    if upcoming and assessment.phase not in (Phase.PLATEAU, Phase.RECOVERED):
        nxt = min(upcoming, key=lambda m: m.date)
        parts.append(f"Next milestone: {nxt.title.lower()}, {format_day(nxt.date)}.")
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class HomeMilestones:
    """What the patient's home shows of the dates: the last passed, the next, and the later ones."""

    last_passed: MilestoneView | None
    next: MilestoneView | None
    later: list[MilestoneView]


def home_milestones(milestones: Sequence[MilestoneView]) -> HomeMilestones:
    """The last milestone passed and the next one (past ones before the last are left out)."""
    past = [m for m in milestones if m.state == "past"]
    ahead = [m for m in milestones if m.state != "past"]
    return HomeMilestones(
        last_passed=past[-1] if past else None,
        next=ahead[0] if ahead else None,
        later=ahead[1:],
    )


def _times(ratio: float) -> str:
    if ratio < 1.75:
        return "about one and a half times"
    if ratio < 2.5:
        return "about twice"
    return f"about {round(ratio)} times"


def _month(entry: ScoredEntry) -> str:
    return entry.date.strftime("%B %Y")


def _series(scores: Sequence[ScoredEntry], scale: Scale) -> list[ScoredEntry]:
    return sorted((s for s in scores if s.scale is scale), key=lambda s: s.date)


def progress_words(assessment: Assessment) -> str | None:
    """The patient's progress in one plain sentence, from the clinician's gradings (or None)."""
    for scale in PROGRESS_SCALES:
        series = _series(assessment.scores, scale)
        if len(series) >= 2:
            return _progress(scale, series[0], series[-1])
    return None


def _progress(scale: Scale, first: ScoredEntry, last: ScoredEntry) -> str:
    since = _month(first)
    if scale is Scale.HOUSE_BRACKMANN:
        was = _ROMAN.get(round(first.primary), "?")
        grade = _ROMAN.get(round(last.primary), "?")
        if last.primary < first.primary:
            return (
                f"Your face moves better than in {since}: your grade went from {was} to {grade} "
                "(I is normal movement)."
            )
        return f"Your grade is {grade}, as in {since} ({was} then; I is normal movement)."
    then, now = first.primary, last.primary
    numbers = f"({then:.0f} then, {now:.0f} now, out of 100)"
    if abs(now - then) <= SAME_WITHIN:
        return (
            f"Your face moves about as it did in {since} {numbers}. Changes at this stage are "
            "slow and can take months to show."
        )
    if now < then:
        return (
            f"Your score is lower than in {since} {numbers}. Your clinician will look at this "
            "with you."
        )
    if then <= 0:
        return f"Your face has gone from no measurable movement in {since} to {now:.0f} of 100."
    return f"Your face moves {_times(now / then)} as well as in {since} {numbers}."


def chart_alt(scale: Scale, assessment: Assessment) -> str:
    """What a scale's chart shows, in words and numbers (its text alternative)."""
    series = _series(assessment.scores, scale)
    name = f"{scale.label} ({scale.primary_name})"
    if not series:
        return f"Chart of the {name}: no scores yet."
    first, last = series[0], series[-1]
    text = (
        f"Chart of the {name} over time: {len(series)} score{'s' if len(series) != 1 else ''} "
        f"from {format_day(first.date)} ({first.primary:.0f}) to {format_day(last.date)} "
        f"({last.primary:.0f}), recovery phases shaded."
    )
    traj = assessment.trajectory
    if traj is not None and traj.score.startswith(scale.value) and traj.plateau_level is not None:
        by = f" by {format_day(traj.plateau_date)}" if traj.plateau_date else ""
        text += f" Expected plateau about {traj.plateau_level:.0f}{by}."
    return text
