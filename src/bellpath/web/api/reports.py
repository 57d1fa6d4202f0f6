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
from bellpath.interop.records_bridge import clinician_cases
from bellpath.interop.whole_record import whole_record_zip
from bellpath.records.models import Role
from bellpath.reports.pdf import Audience
from bellpath.web.api.patients import AsOf
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep, TodayDep
from bellpath.web.downloads import Download, download_response, report_download, sheet_download

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
    chosen = audience or (Audience.PATIENT if user.role is Role.PATIENT else Audience.CLINICIAN)
    download = report_download(
        session,
        actor=user,
        patient_id=patient_id,
        audience=chosen,
        as_of=as_of or today,
        thumbnail=thumbnail,
    )
    return download_response(download)


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
    download = sheet_download(
        session, actor=user, patient_id=patient_id, fmt=fmt, as_of=as_of or today
    )
    return download_response(download)


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
    when = as_of or today
    cases = clinician_cases(session, actor=user, as_of=when)
    data = write_sheet(cases, fmt, {key: assess(case) for key, case in cases.items()})
    name = f"bellpath_all-patients_observations_{when.isoformat()}.{fmt.value}"
    return download_response(Download(data, fmt.media_type, name))


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
    return download_response(Download(data, "application/zip", filename))
