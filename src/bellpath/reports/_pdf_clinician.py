"""The clinician report: red flags first, then identification, episode, phase and milestones,
actions with reasons and citations, scores, trajectory chart, the smile photos' trajectory, labs,
photo measurements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bellpath import citations, clock
from bellpath.case import Assessment, Case
from bellpath.grading.entries import ScoredEntry
from bellpath.guidance.red_flags import RED_FLAG_CITATION
from bellpath.outlook import Trajectory
from bellpath.recovery.photo_trajectory import has_clinician_scores
from bellpath.reports._pdf_content import (
    ReportInput,
    fmt_date,
    fmt_number,
    label,
)
from bellpath.reports._pdf_doc import ReportDocument
from bellpath.reports._pdf_practice import practice_section
from bellpath.vocab import measure_for, score_words
from bellpath.vocab.measures import units_note

__all__ = ["clinician_report"]

_SIDES = ("right", "left", "difference", "percent")
MAX_SCORE_ROWS = 15
"""Grading entries listed one by one; beyond this a summary per scale comes first."""
MAX_LAB_ROWS = 20
"""Laboratory results listed (the most recent); the count of older ones is stated."""
MAX_PHOTO_ENTRIES = 3
"""Photo measurement tables shown (the most recent); the count of older ones is stated."""


def clinician_report(doc: ReportDocument, report: ReportInput) -> None:
    """Lay out every section of the clinician report into ``doc``."""
    case, assessment = report.case, report.assessment
    who = report.patient_name or report.patient_id or "unnamed patient"
    if assessment.applicability.emergency:
        _emergency(doc, report, who)
        return
    doc.title_block(
        "Bell's palsy: clinical summary",
        f"{who} · assessment as of {fmt_date(assessment.as_of)} · "
        f"report generated {fmt_date(report.generated or clock.today())} by bellpath",
    )
    _red_flags(doc, assessment)
    _identification(doc, report)
    _episode(doc, case, assessment)
    _phase(doc, assessment)
    _actions(doc, assessment)
    _scores(doc, assessment)
    _trajectory(doc, report)
    _photo_trajectory(doc, assessment)
    practice_section(doc, case, assessment)
    _prognosis(doc, assessment)
    _labs(doc, case, assessment)
    _photos(doc, case, report)
    _videos(doc, case)
    doc.heading("Notes")
    doc.paragraph(assessment.explanation, size=9.5)
    doc.box("Disclaimer", [assessment.disclaimer], kind="note")


def _emergency(doc: ReportDocument, report: ReportInput, who: str) -> None:
    """Suspected stroke: the emergency first, then nothing Bell's-specific."""
    assessment = report.assessment
    doc.title_block(
        "EMERGENCY: suspected stroke",
        f"{who} · assessed as of {fmt_date(assessment.as_of)} · "
        f"report generated {fmt_date(report.generated or assessment.as_of)} by bellpath",
    )
    lines = [f"• {f.patient}" for f in assessment.red_flags]
    lines.append(
        "Call the emergency services now. Facial weakness with these findings is FAST positive: "
        "immediate emergency admission. Bell's palsy guidance does not apply. "
        f"Source: {citations.NICE_NG128}."
    )
    doc.box("CALL THE EMERGENCY SERVICES NOW", lines, kind="alert")
    _identification(doc, report)
    _actions(doc, assessment)
    doc.heading("Notes")
    doc.paragraph(assessment.explanation, size=9.5)
    doc.box("Disclaimer", [assessment.disclaimer], kind="note")


def _red_flags(doc: ReportDocument, assessment: Assessment) -> None:
    if assessment.red_flags:
        lines = [f"• {f.patient}" for f in assessment.red_flags]
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
    if assessment.overdue_since is not None:
        pairs.append(
            (
                "First movement",
                f"overdue since {fmt_date(assessment.overdue_since)}: refer urgently",
            )
        )
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
        doc.paragraph(f"{number}. {action.title}  [{action.priority.words}]", size=10, style="B")
        doc.paragraph(action.reason, size=9.5)
        doc.muted(f"Source: {action.citation}")


def _scores(doc: ReportDocument, assessment: Assessment) -> None:
    if not assessment.scores:
        return
    doc.heading("Grading scores")
    by_scale: dict[str, list[ScoredEntry]] = {}
    for entry in assessment.scores:
        by_scale.setdefault(entry.scale.label, []).append(entry)
    if len(assessment.scores) > MAX_SCORE_ROWS:
        summary = []
        for scale, entries in by_scale.items():
            mains = [e.primary for e in entries]
            summary.append(
                [
                    scale,
                    str(len(entries)),
                    f"{fmt_date(entries[0].date)} to {fmt_date(entries[-1].date)}",
                    f"{fmt_number(min(mains))} to {fmt_number(max(mains))}",
                    fmt_number(entries[-1].primary),
                ]
            )
        header = ["Scale", "Entries", "Dates", "Main score range", "Latest"]
        doc.grid(header, summary, widths=(34, 18, 58, 40, 28))
        doc.muted(f"The {MAX_SCORE_ROWS} most recent entries follow; the chart shows them all.")
    rows = []
    for entry in assessment.scores[-MAX_SCORE_ROWS:]:
        details = entry.scores.model_dump(mode="json")
        text = ", ".join(f"{label(k)} {fmt_number(v)}" for k, v in _flat_scores(details))
        rows.append([fmt_date(entry.date), entry.scale.label, fmt_number(entry.primary), text])
    doc.grid(["Date", "Scale", "Main", "Scores"], rows, widths=(24, 32, 16, 106))


def _flat_scores(values: dict[str, Any]) -> list[tuple[str, Any]]:
    flat: list[tuple[str, Any]] = []
    for key, value in values.items():
        if isinstance(value, dict):
            flat.extend((k, v) for k, v in value.items() if v is not None)
        elif value is not None and not isinstance(value, list | bool):
            flat.append((key, value))
    return flat


def _trajectory(doc: ReportDocument, report: ReportInput) -> None:
    traj = report.assessment.trajectory
    if traj is None and report.chart is None:
        return
    if report.chart is not None:
        chart = report.chart
        doc.figure("Trajectory", chart.data, width=172, caption=chart.caption, max_height=95)
    else:
        doc.heading("Trajectory")
    if traj is None:
        return
    doc.key_values(_trajectory_pairs(traj, score_words(traj.score)))


def _trajectory_pairs(traj: Trajectory, measure: str, unit: str = "") -> list[tuple[str, str]]:
    points = " percentage points" if unit else ""  # a rate of a percentage is in points
    rate = f"{fmt_number(traj.rate_per_month)}{points} per month" if traj.rate_per_month else "—"
    return [
        ("Measure", measure),
        ("Status", f"{label(traj.status)}: {traj.reason}"),
        ("Points", f"{traj.points} ({fmt_date(traj.first_date)} to {fmt_date(traj.last_date)})"),
        ("Movement began", fmt_date(traj.movement_began)),
        ("Rate", rate),
        ("Plateau", _plateau(traj.plateau_level, traj.plateau_date, traj.plateaued, unit)),
    ]


def _photo_trajectory(doc: ReportDocument, assessment: Assessment) -> None:
    traj = assessment.photo_trajectory
    if traj is None:
        return
    doc.heading("Trajectory on smile photos")
    measure = "mouth corner excursion on smiling, affected side as % of the healthy side"
    pairs = _trajectory_pairs(traj, measure, unit=" %")
    pairs.append(("Noise", f"{fmt_number(traj.noise)} percentage points (project default)"))
    doc.key_values(pairs)
    if has_clinician_scores(assessment.scores):
        doc.muted("Not used for the phase: the clinician gradings above decide it.")
    else:
        doc.muted("Used for the phase, as there are no clinician gradings.")


def _plateau(level: float | None, when: dt.date | None, reached: bool, unit: str = "") -> str:
    if level is None:
        return "not estimated"
    state = "reached" if reached else "expected"
    return f"{fmt_number(level)}{unit} ({state} {fmt_date(when)})"


def _prognosis(doc: ReportDocument, assessment: Assessment) -> None:
    if not assessment.prognosis:
        return
    doc.heading("Prognosis: published figures for similar cases")
    for statement in assessment.prognosis:
        doc.paragraph(statement.text, size=9.5)
        doc.muted(f"Source: {statement.source}")


def _labs(doc: ReportDocument, case: Case, assessment: Assessment) -> None:
    doc.heading("Laboratory results and interpretation")
    readings = sorted(assessment.lab_readings, key=lambda r: r.date or dt.date.max)
    if len(readings) > MAX_LAB_ROWS:
        doc.muted(f"{len(readings) - MAX_LAB_ROWS} older results are not listed.")
        readings = readings[-MAX_LAB_ROWS:]
    if readings:
        rows = [
            [
                fmt_date(r.date),
                label(r.analyte),
                f"{r.comparator or ''}{fmt_number(r.value, 2)} {r.unit}",
                label(r.specimen),
                f"{r.comparator or ''}{fmt_number(r.canonical_value, 1)} {r.canonical_unit}",
                label(r.status) + ("" if r.counts else " (not used)"),
            ]
            for r in readings
        ]
        header = ["Date", "Analyte", "As reported", "Specimen", "Converted", "Reading"]
        doc.grid(header, rows, widths=(23, 28, 30, 26, 30, 41))
    elif case.labs:
        rows = [
            [
                fmt_date(lab.date),
                label(lab.analyte),
                f"{lab.comparator or ''}{fmt_number(lab.value, 2)} {lab.unit}",
            ]
            for lab in sorted(case.labs, key=lambda lab: lab.date or dt.date.max)
        ]
        doc.grid(["Date", "Analyte", "As reported"], rows, widths=(30, 50, 98))
    else:
        doc.paragraph("No laboratory results recorded.", size=9.5)
    if assessment.reference_profile:
        doc.muted(f"Thresholds: reference profile {assessment.reference_profile}.")
    for vitamin, reading in assessment.vitamins.items():
        doc.paragraph(
            f"Vitamin {vitamin.value.upper()}: {label(reading.status)} — {label(reading.advice)}",
            size=10,
            style="B",
        )
        doc.paragraph(reading.reason, size=9.5)
        if reading.citation:
            doc.muted(f"Source: {reading.citation}")


def _videos(doc: ReportDocument, case: Case) -> None:
    if not case.video_measures:
        return
    doc.heading("Video analysis")
    for video in case.video_measures:
        title = f"{fmt_date(video.date)} · {video.file_name or 'video'} · {video.duration_s:g} s"
        doc.paragraph(title, size=10, style="B")
        rows = [
            [
                expression.label,
                f"{expression.peak_s:g} s",
                label(name),
                *[fmt_number(sides.get(k)) for k in ("right", "left", "ratio")],
            ]
            for expression in video.expressions
            for name, sides in expression.excursion.items()
        ]
        if rows:
            header = ["Expression", "Peak", "Excursion", "Right", "Left", "Ratio"]
            doc.grid(header, rows, widths=(28, 18, 56, 24, 24, 28))
        for key, reading in (
            ("ocular-oral", video.ocular_oral),
            ("oral-ocular", video.oral_ocular),
        ):
            if reading is None:
                continue
            found = "detected" if reading.detected else "not detected"
            side = f" on the {reading.side.words} side" if reading.side else ""
            during = f" during {', '.join(reading.during)}" if reading.during else ""
            index = f" (index {fmt_number(reading.index, 2)})" if reading.index is not None else ""
            doc.paragraph(f"Synkinesis {key}: {found}{side}{during}{index}.", size=9.5)
        notes = [
            f"{video.frames} frames, {video.frames_rejected} rejected",
            *(label(w) for w in video.warnings),  # the vocabulary's words, not the codes
        ]
        shown = {name for expression in video.expressions for name in expression.excursion}
        units = units_note(shown)
        doc.muted("; ".join(notes) + f". Excursions rest to peak{f' ({units})' if units else ''}.")


def _photos(doc: ReportDocument, case: Case, report: ReportInput) -> None:
    entries = case.model_dump(mode="json").get("photo_measures") or []
    if not entries and not report.photos:
        return
    doc.heading("Photo measurements")
    for photo in report.photos[:2]:
        doc.picture(photo.data, width=90, caption=photo.caption)
    if len(entries) > MAX_PHOTO_ENTRIES:
        doc.muted(f"{len(entries)} photos measured; the {MAX_PHOTO_ENTRIES} most recent are shown.")
        entries = sorted(entries, key=lambda e: str(e.get("date")))[-MAX_PHOTO_ENTRIES:]
    for entry in entries:
        when = dt.date.fromisoformat(entry["date"]) if entry.get("date") else None
        title = f"{fmt_date(when)} · {label(entry.get('expression') or 'photo')}"
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
        units = units_note(m for m in map(measure_for, entry.get("measures") or {}) if m)
        doc.muted("; ".join(notes) + (f". {units.capitalize()}." if units else "."))
