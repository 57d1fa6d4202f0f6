"""Weekly practice progress in words: plain and kind for the person, compact for the clinician.

The numbers come from :mod:`bellpath.recovery.practice_weeks`; this module only words them. A
ratio is said as a percentage ("moved 62% as far as the other side"); a change smaller than
:data:`SAME_RATIO_WITHIN` is "about the same", so the noise of a live camera is not read as
progress or loss.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from bellpath.recovery.practice_weeks import MovementChange, PracticeWeek, movement_change
from bellpath.vocab import Expression

__all__ = [
    "MOVEMENT_WORDS",
    "SAME_RATIO_WITHIN",
    "clinician_practice_lines",
    "patient_progress_words",
]

SAME_RATIO_WITHIN = 0.05
"""A change of the weekly median ratio within which the words say "about the same" [check].

Project default: half the noise of one session's ratio
(:data:`bellpath.recovery.practice_evidence.SESSION_RATIO_NOISE`, 10 points), as a week's median
of several sessions is steadier than one session.
"""

MOVEMENT_WORDS: Mapping[Expression, str] = MappingProxyType(
    {
        Expression.REST: "your face at rest",
        Expression.BROW_RAISE: "your eyebrow lift",
        Expression.GENTLE_CLOSURE: "your gentle eye closing",
        Expression.TIGHT_CLOSURE: "your tight eye closing",
        Expression.SMILE: "your smile",
        Expression.SNARL: "your nose wrinkle",
        Expression.PUCKER: "your pucker",
        Expression.EEE: "your 'eee'",
    }
)
"""How the person's own movement is named in their progress words."""

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _weeks_ago(n: int) -> str:
    if n == 1:
        return "last week"
    return f"{_NUMBERS[n] if n < len(_NUMBERS) else n} weeks ago"


def _percent(ratio: float) -> str:
    return f"{round(ratio * 100)}%"


def _movement_sentence(change: MovementChange, weeks: Sequence[PracticeWeek]) -> str:
    what = MOVEMENT_WORDS[change.movement]
    latest = weeks.index(change.latest_week)
    when = "this week" if latest == len(weeks) - 1 else _weeks_ago(len(weeks) - 1 - latest)
    said = (
        f"{what[0].upper()}{what[1:]} on the weaker side moved {_percent(change.latest_ratio)} "
        f"as far as the other side {when}"
    )
    if change.first_week is change.latest_week:
        return said + "."
    ago = _weeks_ago(len(weeks) - 1 - weeks.index(change.first_week))
    before = _percent(change.first_ratio)
    if change.change >= SAME_RATIO_WITHIN:
        return f"{said}, up from {before} {ago}."
    if change.change <= -SAME_RATIO_WITHIN:
        return (
            f"{said}, a little less than the {before} of {ago}. Ups and downs from week to "
            "week are common; tell your therapist if it keeps going down."
        )
    return f"{said}, about the same as {ago} ({before})."


def patient_progress_words(weeks: Sequence[PracticeWeek]) -> list[str]:
    """Plain, kind sentences about the person's practice: this week, then each movement.

    ``weeks`` oldest first, the last one being this week (:func:`practice_weeks`). The streak is
    shown beside them by the page ("Days in a row"), not repeated here.
    """
    if not weeks:
        return []
    this_week = weeks[-1]
    if not any(w.days_practised for w in weeks):
        return [
            f"No practice is recorded in the last {len(weeks)} weeks. When you are ready, your "
            "exercises are listed on this page; a few easy minutes count."
        ]
    days = this_week.days_practised
    lines = [
        f"This week you practised on {days} of 7 days."
        if days
        else "You have not practised yet this week; a few easy minutes count."
    ]
    lines.extend(_movement_sentence(c, weeks) for c in movement_change(weeks))
    return lines


def clinician_practice_lines(weeks: Sequence[PracticeWeek]) -> list[str]:
    """Adherence per week and the measured change per movement, in a clinician's words."""
    if not weeks:
        return []
    adherence = ", ".join(f"{w.days_practised}/7" for w in weeks)
    sessions = sum(w.sessions for w in weeks)
    minutes = sum(w.minutes for w in weeks)
    lines = [
        f"Adherence, days practised per week over the last {len(weeks)} weeks (oldest first): "
        f"{adherence}; {sessions} mirror sessions, {minutes:.0f} min."
    ]
    for change in movement_change(weeks):
        line = (
            f"{change.movement.value}: weekly median affected/healthy ratio "
            f"{change.first_ratio:.2f} (week from {change.first_week.start.isoformat()}) -> "
            f"{change.latest_ratio:.2f} (week from {change.latest_week.start.isoformat()})"
        )
        if change.first_narrowing is not None or change.latest_narrowing is not None:
            first = "-" if change.first_narrowing is None else f"{change.first_narrowing:.0f}%"
            latest = "-" if change.latest_narrowing is None else f"{change.latest_narrowing:.0f}%"
            line += f"; eye narrowing {first} -> {latest}"
        lines.append(line + ".")
    return lines
