"""``/api/v1/patients/{patient_id}/gradings``: dated gradings on every scale."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from bellpath.records.access import EntryKind
from bellpath.records.corrections import amend_entry
from bellpath.records.entries import add_grading, delete_entry, get_entry, list_entries
from bellpath.web.api._corrections import GradingPatch
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import GradingCreate, GradingPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/gradings", tags=["gradings"])


@router.get("", response_model=list[GradingPublic])
def gradings(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[GradingPublic]:
    """Every grading of the current episode, oldest first."""
    if check.is_fresh:
        return check.answer()
    rows = list_entries(
        session, actor=user, patient_id=patient_id, kind=EntryKind.GRADING, **window.kwargs()
    )
    return [GradingPublic.model_validate(r) for r in rows]


@router.post("", response_model=GradingPublic, status_code=status.HTTP_201_CREATED)
def new_grading(
    patient_id: int, body: GradingCreate, session: SessionDep, user: CurrentUser
) -> GradingPublic:
    """Record a grading (patients: the self-reported SAQ and FaCE only)."""
    row = add_grading(
        session,
        actor=user,
        patient_id=patient_id,
        date=body.date,
        scale=body.scale,
        items=body.items,
    )
    return GradingPublic.model_validate(row)


@router.get("/{grading_id}", response_model=GradingPublic)
def one_grading(
    patient_id: int, grading_id: int, session: SessionDep, user: CurrentUser
) -> GradingPublic:
    """One grading."""
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.GRADING, entry_id=grading_id
    )
    return GradingPublic.model_validate(row)


@router.delete("/{grading_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_grading(
    patient_id: int, grading_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete one grading."""
    delete_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.GRADING, entry_id=grading_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{grading_id}", response_model=GradingPublic)
def correct_grading(
    patient_id: int, grading_id: int, body: GradingPatch, session: SessionDep, user: CurrentUser
) -> GradingPublic:
    """Correct a grading; the earlier values stay in the audit trail as an amendment."""
    row = amend_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.GRADING,
        entry_id=grading_id,
        changes=body.changes(),
        reason=body.reason,
    )
    return GradingPublic.model_validate(row)
