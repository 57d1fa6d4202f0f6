"""FHIR R4 exchange for a stored patient.

``GET  /api/v1/patients/{patient_id}/fhir``   the current episode as a Bundle (fhir+json)
``POST /api/v1/patients/{patient_id}/fhir``   add a Bundle's labs and complications to the record

An invalid bundle, an unknown LOINC code or a unit that does not fit its code is refused with 422,
naming the resource and the field; nothing is stored unless everything in it is valid.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from bellpath.interop.records_bridge import import_bundle_into_patient
from bellpath.web.api.patients import AsOf
from bellpath.web.deps import CurrentUser, SessionDep, TodayDep
from bellpath.web.downloads import FHIR_JSON, download_response, fhir_download

__all__ = ["FhirImportResult", "router"]

router = APIRouter(prefix="/patients/{patient_id}/fhir", tags=["fhir"])


class FhirImportResult(BaseModel):
    """What an import added to the record (or would add, on a dry run), and the review."""

    labs_added: int
    complications_added: int
    skipped: list[str]
    dry_run: bool = False
    report: dict[str, Any] = Field(
        default_factory=dict,
        description="The review: {accepted, dry_run, patient, imported, skipped, refused}, each "
        "item {resource, detail}.",
    )


@router.get(
    "",
    response_class=Response,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "A FHIR R4 collection Bundle."}},
)
def export_fhir(
    *,
    today: TodayDep,
    patient_id: int,
    session: SessionDep,
    user: CurrentUser,
    as_of: AsOf = None,
    photos: Annotated[
        bool, Query(description="Attach the episode's photos as Media resources (off by default).")
    ] = False,
) -> Response:
    """Patient, Bell's palsy Condition (SNOMED CT 193093009, ICD-10 G51.0), labs (LOINC, UCUM),
    scale scores, SAQ and FaCE QuestionnaireResponses."""
    download = fhir_download(
        session, actor=user, patient_id=patient_id, as_of=as_of or today, photos=photos
    )
    return download_response(download)


@router.post("", response_model=FhirImportResult)
def import_fhir(  # noqa: PLR0917  (FastAPI maps each query option to one parameter)
    today: TodayDep,
    patient_id: int,
    bundle: Annotated[dict[str, Any], Body(description="A FHIR R4 Bundle (JSON).")],
    session: SessionDep,
    user: CurrentUser,
    skip_unknown_codes: Annotated[
        bool,
        Query(description="Leave out lab results with a LOINC code bellpath does not read."),
    ] = False,
    skip_other_patients: Annotated[
        bool,
        Query(description="Leave out other patients' resources instead of refusing the bundle."),
    ] = False,
    dry_run: Annotated[
        bool, Query(description="Review only: answer what would be added; store nothing.")
    ] = False,
) -> FhirImportResult:
    """Review the bundle, then add its laboratory results and complications to the episode.

    Every resource must belong to this patient (MRN, or name and birth date); only final
    results count. A refused import answers 422 with the review under ``report``; nothing is
    stored unless everything is accepted.
    """
    added = import_bundle_into_patient(
        session,
        actor=user,
        patient_id=patient_id,
        bundle=bundle,
        today=today,
        skip_unknown=skip_unknown_codes,
        skip_other_patients=skip_other_patients,
        dry_run=dry_run,
    )
    return FhirImportResult(
        labs_added=added.labs_added,
        complications_added=added.complications_added,
        skipped=added.skipped,
        dry_run=dry_run,
        report=added.report.to_json(),
    )
