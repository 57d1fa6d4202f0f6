"""Import a FHIR R4 Bundle into a :class:`~bellpath.case.Case`.

Reads what :func:`bellpath.interop.fhir_export.export_bundle` writes, and from any other system the
Bell's palsy Condition (SNOMED CT 193093009 or ICD-10 G51.0) and laboratory Observations coded with
the LOINC codes bellpath knows. Everything is checked before anything is returned: an invalid
resource, an unknown LOINC code or a unit that does not fit its code raises
:class:`~bellpath.errors.InteropError` naming the resource and the field, and nothing is imported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from bellpath.case import Case, LabResult, Specimen
from bellpath.caseio import translate_validation_error
from bellpath.errors import InteropError, format_allowed
from bellpath.interop._codes import (
    AGE_LOINC,
    BELLS_PALSY_ICD10,
    BELLS_PALSY_SNOMED,
    LOINC,
    SNOMED,
    SPECIMEN_SNOMED,
    analyte_for_loinc,
    project_system,
)
from bellpath.interop._fhir_common import (
    AS_OF_EXTENSION,
    OBSERVATION_SYSTEM,
    QUESTIONNAIRES,
    describe_entry,
    validate_bundle,
)
from bellpath.interop._fhir_labs import lab_from_observation
from bellpath.interop._fhir_values import SCORE_PREFIX, component_leaf
from bellpath.interop._flatten import unflatten
from bellpath.interop.fhir_export import CASE_FIELD_PREFIX
from bellpath.interop.fhir_triage import PatientIdentity, triage_bundle
from bellpath.interop.import_report import (
    ImportRefusedError,
    ImportReport,
    ReportLine,
    describe_item,
)
from bellpath.vocab import words

__all__ = ["FhirImport", "PatientIdentity", "import_bundle", "read_bundle"]

_ICD10_SYSTEMS = {"http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm"}
_ENTRY_LISTS = {"grading": "gradings", "photo-measures": "photo_measures"}
_MEASURE_LISTS = {
    "photo-measures": "photo_measures",
    "video-measures": "video_measures",
    "practice-session": "practice_sessions",
}
"""bellpath observation codes that carry one entry of a case list each."""


@dataclass
class FhirImport:
    """The imported case and the review: what was imported, skipped (why) and refused."""

    case: Case
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def skipped(self) -> list[str]:
        """Each skipped resource with its reason (``Encounter/e1: bellpath does not read...``)."""
        return [str(line) for line in self.report.skipped]


def read_bundle(text: str | bytes) -> dict[str, Any]:
    """Parse bundle JSON text; a syntax error becomes an :class:`InteropError`."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        msg = f"the bundle is not valid JSON ({exc}); export it again as FHIR JSON"
        raise InteropError(msg) from None
    if not isinstance(data, dict):
        msg = f"expected a FHIR Bundle object, got {type(data).__name__}"
        raise InteropError(msg)
    return data


def _codes(concept: Mapping[str, Any] | None, system: str | set[str]) -> list[str]:
    systems = {system} if isinstance(system, str) else system
    codings = (concept or {}).get("coding", [])
    return [str(c["code"]) for c in codings if c.get("system") in systems and "code" in c]


def _normal(key: str, value: Any) -> Any:
    """A lab as the case dumps it (defaults filled), so a result already recorded is seen."""
    if key != "labs":
        return value
    try:
        return LabResult.model_validate(value).model_dump(mode="json")
    except ValidationError:
        return value  # the case's own validation names the problem


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


class _Reader:
    def __init__(
        self,
        bundle: dict[str, Any],
        base: dict[str, Any] | None,
        episode: bool,
        skip_unknown: bool = False,
    ) -> None:
        self.bundle = bundle
        self.read_episode = episode
        self.skip_unknown = skip_unknown
        self.data: dict[str, Any] = base or {}
        self.new_lists: dict[str, list[tuple[Any, str]]] = {}
        self.skipped: list[ReportLine] = []
        self.imported: list[ReportLine] = []
        self.specimens: dict[str, str] = {}
        self.origin: dict[str, str] = {}
        self.episode_seen: str | None = None

    def append(self, key: str, value: Any, where: str) -> None:
        self.new_lists.setdefault(key, []).append((value, where))

    def merge(self) -> None:
        """Add the new list items to the data, noting their origin.

        Items already in the base case are not added twice; repeated items within the bundle
        (two identical results on one day) are all kept.
        """
        for key, values in self.new_lists.items():
            base = list(self.data.get(key) or [])
            merged = list(base)
            for raw, where in values:
                value = _normal(key, raw)
                if value not in base:
                    self.origin[f"{key}.{len(merged)}"] = where
                    merged.append(value)
                    self.imported.append(ReportLine(where, describe_item(key, value)))
                else:
                    line = ReportLine(where, f"{describe_item(key, value)}: already recorded")
                    self.skipped.append(line)
            self.data[key] = merged

    def resources(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            (describe_entry(self.bundle, i), entry.get("resource") or {})
            for i, entry in enumerate(self.bundle.get("entry") or [])
        ]

    def run(self) -> None:
        for where, resource in self.resources():
            if resource.get("resourceType") == "Specimen":
                self._specimen(where, resource)
        for where, resource in self.resources():
            kind = resource.get("resourceType")
            handler = {
                "Condition": self._condition,
                "Observation": self._observation,
                "MedicationStatement": self._medication,
                "QuestionnaireResponse": self._questionnaire,
            }.get(str(kind))
            if handler is not None:
                handler(where, resource)
            elif kind not in {"Patient", "Specimen"}:
                self.skip(where, f"bellpath does not read {kind} resources")

    def skip(self, where: str, why: str) -> None:
        self.skipped.append(ReportLine(where, why))

    def took(self, where: str, what: str) -> None:
        self.imported.append(ReportLine(where, what))

    def _specimen(self, where: str, resource: dict[str, Any]) -> None:
        codes = _codes(resource.get("type"), project_system("specimen"))
        snomed = _codes(resource.get("type"), SNOMED)
        by_snomed = {code: spec.value for spec, (code, _) in SPECIMEN_SNOMED.items()}
        value = codes[0] if codes else next((by_snomed[c] for c in snomed if c in by_snomed), None)
        if value is None:
            msg = (
                f"{where}: 'type' is not a specimen bellpath reads "
                f"(allowed: {format_allowed(s.value for s in Specimen)})"
            )
            raise InteropError(msg)
        for entry in self.bundle.get("entry") or []:
            if entry.get("resource") is resource and entry.get("fullUrl"):
                self.specimens[str(entry["fullUrl"])] = value
        self.specimens[f"Specimen/{resource.get('id')}"] = value

    def _condition(self, where: str, resource: dict[str, Any]) -> None:
        code = resource.get("code")
        complications = _codes(code, project_system("complication"))
        if complications:
            self.append("complications", complications[0], where)
            return
        if BELLS_PALSY_SNOMED not in _codes(code, SNOMED) and BELLS_PALSY_ICD10 not in _codes(
            code, _ICD10_SYSTEMS
        ):
            self.skip(where, "a condition other than Bell's palsy or its complications")
            return
        if self.episode_seen is not None:
            msg = (
                f"{where}: a second Bell's palsy Condition (the first is {self.episode_seen}); "
                "import one episode per bundle"
            )
            raise InteropError(msg)
        self.episode_seen = where
        if not self.read_episode:
            self.skip(where, "the episode's own facts are kept (onset, side...)")
            return
        onset = _date(resource.get("onsetDateTime"))
        if onset is None:
            msg = f"{where}: 'onsetDateTime' is required for the Bell's palsy Condition"
            raise InteropError(msg)
        self.data["onset"] = onset
        self.origin["onset"] = where
        for ext in resource.get("extension") or []:
            if ext.get("url") == AS_OF_EXTENSION and ext.get("valueDate"):
                self.data["as_of"] = ext["valueDate"]
                self.origin["as_of"] = where
        sides = [
            c for s in resource.get("bodySite") or [] for c in _codes(s, project_system("side"))
        ]
        if sides:
            self.data["affected_side"] = sides[0]
            self.origin["affected_side"] = where
        severity = _codes(resource.get("severity"), project_system("severity"))
        if severity:
            self.data["severity"] = severity[0]
            self.origin["severity"] = where
        status = _codes(
            resource.get("clinicalStatus"),
            "http://terminology.hl7.org/CodeSystem/condition-clinical",
        )
        self.data["recovered"] = bool(status) and status[0] == "resolved"
        self.took(where, f"Bell's palsy episode (onset {onset})")

    def _observation(self, where: str, resource: dict[str, Any]) -> None:
        code = resource.get("code")
        loinc = _codes(code, LOINC)
        if loinc and loinc[0] == AGE_LOINC:
            self.data["age"] = round(float(resource["valueQuantity"]["value"]))
            self.origin["age"] = where
            self.took(where, f"age {self.data['age']}")
            return
        analyte = _codes(code, project_system("analyte"))
        if loinc or analyte:
            self._lab(where, resource, loinc[0] if loinc else None, analyte)
            return
        own = _codes(code, OBSERVATION_SYSTEM)
        when = _date(resource.get("effectiveDateTime"))
        if own:
            self._own_observation(where, resource, own[0], when)
        elif finding := _codes(code, project_system("finding")):
            self.append("findings", finding[0], where)
        elif factor := _codes(code, project_system("risk-factor")):
            self.append("risk_factors", factor[0], where)
        elif scale := _codes(code, project_system("scale")):
            if resource.get("derivedFrom"):
                return  # the QuestionnaireResponse it points to holds the answers
            entry = {"scale": scale[0], **self._components(where, resource)}
            if when is not None:
                entry = {"date": when, **entry}
            self.append("gradings", entry, where)
        else:
            self.skip(where, "an observation bellpath does not read")

    def _own_observation(
        self, where: str, resource: dict[str, Any], code: str, when: str | None
    ) -> None:
        """An observation in bellpath's ``observation`` code system."""
        if code == "first-movement":
            self.data["first_movement"] = when
            self.origin["first_movement"] = where
            self.took(where, f"first movement ({when})")
        elif code == "eye-closure":
            concept = resource.get("valueCodeableConcept")
            value = _codes(concept, project_system("eye-closure"))
            self.data["eye_closure"] = value[0] if value else None
            self.origin["eye_closure"] = where
            self.took(where, f"eye closure {self.data['eye_closure']}")
        elif code.startswith(CASE_FIELD_PREFIX):
            self.data.update(self._components(where, resource))
            self.origin[code.removeprefix(CASE_FIELD_PREFIX)] = where
            self.took(where, words(code.removeprefix(CASE_FIELD_PREFIX)))
        elif code in _MEASURE_LISTS:
            entry = self._components(where, resource)
            if when is not None:
                entry = {"date": when, **entry}
            self.append(_MEASURE_LISTS[code], entry, where)
        else:
            self.skip(where, "an observation bellpath does not read")

    def _components(self, where: str, resource: dict[str, Any]) -> dict[str, Any]:
        pairs = []
        for item in resource.get("component") or []:
            leaf = component_leaf(item)
            if leaf is not None and not leaf[0].startswith(SCORE_PREFIX):
                pairs.append(leaf)
        try:
            return unflatten(pairs)
        except ValueError as exc:
            msg = f"{where}: 'component' cannot be read back: {exc}"
            raise InteropError(msg) from None

    def _lab(self, where: str, resource: dict[str, Any], loinc: str | None, own: list[str]) -> None:
        if loinc is not None and analyte_for_loinc(loinc) is None and self.skip_unknown:
            self.skip(where, f"LOINC {loinc} is not a code bellpath reads")
            return
        self.append(
            "labs", lab_from_observation(where, resource, loinc, own, self.specimens), where
        )

    def _medication(self, where: str, resource: dict[str, Any]) -> None:
        concept = resource.get("medicationCodeableConcept")
        if "corticosteroid" in _codes(concept, project_system("medication")):
            self.data["steroids_started"] = _date(resource.get("effectiveDateTime"))
            self.origin["steroids_started"] = where
            self.took(where, f"steroids started ({self.data['steroids_started']})")
            return
        vitamin = _codes(concept, project_system("vitamin"))
        if not vitamin:
            self.skip(where, "a medication other than steroids or a vitamin supplement")
            return
        try:
            dose = resource["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"]
        except (KeyError, IndexError, TypeError):
            msg = f"{where}: 'dosage[0].doseAndRate[0].doseQuantity' is required for a supplement"
            raise InteropError(msg) from None
        self.append("supplements", {"vitamin": vitamin[0], "daily_mg": dose}, where)

    def _questionnaire(self, where: str, resource: dict[str, Any]) -> None:
        scale = next(
            (k for k, url in QUESTIONNAIRES.items() if url == resource.get("questionnaire")), None
        )
        if scale is None:
            self.skip(where, "a questionnaire bellpath does not read")
            return
        items: list[Any] = []
        for i, item in enumerate(resource.get("item") or []):
            answers = item.get("answer") or []
            if not answers or "valueInteger" not in answers[0]:
                msg = f"{where}: 'item[{i}].answer' needs one valueInteger (1-5)"
                raise InteropError(msg)
            items.append(answers[0]["valueInteger"])
        entry: dict[str, Any] = {"scale": scale, "items": items}
        if resource.get("authored"):
            entry = {"date": _date(resource["authored"]), **entry}
        self.append("gradings", entry, where)


def import_bundle(
    bundle: dict[str, Any],
    *,
    into: Case | None = None,
    episode: bool = True,
    skip_unknown: bool = False,
    target: PatientIdentity | None = None,
    skip_other_patients: bool = False,
) -> FhirImport:
    """Review a Bundle and read it into a case, or add its labs and conditions to ``into``.

    Parameters
    ----------
    bundle : dict
        Parsed FHIR JSON (see :func:`read_bundle`).
    into : Case, optional
        An existing case: labs, complications, findings and gradings from the bundle are added to
        it (exact duplicates are not added twice) and episode facts in the bundle replace its own.
        Without it the bundle must hold a Bell's palsy Condition with an onset.
    episode : bool
        Whether the Bell's palsy Condition's facts (onset, side, severity, as-of date, recovered)
        replace those of ``into``. ``False`` imports only labs, complications and other
        observations, as when adding a hospital's results to a stored patient record.
    skip_unknown : bool
        Leave out laboratory Observations whose LOINC code bellpath does not read (listed in
        the report) instead of refusing the bundle. A known code with a wrong unit is still
        refused.
    target : PatientIdentity, optional
        Who the data must belong to (MRN, or name and birth date); see
        :func:`~bellpath.interop.fhir_triage.triage_bundle`.
    skip_other_patients : bool
        Skip (and list) resources of other patients instead of refusing the bundle.

    Raises
    ------
    ImportRefusedError
        An :class:`InteropError` whose ``report`` lists what was refused and why; nothing is
        imported.
    """
    if not isinstance(bundle, dict) or not isinstance(bundle.get("entry", []), list):
        validate_bundle(bundle)  # names what is wrong with the bundle itself
    triage = triage_bundle(bundle, target=target, skip_other_patients=skip_other_patients)
    report = ImportReport(patient=triage.patient, skipped=list(triage.skipped))
    if triage.refused:
        report.refused = triage.refused
        raise ImportRefusedError(report)
    try:
        validate_bundle(triage.bundle)
        base = into.model_dump(mode="json") if into is not None else None
        reader = _Reader(triage.bundle, base, episode or into is None, skip_unknown)
        reader.run()
        reader.merge()
        case = _case(reader)
    except ImportRefusedError:
        raise
    except InteropError as exc:
        where, _, why = exc.message.partition(": ")
        report.refused = [ReportLine(where, why) if why else ReportLine("Bundle", where)]
        raise ImportRefusedError(report) from None
    report.imported = reader.imported
    report.skipped.extend(reader.skipped)
    return FhirImport(case=case, report=report)


def _case(reader: _Reader) -> Case:
    data = reader.data
    if "onset" not in data:
        msg = (
            "Bundle: no Bell's palsy Condition (SNOMED CT 193093009 or ICD-10 G51.0) with an "
            "onset; import into an existing case instead"
        )
        raise InteropError(msg)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        error = translate_validation_error(exc)
        parts = error.field.split(".")
        where = next(
            (
                reader.origin[".".join(parts[:end])]
                for end in range(len(parts), 0, -1)
                if ".".join(parts[:end]) in reader.origin
            ),
            "Bundle",
        )
        raise InteropError(f"{where}: {error.message}") from None
