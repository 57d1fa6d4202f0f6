"""``/api/v1/patients/{patient_id}/labs``: laboratory results in the laboratory's own units."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from bellpath.case import LabResult
from bellpath.records.access import EntryKind
from bellpath.records.corrections import amend_entry
from bellpath.records.entries import add_lab, delete_entry, get_entry, list_entries
from bellpath.web.api._corrections import LabPatch
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import LabPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/labs", tags=["labs"])


@router.get("", response_model=list[LabPublic])
def list_labs(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[LabPublic]:
    """Every entry of the current episode, oldest first."""
    if check.is_fresh:
        return check.answer()
    rows = list_entries(
        session, actor=user, patient_id=patient_id, kind=EntryKind.LAB, **window.kwargs()
    )
    return [LabPublic.model_validate(r) for r in rows]


@router.post("", response_model=LabPublic, status_code=status.HTTP_201_CREATED)
def new_labs(patient_id: int, body: LabResult, session: SessionDep, user: CurrentUser) -> LabPublic:
    """Record one entry."""
    row = add_lab(session, actor=user, patient_id=patient_id, lab=body)
    return LabPublic.model_validate(row)


@router.get("/{lab_id}", response_model=LabPublic)
def one_labs(patient_id: int, lab_id: int, session: SessionDep, user: CurrentUser) -> LabPublic:
    """One entry."""
    row = get_entry(session, actor=user, patient_id=patient_id, kind=EntryKind.LAB, entry_id=lab_id)
    return LabPublic.model_validate(row)


@router.delete("/{lab_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_labs(patient_id: int, lab_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """Delete one entry."""
    delete_entry(session, actor=user, patient_id=patient_id, kind=EntryKind.LAB, entry_id=lab_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{lab_id}", response_model=LabPublic)
def correct_lab(
    patient_id: int, lab_id: int, body: LabPatch, session: SessionDep, user: CurrentUser
) -> LabPublic:
    """Correct a lab result; the earlier values stay in the audit trail as an amendment."""
    row = amend_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.LAB,
        entry_id=lab_id,
        changes=body.changes(),
        reason=body.reason,
    )
    return LabPublic.model_validate(row)
