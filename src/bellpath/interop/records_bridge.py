"""Exports and imports for stored patients: the one path the CLI and the API share.

Every function takes the acting user and goes through :mod:`bellpath.records`, so access rules
apply (a clinician reaches only their own patients; a record they may not see is "not found").
Imports add entries through the records layer's own functions inside the caller's transaction: if
any entry is refused, the caller's rollback leaves the record as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.case import Case
from bellpath.errors import InputError, NotFoundError
from bellpath.interop.csv_xlsx import SheetFormat, read_sheet
from bellpath.interop.fhir_export import PhotoAttachment
from bellpath.interop.fhir_import import import_bundle
from bellpath.interop.fhir_triage import PatientIdentity
from bellpath.interop.import_report import (
    ImportRefusedError,
    ImportReport,
    ReportLine,
    describe_item,
)
from bellpath.records.access import EntryKind
from bellpath.records.entries import add_complication, add_lab, list_entries
from bellpath.records.models import User
from bellpath.records.patients import get_patient, list_patients, patient_case
from bellpath.records.photos import read_photo

__all__ = [
    "RecordImport",
    "StoredPhoto",
    "clinician_cases",
    "import_bundle_into_patient",
    "import_sheet_into_patient",
    "latest_photo",
    "patient_identity",
    "patient_label",
    "stored_case",
    "stored_photos",
    "user_by_email",
]


_STORED = ("lab result", "complication")
"""What an import adds to a stored record (the report's words for them)."""


@dataclass
class RecordImport:
    """What an import added to a patient record (or would add, on a dry run), and the review."""

    labs_added: int = 0
    complications_added: int = 0
    skipped: list[str] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


def user_by_email(session: Session, email: str) -> User:
    """The account with this e-mail (the CLI's ``--as``), active or not."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        msg = f"no account with e-mail {email!r}; list accounts with `bellpath user list`"
        raise NotFoundError(msg)
    return user


def patient_label(patient_id: int) -> str:
    """How a stored patient is named in exports: its record id, never its name."""
    return f"patient-{patient_id}"


def stored_case(
    session: Session, *, actor: User, patient_id: int, as_of: dt.date
) -> tuple[str, Case]:
    """The patient's name and the Case of their current episode (access checked)."""
    patient = get_patient(session, actor=actor, patient_id=patient_id)
    return patient.name, patient_case(session, actor=actor, patient_id=patient_id, as_of=as_of)


def stored_photos(
    session: Session, *, actor: User, patient_id: int, as_of: dt.date
) -> list[PhotoAttachment]:
    """The current episode's photos up to ``as_of``, for a FHIR export that asks for them."""
    attachments: list[PhotoAttachment] = []
    rows = list_entries(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.PHOTO, until=as_of
    )
    for row in rows:
        data, content_type = read_photo(
            session, actor=actor, patient_id=patient_id, photo_id=row.id
        )
        title = f"{row.expression} photo of {row.taken_on.isoformat()}"
        attachments.append(PhotoAttachment(data, content_type, row.taken_on, title))
    return attachments


@dataclass(frozen=True)
class StoredPhoto:
    """A stored photo's bytes and what the record says about it."""

    data: bytes
    content_type: str
    taken_on: dt.date
    expression: str | None


def latest_photo(
    session: Session, *, actor: User, patient_id: int, as_of: dt.date
) -> StoredPhoto | None:
    """The most recent photo of the current episode up to ``as_of`` (for a report's thumbnail)."""
    rows = list_entries(
        session, actor=actor, patient_id=patient_id, kind=EntryKind.PHOTO, until=as_of
    )
    if not rows:
        return None
    row = rows[-1]
    data, content_type = read_photo(session, actor=actor, patient_id=patient_id, photo_id=row.id)
    return StoredPhoto(data, content_type, row.taken_on, row.expression)


def clinician_cases(session: Session, *, actor: User, as_of: dt.date) -> dict[str, Case]:
    """Every patient the actor may see, keyed by :func:`patient_label` (for spreadsheets)."""
    cases: dict[str, Case] = {}
    for patient in list_patients(session, actor=actor):
        try:
            case = patient_case(session, actor=actor, patient_id=patient.id, as_of=as_of)
        except NotFoundError:
            continue  # a patient without an episode has nothing to export
        cases[patient_label(patient.id)] = case
    return cases


def patient_identity(session: Session, *, actor: User, patient_id: int) -> PatientIdentity:
    """What the record knows about who the patient is: MRN, name and birth date when stored."""
    patient = get_patient(session, actor=actor, patient_id=patient_id)
    born = getattr(patient, "birth_date", None)
    return PatientIdentity(
        mrn=getattr(patient, "mrn", None) or None,
        name=patient.name or None,
        birth_date=born if isinstance(born, dt.date) else None,
    )


def import_bundle_into_patient(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    bundle: dict[str, Any],
    today: dt.date,
    skip_unknown: bool = False,
    skip_other_patients: bool = False,
    dry_run: bool = False,
) -> RecordImport:
    """Add a bundle's labs and complications to the patient's current episode.

    The bundle is reviewed in full first (:func:`~bellpath.interop.fhir_import.import_bundle`):
    every resource must belong to this patient (:func:`patient_identity`), only final results
    count, and anything refused stops the import before anything is stored. The episode's own
    facts (onset, side...) are kept; results already recorded are not added twice. ``dry_run``
    reviews and counts without storing.
    """
    current = patient_case(session, actor=actor, patient_id=patient_id, as_of=today)
    result = import_bundle(
        bundle,
        into=current,
        episode=False,
        skip_unknown=skip_unknown,
        target=patient_identity(session, actor=actor, patient_id=patient_id),
        skip_other_patients=skip_other_patients,
    )
    report = result.report
    report.dry_run = dry_run
    stored = [line for line in report.imported if line.detail.startswith(_STORED)]
    report.skipped.extend(
        ReportLine(line.resource, f"{line.detail}: only lab results and complications are added")
        for line in report.imported
        if line not in stored
    )
    report.imported = stored
    added = RecordImport(skipped=[str(line) for line in report.skipped], report=report)
    _store_new(
        session,
        actor=actor,
        patient_id=patient_id,
        current=current,
        case=result.case,
        today=today,
        added=added,
    )
    return added


def _store_new(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    current: Case,
    case: Case,
    today: dt.date,
    added: RecordImport,
) -> None:
    """Add the case's labs and complications not yet recorded (only count them on a dry run)."""
    dry_run = added.report.dry_run
    for lab in case.labs:
        if lab in current.labs:
            continue
        if lab.date is not None and lab.date > today:
            raise InputError("date", f"lab 'date' {lab.date} is in the future", received=lab.date)
        if not dry_run:
            add_lab(session, actor=actor, patient_id=patient_id, lab=lab, today=today)
        added.labs_added += 1
    for complication in case.complications:
        if complication in current.complications:
            continue
        if not dry_run:
            add_complication(
                session,
                actor=actor,
                patient_id=patient_id,
                complication=complication,
                noted_on=today,
                today=today,
            )
        added.complications_added += 1


def import_sheet_into_patient(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    data: bytes,
    fmt: SheetFormat,
    today: dt.date,
    skip_other_patients: bool = False,
    dry_run: bool = False,
) -> RecordImport:
    """Add a spreadsheet's lab results and complications to the patient's current episode.

    The file's patient is the only one it holds, or the one named by this record's label
    (``patient-12``, as bellpath exports it). Rows of any other patient refuse the import, or with
    ``skip_other_patients`` are listed as skipped. Nothing is stored on a dry run or a refusal.
    """
    current = patient_case(session, actor=actor, patient_id=patient_id, as_of=today)
    cases = read_sheet(data, fmt)
    label = patient_label(patient_id)
    chosen = label if label in cases else next(iter(cases)) if len(cases) == 1 else None
    report = ImportReport(dry_run=dry_run)
    if chosen is None:
        names = ", ".join(sorted(cases))
        report.refused.append(
            ReportLine("file", f"holds {len(cases)} patients ({names}) and none is {label}")
        )
        raise ImportRefusedError(report)
    report.patient = f"{chosen} (rows of the spreadsheet)"
    for name in sorted(set(cases) - {chosen}):
        line = ReportLine(f"patient {name!r}", "rows of another patient")
        (report.skipped if skip_other_patients else report.refused).append(line)
    if report.refused:
        raise ImportRefusedError(report)
    case = cases[chosen]
    rows: list[tuple[str, Any, bool]] = [
        (f"lab {i}", lab.model_dump(mode="json"), lab in current.labs)
        for i, lab in enumerate(case.labs)
    ]
    rows += [
        (f"complication {i}", c.value, c in current.complications)
        for i, c in enumerate(case.complications)
    ]
    for where, value, known in rows:
        key = "labs" if where.startswith("lab ") else "complications"
        line = ReportLine(where, describe_item(key, value))
        if known:
            report.skipped.append(ReportLine(line.resource, f"{line.detail}: already recorded"))
        else:
            report.imported.append(line)
    others = [
        k
        for k in ("gradings", "photo_measures", "video_measures", "practice_sessions")
        if getattr(case, k)
    ]
    if others:
        report.skipped.append(
            ReportLine(
                "other rows",
                f"{', '.join(others)}: only lab results and complications are added",
            )
        )
    added = RecordImport(skipped=[str(line) for line in report.skipped], report=report)
    _store_new(
        session,
        actor=actor,
        patient_id=patient_id,
        current=current,
        case=case,
        today=today,
        added=added,
    )
    return added
