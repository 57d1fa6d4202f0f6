"""Words the pages show for coded values: short labels for clinicians, plain words for patients.

Presentation only: the codes and their meaning live in :mod:`bellpath.case`; these tables map each
code to the text a page shows. Every enum member has an entry (a test checks it), so a new code
cannot appear on a page as a bare identifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

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

PHASE_LABELS: dict[Phase, str] = {
    Phase.ACUTE: "Acute (first 3 days)",
    Phase.EARLY: "Early (quick-recovery window)",
    Phase.REGENERATION: "Nerve regrowing",
    Phase.RECOVERING: "Movement returning",
    Phase.PLATEAU: "Plateau",
    Phase.RECOVERED: "Recovered",
}

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

NERVE_DAMAGE_LABELS: dict[NerveDamage, str] = {
    NerveDamage.MYELIN: "Nerve coating only (quick recovery)",
    NerveDamage.AXONAL: "Nerve fibres (regrowth needed)",
    NerveDamage.UNDETERMINED: "Not known yet",
}

SIDE_LABELS: dict[Side, str] = {Side.LEFT: "Left", Side.RIGHT: "Right"}

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.COMPLETE: "Complete (no movement at worst)",
    Severity.INCOMPLETE: "Incomplete (some movement kept)",
}

EYE_CLOSURE_LABELS: dict[EyeClosure, str] = {
    EyeClosure.COMPLETE: "Closes fully",
    EyeClosure.INCOMPLETE: "Does not close fully",
}

FINDING_LABELS: dict[Finding, str] = {
    Finding.FOREHEAD_SPARING: "Forehead spared (can still wrinkle the forehead)",
    Finding.BILATERAL: "Both sides of the face",
    Finding.RECURRENT: "Recurrent palsy",
    Finding.OTHER_CRANIAL_NERVES: "Other cranial nerves affected",
    Finding.LIMB_WEAKNESS: "Weakness of an arm or leg",
    Finding.CEREBELLAR_SIGNS: "Unsteadiness or poor coordination",
    Finding.GRADUAL_ONSET: "Came on gradually (over more than 3 days)",
    Finding.VESICLES: "Blisters in the ear or mouth",
    Finding.PAROTID_MASS: "Lump in the cheek (parotid)",
    Finding.NECK_MASS: "Lump in the neck",
    Finding.EAR_DISCHARGE: "Discharge from the ear",
    Finding.SYSTEMIC_ILLNESS: "Generally unwell (fever, weight loss)",
    Finding.CANCER_HISTORY: "History of cancer",
    Finding.SEVERE_HEADACHE: "Severe headache",
    Finding.TICK_EXPOSURE: "Tick bite or exposure (Lyme disease)",
    Finding.SPEECH_DISTURBANCE: "Slurred speech or trouble finding words",
    Finding.HEARING_LOSS: "Hearing loss on the weak side",
    Finding.TRAUMA: "Followed an injury to the head or face",
}

COMPLICATION_LABELS: dict[Complication, str] = {
    Complication.SYNKINESIS: "Synkinesis (unwanted linked movements)",
    Complication.CONTRACTURE: "Contracture (muscles too tight)",
    Complication.RIGIDITY: "Stiffness",
    Complication.PAIN: "Painful spots",
    Complication.CROCODILE_TEARS: "Tears when eating (crocodile tears)",
}

RISK_FACTOR_LABELS: dict[RiskFactor, str] = {
    RiskFactor.AGE_OVER_60: "Over 60",
    RiskFactor.VEGAN_DIET: "Vegan or strict vegetarian diet",
    RiskFactor.METFORMIN: "Takes metformin",
    RiskFactor.ACID_SUPPRESSANTS: "Takes stomach-acid medicines (PPI, H2 blocker)",
    RiskFactor.PERNICIOUS_ANAEMIA: "Pernicious anaemia or autoimmune gastritis",
    RiskFactor.GASTRIC_SURGERY: "Stomach or bowel surgery",
    RiskFactor.ALCOHOL: "Heavy alcohol use",
    RiskFactor.NITROUS_OXIDE: "Nitrous oxide use",
    RiskFactor.DEFICIENCY_SYMPTOMS: (
        "Symptoms of a shortage (tired and pale, pins and needles, sore tongue)"
    ),
}

ANALYTE_LABELS: dict[Analyte, str] = {
    Analyte.B12: "Vitamin B12 (cobalamin)",
    Analyte.HOLOTC: "Active B12 (holotranscobalamin)",
    Analyte.MMA: "Methylmalonic acid (MMA)",
    Analyte.HOMOCYSTEINE: "Homocysteine",
    Analyte.FOLATE: "Folate",
    Analyte.B1: "Vitamin B1 (thiamine diphosphate)",
    Analyte.B6: "Vitamin B6 (pyridoxal 5'-phosphate)",
}

SPECIMEN_LABELS: dict[Specimen, str] = {
    Specimen.SERUM: "Serum",
    Specimen.PLASMA: "Plasma",
    Specimen.WHOLE_BLOOD: "Whole blood",
    Specimen.HAIR: "Hair (not a valid vitamin test)",
}

VITAMIN_LABELS: dict[VitaminName, str] = {
    VitaminName.B12: "Vitamin B12",
    VitaminName.B1: "Vitamin B1",
    VitaminName.B6: "Vitamin B6",
}

VITAMIN_STATUS_LABELS: dict[VitaminStatus, str] = {
    VitaminStatus.DEFICIENT: "Deficient",
    VitaminStatus.BORDERLINE: "Borderline",
    VitaminStatus.SUFFICIENT: "Sufficient",
    VitaminStatus.UNKNOWN: "Not tested",
    VitaminStatus.UNRELIABLE: "Unreliable test",
    VitaminStatus.INDETERMINATE: "Cannot be classed (censored result)",
}

VITAMIN_ADVICE_LABELS: dict[VitaminAdvice, str] = {
    VitaminAdvice.MAY_HELP: "A supplement may help",
    VitaminAdvice.CONFIRM_TEST: "Confirm with a second test",
    VitaminAdvice.UNLIKELY_TO_HELP: "A supplement is unlikely to help",
    VitaminAdvice.TEST_FIRST: "Test before any supplement",
    VitaminAdvice.NO_BENEFIT_NOW: "No benefit for the palsy now",
}

_TABLES: dict[type[StrEnum], Mapping[Any, str]] = {
    Phase: PHASE_LABELS,
    NerveDamage: NERVE_DAMAGE_LABELS,
    Side: SIDE_LABELS,
    Severity: SEVERITY_LABELS,
    EyeClosure: EYE_CLOSURE_LABELS,
    Finding: FINDING_LABELS,
    Complication: COMPLICATION_LABELS,
    RiskFactor: RISK_FACTOR_LABELS,
    Analyte: ANALYTE_LABELS,
    Specimen: SPECIMEN_LABELS,
    VitaminName: VITAMIN_LABELS,
    VitaminStatus: VITAMIN_STATUS_LABELS,
    VitaminAdvice: VITAMIN_ADVICE_LABELS,
}


def label(value: StrEnum) -> str:
    """The page label of a coded value; the readable code itself for an enum without a table."""
    table = _TABLES.get(type(value))
    if table is not None and value in table:
        return table[value]
    return value.value.replace("_", " ").capitalize()


def options(kind: type[StrEnum]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select, radio group or checkbox group, in enum order."""
    return [(member.value, label(member)) for member in kind]
