"""Files a clinician or a patient downloads: reports, spreadsheets and the FHIR bundle.

One builder serves the API (``/api/v1/patients/{id}/report.pdf``, ``.../export``, ``.../fhir``)
and the pages (``/patients/{id}/downloads/{kind}``, signed in with the session cookie), so a file
looks the same whichever door it came through. (The API and page routes record the ``view``
event in the patient's audit trail.) Every file is sent as an attachment whose name
says what it is: the patient (record id, and MRN when known; never the name, since downloads
folders are often shared), the kind of file and the date it describes, e.g.
``bellpath_patient-12_clinician-report_2026-03-01.pdf``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from fastapi import Response
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.assess import assess
from bellpath.interop.csv_xlsx import SheetFormat, write_sheet
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.fhir_identity import add_identity
from bellpath.interop.records_bridge import (
    latest_photo,
    patient_label,
    stored_case,
    stored_photos,
)
from bellpath.interop.whole_record import whole_record_zip
from bellpath.records.identity import PatientIdentity, identity_line, patient_identity
from bellpath.records.models import User
from bellpath.records.patients import get_patient
from bellpath.reports._pdf_photos import overlay_thumbnail
from bellpath.reports.pdf import Audience, render_report

__all__ = [
    "FHIR_JSON",
    "Download",
    "DownloadKind",
    "build_download",
    "download_response",
    "fhir_download",
    "report_download",
    "sheet_download",
]

FHIR_JSON = "application/fhir+json"


class DownloadKind(StrEnum):
    """The files a timeline offers (the page route's last path segment)."""

    CLINICIAN_REPORT = "clinician-report"
    PATIENT_REPORT = "patient-report"
    XLSX = "observations-xlsx"
    CSV = "observations-csv"
    FHIR = "fhir-bundle"
    WHOLE_RECORD = "whole-record"

    @property
    def label(self) -> str:
        """What the link says."""
        return _LABELS[self]


_LABELS = {
    DownloadKind.CLINICIAN_REPORT: "PDF report",
    DownloadKind.PATIENT_REPORT: "PDF for the patient",
    DownloadKind.XLSX: "Excel",
    DownloadKind.CSV: "CSV",
    DownloadKind.FHIR: "FHIR bundle",
    DownloadKind.WHOLE_RECORD: "Whole record (zip)",
}


@dataclass(frozen=True, slots=True)
class Download:
    """A file ready to send."""

    content: bytes
    media_type: str
    filename: str


_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def file_name(
    session: Session, *, actor: User, patient_id: int, kind: str, when: dt.date, ext: str
) -> str:
    """``bellpath_patient-<id>[_mrn-<mrn>]_<kind>_<date>.<ext>`` (ASCII, no spaces)."""
    patient = get_patient(session, actor=actor, patient_id=patient_id)
    parts = ["bellpath", patient_label(patient_id)]
    if patient.mrn:
        parts.append("mrn-" + _UNSAFE.sub("-", patient.mrn).strip("-"))
    parts += [kind, when.isoformat()]
    return "_".join(parts) + f".{ext}"


def report_download(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    audience: Audience,
    as_of: dt.date,
    thumbnail: bool = True,
) -> Download:
    """The PDF report of the current episode for ``audience`` (red flags first)."""
    name, case = stored_case(session, actor=actor, patient_id=patient_id, as_of=as_of)
    identity = patient_identity(get_patient(session, actor=actor, patient_id=patient_id))
    photos = []
    if audience is Audience.CLINICIAN and thumbnail:
        stored = latest_photo(session, actor=actor, patient_id=patient_id, as_of=as_of)
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
        audience=audience,
        patient_name=name,
        patient_id=identity_line(identity, patient_id=patient_id, today=as_of),
        photos=photos,
        generated=clock.today(),
    )
    kind = f"{audience.value}-report"
    filename = file_name(
        session, actor=actor, patient_id=patient_id, kind=kind, when=as_of, ext="pdf"
    )
    return Download(pdf, "application/pdf", filename)


def sheet_download(
    session: Session, *, actor: User, patient_id: int, fmt: SheetFormat, as_of: dt.date
) -> Download:
    """One patient's observations as CSV or Excel (the patient named by record id)."""
    _, case = stored_case(session, actor=actor, patient_id=patient_id, as_of=as_of)
    key = patient_label(patient_id)
    data = write_sheet({key: case}, fmt, {key: assess(case)})
    filename = file_name(
        session, actor=actor, patient_id=patient_id, kind="observations", when=as_of, ext=fmt.value
    )
    return Download(data, fmt.media_type, filename)


def fhir_download(
    session: Session, *, actor: User, patient_id: int, as_of: dt.date, photos: bool = False
) -> Download:
    """The current episode as a FHIR R4 Bundle, with the patient's identity when recorded."""
    name, case = stored_case(session, actor=actor, patient_id=patient_id, as_of=as_of)
    media = (
        stored_photos(session, actor=actor, patient_id=patient_id, as_of=as_of) if photos else []
    )
    identity = patient_identity(get_patient(session, actor=actor, patient_id=patient_id))
    bundle = export_bundle(
        case,
        patient_id=patient_label(patient_id),
        patient_name=name,
        assessment=assess(case),
        photos=media,
        mrn=identity.mrn,
        birth_date=identity.birth_date,
        performer=actor.name or None,
    )
    bundle = add_identity(bundle, PatientIdentity(sex=identity.sex))  # Patient.gender
    filename = file_name(
        session, actor=actor, patient_id=patient_id, kind="fhir-bundle", when=as_of, ext="json"
    )
    return Download(json.dumps(bundle, ensure_ascii=False).encode(), FHIR_JSON, filename)


def build_download(
    session: Session, *, actor: User, patient_id: int, kind: DownloadKind, as_of: dt.date
) -> Download:
    """The file a page link of ``kind`` downloads."""
    if kind is DownloadKind.CLINICIAN_REPORT or kind is DownloadKind.PATIENT_REPORT:
        audience = Audience.CLINICIAN if kind is DownloadKind.CLINICIAN_REPORT else Audience.PATIENT
        return report_download(
            session, actor=actor, patient_id=patient_id, audience=audience, as_of=as_of
        )
    if kind is DownloadKind.FHIR:
        return fhir_download(session, actor=actor, patient_id=patient_id, as_of=as_of)
    if kind is DownloadKind.WHOLE_RECORD:
        _, data = whole_record_zip(
            session, actor=actor, patient_id=patient_id, as_of=as_of, today=clock.today()
        )
        name = file_name(
            session, actor=actor, patient_id=patient_id, kind=kind.value, when=as_of, ext="zip"
        )
        return Download(data, "application/zip", name)
    fmt = SheetFormat.XLSX if kind is DownloadKind.XLSX else SheetFormat.CSV
    return sheet_download(session, actor=actor, patient_id=patient_id, fmt=fmt, as_of=as_of)


def download_response(download: Download) -> Response:
    """Send ``download`` as an attachment, kept out of every cache."""
    return Response(
        download.content,
        media_type=download.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{download.filename}"',
            "Cache-Control": "no-store",
        },
    )
