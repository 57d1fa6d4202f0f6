"""The vocabulary floor: every coded value bellpath speaks, with its words, unit and codes.

Owns: one module per family of codes — :mod:`~bellpath.vocab.findings` (side, severity, eye
closure, red-flag findings, complications, B12 risk factors), :mod:`~bellpath.vocab.actions`
(actions and priorities), :mod:`~bellpath.vocab.phases` (phases, nerve damage, milestones),
:mod:`~bellpath.vocab.labs` (analytes, specimens, units, vitamins; LOINC and SNOMED CT),
:mod:`~bellpath.vocab.measures` (photo and video measures and their units),
:mod:`~bellpath.vocab.expressions` (the photo expression set),
:mod:`~bellpath.vocab.scales` (grading scales), :mod:`~bellpath.vocab.quality` (photo errors,
photo and video warnings), :mod:`~bellpath.vocab.outlook` (trajectory status, movement evidence)
:mod:`~bellpath.vocab.identity` (administrative sex, FHIR codes) and
:mod:`~bellpath.vocab.audit` (audit actions). Each code is an enum member
whose :class:`~bellpath.vocab.Term` row carries its clinician label, patient wording, unit (UCUM),
external codes and source; every edge (CLI text, web, PDF, CSV/XLSX, FHIR) takes its words from
here.

May import: the standard library only — nothing else of bellpath (an import-linter contract checks
it). Rules that *use* a code (thresholds, stages, guidance) live above, in the core.
"""

from __future__ import annotations

from bellpath.vocab._term import Coded, Term, define_terms
from bellpath.vocab.actions import ActionCode, Priority
from bellpath.vocab.audit import AuditAction
from bellpath.vocab.expressions import Expression
from bellpath.vocab.findings import Complication, EyeClosure, Finding, RiskFactor, Severity, Side
from bellpath.vocab.identity import AdministrativeSex
from bellpath.vocab.labs import (
    LAB_LOINC,
    SPECIMEN_SNOMED,
    Analyte,
    Comparator,
    LabCode,
    LabUnit,
    Specimen,
    VitaminAdvice,
    VitaminName,
    VitaminStatus,
)
from bellpath.vocab.measures import MeasureName, MeasureSet, MeasureUnit, SideMeasure
from bellpath.vocab.outlook import MovementEvidence, TrajectoryStatus
from bellpath.vocab.phases import MilestoneCode, NerveDamage, Phase
from bellpath.vocab.quality import PhotoErrorCode, QualityWarning, VideoWarning
from bellpath.vocab.scales import Scale
from bellpath.vocab.words import measure_for, score_words, words

__all__ = [
    "LAB_LOINC",
    "SPECIMEN_SNOMED",
    "ActionCode",
    "AdministrativeSex",
    "Analyte",
    "AuditAction",
    "Coded",
    "Comparator",
    "Complication",
    "Expression",
    "EyeClosure",
    "Finding",
    "LabCode",
    "LabUnit",
    "MeasureName",
    "MeasureSet",
    "MeasureUnit",
    "MilestoneCode",
    "MovementEvidence",
    "NerveDamage",
    "Phase",
    "PhotoErrorCode",
    "Priority",
    "QualityWarning",
    "RiskFactor",
    "Scale",
    "Severity",
    "Side",
    "SideMeasure",
    "Specimen",
    "Term",
    "TrajectoryStatus",
    "VideoWarning",
    "VitaminAdvice",
    "VitaminName",
    "VitaminStatus",
    "define_terms",
    "measure_for",
    "score_words",
    "words",
]
