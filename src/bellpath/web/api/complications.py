"""``/api/v1/patients/{patient_id}/complications``: late complications (synkinesis, ...)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from bellpath.records.access import EntryKind
from bellpath.records.corrections import amend_entry
from bellpath.records.entries import add_complication, delete_entry, get_entry, list_entries
from bellpath.web.api._corrections import ComplicationPatch
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import ComplicationCreate, ComplicationPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/complications", tags=["complications"])


@router.get("", response_model=list[ComplicationPublic])
def list_complications(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[ComplicationPublic]:
    """Every entry of the current episode, oldest first."""
    if check.is_fresh:
        return check.answer()
    rows = list_entries(
        session, actor=user, patient_id=patient_id, kind=EntryKind.COMPLICATION, **window.kwargs()
    )
    return [ComplicationPublic.model_validate(r) for r in rows]


@router.post("", response_model=ComplicationPublic, status_code=status.HTTP_201_CREATED)
def new_complications(
    patient_id: int, body: ComplicationCreate, session: SessionDep, user: CurrentUser
) -> ComplicationPublic:
    """Record one entry."""
    row = add_complication(
        session,
        actor=user,
        patient_id=patient_id,
        complication=body.complication,
        noted_on=body.noted_on,
    )
    return ComplicationPublic.model_validate(row)


@router.get("/{complication_id}", response_model=ComplicationPublic)
def one_complications(
    patient_id: int, complication_id: int, session: SessionDep, user: CurrentUser
) -> ComplicationPublic:
    """One entry."""
    row = get_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.COMPLICATION,
        entry_id=complication_id,
    )
    return ComplicationPublic.model_validate(row)


@router.delete("/{complication_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_complications(
    patient_id: int, complication_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete one entry."""
    delete_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.COMPLICATION,
        entry_id=complication_id,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{complication_id}", response_model=ComplicationPublic)
def correct_complication(
    patient_id: int,
    complication_id: int,
    body: ComplicationPatch,
    session: SessionDep,
    user: CurrentUser,
) -> ComplicationPublic:
    """Correct a complication; the earlier values stay in the audit trail as an amendment."""
    row = amend_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.COMPLICATION,
        entry_id=complication_id,
        changes=body.changes(),
        reason=body.reason,
    )
    return ComplicationPublic.model_validate(row)
