"""Sort a hospital's Bundle before anything is read: whose is each resource, is it final, known?

A hospital's lab system may send one Bundle for several patients, with results that are not final
yet and resource types bellpath does not read. :func:`triage_bundle` decides, for every entry:

- **whose it is**: the target patient is the bundle's Patient that matches the target's
  identifier (an MRN) or name and birth date, or the bundle's only patient when nothing is known
  about the target. A resource that names another patient (``subject`` / ``patient``) is refused,
  or skipped with ``skip_other_patients``;
- **whether it is final**: only ``final``, ``amended`` and ``corrected`` Observations become data;
  ``registered``, ``preliminary``, ``cancelled``, ``entered-in-error`` (and any other status) are
  skipped with the reason; so are Conditions entered in error or refuted and statements or
  questionnaires entered in error;
- **whether bellpath reads its type**: other resource types (Encounter, DiagnosticReport...)
  and types that FHIR R4 does not have (R5 or R4B additions) are skipped and listed.

The kept entries form a smaller Bundle that the reader then validates and reads.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from bellpath.interop._fhir_common import describe_entry
from bellpath.interop.import_report import ReportLine

__all__ = [
    "CONTEXT_TYPES",
    "FINAL_STATUSES",
    "READ_TYPES",
    "PatientIdentity",
    "Triage",
    "triage_bundle",
]

READ_TYPES: Final = frozenset(
    {"Condition", "Observation", "Specimen", "MedicationStatement", "QuestionnaireResponse"}
)
"""Resource types bellpath reads (besides Patient, used to tell whose data it is)."""
CONTEXT_TYPES: Final = frozenset(
    {"Provenance", "Practitioner", "PractitionerRole", "Organization", "Device"}
)
"""Who recorded, sent or assembled the data: context, not data; neither read nor listed."""
FINAL_STATUSES: Final = frozenset({"final", "amended", "corrected"})
"""Observation statuses whose results become data."""
_STATUS_REASONS: Final = {
    "registered": "status 'registered': no result yet",
    "preliminary": "status 'preliminary': not a final result",
    "cancelled": "status 'cancelled': the test was not done",
    "entered-in-error": "status 'entered-in-error': withdrawn by the sender",
    "unknown": "status 'unknown': not known to be final",
}
_UNNAMED: Final = "the bundle's patient (not named)"
_BY_ID: Final = "the patient with identifier "
_NOT_RECORDED: Final = {
    "Condition": ("verificationStatus", {"entered-in-error", "refuted"}),
    "MedicationStatement": ("status", {"entered-in-error", "not-taken"}),
    "QuestionnaireResponse": ("status", {"entered-in-error", "in-progress", "stopped"}),
    "Specimen": ("status", {"entered-in-error"}),
}


@dataclass(frozen=True)
class PatientIdentity:
    """What is known about the patient the data is for (all optional)."""

    mrn: str | None = None
    name: str | None = None
    birth_date: dt.date | None = None

    @property
    def known(self) -> bool:
        """Whether anything is known to match on."""
        return bool(self.mrn or self.name or self.birth_date)


@dataclass
class Triage:
    """The entries to read (as a Bundle), and what was skipped or refused and why."""

    bundle: dict[str, Any]
    patient: str | None = None
    skipped: list[ReportLine] = field(default_factory=list)
    refused: list[ReportLine] = field(default_factory=list)


def _fold(text: str) -> str:
    """Names compared without case, accents, punctuation or word order."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return " ".join(sorted(letters.split()))


def _names(patient: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for name in patient.get("name") or []:
        if not isinstance(name, Mapping):
            continue
        if name.get("text"):
            names.add(_fold(str(name["text"])))
        parts = [*(name.get("given") or []), name.get("family") or ""]
        joined = " ".join(str(p) for p in parts if p)
        if joined:
            names.add(_fold(joined))
    return names


def _identifiers(patient: Mapping[str, Any]) -> set[str]:
    return {
        str(i["value"]).strip()
        for i in patient.get("identifier") or []
        if isinstance(i, Mapping) and i.get("value")
    }


def _has_record_number(patient: Mapping[str, Any]) -> bool:
    """Whether the Patient states a medical record number (identifier type ``MR``)."""
    for ident in patient.get("identifier") or []:
        codings = (
            ((ident.get("type") or {}).get("coding") or []) if isinstance(ident, Mapping) else []
        )
        if any(isinstance(c, Mapping) and c.get("code") == "MR" for c in codings):
            return True
    return False


def _match(patient: Mapping[str, Any], target: PatientIdentity) -> tuple[int, str]:  # noqa: PLR0911
    """``(strength, how)``: 2 identifier or name + birth date, 1 name only, 0 unknown, -1 not."""
    ids = _identifiers(patient)
    if target.mrn and ids:
        if target.mrn.strip() in ids:
            return 2, f"identifier {target.mrn.strip()}"
        if _has_record_number(patient) or not (target.name or target.birth_date):
            return -1, f"no identifier {target.mrn.strip()} (has {', '.join(sorted(ids))})"
        # identifiers of other kinds only (a national number...): name and birth date decide
    born = patient.get("birthDate")
    if target.birth_date and born and str(born)[:10] != target.birth_date.isoformat():
        return -1, f"born {born}, not {target.birth_date.isoformat()}"
    names = _names(patient)
    if target.name and names and _fold(target.name) not in names:
        return -1, "a different name"
    if target.name and names and target.birth_date and born:
        return 2, "name and birth date"
    if target.name and names:
        return 1, "name"
    return 0, "nothing to compare"


def _reference(resource: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for key in ("subject", "patient"):
        ref = resource.get(key)
        if isinstance(ref, Mapping):
            return ref
    return None


class _Patients:
    """The bundle's Patient entries and how references point at them."""

    def __init__(self, bundle: Mapping[str, Any]) -> None:
        self.keys: dict[str, str] = {}  # a reference spelling -> the patient's description
        self.resources: dict[str, Mapping[str, Any]] = {}
        for i, entry in enumerate(bundle.get("entry") or []):
            resource = entry.get("resource") if isinstance(entry, Mapping) else None
            if not isinstance(resource, Mapping) or resource.get("resourceType") != "Patient":
                continue
            where = describe_entry(dict(bundle), i)
            self.resources[where] = resource
            if entry.get("fullUrl"):
                self.keys[str(entry["fullUrl"])] = where
            if resource.get("id"):
                self.keys[f"Patient/{resource['id']}"] = where

    def owner(self, ref: Mapping[str, Any] | None) -> str | None:
        """The patient a reference names: a Patient of the bundle, or the reference itself."""
        if ref is None:
            return None
        text = str(ref.get("reference") or "")
        if text in self.keys:
            return self.keys[text]
        for key, where in self.keys.items():
            if key.startswith("Patient/") and text.endswith(f"/{key}"):
                return where
        ident = ref.get("identifier")
        if isinstance(ident, Mapping) and ident.get("value"):
            value = str(ident["value"]).strip()
            for where, patient in self.resources.items():
                if value in _identifiers(patient):
                    return where
            return f"{_BY_ID}{value}"
        return f"patient {text}" if text else None


def _target(  # noqa: PLR0911  (one return per way of finding, or not finding, the target)
    patients: _Patients, owners: set[str], target: PatientIdentity
) -> tuple[str | None, str]:
    """The target's description and how it was found, or ``(None, why not)``."""
    if not patients.resources:
        if len(owners) > 1:
            named = ", ".join(sorted(owners))
            return None, f"the bundle names {len(owners)} patients ({named}) and no Patient"
        only = next(iter(owners), _UNNAMED)
        if target.mrn and only.startswith(_BY_ID) and only != f"{_BY_ID}{target.mrn.strip()}":
            return None, f"the bundle names {only}, not {target.mrn.strip()}"
        return only, "the only patient the bundle names; no Patient resource to compare"
    scored = {where: _match(p, target) for where, p in patients.resources.items()}
    for strength in (2, 1):
        best = [w for w, (s, _) in scored.items() if s == strength]
        if len(best) == 1:
            return best[0], f"matched on {scored[best[0]][1]}"
        if len(best) > 1:
            return None, f"{', '.join(best)} all match on {scored[best[0]][1]}"
    possible = [w for w, (s, _) in scored.items() if s == 0]
    if len(patients.resources) == 1 and possible:
        return possible[0], "the bundle's only patient"
    if not possible:
        reasons = "; ".join(f"{w}: {how}" for w, (_, how) in scored.items())
        return None, f"no Patient in the bundle is the target ({reasons})"
    return None, (
        f"the bundle holds {len(patients.resources)} patients; name the target by MRN, "
        "or by name and birth date"
    )


def _status_reason(kind: str, resource: Mapping[str, Any]) -> str | None:
    if kind == "Observation":
        status = str(resource.get("status") or "")
        if not status or status in FINAL_STATUSES:
            return None  # a missing status is refused by validation, naming the field
        return _STATUS_REASONS.get(status, f"status {status!r} is not final")
    rule = _NOT_RECORDED.get(kind)
    if rule is None:
        return None
    key, bad = rule
    value = resource.get(key)
    if isinstance(value, Mapping):  # a CodeableConcept (Condition.verificationStatus)
        codes = {str(c.get("code")) for c in value.get("coding") or [] if isinstance(c, Mapping)}
    else:
        codes = {str(value)} if value else set()
    hit = sorted(codes & bad)
    return f"{key} '{hit[0]}': not recorded as data" if hit else None


def _type_reason(kind: str) -> str:
    from fhir.resources.R4B import get_fhir_model_class  # noqa: PLC0415  (heavy: only when used)

    try:
        get_fhir_model_class(kind)
    except (ValueError, KeyError):
        return f"resource type {kind!r} is not in FHIR R4 (R4B/R5 or unknown): not read"
    return f"bellpath does not read {kind} resources"


def triage_bundle(
    bundle: Mapping[str, Any],
    *,
    target: PatientIdentity | None = None,
    skip_other_patients: bool = False,
) -> Triage:
    """Decide for every entry: read, skip (with the reason) or refuse (with the reason)."""
    target = target or PatientIdentity()
    entries = [e for e in bundle.get("entry") or [] if isinstance(e, Mapping)]
    patients = _Patients(bundle)
    owners = {
        owner
        for e in entries
        if isinstance(e.get("resource"), Mapping)
        and e["resource"].get("resourceType") != "Patient"
        and (owner := patients.owner(_reference(e["resource"]))) is not None
    }
    who, how = _target(patients, owners, target)
    triage = Triage(bundle={k: v for k, v in bundle.items() if k != "entry"})
    if who is None:
        triage.refused.append(ReportLine("Bundle", f"cannot tell whose data it is: {how}"))
        return triage
    triage.patient = f"{who} ({how})"
    kept: list[Mapping[str, Any]] = []
    for i, entry in enumerate(bundle.get("entry") or []):
        where = describe_entry(dict(bundle), i)
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            triage.refused.append(ReportLine(where, "an entry without a resource"))
            continue
        kind = str(resource.get("resourceType") or "")
        owner = where if kind == "Patient" else patients.owner(_reference(resource))
        if kind == "Patient" and where == who:
            kept.append(entry)
        elif owner is not None and owner != who:
            line = ReportLine(where, f"belongs to another patient ({owner})")
            (triage.skipped if skip_other_patients else triage.refused).append(line)
        elif kind in CONTEXT_TYPES:
            continue
        elif kind not in READ_TYPES:
            triage.skipped.append(ReportLine(where, _type_reason(kind)))
        elif owner is None and len(owners | set(patients.resources)) > 1:
            triage.refused.append(ReportLine(where, "names no patient, and the bundle has several"))
        elif (reason := _status_reason(kind, resource)) is not None:
            triage.skipped.append(ReportLine(where, reason))
        else:
            kept.append(entry)
    triage.bundle["entry"] = kept
    return triage
