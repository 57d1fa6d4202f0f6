"""Who a patient is: birth date, administrative sex and the clinic's medical record number (MRN).

Identity tells two people of the same name apart and stops the same person being registered
twice: a second record with the same name and birth date for the same clinician, or an MRN that is
already used, is refused with :class:`~bellpath.errors.DuplicateRecordError` naming the existing
record. The age shown anywhere is derived from the birth date when it is known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bellpath.errors import DuplicateRecordError, InputError
from bellpath.records.models import AdministrativeSex, Patient

__all__ = [
    "MAX_AGE_YEARS",
    "PatientIdentity",
    "age_on",
    "check_birth_date",
    "clean_mrn",
    "ensure_unique",
    "identity_line",
    "patient_identity",
]

MAX_AGE_YEARS = 120
"""Oldest age accepted (the same bound as the episode's ``age``)."""

MRN_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,63}$")
"""Letters, digits, spaces and ``. / _ -``; 1 to 64 characters, starting with a letter or digit."""


@dataclass(frozen=True, slots=True)
class PatientIdentity:
    """The identity fields of a patient (plain values)."""

    birth_date: dt.date | None = None
    sex: AdministrativeSex | None = None
    mrn: str | None = None


def patient_identity(patient: Patient) -> PatientIdentity:
    """The identity recorded for ``patient``."""
    return PatientIdentity(birth_date=patient.birth_date, sex=patient.sex, mrn=patient.mrn)


def age_on(birth_date: dt.date, today: dt.date) -> int:
    """Completed years from ``birth_date`` to ``today`` (29 February birthdays count on 1 March)."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def check_birth_date(birth_date: dt.date | None, today: dt.date) -> dt.date | None:
    """Refuse a birth date in the future or more than :data:`MAX_AGE_YEARS` ago."""
    if birth_date is None:
        return None
    if birth_date > today or age_on(birth_date, today) > MAX_AGE_YEARS:
        raise InputError(
            "birth_date",
            f"'birth_date' must be between {MAX_AGE_YEARS} years ago and today ({today}) "
            f"(got {birth_date})",
            received=birth_date.isoformat(),
        )
    return birth_date


def clean_mrn(mrn: str | None) -> str | None:
    """The MRN with outer spaces removed; empty means none.

    Raises
    ------
    InputError
        Characters other than letters, digits, spaces and ``. / _ -``, or longer than 64.
    """
    if mrn is None or not mrn.strip():
        return None
    cleaned = mrn.strip()
    if not MRN_PATTERN.match(cleaned):
        raise InputError(
            "mrn",
            "'mrn' must be 1 to 64 letters, digits, spaces or . / _ - and start with a letter "
            f"or digit (got {cleaned!r})",
            received=cleaned,
        )
    return cleaned


def ensure_unique(
    session: Session,
    *,
    owner_id: int,
    name: str,
    birth_date: dt.date | None,
    mrn: str | None,
    patient_id: int | None = None,
) -> None:
    """Refuse a second record of the same person.

    Raises
    ------
    DuplicateRecordError
        ``mrn`` is used by another record (of any clinician), or ``owner_id`` already has a
        patient of the same name (ignoring case) and birth date.
    """
    others = Patient.id != (patient_id or -1)
    if mrn is not None:
        taken = session.scalar(select(Patient.id).where(Patient.mrn == mrn, others))
        if taken is not None:
            raise DuplicateRecordError(
                f"MRN {mrn!r} is already used by patient record {taken}; open that record "
                "instead of adding the person twice",
                field="mrn",
                existing_id=taken,
            )
    if birth_date is not None:
        same = session.scalar(
            select(Patient.id).where(
                Patient.owner_id == owner_id,
                func.lower(Patient.name) == name.lower(),
                Patient.birth_date == birth_date,
                others,
            )
        )
        if same is not None:
            raise DuplicateRecordError(
                f"{name} born {birth_date.isoformat()} is already recorded as patient record "
                f"{same}; open that record instead of adding the person twice",
                field="name",
                existing_id=same,
            )


def identity_line(identity: PatientIdentity, *, patient_id: int, today: dt.date) -> str:
    """One line for a report header: ``patient 12, MRN A-1, born 1960-05-02 (65), female``."""
    parts = [f"patient {patient_id}"]
    if identity.mrn:
        parts.append(f"MRN {identity.mrn}")
    if identity.birth_date is not None:
        parts.append(
            f"born {identity.birth_date.isoformat()} ({age_on(identity.birth_date, today)})"
        )
    if identity.sex is not None:
        parts.append(identity.sex.words)
    return ", ".join(parts)
