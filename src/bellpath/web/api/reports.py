"""Downloads: a patient's PDF report, and observations as CSV or Excel.

``GET /api/v1/patients/{patient_id}/report.pdf``      the clinician or patient report
``GET /api/v1/patients/{patient_id}/export``          one patient's observations (csv | xlsx)
``GET /api/v1/exports/observations``                  every patient of the calling clinician
``GET /api/v1/patients/{patient_id}/record.zip``      everything held about the patient (GDPR
                                                      arts. 15 and 20), for them or their clinician

Access is checked by the records layer like every other route: a patient the caller may not see
is "not found". Responses are marked ``no-store`` (health data stays out of shared caches);
spreadsheets name patients by record id, never by name.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from bellpath.assess import assess
from bellpath.interop.csv_xlsx import SheetFormat, write_sheet
from bellpath.interop.records_bridge import (
    clinician_cases,
    latest_photo,
    patient_label,
    stored_case,
)
from bellpath.interop.whole_record import whole_record_zip
from bellpath.records.models import Role
from bellpath.reports._pdf_photos import overlay_thumbnail
from bellpath.reports.pdf import Audience, render_report
from bellpath.web.api.patients import AsOf
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep, TodayDep

__all__ = ["router"]

router = APIRouter(tags=["reports"])

AudienceQuery = Annotated[
    Audience | None,
    Query(description="clinician or patient (default: patient for a patient's own account)."),
]
FormatQuery = Annotated[SheetFormat, Query(alias="format", description="csv or xlsx.")]

_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The report (PDF)."}
}
_SHEET: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {SheetFormat.CSV.media_type: {}, SheetFormat.XLSX.media_type: {}},
        "description": "One row per observation (columns in docs/reports.md).",
    }
}


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/patients/{patient_id}/report.pdf", response_class=Response, responses=_PDF)
def patient_report(
    patient_id: int,
    *,
    today: TodayDep,
    session: SessionDep,
    user: CurrentUser,
    audience: AudienceQuery = None,
    as_of: AsOf = None,
    thumbnail: Annotated[
        bool,
        Query(description="Include the latest photo's measurement overlay (clinician report)."),
    ] = True,
) -> Response:
    """The PDF report of the current episode: red flags first, actions with their sources."""
    when = as_of or today
    name, case = stored_case(session, actor=user, patient_id=patient_id, as_of=when)
    chosen = audience or (Audience.PATIENT if user.role is Role.PATIENT else Audience.CLINICIAN)
    photos = []
    if chosen is Audience.CLINICIAN and thumbnail:
        stored = latest_photo(session, actor=user, patient_id=patient_id, as_of=when)
        if stored is not None:
            photos.append(
                overlay_thumbnail(
                    stored.data,
                    affected_side=case.affected_side,
                    expression=stored.expression,
                    name=f"{stored.expression or 'photo'} of {stored.taken_on.isoformat()}",
                )
            )
    pdf = render_report(
        case,
        assess(case),
        audience=chosen,
        patient_name=name,
        patient_id=f"patient {patient_id}",
        photos=photos,
        generated=today,
    )
    filename = f"bellpath-{patient_label(patient_id)}-{chosen.value}-{when.isoformat()}.pdf"
    return _download(pdf, "application/pdf", filename)


@router.get("/patients/{patient_id}/export", response_class=Response, responses=_SHEET)
def patient_export(
    *,
    today: TodayDep,
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    fmt: FormatQuery = SheetFormat.CSV,
    as_of: AsOf = None,
) -> Response:
    """One patient's gradings, labs, photo and video measures, one row per observation."""
    when = as_of or today
    _, case = stored_case(session, actor=user, patient_id=patient_id, as_of=when)
    key = patient_label(patient_id)
    data = write_sheet({key: case}, fmt, {key: assess(case)})
    return _download(data, fmt.media_type, f"bellpath-{key}.{fmt.value}")


@router.get("/exports/observations", response_class=Response, responses=_SHEET)
def clinician_export(
    *,
    today: TodayDep,
    session: SessionDep,
    user: CurrentClinician,
    fmt: FormatQuery = SheetFormat.CSV,
    as_of: AsOf = None,
) -> Response:
    """Every patient of the calling clinician in one sheet (patients named by record id)."""
    cases = clinician_cases(session, actor=user, as_of=as_of or today)
    data = write_sheet(cases, fmt, {key: assess(case) for key, case in cases.items()})
    return _download(data, fmt.media_type, f"bellpath-observations.{fmt.value}")


@router.get(
    "/patients/{patient_id}/record.zip",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "The whole record."}},
)
def whole_record(
    patient_id: int,
    *,
    session: SessionDep,
    user: CurrentUser,
    today: TodayDep,
    as_of: AsOf = None,
) -> Response:
    """Everything bellpath holds about the patient in one zip: FHIR bundle, spreadsheets, both
    PDF reports, every stored row, every photo and a plain-words read-me (GDPR arts. 15, 20)."""
    filename, data = whole_record_zip(
        session, actor=user, patient_id=patient_id, as_of=as_of or today, today=today
    )
    return _download(data, "application/zip", filename)
