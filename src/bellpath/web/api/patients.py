"""``/api/v1/patients``: create, list, read, change and delete patients; their assessment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from bellpath.case import Assessment, Supplement
from bellpath.caseio import dump_assessment_json
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Patient, RiskFactorEntry, SupplementEntry
from bellpath.records.patients import (
    assess_patient,
    create_patient,
    current_episode,
    delete_patient,
    get_patient,
    list_patients,
    update_patient,
)
from bellpath.web.api.schemas import EpisodePublic, PatientCreate, PatientPublic, PatientUpdate
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep

__all__ = ["AsOf", "patient_public", "router"]

router = APIRouter(prefix="/patients", tags=["patients"])

AsOf = Annotated[
    dt.date | None,
    Query(description="Assess as known on this date (default: today on the server)."),
]


def patient_public(session: Session, patient: Patient) -> PatientPublic:
    """A patient and their current episode as the API shows them."""
    episode = current_episode(session, patient=patient)
    risk = session.scalars(
        select(RiskFactorEntry.risk_factor)
        .where(RiskFactorEntry.episode_id == episode.id)
        .order_by(RiskFactorEntry.id)
    ).all()
    supplements = session.scalars(
        select(SupplementEntry)
        .where(SupplementEntry.episode_id == episode.id)
        .order_by(SupplementEntry.id)
    ).all()
    public = EpisodePublic.model_validate(episode).model_copy(
        update={
            "risk_factors": list(risk),
            "supplements": [
                Supplement(vitamin=s.vitamin, daily_mg=s.daily_mg) for s in supplements
            ],
        }
    )
    return PatientPublic(
        id=patient.id,
        name=patient.name,
        owner_id=patient.owner_id,
        has_account=patient.user_id is not None,
        created_at=patient.created_at,
        episode=public,
    )


@router.post("", response_model=PatientPublic, status_code=status.HTTP_201_CREATED)
def new_patient(body: PatientCreate, session: SessionDep, user: CurrentClinician) -> PatientPublic:
    """Create a patient with their first episode (a name plus the Case fields)."""
    fields = EpisodeFields.model_validate(body.model_dump(exclude={"name", "patient_email"}))
    patient = create_patient(
        session, actor=user, name=body.name, episode=fields, patient_email=body.patient_email
    )
    return patient_public(session, patient)


@router.get("", response_model=list[PatientPublic])
def patients(session: SessionDep, user: CurrentUser) -> list[PatientPublic]:
    """The patients the caller may see (a clinician's own; a patient's own record)."""
    return [patient_public(session, p) for p in list_patients(session, actor=user)]


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
    )
    return patient_public(session, patient)


@router.delete("/{patient_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_patient(patient_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """Delete a patient and everything recorded about them (their clinician only)."""
    delete_patient(session, actor=user, patient_id=patient_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{patient_id}/assessment", response_model=Assessment)
def assessment(
    patient_id: int, session: SessionDep, user: CurrentUser, as_of: AsOf = None
) -> Response:
    """The engine's Assessment of the current episode: the same JSON as ``bellpath assess``."""
    result = assess_patient(
        session, actor=user, patient_id=patient_id, as_of=as_of or dt.date.today()
    )
    return Response(dump_assessment_json(result, indent=None), media_type="application/json")
