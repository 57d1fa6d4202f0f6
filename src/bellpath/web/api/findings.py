"""``/api/v1/patients/{patient_id}/findings``: findings that suggest it may not be Bell's palsy."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from bellpath.records.access import EntryKind
from bellpath.records.corrections import amend_entry
from bellpath.records.entries import add_finding, delete_entry, get_entry, list_entries
from bellpath.records.exclusions import exclude_finding
from bellpath.web.api._corrections import FindingPatch
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import FindingCreate, FindingExclusionUpdate, FindingPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/findings", tags=["findings"])


@router.get("", response_model=list[FindingPublic])
def list_findings(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[FindingPublic]:
    """Every entry of the current episode, oldest first."""
    if check.is_fresh:
        return check.answer()
    rows = list_entries(
        session, actor=user, patient_id=patient_id, kind=EntryKind.FINDING, **window.kwargs()
    )
    return [FindingPublic.model_validate(r) for r in rows]


@router.post("", response_model=FindingPublic, status_code=status.HTTP_201_CREATED)
def new_findings(
    patient_id: int, body: FindingCreate, session: SessionDep, user: CurrentUser
) -> FindingPublic:
    """Record one entry."""
    row = add_finding(
        session, actor=user, patient_id=patient_id, finding=body.finding, noted_on=body.noted_on
    )
    return FindingPublic.model_validate(row)


@router.get("/{finding_id}", response_model=FindingPublic)
def one_findings(
    patient_id: int, finding_id: int, session: SessionDep, user: CurrentUser
) -> FindingPublic:
    """One entry."""
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.FINDING, entry_id=finding_id
    )
    return FindingPublic.model_validate(row)


@router.put("/{finding_id}/exclusion", response_model=FindingPublic)
def exclude_findings(
    patient_id: int,
    finding_id: int,
    body: FindingExclusionUpdate,
    session: SessionDep,
    user: CurrentUser,
) -> FindingPublic:
    """Record that a clinician excluded the cause the finding suggested (``null`` withdraws it).

    From that date the assessment shows the Bell's palsy content again, with a note naming the
    finding, the date and the clinician.
    """
    row = exclude_finding(
        session,
        actor=user,
        patient_id=patient_id,
        entry_id=finding_id,
        excluded_on=body.excluded_on,
    )
    return FindingPublic.model_validate(row)


@router.delete("/{finding_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_findings(
    patient_id: int, finding_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete one entry."""
    delete_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.FINDING, entry_id=finding_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{finding_id}", response_model=FindingPublic)
def correct_finding(
    patient_id: int, finding_id: int, body: FindingPatch, session: SessionDep, user: CurrentUser
) -> FindingPublic:
    """Correct a finding; the earlier values stay in the audit trail as an amendment."""
    row = amend_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.FINDING,
        entry_id=finding_id,
        changes=body.changes(),
        reason=body.reason,
    )
    return FindingPublic.model_validate(row)
