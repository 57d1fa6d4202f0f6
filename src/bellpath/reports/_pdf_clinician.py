"""The clinician report: red flags first, then identification, episode, phase and milestones,
actions with reasons and citations, scores, trajectory chart, labs, photo measurements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bellpath.case import Assessment, Case
from bellpath.guidance import RED_FLAG_TEXT
from bellpath.guidance.red_flags import RED_FLAG_CITATION
from bellpath.reports._pdf_content import (
    ReportInput,
    as_dicts,
    fmt_date,
    fmt_number,
    label,
)
from bellpath.reports._pdf_doc import ReportDocument

__all__ = ["clinician_report"]

_SIDES = ("right", "left", "difference", "percent")


def clinician_report(doc: ReportDocument, report: ReportInput) -> None:
    """Lay out every section of the clinician report into ``doc``."""
    case, assessment = report.case, report.assessment
    who = report.patient_name or report.patient_id or "unnamed patient"
    doc.title_block(
        "Bell's palsy: clinical summary",
        f"{who} · assessed as of {fmt_date(assessment.as_of)} · "
        f"report generated {fmt_date(report.generated or assessment.as_of)} by bellpath",
    )
    _red_flags(doc, assessment)
    _identification(doc, report)
    _episode(doc, case, assessment)
    _phase(doc, assessment)
    _actions(doc, assessment)
    _scores(doc, assessment)
    if report.chart is not None:
        doc.heading("Trajectory")
        doc.picture(report.chart.data, width=170, caption=report.chart.caption)
    _labs(doc, case, assessment)
    _photos(doc, case, report)
    doc.heading("Notes")
    doc.paragraph(assessment.explanation, size=9.5)
    doc.box("Disclaimer", [assessment.disclaimer], kind="note")


def _red_flags(doc: ReportDocument, assessment: Assessment) -> None:
    if assessment.red_flags:
        lines = [f"• {RED_FLAG_TEXT.get(f, label(f))}" for f in assessment.red_flags]
        lines.append(
            "These findings suggest the palsy may not be Bell's palsy: urgent medical assessment "
            f"is recommended before anything else. Source: {RED_FLAG_CITATION}."
        )
        doc.box(f"RED FLAGS ({len(assessment.red_flags)})", lines, kind="alert")
    else:
        doc.box(
            "Red flags: none recorded",
            [
                "No finding that points away from Bell's palsy has been recorded. Re-check at each "
                "visit (forehead sparing, bilateral or recurrent palsy, other neurology, vesicles, "
                "masses, ear discharge, gradual onset)."
            ],
            kind="calm",
        )


def _identification(doc: ReportDocument, report: ReportInput) -> None:
    doc.heading("Patient")
    case = report.case
    pairs = [
        ("Name", report.patient_name or "—"),
        ("Record", report.patient_id or "—"),
        ("Age", f"{case.age} years" if case.age is not None else "—"),
        ("Affected side", label(case.affected_side) if case.affected_side else "not recorded"),
    ]
    doc.key_values(pairs)


def _episode(doc: ReportDocument, case: Case, assessment: Assessment) -> None:
    doc.heading("Episode")
    supplements = ", ".join(
        f"{s.vitamin.value.upper()} {fmt_number(s.daily_mg)} mg/day" for s in case.supplements
    )
    pairs = [
        ("Onset", f"{fmt_date(case.onset)} (day {assessment.days_since_onset})"),
        ("Severity at worst", label(case.severity) if case.severity else "not recorded"),
        ("Eye closure", label(case.eye_closure) if case.eye_closure else "not recorded"),
        ("Steroids started", fmt_date(case.steroids_started)),
        ("First movement", fmt_date(case.first_movement)),
        ("Recovered", "yes" if case.recovered else "no"),
        ("Complications", ", ".join(label(c) for c in case.complications) or "none recorded"),
        ("B12 risk factors", ", ".join(label(r) for r in case.risk_factors) or "none recorded"),
        ("Supplements (reported)", supplements or "none recorded"),
    ]
    doc.key_values(pairs)


def _phase(doc: ReportDocument, assessment: Assessment) -> None:
    doc.heading("Phase and expected course")
    pairs = [
        ("Phase", label(assessment.phase)),
        ("Nerve damage", label(assessment.nerve_damage)),
    ]
    window = assessment.first_movement_window
    if window is not None:
        span = f"{fmt_date(window.earliest)} to {fmt_date(window.latest)}"
        pairs.append(("First movement window", span))
    if assessment.reference_profile:
        pairs.append(("Lab reference profile", assessment.reference_profile))
    doc.key_values(pairs)
    if assessment.milestones:
        rows = [
            [fmt_date(m.date), "reached" if m.reached else "ahead", m.title, m.detail]
            for m in assessment.milestones
        ]
        doc.grid(["Date", "Status", "Milestone", "What it means"], rows, widths=(22, 16, 50, 90))
        sources = sorted({part for m in assessment.milestones for part in m.citation.split("; ")})
        doc.muted("Sources: " + "; ".join(sources))


def _actions(doc: ReportDocument, assessment: Assessment) -> None:
    doc.heading("Actions to consider now")
    if not assessment.actions:
        doc.paragraph("No action is due from the recorded facts.")
        return
    for number, action in enumerate(assessment.actions, start=1):
        doc.paragraph(f"{number}. {action.title}  [{action.priority.value}]", size=10, style="B")
        doc.paragraph(action.reason, size=9.5)
        doc.muted(f"Source: {action.citation}")


def _scores(doc: ReportDocument, assessment: Assessment) -> None:
    scores = as_dicts(getattr(assessment, "scores", None))
    if not scores:
        return
    doc.heading("Grading scores")
    rows = []
    for entry in scores:
        values = {
            k: v for k, v in entry.items() if k not in {"date", "scale", "source"} and v is not None
        }
        text = ", ".join(f"{label(k)} {fmt_number(v)}" for k, v in _flat_scores(values))
        rows.append([str(entry.get("date", "—")), label(entry.get("scale", "")), text])
    doc.grid(["Date", "Scale", "Scores"], rows, widths=(24, 34, 120))


def _flat_scores(values: dict[str, Any]) -> list[tuple[str, Any]]:
    flat: list[tuple[str, Any]] = []
    for key, value in values.items():
        if isinstance(value, dict):
            flat.extend((f"{key} {k}", v) for k, v in value.items())
        elif not isinstance(value, list):
            flat.append((key, value))
    return flat


def _labs(doc: ReportDocument, case: Case, assessment: Assessment) -> None:
    doc.heading("Laboratory results and interpretation")
    if case.labs:
        rows = [
            [
                fmt_date(lab.date),
                label(lab.analyte),
                fmt_number(lab.value, 2),
                lab.unit,
                label(lab.specimen),
            ]
            for lab in sorted(case.labs, key=lambda lab: lab.date or dt.date.max)
        ]
        doc.grid(
            ["Date", "Analyte", "Value", "Unit", "Specimen"], rows, widths=(26, 40, 30, 30, 52)
        )
    else:
        doc.paragraph("No laboratory results recorded.", size=9.5)
    for vitamin, reading in assessment.vitamins.items():
        doc.paragraph(
            f"Vitamin {vitamin.value.upper()}: {label(reading.status)} — {label(reading.advice)}",
            size=10,
            style="B",
        )
        doc.paragraph(reading.reason, size=9.5)
        citation = getattr(reading, "citation", "")
        if citation:
            doc.muted(f"Source: {citation}")


def _photos(doc: ReportDocument, case: Case, report: ReportInput) -> None:
    entries = case.model_dump(mode="json").get("photo_measures") or []
    if not entries and not report.photos:
        return
    doc.heading("Photo measurements")
    for photo in report.photos[:2]:
        doc.picture(photo.data, width=90, caption=photo.caption)
    for entry in entries:
        title = f"{entry.get('date')} · {label(entry.get('expression') or 'photo')}"
        if entry.get("file_name"):
            title += f" · {entry['file_name']}"
        doc.paragraph(title, size=10, style="B")
        rows = []
        for name, sides in (entry.get("measures") or {}).items():
            if not isinstance(sides, dict):
                continue
            if "value" in sides and not set(sides) & {"right", "left"}:
                rows.append([label(name), "", "", fmt_number(sides["value"], 2), ""])
            else:
                rows.append([label(name), *[fmt_number(sides.get(k), 1) for k in _SIDES]])
        if rows:
            doc.grid(
                ["Measure", "Right", "Left", "Difference", "% of healthy side"],
                rows,
                widths=(58, 28, 28, 30, 34),
            )
        calibration = entry.get("calibration") or {}
        notes = [f"Scale from {calibration.get('method', '?')} calibration"]
        notes.extend(entry.get("warnings") or [])
        doc.muted("; ".join(notes) + ". Lengths in mm, angles in degrees.")
