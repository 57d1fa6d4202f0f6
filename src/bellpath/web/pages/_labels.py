"""Words the pages show for coded values: short labels for clinicians, plain words for patients.

The words live in the vocabulary (:mod:`bellpath.vocab`: each member's ``label``); these tables
hand them on by family for templates and selects. ``PHASE_PLAIN`` is page text of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

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
from bellpath.vocab import Coded, words

__all__ = [
    "ANALYTE_LABELS",
    "COMPLICATION_LABELS",
    "EYE_CLOSURE_LABELS",
    "FINDING_LABELS",
    "NERVE_DAMAGE_LABELS",
    "PHASE_LABELS",
    "PHASE_PLAIN",
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

PHASE_PLAIN: dict[Phase, str] = {
    Phase.ACUTE: (
        "These are the first days. The nerve that moves your face is swollen and has stopped "
        "carrying signals for now. Seeing a doctor in these first three days matters most: some "
        "treatment works best when it starts early. Protect your eye if it does not close."
    ),
    Phase.EARLY: (
        "Many people notice movement coming back within a few weeks, when only the nerve's "
        "outer coating was hurt and it repairs itself. Keep your eye protected and be patient with "
        "yourself: nothing is needed from you to make this happen faster."
    ),
    Phase.REGENERATION: (
        "The nerve fibres themselves are growing back. They grow slowly, about a millimetre a day "
        "at best, so the first small movements usually come after about three months. Nothing can "
        "make the nerve grow faster than that; waiting is not a sign that something is wrong."
    ),
    Phase.RECOVERING: (
        "Movement has started to come back. Improvement often continues for many months. Gentle, "
        "regular practice helps your face move well and evenly as the nerve reconnects."
    ),
    Phase.PLATEAU: (
        "Changes have become slow. This is a usual stage of a long recovery. Vitamins and "
        "medicines do not change it; daily guided practice with a facial therapist still can, "
        "especially for tightness or unwanted movements."
    ),
    Phase.RECOVERED: (
        "Your face has regained normal movement. Well done for the patience it took. If anything "
        "changes, tell your clinician."
    ),
}


def label(value: StrEnum) -> str:
    """The page label of a coded value (its vocabulary label); the code's words, capitalised,
    for an enum outside the vocabulary."""
    if isinstance(value, Coded):
        return value.label
    return words(value).capitalize()


def options(kind: type[StrEnum]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select, radio group or checkbox group, in enum order."""
    return [(member.value, label(member)) for member in kind]
