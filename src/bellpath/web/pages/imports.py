"""Import a hospital's FHIR bundle or a spreadsheet into a patient: review first, then store.

``GET  /patients/{id}/import``          the upload form
``POST /patients/{id}/import``          review the file: what would be imported, skipped, refused;
                                        nothing is stored
``POST /patients/{id}/import/confirm``  store it, all or nothing (the file comes back in the form,
                                        reviewed again as it is stored)

The reviewed file travels back in the confirm form (base64), so nothing is kept on the server
between the two steps.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from pathlib import PurePath
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from bellpath.errors import InteropError
from bellpath.interop.csv_xlsx import SheetFormat
from bellpath.interop.fhir_import import read_bundle
from bellpath.interop.import_report import ImportRefusedError, ImportReport
from bellpath.interop.records_bridge import (
    RecordImport,
    import_bundle_into_patient,
    import_sheet_into_patient,
)
from bellpath.records.models import User
from bellpath.records.patients import get_patient
from bellpath.web.deps import CsrfProtected, CurrentClinician, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._render import Viewer, render

__all__ = ["MAX_IMPORT_BYTES", "router"]

router = APIRouter(include_in_schema=False)

MAX_IMPORT_BYTES: Final = 10 * 1024 * 1024
"""Largest bundle or spreadsheet the page reviews (a layout choice: a hospital result bundle is
far smaller)."""
_KINDS: Final = {".json": "fhir", ".csv": "csv", ".xlsx": "xlsx"}


def _review(
    session: Any,
    user: User,
    patient_id: int,
    *,
    name: str,
    data: bytes,
    today: dt.date,
    skip_other_patients: bool,
    dry_run: bool,
) -> RecordImport:
    """Review (and, unless ``dry_run``, store) one file; refusals raise :class:`InteropError`."""
    kind = _KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        msg = f"the file must end in .json (FHIR), .csv or .xlsx (got {name!r})"
        raise InteropError(msg)
    if kind == "fhir":
        return import_bundle_into_patient(
            session,
            actor=user,
            patient_id=patient_id,
            bundle=read_bundle(data),
            today=today,
            skip_other_patients=skip_other_patients,
            dry_run=dry_run,
        )
    return import_sheet_into_patient(
        session,
        actor=user,
        patient_id=patient_id,
        data=data,
        fmt=SheetFormat(kind),
        today=today,
        skip_other_patients=skip_other_patients,
        dry_run=dry_run,
    )


def _page(
    request: Request,
    session: Any,
    user: User,
    patient_id: int,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    ctx = {"patient": patient, "max_mb": MAX_IMPORT_BYTES // (1024 * 1024), **extra}
    return render(request, "import.html", ctx, viewer=Viewer.of(user), status_code=status_code)


@router.get("/patients/{patient_id}/import")
def import_form(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The upload form."""
    return _page(request, session, user, patient_id)


def _upload(form: FormData) -> tuple[str, bytes] | str:
    """The uploaded file's name and bytes, or what is wrong with it."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return "File: please choose a FHIR bundle (.json) or a spreadsheet (.csv, .xlsx)."
    data = upload.file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        return f"File: larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it by patient."
    return upload.filename, data


def _shown(report: ImportReport) -> dict[str, Any]:
    return {"report": report, "lines": report.to_json()}


@router.post("/patients/{patient_id}/import")
def import_review(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    form: FormDep,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Review the file; nothing is stored."""
    got = _upload(form)
    skip = form.get("skip_other_patients") == "on"
    if isinstance(got, str):
        return _page(request, session, user, patient_id, status_code=422, error=got)
    name, data = got
    try:
        result = _review(
            session,
            user,
            patient_id,
            name=name,
            data=data,
            today=today_of(request),
            skip_other_patients=skip,
            dry_run=True,
        )
    except ImportRefusedError as exc:
        return _page(
            request, session, user, patient_id, status_code=422, name=name, **_shown(exc.report)
        )
    except InteropError as exc:
        return _page(request, session, user, patient_id, status_code=422, error=exc.message)
    return _page(
        request,
        session,
        user,
        patient_id,
        name=name,
        payload=base64.b64encode(data).decode("ascii"),
        skip=skip,
        added=result,
        **_shown(result.report),
    )


@router.post("/patients/{patient_id}/import/confirm")
def import_confirm(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    form: FormDep,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Store the reviewed file: all of it, or (refused on a second look) none of it."""
    name = str(form.get("name") or "")
    try:
        data = base64.b64decode(str(form.get("payload") or ""), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data or len(data) > MAX_IMPORT_BYTES:
        error = "The reviewed file did not come back whole; please upload it again."
        return _page(request, session, user, patient_id, status_code=422, error=error)
    try:
        with writing(request, user) as (wsession, actor):
            _review(
                wsession,
                actor,
                patient_id,
                name=name,
                data=data,
                today=today_of(request),
                skip_other_patients=form.get("skip_other_patients") == "on",
                dry_run=False,
            )
    except ImportRefusedError as exc:
        return _page(
            request, session, user, patient_id, status_code=422, name=name, **_shown(exc.report)
        )
    except InteropError as exc:
        return _page(request, session, user, patient_id, status_code=422, error=exc.message)
    return RedirectResponse(f"/patients/{patient_id}?saved=import", status_code=303)
