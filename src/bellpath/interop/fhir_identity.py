"""A stored patient's identity on an exported FHIR Patient, for what the export does not write.

:func:`bellpath.interop.fhir_export.export_bundle` writes the MRN (``Patient.identifier`` typed
``MR``) and the birth date itself; records add the administrative sex here (``Patient.gender``,
already in FHIR AdministrativeGender codes), and the MRN and birth date for bundles made without
them:

* ``Patient.identifier``: the MRN, typed ``MR`` (HL7 v2 table 0203, "Medical record number");
* ``Patient.birthDate``: the birth date;
* ``Patient.gender``: the administrative sex.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from bellpath.interop._codes import project_system
from bellpath.interop._fhir_common import validate_bundle
from bellpath.records.identity import PatientIdentity

__all__ = ["MRN_SYSTEM", "MRN_TYPE", "add_identity"]

MRN_SYSTEM: Final = project_system("mrn")
"""The identifier system of a clinic's MRN (a clinic may map it to its own system)."""

MRN_TYPE: Final = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
            "code": "MR",
            "display": "Medical record number",
        }
    ],
    "text": "MRN",
}


def add_identity(bundle: dict[str, Any], identity: PatientIdentity) -> dict[str, Any]:
    """A copy of ``bundle`` whose Patient carries ``identity`` (validated again when changed)."""
    if identity == PatientIdentity():
        return bundle
    result = copy.deepcopy(bundle)
    for entry in result.get("entry", []):
        resource = entry.get("resource", {})
        if resource.get("resourceType") != "Patient":
            continue
        if identity.mrn:
            resource.setdefault("identifier", []).append(
                {"use": "usual", "type": MRN_TYPE, "system": MRN_SYSTEM, "value": identity.mrn}
            )
        if identity.birth_date is not None:
            resource["birthDate"] = identity.birth_date.isoformat()
        if identity.sex is not None:
            resource["gender"] = identity.sex.value
    validate_bundle(result)
    return result
