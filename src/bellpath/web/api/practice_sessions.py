"""``/api/v1/patients/{patient_id}/practice-sessions``: live mirror sessions (issue 19).

The live mirror page posts one session when the person finishes (the same JSON as
``POST /me/practice/sessions``); clinicians and the patient read them here. A session is deleted,
never edited: the audit trail keeps what it held.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from bellpath.records.practice_sessions import (
    add_practice_session,
    delete_practice_session,
    get_practice_session,
    list_practice_sessions,
)
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import PracticeSessionCreate, PracticeSessionPublic
from bellpath.web.conditional import RecordChecked
from bellpath.web.deps import CurrentUser, SessionDep, TodayDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/practice-sessions", tags=["practice-sessions"])


@router.get("", response_model=list[PracticeSessionPublic])
def list_sessions(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[PracticeSessionPublic]:
    """Every session of the current episode, oldest first."""
    if check.is_fresh:
        return check.answer()
    rows = list_practice_sessions(session, actor=user, patient_id=patient_id, **window.kwargs())
    return [PracticeSessionPublic.model_validate(r) for r in rows]


@router.post("", response_model=PracticeSessionPublic, status_code=status.HTTP_201_CREATED)
def new_session(
    patient_id: int,
    body: PracticeSessionCreate,
    session: SessionDep,
    user: CurrentUser,
    today: TodayDep,
) -> PracticeSessionPublic:
    """Store one session; numbers outside their plausible ranges are refused with 422."""
    row = add_practice_session(
        session,
        actor=user,
        patient_id=patient_id,
        data=body.model_dump(mode="json"),
        today=today,
    )
    return PracticeSessionPublic.model_validate(row)


@router.get("/{session_id}", response_model=PracticeSessionPublic)
def one_session(
    patient_id: int, session_id: int, session: SessionDep, user: CurrentUser
) -> PracticeSessionPublic:
    """One session."""
    row = get_practice_session(session, actor=user, patient_id=patient_id, session_id=session_id)
    return PracticeSessionPublic.model_validate(row)


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_session(
    patient_id: int, session_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete one session (the audit trail keeps what it held)."""
    delete_practice_session(session, actor=user, patient_id=patient_id, session_id=session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
