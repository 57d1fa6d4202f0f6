"""A patient's whole record in one zip: what bellpath holds about them, for them to keep or take on.

The right of access (GDPR article 15) and the right to data portability (article 20) ask for a
copy of the data in a form a person can read and a computer can reuse. The archive holds:

=======================  =====================================================================
``README.txt``           what is inside, in plain words, and the two rights
``fhir-bundle.json``     the current episode as a FHIR R4 Bundle (what other systems import)
``observations.xlsx``    gradings, labs, photo and video measures, one row per observation
``observations.csv``     the same as CSV
``summary-for-you.pdf``  the patient's report
``clinician-report.pdf`` the clinician's report
``record.json``          every stored row about the patient, every episode (the practice log and
                         its notes, video summaries, photo details, the audit trail of changes)
``photos/``              every stored photo, decrypted, named by date, expression and id
=======================  =====================================================================

Access is the records layer's: whoever may read the patient's record (their clinician, the
patient themself) may take it whole; the export is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from bellpath.assess import assess
from bellpath.case import Assessment, Case
from bellpath.interop.csv_xlsx import SheetFormat, write_sheet
from bellpath.interop.fhir_export import export_bundle
from bellpath.interop.records_bridge import patient_label, stored_case
from bellpath.records.access import EntryKind, visible_patient
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.models import Base, Episode, Photo, Role, User
from bellpath.records.photos import IMAGE_TYPES, read_photo
from bellpath.reports.pdf import Audience, render_report

__all__ = ["README_NAME", "whole_record_zip"]

README_NAME = "README.txt"
_HIDDEN_COLUMNS = {"stored_name", "password_hash", "auth_epoch"}
"""Storage details that are not information about the person."""

_README = """\
Your bellpath record, as of {as_of}
{underline}

This archive holds everything bellpath keeps about {who}: every entry, every photo and the
reports made from them. It was made on {made} for {reason}.

Why you can have it
- You have the right to see the information a clinic holds about you and to get a copy of it.
  In the European Union and the UK this is the right of access (Article 15 of the General Data
  Protection Regulation, GDPR).
- You also have the right to take the information you gave, in a form computers can read, and
  give it to another clinic or service. This is the right to data portability (Article 20).
These files are here so you can do both.

What is inside
- summary-for-you.pdf: your recovery in plain words, with the warning signs first.
- clinician-report.pdf: the same record as your clinician sees it.
- fhir-bundle.json: your record in FHIR, the standard other health systems read.
- observations.xlsx and observations.csv: each grading, lab result and measurement as one row,
  for a spreadsheet program.
- record.json: every entry exactly as bellpath stores it, from every episode, including your
  practice log and its notes and the list of changes made to your record.
- photos/: your photos ({photo_count}), named by the day they were taken.

Please keep it safe
It is health information and it includes photos of your face. Anyone who has this file can
read it. Store it somewhere private and delete copies you no longer need.

If something is wrong or you want it removed, ask your clinic: you can ask them to correct it
(Article 16) or, in some cases, to delete it (Article 17).

bellpath informs and supports your clinician; it does not diagnose and never prescribes doses.
If you notice a warning sign, seek medical care urgently.
"""


def _rows(session: Session, table: Table, column: str, ids: list[int]) -> list[dict[str, Any]]:
    query = select(table).where(table.c[column].in_(ids)).order_by(*table.primary_key.columns)
    return [
        {k: v for k, v in row.items() if k not in _HIDDEN_COLUMNS}
        for row in session.execute(query).mappings()
    ]


def _record_json(session: Session, patient_id: int) -> tuple[bytes, list[int]]:
    """Every row about the patient, table by table; and the ids of their episodes."""
    episode_ids = list(session.scalars(select(Episode.id).where(Episode.patient_id == patient_id)))
    body: dict[str, Any] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "patients":
            body[table.name] = _rows(session, table, "id", [patient_id])
        elif table.name != "episodes" and "episode_id" in table.c:
            body[table.name] = _rows(session, table, "episode_id", episode_ids)
        elif "patient_id" in table.c:
            body[table.name] = _rows(session, table, "patient_id", [patient_id])
    text = json.dumps(body, indent=2, ensure_ascii=False, default=str, sort_keys=True)
    return text.encode("utf-8"), episode_ids


def _photo_name(row: Photo) -> str:
    suffix = next((s for t, s in IMAGE_TYPES.values() if t == row.content_type), ".img")
    return f"photos/{row.taken_on.isoformat()}-{row.expression}-{row.id}{suffix}"


def whole_record_zip(
    session: Session, *, actor: User, patient_id: int, as_of: dt.date, today: dt.date
) -> tuple[str, bytes]:
    """``(file name, zip bytes)`` of everything held about the patient (access checked)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    name, case = stored_case(session, actor=actor, patient_id=patient_id, as_of=as_of)
    assessment = assess(case)
    label = patient_label(patient_id)
    record, episode_ids = _record_json(session, patient_id)
    photos = list(
        session.scalars(select(Photo).where(Photo.episode_id.in_(episode_ids)).order_by(Photo.id))
    )
    files: dict[str, bytes] = {
        "fhir-bundle.json": json.dumps(
            export_bundle(case, patient_id=label, patient_name=name, assessment=assessment),
            indent=2,
            ensure_ascii=False,
        ).encode("utf-8"),
        "observations.xlsx": write_sheet({label: case}, SheetFormat.XLSX, {label: assessment}),
        "observations.csv": write_sheet({label: case}, SheetFormat.CSV, {label: assessment}),
        "summary-for-you.pdf": _pdf(
            case, assessment, Audience.PATIENT, name=name, label=label, today=today
        ),
        "clinician-report.pdf": _pdf(
            case, assessment, Audience.CLINICIAN, name=name, label=label, today=today
        ),
        "record.json": record,
    }
    for row in photos:
        files[_photo_name(row)] = read_photo(
            session, actor=actor, patient_id=patient_id, photo_id=row.id
        )[0]
    by_patient = actor.role is Role.PATIENT
    who = "you" if by_patient else name
    reason = "you" if by_patient else "the patient, at their clinician's request"
    title = f"Your bellpath record, as of {as_of.isoformat()}"
    files[README_NAME] = _README.format(
        as_of=as_of.isoformat(),
        underline="=" * len(title),
        who=who,
        made=today.isoformat(),
        reason=reason,
        photo_count=len(photos),
    ).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in [README_NAME, *sorted(n for n in files if n != README_NAME)]:
            archive.writestr(member, files[member])
    record_event(
        session,
        actor=actor,
        action=AuditAction.EXPORT,
        entity=EntryKind.PATIENT.value,
        entity_id=patient.id,
        patient_id=patient.id,
    )
    return f"bellpath-{label}-whole-record-{as_of.isoformat()}.zip", out.getvalue()


def _pdf(
    case: Case, assessment: Assessment, audience: Audience, *, name: str, label: str, today: dt.date
) -> bytes:
    return render_report(
        case,
        assessment,
        audience=audience,
        patient_name=name,
        patient_id=label,
        generated=today,
    )
