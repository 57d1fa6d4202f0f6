"""Who reads a page about one record, as data: the patient (their own record, under ``/me``) or a
clinician (a patient's record, under ``/patients/{id}``).

Each page is one view; the :class:`Reader` built once per request by :data:`ClinicianReader` or
:data:`PatientReader` carries what differs between the two readers (where the pages live, the
words addressed to the reader), so no flag is threaded through the calls. Templates get it as
``reader``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from bellpath.errors import NotFoundError
from bellpath.records.models import Role, User
from bellpath.records.patients import list_patients
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep

__all__ = [
    "NOT_LINKED",
    "ClinicianReader",
    "PatientReader",
    "Reader",
    "clinician_reader",
    "own_patient_id",
    "patient_reader",
]

NOT_LINKED = (
    "Your account is not linked to a record yet. Please ask your clinician to link it; "
    "then this page shows where your recovery stands."
)


@dataclass(frozen=True, slots=True)
class Reader:
    """The reader of a page about the record ``patient_id``."""

    patient_id: int
    is_patient: bool

    @property
    def home(self) -> str:
        """The record's main page: ``/me`` for the patient, the timeline for a clinician."""
        return "/me" if self.is_patient else f"/patients/{self.patient_id}"

    def url(self, tail: str) -> str:
        """A page of the record under the reader's home, e.g. ``url("videos")``."""
        return f"{self.home}/{tail}"

    @property
    def nav(self) -> str:
        """The navigation item a record's page belongs to for this reader."""
        return "me" if self.is_patient else "patients"


def own_patient_id(session: SessionDep, user: User) -> int:
    """The record linked to a patient account (:class:`NotFoundError` when there is none)."""
    if user.role is not Role.PATIENT:
        raise NotFoundError("these pages are for a patient's own record")
    patients = list_patients(session, actor=user)
    if not patients:
        raise NotFoundError(NOT_LINKED)
    return patients[0].id


async def clinician_reader(patient_id: int, user: CurrentClinician) -> Reader:
    """A clinician reading ``/patients/{patient_id}/...`` (access is checked where it is read)."""
    return Reader(patient_id=patient_id, is_patient=False)


def patient_reader(session: SessionDep, user: CurrentUser) -> Reader:
    """A patient reading their own record under ``/me`` (404 without a linked record)."""
    return Reader(patient_id=own_patient_id(session, user), is_patient=True)


ClinicianReader = Annotated[Reader, Depends(clinician_reader)]
PatientReader = Annotated[Reader, Depends(patient_reader)]
