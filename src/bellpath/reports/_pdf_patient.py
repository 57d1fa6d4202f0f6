"""The patient report: plain, kind words; warning signs first; no numbers a person must decode."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bellpath import clock
from bellpath.case import Assessment, Phase, Priority, VitaminAdvice
from bellpath.explain import PHASE_TEXT
from bellpath.reports._pdf_content import ReportInput, fmt_date
from bellpath.reports._pdf_doc import ReportDocument

__all__ = ["PHASE_HEADLINE", "patient_report"]

PHASE_HEADLINE: Mapping[Phase, str] = MappingProxyType(
    {
        Phase.ACUTE: "The first days",
        Phase.EARLY: "The window for a quick recovery",
        Phase.REGENERATION: "Your nerve is regrowing",
        Phase.RECOVERING: "Movement is coming back",
        Phase.PLATEAU: "Improvement has levelled off",
        Phase.RECOVERED: "Your face moves normally again",
    }
)
"""A short headline for each phase, in our own words."""

_ENCOURAGEMENT: Mapping[Phase, str] = MappingProxyType(
    {
        Phase.ACUTE: "Most people with Bell's palsy get better. Look after your eye, rest, and "
        "keep in touch with your doctor over the next days.",
        Phase.EARLY: "Many people see the first small changes in these weeks. Small twitches "
        "count: note them down and tell your care team.",
        Phase.REGENERATION: "Waiting is hard, but a slow start is expected when the nerve has to "
        "regrow. The nerve keeps growing even when you cannot see it yet.",
        Phase.RECOVERING: "Keep going with the exercises you were shown. Gentle, regular practice "
        "helps the face move more evenly.",
        Phase.PLATEAU: "Daily guided exercises can still improve how evenly your face moves and "
        "can ease tightness or unwanted movements.",
        Phase.RECOVERED: "Well done on your recovery. If anything changes, talk to your doctor.",
    }
)

_WHEN: Mapping[Priority, str] = MappingProxyType(
    {
        Priority.EMERGENCY: " (now)",
        Priority.URGENT: " (today)",
        Priority.HIGH: " (soon)",
        Priority.ROUTINE: "",
    }
)

_VITAMIN_WORDS: Mapping[VitaminAdvice, str] = MappingProxyType(
    {a: a.patient for a in VitaminAdvice}
)


def patient_report(doc: ReportDocument, report: ReportInput) -> None:
    """Lay out the patient report into ``doc``."""
    assessment = report.assessment
    greeting = f"For {report.patient_name}" if report.patient_name else "Your summary"
    if assessment.applicability.emergency:
        _emergency(doc, assessment, greeting)
        return
    doc.title_block(
        "Your Bell's palsy recovery",
        f"{greeting} · as of {fmt_date(assessment.as_of)} · "
        f"made on {fmt_date(report.generated or clock.today())} with bellpath",
    )
    _warning_signs(doc, assessment)
    phase = assessment.phase
    doc.heading(f"Where you are now: {PHASE_HEADLINE[phase]}")
    days = assessment.days_since_onset
    doc.paragraph(
        f"It is {days} day{'' if days == 1 else 's'} since your palsy began "
        f"({fmt_date(report.case.onset)}).",
    )
    doc.paragraph(PHASE_TEXT[phase])
    if not assessment.red_flags:  # nothing cheerful while a warning sign waits for a doctor
        doc.box("A word of encouragement", [_ENCOURAGEMENT[phase]], kind="calm")
    _dates(doc, assessment)
    _to_discuss(doc, assessment)
    if report.chart is not None:
        chart = report.chart
        doc.figure(
            "Your recovery on a timeline",
            chart.data,
            width=165,
            caption=chart.caption,
            max_height=90,
        )
    _outlook(doc, assessment)
    _vitamins(doc, assessment)
    doc.heading("Please remember")
    doc.paragraph(
        "This summary helps you and your care team talk about your recovery. It is not a "
        "diagnosis and it never tells you how much of a medicine to take: your doctor or "
        "pharmacist decides that with you."
    )
    doc.box("Important", [assessment.disclaimer], kind="note")


def _emergency(doc: ReportDocument, assessment: Assessment, greeting: str) -> None:
    """Suspected stroke: the call for help first, then nothing Bell's-specific."""
    doc.title_block(
        "Call the emergency services now",
        f"{greeting} · as of {fmt_date(assessment.as_of)} · made with bellpath",
    )
    lines = [f"• {flag.patient}" for flag in assessment.red_flags]
    lines.append(
        "Weakness of the face together with these signs can be a stroke. Call the emergency "
        "services now (999 in the UK, 112 in Europe, 911 in North America). Do not wait and do "
        "not drive yourself."
    )
    doc.box("EMERGENCY", lines, kind="alert")
    _to_discuss(doc, assessment)
    doc.box("Important", [assessment.disclaimer], kind="note")


def _warning_signs(doc: ReportDocument, assessment: Assessment) -> None:
    if not assessment.red_flags:
        return
    lines = [f"• {flag.patient}" for flag in assessment.red_flags]
    lines.append(
        "Signs like these can mean the weakness has another cause that needs a doctor to look "
        "at you soon. Please contact your doctor today, or emergency services if you feel "
        "unwell."
    )
    doc.box("Please read this first", lines, kind="alert")


def _dates(doc: ReportDocument, assessment: Assessment) -> None:
    window = assessment.first_movement_window
    upcoming = [m for m in assessment.milestones if not m.reached]
    overdue = assessment.overdue_since
    if window is None and not upcoming and overdue is None:
        return
    doc.heading("Dates to keep in mind")
    items = []
    if overdue is not None:
        items.append(
            f"The first movements usually come by {fmt_date(overdue)}, and none is recorded yet. "
            "Please see a facial nerve specialist soon."
        )
    if window is not None:
        items.append(
            f"The first movements are most likely between {fmt_date(window.earliest)} and "
            f"{fmt_date(window.latest)}."
        )
    items.extend(f"{fmt_date(m.date)}: {m.title}. {m.detail}" for m in upcoming[:4])
    doc.bullets(items)


def _to_discuss(doc: ReportDocument, assessment: Assessment) -> None:
    doc.heading("Things to talk about with your care team")
    if not assessment.actions:
        doc.paragraph("Nothing new right now. Keep your usual appointments.")
        return
    for action in assessment.actions:
        doc.paragraph(f"{action.title}{_WHEN[action.priority]}", style="B")
        doc.paragraph(action.reason, size=9.5)
        doc.muted(f"Why we say this: {action.citation}")


def _outlook(doc: ReportDocument, assessment: Assessment) -> None:
    if not assessment.prognosis:
        return
    doc.heading("What usually happens")
    doc.paragraph(
        "These figures come from studies of many people. They describe groups, not you: your "
        "own recovery can be better or slower, and your care team knows you best.",
        size=9.5,
    )
    for statement in assessment.prognosis[:4]:
        doc.paragraph(statement.text, size=9.5)
        doc.muted(f"From: {statement.source}")


def _vitamins(doc: ReportDocument, assessment: Assessment) -> None:
    doc.heading("About vitamins B12, B1 and B6")
    doc.paragraph(
        "A shortage of these vitamins can slow the nerve down. A supplement only helps when a "
        "blood test shows a shortage; it cannot make the nerve grow faster than its natural pace.",
        size=9.5,
    )
    doc.bullets(
        [
            f"Vitamin {vitamin.value.upper()}: {_VITAMIN_WORDS[reading.advice]}."
            for vitamin, reading in assessment.vitamins.items()
        ],
        size=9.5,
    )
