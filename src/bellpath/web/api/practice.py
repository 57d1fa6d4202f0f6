"""``/api/v1/patients/{patient_id}/practice-log``: the daily practice log."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import TypeAdapter

from bellpath.records.access import EntryKind
from bellpath.records.assessments import cache_for
from bellpath.records.corrections import amend_entry
from bellpath.records.entries import add_practice, delete_entry, get_entry, list_entries
from bellpath.web.api._corrections import PracticePatch
from bellpath.web.api._window import Window
from bellpath.web.api.schemas import PracticeCreate, PracticePublic
from bellpath.web.conditional import RecordChecked, set_validators
from bellpath.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/patients/{patient_id}/practice-log", tags=["practice-log"])

_AS_JSON: TypeAdapter[list[PracticePublic]] = TypeAdapter(list[PracticePublic])


@router.get("", response_model=list[PracticePublic])
def list_practice(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    window: Window,
    check: RecordChecked,
) -> Response | list[PracticePublic]:
    """Every entry of the current episode, oldest first.

    A daily log grows to hundreds of rows: its JSON is made once per version of the record (the
    ETag's key: record stamp, reader, window) and kept with the record's other derived answers.
    """
    if check.is_fresh:
        return check.answer()

    def as_json() -> bytes:
        rows = list_entries(
            session, actor=user, patient_id=patient_id, kind=EntryKind.PRACTICE, **window.kwargs()
        )
        return _AS_JSON.dump_json([PracticePublic.model_validate(r) for r in rows])

    content = cache_for(session).derived.get(("practice-log", check.tag), as_json)
    response = Response(content, media_type="application/json")
    set_validators(response, check.tag)
    return response


@router.post("", response_model=PracticePublic, status_code=status.HTTP_201_CREATED)
def new_practice(
    patient_id: int, body: PracticeCreate, session: SessionDep, user: CurrentUser
) -> PracticePublic:
    """Record one entry."""
    row = add_practice(
        session,
        actor=user,
        patient_id=patient_id,
        date=body.date,
        minutes=body.minutes,
        exercises=body.exercises,
        note=body.note,
    )
    return PracticePublic.model_validate(row)


@router.get("/{entry_id}", response_model=PracticePublic)
def one_practice(
    patient_id: int, entry_id: int, session: SessionDep, user: CurrentUser
) -> PracticePublic:
    """One entry."""
    row = get_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PRACTICE, entry_id=entry_id
    )
    return PracticePublic.model_validate(row)


@router.delete("/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_practice(
    patient_id: int, entry_id: int, session: SessionDep, user: CurrentUser
) -> Response:
    """Delete one entry."""
    delete_entry(
        session, actor=user, patient_id=patient_id, kind=EntryKind.PRACTICE, entry_id=entry_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{entry_id}", response_model=PracticePublic)
def correct_practice(
    patient_id: int, entry_id: int, body: PracticePatch, session: SessionDep, user: CurrentUser
) -> PracticePublic:
    """Correct a practice-log entry; the earlier values stay in the audit trail as an amendment."""
    row = amend_entry(
        session,
        actor=user,
        patient_id=patient_id,
        kind=EntryKind.PRACTICE,
        entry_id=entry_id,
        changes=body.changes(),
        reason=body.reason,
    )
    return PracticePublic.model_validate(row)
