"""Words the pages show for coded values: short labels for clinicians, plain words for patients.

The words live in the vocabulary (:mod:`bellpath.vocab`: each member's ``label``); these tables
hand them on by family for templates and selects. A phase's longer explanation for the person
is its vocabulary row's ``explain``.
"""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.case import (
    Analyte,
    Complication,
    EyeClosure,
    Finding,
    NerveDamage,
    Phase,
    RiskFactor,
    Severity,
    Side,
    Specimen,
    VitaminAdvice,
    VitaminName,
    VitaminStatus,
)
from bellpath.vocab import Coded

__all__ = [
    "ANALYTE_LABELS",
    "COMPLICATION_LABELS",
    "EYE_CLOSURE_LABELS",
    "FINDING_LABELS",
    "NERVE_DAMAGE_LABELS",
    "PHASE_LABELS",
    "RISK_FACTOR_LABELS",
    "SEVERITY_LABELS",
    "SIDE_LABELS",
    "SPECIMEN_LABELS",
    "VITAMIN_ADVICE_LABELS",
    "VITAMIN_LABELS",
    "VITAMIN_STATUS_LABELS",
    "label",
    "options",
]

PHASE_LABELS: Mapping[Phase, str] = {m: m.label for m in Phase}
NERVE_DAMAGE_LABELS: Mapping[NerveDamage, str] = {m: m.label for m in NerveDamage}
SIDE_LABELS: Mapping[Side, str] = {m: m.label for m in Side}
SEVERITY_LABELS: Mapping[Severity, str] = {m: m.label for m in Severity}
EYE_CLOSURE_LABELS: Mapping[EyeClosure, str] = {m: m.label for m in EyeClosure}
FINDING_LABELS: Mapping[Finding, str] = {m: m.label for m in Finding}
COMPLICATION_LABELS: Mapping[Complication, str] = {m: m.label for m in Complication}
RISK_FACTOR_LABELS: Mapping[RiskFactor, str] = {m: m.label for m in RiskFactor}
ANALYTE_LABELS: Mapping[Analyte, str] = {m: m.label for m in Analyte}
SPECIMEN_LABELS: Mapping[Specimen, str] = {m: m.label for m in Specimen}
VITAMIN_LABELS: Mapping[VitaminName, str] = {m: m.label for m in VitaminName}
VITAMIN_STATUS_LABELS: Mapping[VitaminStatus, str] = {m: m.label for m in VitaminStatus}
VITAMIN_ADVICE_LABELS: Mapping[VitaminAdvice, str] = {m: m.label for m in VitaminAdvice}


def label(value: Coded) -> str:
    """The page label of a coded value: its vocabulary label (every code a page shows has one)."""
    given: object = value  # templates call this untyped: refuse a code without a row plainly
    if not isinstance(given, Coded):
        msg = f"{value!r} has no vocabulary row: add its family to bellpath.vocab"
        raise TypeError(msg)
    return value.label


def options(kind: type[Coded]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select, radio group or checkbox group, in enum order."""
    return [(member.value, label(member)) for member in kind]
