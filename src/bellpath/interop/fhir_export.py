"""Export one episode (a :class:`~bellpath.case.Case`) as a FHIR R4 ``collection`` Bundle.

What goes where:

========================  =====================================================================
Case field                FHIR resource
========================  =====================================================================
(the person)              Patient (identifier = the bellpath patient id, name when known)
onset, side, severity,    Condition: SNOMED CT 193093009 + ICD-10 G51.0, ``onsetDateTime``,
recovered, as_of          ``bodySite``, ``severity``, ``clinicalStatus``, extension ``as-of``
complications             one Condition each (bellpath ``complication`` codes)
labs                      Observation (laboratory): LOINC code, UCUM quantity, and a Specimen
age                       Observation LOINC 30525-0, UCUM ``a``
eye_closure, findings,    Observations with bellpath codes
risk_factors,
first_movement
steroids_started,         MedicationStatement (what the person takes, as reported: bellpath
supplements               records, it never prescribes)
gradings                  Observation with bellpath ``scale`` code, items as components, the
                          computed score as value; SAQ and FaCE also as QuestionnaireResponse
photo / video measures    Observation with components (every measure right/left/difference/%)
practice_sessions         one Observation ``practice-session`` per live mirror session, dated,
                          with duration, side and each movement's measures as components
photos (on request)       Media with the image attached
any other field           Observation ``case.<field>`` with the field's values as components
========================  =====================================================================

The bundle is validated with ``fhir.resources`` before it is returned.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bellpath import __version__
from bellpath.case import Assessment, Case, LabResult
from bellpath.interop._codes import (
    AGE_LOINC,
    BELLS_PALSY_ICD10,
    BELLS_PALSY_SNOMED,
    CONDITION_CLINICAL,
    ICD10,
    LOINC,
    SNOMED,
    SPECIMEN_SNOMED,
    UCUM,
    lab_code_for,
    project_system,
    ucum_code,
)
from bellpath.interop._fhir_common import (
    AS_OF_EXTENSION,
    OBSERVATION_SYSTEM,
    QUESTIONNAIRES,
    coding,
    resource_url,
    validate_bundle,
)
from bellpath.interop._fhir_values import component, entry_components, scores_by_entry
from bellpath.vocab import Scale, words

__all__ = ["CASE_FIELD_PREFIX", "MAPPED_FIELDS", "PhotoAttachment", "export_bundle"]

MAPPED_FIELDS = frozenset(
    {
        "onset",
        "as_of",
        "affected_side",
        "severity",
        "first_movement",
        "recovered",
        "eye_closure",
        "steroids_started",
        "age",
        "labs",
        "complications",
        "findings",
        "risk_factors",
        "supplements",
        "gradings",
        "photo_measures",
        "video_measures",
        "practice_sessions",
    }
)
"""Case fields with a FHIR mapping of their own (the table in the module docstring)."""
CASE_FIELD_PREFIX = "case."
"""Code prefix of the observation that carries any other case field whole."""

_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
_AGENT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
_RECORDED_WITH = "the care team (recorded with bellpath)"
_SELF_REPORTED = frozenset({"risk-factor", "age"})
"""Observations the person reports about themselves (performer: the Patient)."""
_CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"


@dataclass(frozen=True, slots=True)
class PhotoAttachment:
    """A photo to attach to the bundle (only when the user asks for photos)."""

    data: bytes
    content_type: str
    taken: dt.date | None = None
    title: str | None = None


class _Builder:
    def __init__(self, patient_id: str) -> None:
        self.patient_id = patient_id
        self.entries: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}
        _, self.patient_ref = resource_url(patient_id, "patient")
        self.performer: dict[str, Any] = {"display": _RECORDED_WITH}

    def add(self, kind: str, resource: dict[str, Any]) -> str:
        index = self.counts.get(kind, 0)
        self.counts[kind] = index + 1
        rid, url = resource_url(self.patient_id, kind, index)
        self.entries.append({"fullUrl": url, "resource": {**resource, "id": rid}})
        return url

    def observation(
        self,
        kind: str,
        code: dict[str, Any],
        category: str,
        when: dt.date | None,
        **fields: Any,
    ) -> str:
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [coding(_CATEGORY, category)],
            "code": code,
            "subject": {"reference": self.patient_ref},
        }
        if when is not None:
            resource["effectiveDateTime"] = when.isoformat()
        reported = category == "survey" or kind in _SELF_REPORTED
        resource["performer"] = [{"reference": self.patient_ref} if reported else self.performer]
        resource.update(fields)
        return self.add(kind, resource)

    def provenance(self, recorded: dt.datetime) -> None:
        """Who assembled the bundle and when: one Provenance naming every resource."""
        targets = [{"reference": entry["fullUrl"]} for entry in self.entries]
        self.add(
            "provenance",
            {
                "resourceType": "Provenance",
                "target": targets,
                "recorded": recorded.isoformat(),
                "activity": coding(_DATA_OPERATION, "CREATE", "create"),
                "agent": [
                    {
                        "type": coding(_AGENT_TYPE, "assembler", "Assembler"),
                        "who": {"display": f"bellpath {__version__}"},
                    }
                ],
            },
        )


def export_bundle(
    case: Case,
    *,
    patient_id: str = "patient",
    patient_name: str | None = None,
    assessment: Assessment | None = None,
    photos: Sequence[PhotoAttachment] = (),
    timestamp: dt.datetime | None = None,
    validate: bool = True,
    mrn: str | None = None,
    birth_date: dt.date | None = None,
    performer: str | None = None,
) -> dict[str, Any]:
    """Return the episode as a validated FHIR R4 Bundle (a JSON-ready ``dict``).

    Parameters
    ----------
    case : Case
        The episode to export.
    patient_id : str
        The identifier written on the Patient (a record id, or the case file's name).
    patient_name : str, optional
        The person's name, when the caller may share it.
    assessment : Assessment, optional
        When given, computed scale scores become the Observations' values.
    photos : sequence of PhotoAttachment
        Photos to attach as Media; empty unless the user asked for photos.
    timestamp : datetime, optional
        The bundle's timestamp; defaults to midnight UTC of ``case.as_of`` so that the same case
        always gives the same bundle.
    validate : bool
        Check the bundle against the FHIR models (``fhir.resources``) before returning it. This is
        about 95% of the cost of a large export; turn it off only where the same code path is
        already validated (e.g. a benchmark of the mapping alone).
    mrn, birth_date : optional
        The person's medical record number (a Patient identifier of type MR) and birth date,
        when the caller knows them: receiving systems match patients on these.
    performer : str, optional
        Who recorded the observations (a clinician's name): a Practitioner every clinical
        Observation names as its performer. Without it the performer is "the care team".
        Patient-reported observations (questionnaires, risk factors, age) name the Patient.

    Every Observation carries ``status``, ``performer`` and, when the case dates it,
    ``effectiveDateTime`` (an undated lab result stays undated rather than take a made-up date).
    A Provenance closes the bundle: what bellpath assembled, and when.
    """
    b = _Builder(patient_id)
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": project_system("patient-id"), "value": patient_id}],
    }
    if mrn:
        patient["identifier"].append(
            {"type": coding(_IDENTIFIER_TYPE, "MR", "Medical record number"), "value": mrn}
        )
    if patient_name:
        patient["name"] = [{"text": patient_name}]
    if birth_date is not None:
        patient["birthDate"] = birth_date.isoformat()
    b.add("patient", patient)
    if performer:
        url = b.add("practitioner", {"resourceType": "Practitioner", "name": [{"text": performer}]})
        b.performer = {"reference": url, "display": performer}
    _episode(b, case)
    for lab in case.labs:
        _lab(b, lab)
    data = case.model_dump(mode="json")
    _gradings(b, data.get("gradings") or [], assessment)
    for key, kind in (
        ("photo_measures", "photo-measures"),
        ("video_measures", "video-measures"),
        ("practice_sessions", "practice-session"),
    ):
        for entry in data.get(key) or []:
            when = dt.date.fromisoformat(entry["date"]) if entry.get("date") else None
            b.observation(
                kind,
                coding(OBSERVATION_SYSTEM, kind, kind.replace("-", " ")),
                "exam",
                when,
                component=entry_components(entry, skip=("date",)),
            )
    for key, value in data.items():
        if key in MAPPED_FIELDS or value is None or value in ([], {}):
            continue
        # A case field without a FHIR mapping of its own (added to the Case later): kept whole,
        # as components of a bellpath observation, so that nothing is lost on the way back.
        b.observation(
            "case-field",
            coding(OBSERVATION_SYSTEM, f"{CASE_FIELD_PREFIX}{key}", words(key)),
            "exam",
            case.as_of,
            component=entry_components({key: value}),
        )
    for photo in photos:
        _media(b, photo)
    stamp = timestamp or dt.datetime.combine(case.as_of, dt.time(), tzinfo=dt.UTC)
    b.provenance(stamp)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp.isoformat(),
        "entry": b.entries,
    }
    if validate:
        validate_bundle(bundle)
    return bundle


def _episode(b: _Builder, case: Case) -> None:
    code = coding(SNOMED, BELLS_PALSY_SNOMED, "Bell's palsy")
    code["coding"].append({"system": ICD10, "code": BELLS_PALSY_ICD10, "display": "Bell's palsy"})
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "extension": [{"url": AS_OF_EXTENSION, "valueDate": case.as_of.isoformat()}],
        "clinicalStatus": coding(CONDITION_CLINICAL, "resolved" if case.recovered else "active"),
        "category": [coding(_CONDITION_CATEGORY, "problem-list-item")],
        "code": code,
        "subject": {"reference": b.patient_ref},
        "onsetDateTime": case.onset.isoformat(),
    }
    if case.affected_side is not None:
        side = case.affected_side.value
        condition["bodySite"] = [coding(project_system("side"), side, f"{side} side of the face")]
    if case.severity is not None:
        condition["severity"] = coding(
            project_system("severity"), case.severity.value, f"{case.severity.value} palsy"
        )
    b.add("condition", condition)
    for complication in case.complications:
        b.add(
            "complication",
            {
                "resourceType": "Condition",
                "clinicalStatus": coding(CONDITION_CLINICAL, "active"),
                "category": [coding(_CONDITION_CATEGORY, "problem-list-item")],
                "code": coding(
                    project_system("complication"),
                    complication.value,
                    complication.words,
                ),
                "subject": {"reference": b.patient_ref},
            },
        )
    if case.first_movement is not None:
        b.observation(
            "first-movement",
            coding(OBSERVATION_SYSTEM, "first-movement", "first facial movement returned"),
            "exam",
            case.first_movement,
            valueBoolean=True,
        )
    if case.eye_closure is not None:
        b.observation(
            "eye-closure",
            coding(OBSERVATION_SYSTEM, "eye-closure", "eye closure on the affected side"),
            "exam",
            case.as_of,
            valueCodeableConcept=coding(project_system("eye-closure"), case.eye_closure.value),
        )
    if case.age is not None:
        b.observation(
            "age",
            coding(LOINC, AGE_LOINC, "Age"),
            "social-history",
            case.as_of,
            valueQuantity={"value": case.age, "unit": "a", "system": UCUM, "code": "a"},
        )
    for finding in case.findings:
        b.observation(
            "finding",
            coding(project_system("finding"), finding.value, finding.words),
            "exam",
            case.as_of,
            valueBoolean=True,
        )
    for factor in case.risk_factors:
        b.observation(
            "risk-factor",
            coding(project_system("risk-factor"), factor.value, factor.words),
            "social-history",
            case.as_of,
            valueBoolean=True,
        )
    if case.steroids_started is not None:
        b.add(
            "steroids",
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": coding(
                    project_system("medication"), "corticosteroid", "oral corticosteroid"
                ),
                "subject": {"reference": b.patient_ref},
                "effectiveDateTime": case.steroids_started.isoformat(),
            },
        )
    for supplement in case.supplements:
        vitamin = supplement.vitamin.value
        b.add(
            "supplement",
            {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": coding(
                    project_system("vitamin"), vitamin, f"vitamin {vitamin.upper()} supplement"
                ),
                "subject": {"reference": b.patient_ref},
                "dosage": [
                    {
                        "text": f"{supplement.daily_mg:g} mg a day, as reported by the person",
                        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
                        "doseAndRate": [
                            {
                                "doseQuantity": {
                                    "value": supplement.daily_mg,
                                    "unit": "mg",
                                    "system": UCUM,
                                    "code": "mg",
                                }
                            }
                        ],
                    }
                ],
            },
        )


def _lab(b: _Builder, lab: LabResult) -> None:
    snomed, display = SPECIMEN_SNOMED[lab.specimen]
    specimen_url = b.add(
        "specimen",
        {
            "resourceType": "Specimen",
            "type": {
                "coding": [
                    {"system": SNOMED, "code": snomed, "display": display},
                    {"system": project_system("specimen"), "code": lab.specimen.value},
                ],
                "text": display,
            },
            "subject": {"reference": b.patient_ref},
        },
    )
    analyte = {"system": project_system("analyte"), "code": lab.analyte.value}
    row = lab_code_for(lab.analyte, lab.unit)
    codings = [analyte]
    text = lab.analyte.value
    if row is not None and row.loinc is not None:
        codings = [{"system": LOINC, "code": row.loinc, "display": row.display}, analyte]
        text = row.display
    quantity: dict[str, Any] = {"value": lab.value}
    if lab.comparator is not None:
        quantity["comparator"] = lab.comparator.value  # "<150": below 150, not 150
    quantity.update({"unit": lab.unit, "system": UCUM, "code": ucum_code(lab.unit)})
    b.observation(
        "lab",
        {"coding": codings, "text": text},
        "laboratory",
        lab.date,
        valueQuantity=quantity,
        specimen={"reference": specimen_url},
    )


def _gradings(
    b: _Builder, gradings: Sequence[Mapping[str, Any]], assessment: Assessment | None
) -> None:
    scores = scores_by_entry(assessment, len(gradings))
    for index, entry in enumerate(gradings):
        scale = str(entry.get("scale", "unknown"))
        when = dt.date.fromisoformat(entry["date"]) if entry.get("date") else None
        extra: dict[str, Any] = {}
        score = scores[index]
        qr_url: str | None = None
        items = entry.get("items")
        if scale in QUESTIONNAIRES and set(entry) <= {"date", "scale", "items"} and items:
            qr_url = _questionnaire(b, scale, when, items)
            extra["derivedFrom"] = [{"reference": qr_url}]
        else:
            extra["component"] = entry_components(entry, skip=("date", "scale"))
        if score:
            extra.setdefault("component", [])
            extra["component"].extend(component(f"score.{k}", v) for k, v in score.items())
        if not extra.get("component"):
            extra.pop("component", None)
        b.observation(
            "grading",
            coding(project_system("scale"), scale, Scale(scale).label),
            "survey" if scale in QUESTIONNAIRES else "exam",
            when,
            **extra,
        )


def _questionnaire(b: _Builder, scale: str, when: dt.date | None, items: Sequence[Any]) -> str:
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": QUESTIONNAIRES[scale],
        "status": "completed",
        "subject": {"reference": b.patient_ref},
        "item": [
            {"linkId": str(i + 1), "answer": [{"valueInteger": int(value)}]}
            for i, value in enumerate(items)
        ],
    }
    if when is not None:
        resource["authored"] = when.isoformat()
    return b.add("questionnaire-response", resource)


def _media(b: _Builder, photo: PhotoAttachment) -> None:
    content: dict[str, Any] = {
        "contentType": photo.content_type,
        "data": base64.b64encode(photo.data).decode("ascii"),
    }
    if photo.title:
        content["title"] = photo.title
    resource: dict[str, Any] = {
        "resourceType": "Media",
        "status": "completed",
        "type": coding("http://terminology.hl7.org/CodeSystem/media-type", "image", "Image"),
        "subject": {"reference": b.patient_ref},
        "content": content,
    }
    if photo.taken is not None:
        resource["createdDateTime"] = photo.taken.isoformat()
    b.add("media", resource)
