"""``/api/v1/patients``: create, list, read, change and delete patients; their assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from bellpath import clock
from bellpath.case import Assessment
from bellpath.errors import RecordError
from bellpath.records.assessments import record_assessment
from bellpath.records.audit import audit_trail as patient_audit_trail
from bellpath.records.identity import PatientIdentity, age_on
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Episode, Patient
from bellpath.records.overview import (
    EpisodeDetails,
    account_emails,
    current_episodes,
    episode_details,
)
from bellpath.records.patient_search import MAX_PAGE_SIZE, PAGE_SIZE, search_patients
from bellpath.records.patients import (
    create_patient,
    delete_patient,
    get_patient,
    list_episodes,
    start_episode,
    update_patient,
)
from bellpath.records.versioning import list_stamps
from bellpath.web.api.schemas import (
    AuditEventPublic,
    EpisodePublic,
    PatientCreate,
    PatientDeleted,
    PatientPublic,
    PatientUpdate,
)
from bellpath.web.conditional import (
    etag,
    fresh,
    not_modified,
    patient_state,
    record_modified,
    set_validators,
)
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep, TodayDep

__all__ = ["AsOf", "audit_public", "patient_public", "patients_public", "router"]

router = APIRouter(prefix="/patients", tags=["patients"])

AsOf = Annotated[
    dt.date | None,
    Query(description="Assess as known on this date (default: today on the server)."),
]


def patients_public(session: SessionDep, patients: Sequence[Patient]) -> list[PatientPublic]:
    """Patients and their current episodes as the API shows them (three queries in all)."""
    current = current_episodes(session, patients=patients)
    details = episode_details(session, episodes=current.values())
    result = []
    today = clock.today()
    for patient in patients:
        if patient.id not in current:  # deleted by another request meanwhile
            continue
        episode = current[patient.id]
        public = _with_details(episode, details[episode.id])
        result.append(
            PatientPublic(
                id=patient.id,
                name=patient.name,
                birth_date=patient.birth_date,
                age=age_on(patient.birth_date, today) if patient.birth_date else None,
                sex=patient.sex,
                mrn=patient.mrn,
                owner_id=patient.owner_id,
                has_account=patient.user_id is not None,
                created_at=patient.created_at,
                episode=public,
            )
        )
    return result


def patient_public(session: SessionDep, patient: Patient) -> PatientPublic:
    """One patient and their current episode as the API shows them.

    Raises
    ------
    RecordError
        The patient was deleted by another request meanwhile (409).
    """
    shown = patients_public(session, [patient])
    if not shown:
        raise RecordError(f"patient {patient.id} was deleted meanwhile")
    return shown[0]


@router.post("", response_model=PatientPublic, status_code=status.HTTP_201_CREATED)
def new_patient(body: PatientCreate, session: SessionDep, user: CurrentClinician) -> PatientPublic:
    """Create a patient with their first episode (a name, identity, plus the Case fields).

    409 names the existing record when the MRN is already used or the clinician already has a
    patient of the same name and birth date.
    """
    identity_fields = {"birth_date", "sex", "mrn"}
    fields = EpisodeFields.model_validate(
        body.model_dump(exclude={"name", "patient_email", *identity_fields})
    )
    patient = create_patient(
        session,
        actor=user,
        name=body.name,
        episode=fields,
        patient_email=body.patient_email,
        identity=PatientIdentity(birth_date=body.birth_date, sex=body.sex, mrn=body.mrn),
    )
    return patient_public(session, patient)


@router.get("", response_model=list[PatientPublic])
def patients(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[
        str,
        Query(max_length=200, description="Part of the name, the MRN's start, or a birth date."),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response | list[PatientPublic]:
    """The patients the caller may see: red flags first, then the most recent onset.

    One page at a time: ``X-Total-Count`` says how many match, ``Link: <...>; rel="next"`` where
    the next page is.
    """
    page = search_patients(session, actor=user, q=q, limit=limit, offset=offset)
    stamps = list_stamps(session, [p.id for p in page.patients])
    tag = etag("patients", user.id, q, limit, offset, page.total, stamps)
    if fresh(request, tag):
        return not_modified(tag)
    set_validators(response, tag)
    response.headers["X-Total-Count"] = str(page.total)
    if page.next_offset is not None:
        following = request.url.include_query_params(offset=page.next_offset, limit=limit)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return patients_public(session, page.patients)


@router.get("/{patient_id}", response_model=PatientPublic)
def one_patient(patient_id: int, session: SessionDep, user: CurrentUser) -> PatientPublic:
    """One patient."""
    return patient_public(session, get_patient(session, actor=user, patient_id=patient_id))


@router.patch("/{patient_id}", response_model=PatientPublic)
def change_patient(
    patient_id: int, body: PatientUpdate, session: SessionDep, user: CurrentUser
) -> PatientPublic:
    """Change the name, the account link, or fields of the current episode."""
    patient = update_patient(
        session,
        actor=user,
        patient_id=patient_id,
        name=body.name,
        patient_email=body.patient_email,
        unlink_patient_user=body.unlink_patient_account,
        episode=body.episode,
        identity=body.identity_changes(),
    )
    return patient_public(session, patient)


@router.delete("/{patient_id}", response_model=PatientDeleted)
def remove_patient(patient_id: int, session: SessionDep, user: CurrentUser) -> PatientDeleted:
    """Delete a patient and everything recorded about them (their clinician only), photo files
    included; backups made before keep them until those backups are removed."""
    photos = delete_patient(session, actor=user, patient_id=patient_id)
    return PatientDeleted(
        deleted_patient_id=patient_id,
        photos_removed=photos,
        message=(
            f"Patient {patient_id} and everything recorded about them were deleted, with "
            f"{photos} photo file(s). Backups made before now still hold them until those "
            "backups are removed."
        ),
    )


def _with_details(episode: Episode, details: EpisodeDetails) -> EpisodePublic:
    return EpisodePublic.model_validate(episode).model_copy(
        update={"risk_factors": details.risk_factors, "supplements": details.supplements}
    )


@router.get("/{patient_id}/episodes", response_model=list[EpisodePublic])
def episodes(patient_id: int, session: SessionDep, user: CurrentUser) -> list[EpisodePublic]:
    """Every episode of the patient, oldest first; the last is the current one."""
    rows = list_episodes(session, actor=user, patient_id=patient_id)
    details = episode_details(session, episodes=rows)
    return [_with_details(e, details[e.id]) for e in rows]


@router.post(
    "/{patient_id}/episodes", response_model=EpisodePublic, status_code=status.HTTP_201_CREATED
)
def new_episode(
    patient_id: int, body: EpisodeFields, session: SessionDep, user: CurrentUser
) -> EpisodePublic:
    """Start a new episode (a recurrence): it becomes current and records the red flag."""
    row = start_episode(session, actor=user, patient_id=patient_id, episode=body)
    return _with_details(row, episode_details(session, episodes=[row])[row.id])


@router.get("/{patient_id}/audit", response_model=list[AuditEventPublic])
def audit_trail(
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditEventPublic]:
    """Who did what to this record and when, newest first (never any content)."""
    patient = get_patient(session, actor=user, patient_id=patient_id)
    trail = patient_audit_trail(session, patient_id=patient.id, limit=limit)
    return audit_public(session, trail)


def audit_public(session: SessionDep, trail: Sequence[tuple[Any, Any]]) -> list[AuditEventPublic]:
    """Audit events with their actors' e-mails and their amendments."""
    emails = account_emails(session, user_ids=(e.actor_id for e, _ in trail))
    return [
        AuditEventPublic.model_validate(event).model_copy(
            update={
                "actor": emails.get(event.actor_id) if event.actor_id is not None else None,
                "changes": amendment.changes if amendment is not None else None,
                "reason": amendment.reason if amendment is not None else None,
            }
        )
        for event, amendment in trail
    ]


@router.get("/{patient_id}/assessment", response_model=Assessment)
def assessment(
    request: Request,
    *,
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    today: TodayDep,
    as_of: AsOf = None,
) -> Response:
    """The engine's Assessment of the current episode: the same JSON as ``bellpath assess``.

    Computed once per change of the record; ``If-None-Match`` with the ETag of the last answer
    gets an empty ``304`` while the record and the date are unchanged.
    """
    when = as_of or today
    state = patient_state(session, user, patient_id)
    tag = etag("assessment", state.stamp, when)
    modified = record_modified(state, when)
    if fresh(request, tag, modified):
        return not_modified(tag, modified)
    result = record_assessment(session, patient_id=patient_id, as_of=when, state=state)
    response = Response(result.json, media_type="application/json")
    set_validators(response, tag, modified)
    return response
