"""The clinician report's practice section: adherence and measured change in live mirror sessions.

From the case's ``practice_sessions`` as of the assessment date: days practised per week and the
sessions (:func:`bellpath.recovery.practice_weeks.practice_weeks`), each movement's first and
latest weekly median ratio and eye narrowing, the weekly chart, and the sessions' trajectory with
whether it counted for the phase (only without clinician gradings, as for photos). Days logged in
the practice log without the mirror are not part of the case, so the PDF counts mirror days only.
"""

from __future__ import annotations

from bellpath.case import Assessment, Case
from bellpath.recovery.photo_trajectory import has_clinician_scores
from bellpath.recovery.practice_weeks import practice_weeks
from bellpath.recovery.practice_words import clinician_practice_lines
from bellpath.reports._pdf_content import fmt_date, fmt_number, label
from bellpath.reports._pdf_doc import ReportDocument
from bellpath.reports.practice_chart import practice_chart

__all__ = ["MAX_REPORT_WEEKS", "MIN_REPORT_WEEKS", "practice_section"]

MIN_REPORT_WEEKS = 4
"""Weeks shown at least, so a first session is seen against the weeks before it."""
MAX_REPORT_WEEKS = 26
"""Weeks shown at most (half a year of practice); earlier sessions are counted, not drawn."""


def practice_section(doc: ReportDocument, case: Case, assessment: Assessment) -> None:
    """Lay out the practice section (nothing when no session was recorded)."""
    sessions = case.practice_sessions
    if not sessions:
        return
    first = min(s.date for s in sessions)
    span = (case.as_of - first).days // 7 + 1
    weeks = practice_weeks(
        sessions, today=case.as_of, weeks=max(MIN_REPORT_WEEKS, min(MAX_REPORT_WEEKS, span))
    )
    chart = practice_chart(weeks, fmt="png", width_in=7.5, height_in=3.6, dpi=150)
    doc.figure(
        "Practice: adherence and measured change (live mirror sessions)",
        chart,
        width=165,
        caption="Weekly median of the affected/healthy ratio per movement, and days practised.",
        max_height=85,
    )
    doc.bullets(clinician_practice_lines(weeks), size=9)
    earlier = sum(1 for s in sessions if (case.as_of - s.date).days >= 7 * len(weeks))
    if earlier:
        doc.muted(f"{earlier} earlier session(s) from {fmt_date(first)} are not drawn.")
    traj = assessment.practice_trajectory
    if traj is None:
        return
    doc.key_values(
        [
            ("Measure", "smile ratio in sessions, affected as % of healthy (daily median)"),
            ("Status", f"{label(traj.status)}: {traj.reason}"),
            ("Movement began", fmt_date(traj.movement_began)),
            ("Noise", f"{fmt_number(traj.noise)} percentage points (project default)"),
        ]
    )
    if has_clinician_scores(assessment.scores):
        doc.muted("Not used for the phase: the clinician gradings decide it.")
    else:
        doc.muted("Used for the phase, with less weight than photos, as there are no gradings.")
