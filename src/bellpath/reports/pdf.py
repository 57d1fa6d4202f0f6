"""PDF reports of a case: one for the clinician, one in plain words for the patient.

>>> from bellpath.caseio import load_case
>>> from bellpath.examples import example_path
>>> pdf = render_report(load_case(example_path()), audience=Audience.PATIENT)
>>> pdf[:5]
b'%PDF-'

Both reports put red flags first, give every piece of advice with its reason and source, and end
with the disclaimer (which is also in every page's footer). The charts are the same ones the web
app shows (:mod:`bellpath.reports.charts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from bellpath import clock
from bellpath.assess import assess
from bellpath.case import Assessment, Case
from bellpath.reports._pdf_clinician import clinician_report
from bellpath.reports._pdf_content import ReportImage, ReportInput
from bellpath.reports._pdf_doc import ReportDocument
from bellpath.reports._pdf_patient import patient_report

__all__ = [
    "Audience",
    "ReportImage",
    "ReportInput",
    "default_chart",
    "render_pdf",
    "render_report",
]


class Audience(StrEnum):
    """Who a report is written for."""

    CLINICIAN = "clinician"
    PATIENT = "patient"

    @property
    def title(self) -> str:  # type: ignore[override]  # StrEnum.title is str.title
        """The document title."""
        if self is Audience.CLINICIAN:
            return "bellpath clinical summary"
        return "bellpath recovery summary"


def render_pdf(report: ReportInput, audience: Audience = Audience.CLINICIAN) -> bytes:
    """Lay out ``report`` for ``audience`` and return the PDF bytes."""
    doc = ReportDocument(title=audience.title, footer_text=report.assessment.disclaimer)
    if audience is Audience.CLINICIAN:
        clinician_report(doc, report)
    else:
        patient_report(doc, report)
    return doc.to_bytes()


def default_chart(case: Case) -> ReportImage:
    """The case's recovery chart, as the web app draws it (:mod:`bellpath.reports.charts`)."""
    from bellpath.reports.charts import chart_data, render_chart  # noqa: PLC0415  (matplotlib)

    data = chart_data(case)
    caption = data.title + (f": {data.note}" if data.note else "")
    return ReportImage(render_chart(data, dpi=150), caption)


def render_report(
    case: Case,
    assessment: Assessment | None = None,
    *,
    audience: Audience = Audience.CLINICIAN,
    patient_name: str | None = None,
    patient_id: str | None = None,
    chart: ReportImage | bool = True,
    photos: Sequence[ReportImage] = (),
    generated: dt.date | None = None,
) -> bytes:
    """Render the report of ``case`` (assessed here unless ``assessment`` is given).

    Parameters
    ----------
    case, assessment
        The facts and the engine's answer for them.
    audience
        ``clinician`` (full detail) or ``patient`` (plain words).
    patient_name, patient_id
        Shown on the report when given.
    chart
        A chart image; by default :func:`default_chart` (scores, fitted curve, phases, the
        first-movement window). Pass ``False`` for none.
    photos
        Overlay thumbnails of the case's photos (clinician report).
    generated
        The day the report is made, printed apart from the date the assessment is as of
        (default: today; give a fixed date for a byte-for-byte reproducible report).
    """
    result = assessment if assessment is not None else assess(case)
    report = ReportInput(
        case=case,
        assessment=result,
        patient_name=patient_name,
        patient_id=patient_id,
        chart=default_chart(case) if chart is True else (chart or None),
        photos=tuple(photos),
        generated=generated or clock.today(),
    )
    return render_pdf(report, audience)
