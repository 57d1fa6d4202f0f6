"""Pieces shared by the FHIR export and import: resource ids, the observation codes, validation.

bellpath writes FHIR R4 JSON. The installed ``fhir.resources`` 8 has no ``R4`` subpackage, so
validation uses its ``R4B`` models: R4B (4.3) is a technical correction of R4 (4.0.1) with the same
Patient, Condition, Observation, Specimen, MedicationStatement, QuestionnaireResponse and Media
resources, so a bundle that validates as R4B is valid R4 for every resource bellpath writes.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from pydantic import ValidationError

from bellpath.errors import InteropError
from bellpath.interop._codes import BELLPATH_SYSTEM, project_system

__all__ = [
    "AS_OF_EXTENSION",
    "FHIR_VERSION",
    "OBSERVATION_SYSTEM",
    "QUESTIONNAIRES",
    "coding",
    "describe_entry",
    "resource_url",
    "validate_bundle",
]

FHIR_VERSION: Final = "4.0.1"
OBSERVATION_SYSTEM: Final = project_system("observation")
AS_OF_EXTENSION: Final = f"{BELLPATH_SYSTEM}/StructureDefinition/as-of"
QUESTIONNAIRES: Final = {
    "saq": f"{BELLPATH_SYSTEM}/Questionnaire/saq",
    "face": f"{BELLPATH_SYSTEM}/Questionnaire/face",
}
"""Canonical URLs of the patient-reported questionnaires exported as QuestionnaireResponses."""

_MAX_RECEIVED: Final = 80
_NAMESPACE: Final = uuid.UUID("5b1f3c1e-6f1d-4c55-9a57-0b8e1e4c2d10")


def resource_url(patient_id: str, kind: str, index: int = 0) -> tuple[str, str]:
    """A stable ``(id, fullUrl)`` pair: the same case always gives the same bundle."""
    rid = str(uuid.uuid5(_NAMESPACE, f"{patient_id}/{kind}/{index}"))
    return rid, f"urn:uuid:{rid}"


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    """A CodeableConcept with one coding and, when given, the display as its text."""
    entry: dict[str, Any] = {"system": system, "code": code}
    concept: dict[str, Any] = {"coding": [entry]}
    if display is not None:
        entry["display"] = display
        concept["text"] = display
    return concept


def describe_entry(bundle: dict[str, Any], index: int) -> str:
    """``ResourceType/id`` of a bundle entry (or its position when it has neither)."""
    try:
        resource = bundle["entry"][index]["resource"]
        kind = resource.get("resourceType", "resource")
        rid = resource.get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        return f"entry {index}"
    return f"{kind}/{rid}" if rid else f"{kind} (entry {index})"


def _field(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate against the FHIR models; raise :class:`InteropError` naming resource and field."""
    from fhir.resources.R4B.bundle import Bundle  # noqa: PLC0415  (heavy: only when used)

    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        kind = bundle.get("resourceType") if isinstance(bundle, dict) else type(bundle).__name__
        msg = f"expected a FHIR Bundle, got {kind!r}: export a Bundle (resourceType 'Bundle')"
        raise InteropError(msg)
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        if len(loc) >= 3 and loc[0] == "entry" and isinstance(loc[1], int) and loc[2] == "resource":
            where = describe_entry(bundle, loc[1])
            field = _field(loc[3:]) or "resource"
        else:
            where, field = "Bundle", _field(loc) or "Bundle"
        received = repr(error.get("input"))
        if len(received) > _MAX_RECEIVED:
            received = received[: _MAX_RECEIVED - 3] + "..."
        msg = f"{where}: '{field}' is invalid: {error['msg']} (got {received})"
        raise InteropError(msg) from None
