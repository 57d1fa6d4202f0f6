"""The assessment as a readable report: styled lines, printed with rich or as plain text.

Every coded value is worded by the vocabulary (:mod:`bellpath.vocab`): a phase or a kind of nerve
damage as its name with the person's words beside it, a red flag in the person's own words, a
vitamin advice by its name.
"""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.markup import escape

from bellpath.case import Assessment, NerveDamage, Phase, Priority
from bellpath.cli._outlook_text import outlook_lines

__all__ = ["render_plain", "render_rich", "report_lines"]

Line = tuple[str, str]  # (rich style or "", text)

_PRIORITY_STYLE = {
    Priority.EMERGENCY: "bold reverse red",
    Priority.URGENT: "bold red",
    Priority.HIGH: "bold yellow",
    Priority.ROUTINE: "",
}


def _phase_text(phase: Phase) -> str:
    """``regeneration (the nerve is regrowing)``; a phase whose words say it all stands alone."""
    if phase.patient == phase.words:
        return phase.words
    return f"{phase.words} ({phase.patient})"


def _damage_text(damage: NerveDamage) -> str:
    """``axonal (the nerve fibres themselves)``; an undetermined damage in the person's words."""
    if damage is NerveDamage.UNDETERMINED:
        return damage.patient
    return f"{damage.words} ({damage.patient})"


def report_lines(a: Assessment) -> list[Line]:
    """The report, red flags first, as (style, text) lines."""
    lines: list[Line] = []
    if a.applicability.emergency:
        return _emergency_lines(a)
    if a.red_flags:
        lines.append(("bold red", "WARNING SIGNS: get urgent medical assessment"))
        lines.extend(("red", f"  ! {f.patient}") for f in a.red_flags)
        lines.append(("", ""))
    lines.extend(_bells_lines(a))
    lines.append(("italic", a.disclaimer))
    return lines


def _action_lines(a: Assessment) -> list[Line]:
    lines: list[Line] = [("bold", "What to do now")]
    for i, action in enumerate(a.actions, 1):
        style = _PRIORITY_STYLE[action.priority]
        lines.append((style, f"{i}. [{action.priority.words}] {action.title}"))
        lines.append(("", f"   {action.reason}"))
        lines.append(("dim", f"   Source: {action.citation}"))
    lines.append(("", ""))
    return lines


def _emergency_lines(a: Assessment) -> list[Line]:
    """Suspected stroke: the call for help first, then nothing Bell's-specific."""
    lines: list[Line] = [
        ("bold reverse red", "EMERGENCY: call the emergency services now"),
        ("bold red", "These signs can mean a stroke:"),
    ]
    lines.extend(("red", f"  ! {f.patient}") for f in a.red_flags)
    lines.append(("", ""))
    lines.append(("", a.explanation))
    lines.append(("", ""))
    lines.extend(_action_lines(a))
    lines.append(("italic", a.disclaimer))
    return lines


def _bells_lines(a: Assessment) -> list[Line]:
    lines: list[Line] = []
    phase = _phase_text(a.phase)
    lines.append(
        (
            "bold",
            f"Phase: {phase}; day {a.days_since_onset} since onset, as of {a.as_of.isoformat()}",
        )
    )
    lines.append(("", f"Nerve damage: {_damage_text(a.nerve_damage)}"))
    if a.first_movement_window is not None:
        w = a.first_movement_window
        lines.append(
            ("", f"First movement expected: {w.earliest.isoformat()} to {w.latest.isoformat()}")
        )
    if a.overdue_since is not None:
        lines.append(("bold red", f"First movement overdue since {a.overdue_since.isoformat()}"))
    lines.append(("", ""))
    lines.append(("", a.explanation))
    lines.append(("", ""))
    if a.actions:
        lines.extend(_action_lines(a))
    lines.append(("bold", "Vitamins"))
    for name, reading in a.vitamins.items():
        advice = reading.advice.words
        lines.append(("", f"- {name.value.upper()}: {reading.status.words}, {advice}"))
        lines.append(("", f"   {reading.reason}"))
        if reading.citation:
            lines.append(("dim", f"   Source: {reading.citation}"))
    if a.reference_profile and a.vitamins:
        lines.append(("dim", f"   Reference profile: {a.reference_profile}"))
    lines.append(("", ""))
    if a.lab_readings:
        lines.append(("bold", "Lab results"))
        for r in a.lab_readings:
            when = r.date.isoformat() if r.date else "undated"
            bound = r.comparator or ""
            shown = f"{bound}{r.value:g} {r.unit}"
            if r.unit != r.canonical_unit:
                shown += f" (= {bound}{r.canonical_value:.4g} {r.canonical_unit})"
            used = "used" if r.counts else "not used"
            specimen = r.specimen.words
            lines.append(
                (
                    "" if r.counts else "dim",
                    f"- {r.analyte.words} {shown}, {specimen}, {when}: {r.status.words} ({used})",
                )
            )
        lines.append(("", ""))
    lines.extend(outlook_lines(a))  # scores, trajectory, prognosis (grading)
    if a.milestones:
        lines.append(("bold", "Dates to plan around"))
        for m in a.milestones:
            mark = "done" if m.reached else "    "
            lines.append(("dim" if m.reached else "", f"  {mark} {m.date.isoformat()}  {m.title}"))
        lines.append(("", ""))
    return lines


def render_plain(a: Assessment, width: int = 88) -> str:
    """Plain text wrapped to ``width`` columns, for pipes and files."""
    out: list[str] = []
    for _, text in report_lines(a):
        indent = " " * (len(text) - len(text.lstrip(" ")))
        out.append(
            textwrap.fill(text, width, subsequent_indent=indent, break_on_hyphens=False)
            if text
            else ""
        )
    return "\n".join(out) + "\n"


def render_rich(a: Assessment, console: Console) -> None:
    """Styled output for a terminal."""
    for style, text in report_lines(a):
        console.print(
            f"[{style}]{escape(text)}[/]" if style else escape(text),
            soft_wrap=False,
            highlight=False,
        )
