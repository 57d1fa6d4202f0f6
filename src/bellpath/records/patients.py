"""Repository functions for patients and their episodes. Keyword-only, access checked inside.

Every function takes the acting :class:`~bellpath.records.models.User` and refuses what that user
may not see or change (:mod:`bellpath.records.access`); every write is recorded in the audit trail
and checked through the engine's Case, so stored data always assesses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bellpath import clock
from bellpath.case import Assessment, Case, Finding, Supplement
from bellpath.errors import AccessDeniedError, InputError
from bellpath.labs.plausible import check_plausible
from bellpath.records.access import (
    EntryKind,
    ensure_may_write,
    ensure_owner,
    visible_patient,
    visible_patients_query,
)
from bellpath.records.assessments import RecordAssessment, record_assessment
from bellpath.records.audit import AuditAction, record_event
from bellpath.records.case_builder import build_case, case_data
from bellpath.records.episodes import check_with_engine, current_episode
from bellpath.records.identity import PatientIdentity, check_birth_date, clean_mrn, ensure_unique
from bellpath.records.inputs import EPISODE_COLUMNS, EpisodeFields, EpisodePatch, validate_case
from bellpath.records.models import (
    ComplicationEntry,
    Episode,
    FindingEntry,
    Grading,
    LabEntry,
    Patient,
    RiskFactorEntry,
    Role,
    SupplementEntry,
    User,
)
from bellpath.records.photo_files import schedule_patient_photo_removal

__all__ = [
    "assess_patient",
    "check_with_engine",
    "create_patient",
    "current_episode",
    "delete_patient",
    "get_patient",
    "list_episodes",
    "list_patients",
    "patient_assessment",
    "patient_case",
    "start_episode",
    "update_patient",
]

MAX_NAME_LENGTH = 200


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        raise InputError(
            "name",
            f"'name' must be 1 to {MAX_NAME_LENGTH} characters (got {len(cleaned)})",
            received=len(cleaned),
        )
    return cleaned


def _linked_user(session: Session, email: str | None, *, patient_id: int | None) -> int | None:
    if email is None or not email.strip():
        return None
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.role is not Role.PATIENT or not user.active:
        raise InputError(
            "patient_email",
            "'patient_email' must be the e-mail of an active patient account "
            "(an admin creates it with: bellpath user create EMAIL --role patient)",
            received=email,
        )
    taken = session.scalar(
        select(Patient.id).where(Patient.user_id == user.id, Patient.id != (patient_id or -1))
    )
    if taken is not None:
        raise InputError(
            "patient_email",
            "'patient_email' is already linked to another patient record",
            received=email,
        )
    return user.id


def _store_entries(
    session: Session,
    episode: Episode,
    fields: EpisodeFields,
    actor: User,
    *,
    noted_on: dt.date | None = None,
) -> None:
    by = actor.id
    today = noted_on or clock.today()
    for index, lab in enumerate(fields.labs):
        check_plausible(lab.analyte, lab.value, lab.unit, field=f"labs.{index}.value")
        session.add(
            LabEntry(
                episode_id=episode.id,
                created_by=by,
                analyte=lab.analyte,
                value=lab.value,
                unit=lab.unit,
                specimen=lab.specimen,
                date=lab.date,
                comparator=lab.comparator,
            )
        )
    for c in dict.fromkeys(fields.complications):
        session.add(
            ComplicationEntry(episode_id=episode.id, created_by=by, complication=c, noted_on=today)
        )
    for f in dict.fromkeys(fields.findings):
        session.add(FindingEntry(episode_id=episode.id, created_by=by, finding=f, noted_on=today))
    _replace_case_lists(session, episode, fields.risk_factors, fields.supplements, by)
    for index, entry in enumerate(fields.gradings):
        items = {k: v for k, v in entry.items() if k not in {"date", "scale"}}
        date, scale = _grading_keys(entry, index)
        session.add(
            Grading(episode_id=episode.id, created_by=by, date=date, scale=scale, items=items)
        )


def _grading_keys(entry: dict[str, Any], index: int) -> tuple[dt.date, str]:
    """The date and scale of a grading inside a new episode, refused in one line when absent."""
    text = entry.get("date")
    date: dt.date | None = None
    if isinstance(text, dt.date):  # the demo seed and other Python callers pass dates
        date = text
    elif isinstance(text, str):
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            date = None
    if date is None:
        raise InputError(
            f"gradings.{index}.date",
            f"'gradings.{index}.date' must be a date like 2026-03-01",
            received=text if isinstance(text, str | int | float | bool) else None,
        )
    scale = entry.get("scale")
    if not isinstance(scale, str) or not scale:
        raise InputError(
            f"gradings.{index}.scale",
            f"'gradings.{index}.scale' must name a grading scale",
            received=scale if isinstance(scale, str | int | float | bool) or scale is None else "?",
        )
    return date, scale


def _replace_case_lists(
    session: Session,
    episode: Episode,
    risk_factors: Sequence[Any] | None,
    supplements: Sequence[Supplement] | None,
    by: int,
) -> None:
    if risk_factors is not None:
        session.execute(delete(RiskFactorEntry).where(RiskFactorEntry.episode_id == episode.id))
        for r in dict.fromkeys(risk_factors):
            session.add(RiskFactorEntry(episode_id=episode.id, created_by=by, risk_factor=r))
    if supplements is not None:
        session.execute(delete(SupplementEntry).where(SupplementEntry.episode_id == episode.id))
        seen: set[str] = set()
        for s in supplements:
            if s.vitamin in seen:
                raise InputError(
                    "supplements",
                    f"'supplements' lists {s.vitamin.value} twice; give one daily amount each",
                    received=s.vitamin.value,
                )
            seen.add(s.vitamin)
            session.add(
                SupplementEntry(
                    episode_id=episode.id, created_by=by, vitamin=s.vitamin, daily_mg=s.daily_mg
                )
            )


def create_patient(
    session: Session,
    *,
    actor: User,
    name: str,
    episode: EpisodeFields,
    patient_email: str | None = None,
    identity: PatientIdentity | None = None,
    today: dt.date | None = None,
) -> Patient:
    """Create a patient owned by ``actor`` (a clinician) with their first episode.

    Raises
    ------
    AccessDeniedError
        ``actor`` is not a clinician.
    InputError
        Invalid name, link, identity or case fields (checked by the engine's Case as of
        ``today``).
    DuplicateRecordError
        The MRN is already used, or ``actor`` already has a patient of this name and birth date.
    """
    if actor.role is not Role.CLINICIAN:
        raise AccessDeniedError("only clinicians create patient records")
    today = today or clock.today()
    identity = identity or PatientIdentity()
    validate_case({**episode.model_dump(exclude={"gradings"}), "as_of": today})
    cleaned = _clean_name(name)
    birth_date = check_birth_date(identity.birth_date, today)
    mrn = clean_mrn(identity.mrn)
    ensure_unique(session, owner_id=actor.id, name=cleaned, birth_date=birth_date, mrn=mrn)
    patient = Patient(
        name=cleaned,
        owner_id=actor.id,
        user_id=_linked_user(session, patient_email, patient_id=None),
        birth_date=birth_date,
        sex=identity.sex,
        mrn=mrn,
    )
    session.add(patient)
    session.flush()
    row = Episode(patient_id=patient.id, **{k: getattr(episode, k) for k in EPISODE_COLUMNS})
    session.add(row)
    session.flush()
    _store_entries(session, row, episode, actor, noted_on=today)
    session.flush()
    check_with_engine(validate_case(case_data(session, row, today)))
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity="patient",
        entity_id=patient.id,
        patient_id=patient.id,
    )
    return patient


def start_episode(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    episode: EpisodeFields,
    today: dt.date | None = None,
) -> Episode:
    """Start a new episode (a recurrence) for a patient; it becomes the current episode.

    A second palsy is itself a red flag (recurrent palsy, clinical reference section 5): the new
    episode records the finding ``recurrent`` on its onset, so the assessment says so first.

    Raises
    ------
    InputError
        The onset is not after the current episode's onset, or invalid case fields.
    """
    today = today or clock.today()
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.EPISODE)
    previous = current_episode(session, patient=patient)
    if episode.onset <= previous.onset:
        raise InputError(
            "onset",
            f"'onset' of a new episode ({episode.onset}) must be after the current episode's "
            f"onset ({previous.onset}); to correct the current one, change it instead",
            received=episode.onset.isoformat(),
        )
    findings = list(dict.fromkeys([*episode.findings, Finding.RECURRENT]))
    fields = episode.model_copy(update={"findings": findings})
    validate_case({**fields.model_dump(exclude={"gradings"}), "as_of": today})
    row = Episode(patient_id=patient.id, **{k: getattr(fields, k) for k in EPISODE_COLUMNS})
    session.add(row)
    session.flush()
    _store_entries(session, row, fields, actor, noted_on=episode.onset)
    session.flush()
    check_with_engine(validate_case(case_data(session, row, today)))
    record_event(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity=EntryKind.EPISODE.value,
        entity_id=row.id,
        patient_id=patient.id,
    )
    return row


def list_episodes(session: Session, *, actor: User, patient_id: int) -> Sequence[Episode]:
    """Every episode of a patient, oldest first (the last is the current one)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    query = select(Episode).where(Episode.patient_id == patient.id)
    return session.scalars(query.order_by(Episode.onset, Episode.id)).all()


def list_patients(session: Session, *, actor: User) -> Sequence[Patient]:
    """The patients ``actor`` may see, by name."""
    return session.scalars(visible_patients_query(actor).order_by(Patient.name, Patient.id)).all()


def count_patients(session: Session, *, actor: User) -> int:
    """How many patients ``actor`` may see."""
    sub = visible_patients_query(actor).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def get_patient(session: Session, *, actor: User, patient_id: int) -> Patient:
    """One patient ``actor`` may see (:class:`NotFoundError` otherwise)."""
    return visible_patient(session, actor=actor, patient_id=patient_id)


def update_patient(
    session: Session,
    *,
    actor: User,
    patient_id: int,
    name: str | None = None,
    patient_email: str | None = None,
    unlink_patient_user: bool = False,
    episode: EpisodePatch | None = None,
    identity: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Patient:
    """Change a patient's name, identity, account link or current episode's fields.

    Only what is given changes; ``identity`` holds the identity fields sent (``birth_date``,
    ``sex``, ``mrn``; ``None`` clears one).
    """
    today = today or clock.today()
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_may_write(actor, patient, EntryKind.PATIENT)
    identity = identity or {}
    new_name = _clean_name(name) if name is not None else patient.name
    birth_date = (
        check_birth_date(identity["birth_date"], today)
        if "birth_date" in identity
        else patient.birth_date
    )
    mrn = clean_mrn(identity["mrn"]) if "mrn" in identity else patient.mrn
    if name is not None or identity:
        ensure_unique(  # before any change, so no half-changed row is flushed by the query
            session,
            owner_id=patient.owner_id,
            name=new_name,
            birth_date=birth_date,
            mrn=mrn,
            patient_id=patient.id,
        )
    patient.name, patient.birth_date, patient.mrn = new_name, birth_date, mrn
    if "sex" in identity:
        patient.sex = identity["sex"]
    if unlink_patient_user:
        patient.user_id = None
    elif patient_email is not None:
        patient.user_id = _linked_user(session, patient_email, patient_id=patient.id)
    if episode is not None:
        row = current_episode(session, patient=patient)
        sent = episode.model_dump(exclude_unset=True)
        for key in EPISODE_COLUMNS:
            if key in sent:
                setattr(row, key, sent[key])
        _replace_case_lists(
            session,
            row,
            episode.risk_factors if "risk_factors" in sent else None,
            episode.supplements if "supplements" in sent else None,
            actor.id,
        )
        session.flush()
        check_with_engine(validate_case(case_data(session, row, today)))
    record_event(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity="patient",
        entity_id=patient.id,
        patient_id=patient.id,
    )
    return patient


def delete_patient(session: Session, *, actor: User, patient_id: int) -> int:
    """Delete a patient and everything recorded about them (their owner only).

    Their photo files are removed when the transaction commits; returns how many.
    """
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    ensure_owner(actor, patient, "delete it")
    photos = schedule_patient_photo_removal(session, patient_id=patient.id)
    session.delete(patient)
    session.flush()
    record_event(
        session,
        actor=actor,
        action=AuditAction.DELETE,
        entity="patient",
        entity_id=patient_id,
        patient_id=patient_id,
    )
    return photos


def patient_case(session: Session, *, actor: User, patient_id: int, as_of: dt.date) -> Case:
    """The Case of the patient's current episode as of ``as_of`` (access checked)."""
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    return build_case(session, current_episode(session, patient=patient).id, as_of)


def patient_assessment(
    session: Session, *, actor: User, patient_id: int, as_of: dt.date
) -> RecordAssessment:
    """The Case and Assessment of the patient's current episode (access checked; once per change).

    Served from :mod:`bellpath.records.assessments`: computed on the first read after a change,
    then shared by every reader of the same record version and as-of date.
    """
    patient = visible_patient(session, actor=actor, patient_id=patient_id)
    return record_assessment(session, patient_id=patient.id, as_of=as_of)


def assess_patient(session: Session, *, actor: User, patient_id: int, as_of: dt.date) -> Assessment:
    """The engine's Assessment of the patient's current episode as of ``as_of``."""
    return patient_assessment(session, actor=actor, patient_id=patient_id, as_of=as_of).assessment
