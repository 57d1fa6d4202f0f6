"""``/api/v1/patients/{patient_id}/care-team``: colleagues who read and write a patient's record.

``POST`` with ``{"email": ...}`` adds a clinician (201), ``GET`` lists the team, ``DELETE
.../care-team/{user_id}`` removes one (204). Only the record's owner changes the team; a removed
member gets 404 for the record again, like anyone outside the team.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from bellpath.records.care_team import add_member, list_members, remove_member
from bellpath.web.api.schemas import CareTeamAdd, CareTeamMemberPublic
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/care-team", tags=["care team"])


@router.get("", response_model=list[CareTeamMemberPublic])
def care_team(
    patient_id: int, session: SessionDep, user: CurrentUser
) -> list[CareTeamMemberPublic]:
    """The clinicians on the care team (the owner is ``owner_id`` on the patient)."""
    members = list_members(session, actor=user, patient_id=patient_id)
    return [CareTeamMemberPublic.model_validate(m) for m in members]


@router.post("", response_model=CareTeamMemberPublic, status_code=status.HTTP_201_CREATED)
def add_to_care_team(
    patient_id: int, body: CareTeamAdd, session: SessionDep, user: CurrentUser
) -> CareTeamMemberPublic:
    """Add a clinician by the e-mail of their account (the owner only)."""
    member = add_member(session, actor=user, patient_id=patient_id, email=body.email)
    return CareTeamMemberPublic.model_validate(member)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_from_care_team(
    patient_id: int, user_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Take a clinician off the care team (the owner only)."""
    remove_member(session, actor=user, patient_id=patient_id, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
