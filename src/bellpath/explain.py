"""A short, plain-language account of where the person is in recovery and why (our own words)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from bellpath.case import (
    Applicability,
    Case,
    DateWindow,
    Milestone,
    NerveDamage,
    Phase,
    Severity,
    VitaminName,
    VitaminReading,
    VitaminStatus,
)

__all__ = ["PHASE_TEXT", "explain"]

PHASE_TEXT: Mapping[Phase, str] = {
    Phase.ACUTE: "You are in the first few days. The weakness can still change over the first 72 "
    "hours; this is the time when steroid treatment helps most.",
    Phase.EARLY: "You are in the quick-recovery window. When only the nerve's insulation "
    "(myelin) is "
    "hurt, movement usually returns within 2 to 4 weeks, most often fully.",
    Phase.REGENERATION: "No movement has returned after 4 weeks, so the nerve fibres "
    "themselves are "
    "most likely regrowing. They grow at most about 1 mm a day over roughly 90-100 mm, so the "
    "first "
    "movements usually appear around 3 months; nothing can speed the nerve past that pace.",
    Phase.RECOVERING: "Movement has returned: the nerve is reconnecting to the muscles. "
    "Improvement "
    "usually continues for months, slowing from about 5-6 months.",
    Phase.PLATEAU: "Recovery has reached a plateau: changes from here are small. The focus "
    "moves to "
    "the quality of movement and to complications such as synkinesis, which respond to daily "
    "guided exercises rather than to vitamins or medicines.",
    Phase.RECOVERED: "Normal function is back.",
}

_DAMAGE_TEXT: Mapping[NerveDamage, str] = {
    NerveDamage.MYELIN: "Movement came back within 4 weeks, which points to damage of the nerve's "
    "insulation only; recovery is usually full.",
    NerveDamage.AXONAL: "Because movement was not back within 4 weeks, the nerve fibres themselves "
    "were damaged and had to regrow; such recoveries take months and complications are more "
    "likely.",
    NerveDamage.UNDETERMINED: "",
}


def _window_text(window: DateWindow) -> str:
    return (
        f"First movement can be expected between {window.earliest.isoformat()} and "
        f"{window.latest.isoformat()}."
    )


def explain(
    case: Case,
    phase: Phase,
    damage: NerveDamage,
    window: DateWindow | None,
    vitamins: Mapping[VitaminName, VitaminReading],
    *,
    has_red_flags: bool,
    upcoming: Milestone | None = None,
    scope: Applicability | None = None,
    overdue_since: dt.date | None = None,
) -> str:
    """A few sentences: red flags first, then the phase, what it means, and the dates ahead.

    In an emergency only the call for help is said; while another cause is suspected the Bell's
    palsy stages and dates are left out (``scope``, see :mod:`bellpath.applicability`).
    """
    scope = scope or Applicability()
    days = case.days_since_onset
    since = f"It is {days} day{'s' if days != 1 else ''} since the weakness began."
    if scope.emergency:
        return " ".join([*scope.notes, since])
    parts: list[str] = []
    if has_red_flags:
        parts.append(
            "Some of what you noted can mean this is not Bell's palsy: please get urgent medical "
            "assessment before relying on anything below."
        )
    parts.extend(scope.notes)
    parts.append(since)
    if not scope.bells_timelines:
        return " ".join(parts)
    if overdue_since is not None:
        parts.append(
            f"No movement has been recorded, and first movement is overdue since "
            f"{overdue_since.isoformat()}: by then it has nearly always begun. This needs an "
            "urgent check by a facial nerve specialist for another cause; the usual recovery "
            "dates no longer apply."
        )
    else:
        parts.append(PHASE_TEXT[phase])
    if (
        phase is Phase.REGENERATION
        and case.severity is Severity.INCOMPLETE
        and case.first_movement is None
    ):
        parts.append(
            "With an incomplete palsy some movement never went away: if it has started to get "
            "better, record that date as the first movement."
        )
    if _DAMAGE_TEXT[damage] and phase is Phase.RECOVERING:
        parts.append(_DAMAGE_TEXT[damage])
    if window is not None:
        parts.append(_window_text(window))
        deficient = [
            name.value.upper()
            for name, reading in vitamins.items()
            if reading.status is VitaminStatus.DEFICIENT
        ]
        if deficient:
            parts.append(
                f"A shortage of {', '.join(deficient)} can make regrowth slower than this; how "
                f"much "
                "slower is not known, so the dates are not shifted."
            )
    moved = phase in (Phase.RECOVERING, Phase.PLATEAU)
    if case.complications and phase is not Phase.PLATEAU and moved:
        parts.append(
            "The complications you noted come from the long recovery itself; daily guided "
            "exercises help them, vitamins and medicines do not."
        )
    elif case.complications and not moved and phase is not Phase.RECOVERED:
        parts.append(
            "Pain around the ear, a change in taste or sensitivity to sound in the first weeks "
            "are part of the palsy itself (about half of people have pain near the ear), not late "
            "complications; tell your doctor about them, and they usually settle as the nerve "
            "recovers."
        )
    if upcoming is not None and phase not in (Phase.RECOVERED, Phase.PLATEAU) and not overdue_since:
        parts.append(f"Next date to note: {upcoming.title.lower()} on {upcoming.date.isoformat()}.")
    return " ".join(parts)
