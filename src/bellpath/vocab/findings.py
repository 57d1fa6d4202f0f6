"""Clinical findings: the side and severity of the palsy, red-flag findings, late complications
and the risk factors of a B12 deficiency (clinical.md sections 1, 4.4 and 5).

No SNOMED CT code is given for these findings in the clinical reference, so none is claimed; FHIR
exports code them in bellpath's own code systems (docs/reports.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = [
    "COMPLICATION_TERMS",
    "EYE_CLOSURE_TERMS",
    "FINDING_TERMS",
    "RISK_FACTOR_TERMS",
    "SEVERITY_TERMS",
    "SIDE_TERMS",
    "Complication",
    "EyeClosure",
    "Finding",
    "RiskFactor",
    "Severity",
    "Side",
]

_RED_FLAGS = "clinical.md 5 (AAO-HNS 2013; NICE CKS Bell's palsy)"
_SEQUELAE = "clinical.md 1 (source document: late complications)"
_B12_RISK = "clinical.md 4.4 (NICE NG239)"
_STROKE = "clinical.md 5.1 (NICE NG128 1.1: FAST)"
_CKS_URGENT = "clinical.md 5.1 (NICE CKS Bell's palsy: refer urgently)"


class Side(Coded):
    """The affected side, as the person's own left or right."""

    LEFT = "left"
    RIGHT = "right"


SIDE_TERMS: Mapping[Side, Term] = define_terms(
    Side,
    {
        Side.LEFT: Term("Left", "your left side", name="left", source="the person's own left"),
        Side.RIGHT: Term("Right", "your right side", name="right", source="the person's own right"),
    },
)


class Severity(Coded):
    """Severity at worst. Complete = no movement at all (House-Brackmann VI)."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


SEVERITY_TERMS: Mapping[Severity, Term] = define_terms(
    Severity,
    {
        Severity.COMPLETE: Term(
            "Complete (no movement at worst)",
            "no movement at all at its worst",
            name="complete",
            source="clinical.md 1",
        ),
        Severity.INCOMPLETE: Term(
            "Incomplete (some movement kept)",
            "some movement kept throughout",
            name="incomplete",
            source="clinical.md 1",
        ),
    },
)


class EyeClosure(Coded):
    """Whether the eye on the affected side closes fully."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


EYE_CLOSURE_TERMS: Mapping[EyeClosure, Term] = define_terms(
    EyeClosure,
    {
        EyeClosure.COMPLETE: Term(
            "Closes fully", "your eye closes fully", name="complete", source="clinical.md 5"
        ),
        EyeClosure.INCOMPLETE: Term(
            "Does not close fully",
            "your eye does not close fully",
            name="incomplete",
            source="clinical.md 5",
        ),
    },
)


class Complication(Coded):
    """Late complications (sequelae) of a long recovery (source document; clinical.md 1)."""

    SYNKINESIS = "synkinesis"
    CONTRACTURE = "contracture"
    RIGIDITY = "rigidity"
    PAIN = "pain"
    CROCODILE_TEARS = "crocodile_tears"


COMPLICATION_TERMS: Mapping[Complication, Term] = define_terms(
    Complication,
    {
        Complication.SYNKINESIS: Term(
            "Synkinesis (unwanted linked movements)",
            "parts of the face moving together when they should not",
            name="synkinesis",
            source=_SEQUELAE,
        ),
        Complication.CONTRACTURE: Term(
            "Contracture (muscles too tight)",
            "muscles that stay too tight",
            name="contracture",
            source=_SEQUELAE,
        ),
        Complication.RIGIDITY: Term("Stiffness", "a stiff face", name="rigidity", source=_SEQUELAE),
        Complication.PAIN: Term(
            "Painful spots", "painful spots in the face", name="pain", source=_SEQUELAE
        ),
        Complication.CROCODILE_TEARS: Term(
            "Tears when eating (crocodile tears)",
            "tears when eating",
            name="crocodile tears",
            source=_SEQUELAE,
        ),
    },
)


class Finding(Coded):
    """Findings suggesting it may not be Bell's palsy (red flags, clinical.md section 5)."""

    FOREHEAD_SPARING = "forehead_sparing"
    BILATERAL = "bilateral"
    RECURRENT = "recurrent"
    OTHER_CRANIAL_NERVES = "other_cranial_nerves"
    LIMB_WEAKNESS = "limb_weakness"
    CEREBELLAR_SIGNS = "cerebellar_signs"
    GRADUAL_ONSET = "gradual_onset"
    VESICLES = "vesicles"
    PAROTID_MASS = "parotid_mass"
    NECK_MASS = "neck_mass"
    EAR_DISCHARGE = "ear_discharge"
    SYSTEMIC_ILLNESS = "systemic_illness"
    CANCER_HISTORY = "cancer_history"
    SEVERE_HEADACHE = "severe_headache"
    TICK_EXPOSURE = "tick_exposure"
    SPEECH_DISTURBANCE = "speech_disturbance"
    HEARING_LOSS = "hearing_loss"
    TRAUMA = "trauma"


def _flag(name: str, label: str, patient: str) -> Term:
    return Term(label, patient, name=name, source=_RED_FLAGS)


FINDING_TERMS: Mapping[Finding, Term] = define_terms(
    Finding,
    {
        Finding.FOREHEAD_SPARING: _flag(
            "forehead sparing",
            "Forehead spared (can still wrinkle the forehead)",
            "the forehead still moves (this can point to a cause in the brain)",
        ),
        Finding.BILATERAL: _flag(
            "bilateral", "Both sides of the face", "both sides of the face are weak"
        ),
        Finding.RECURRENT: _flag("recurrent", "Recurrent palsy", "the palsy has come back"),
        Finding.OTHER_CRANIAL_NERVES: _flag(
            "other cranial nerves",
            "Other cranial nerves affected",
            "other nerves of the head are affected (e.g. double vision, numbness, trouble "
            "swallowing)",
        ),
        Finding.LIMB_WEAKNESS: _flag(
            "limb weakness", "Weakness of an arm or leg", "an arm or leg is weak"
        ),
        Finding.CEREBELLAR_SIGNS: _flag(
            "cerebellar signs",
            "Unsteadiness or poor coordination",
            "balance or coordination problems",
        ),
        Finding.GRADUAL_ONSET: _flag(
            "gradual onset",
            "Came on gradually (over more than 3 days)",
            "the weakness came on gradually or in steps over more than 72 hours",
        ),
        Finding.VESICLES: _flag(
            "vesicles",
            "Blisters in the ear or mouth",
            "blisters in or around the ear or mouth (possible shingles, Ramsay Hunt)",
        ),
        Finding.PAROTID_MASS: _flag(
            "parotid mass",
            "Lump in the cheek (parotid)",
            "a lump in the cheek in front of the ear (parotid gland)",
        ),
        Finding.NECK_MASS: _flag("neck mass", "Lump in the neck", "a lump in the neck"),
        Finding.EAR_DISCHARGE: _flag(
            "ear discharge", "Discharge from the ear", "discharge from the ear"
        ),
        Finding.SYSTEMIC_ILLNESS: _flag(
            "systemic illness",
            "Generally unwell (fever, weight loss)",
            "feeling generally unwell (fever, weight loss)",
        ),
        Finding.CANCER_HISTORY: _flag("cancer history", "History of cancer", "a history of cancer"),
        Finding.SEVERE_HEADACHE: _flag("severe headache", "Severe headache", "a severe headache"),
        Finding.TICK_EXPOSURE: _flag(
            "tick exposure",
            "Tick bite or exposure (Lyme disease)",
            "a possible tick bite (Lyme disease)",
        ),
        Finding.SPEECH_DISTURBANCE: Term(
            "Slurred speech or trouble finding words",
            "speech is slurred or words are hard to find",
            name="speech disturbance",
            source=_STROKE,
        ),
        Finding.HEARING_LOSS: Term(
            "Hearing loss on the weak side",
            "hearing is reduced on the side of the weakness",
            name="hearing loss",
            source=_CKS_URGENT,
        ),
        Finding.TRAUMA: Term(
            "Followed an injury to the head or face",
            "the weakness followed an injury to the head or face",
            name="trauma",
            source=_CKS_URGENT,
        ),
    },
)


class RiskFactor(Coded):
    """Reasons to test for a B12 deficiency (clinical.md section 4.4; NICE NG239)."""

    AGE_OVER_60 = "age_over_60"
    VEGAN_DIET = "vegan_diet"
    METFORMIN = "metformin"
    ACID_SUPPRESSANTS = "acid_suppressants"
    PERNICIOUS_ANAEMIA = "pernicious_anaemia"
    GASTRIC_SURGERY = "gastric_surgery"
    ALCOHOL = "alcohol"
    NITROUS_OXIDE = "nitrous_oxide"
    DEFICIENCY_SYMPTOMS = "deficiency_symptoms"
    """Symptoms that suggest a shortage (tiredness with pallor, pins and needles, a sore red
    tongue, memory change): NICE NG239 tests on symptoms as well as on risk factors."""


def _risk(name: str, label: str, patient: str) -> Term:
    return Term(label, patient, name=name, source=_B12_RISK)


RISK_FACTOR_TERMS: Mapping[RiskFactor, Term] = define_terms(
    RiskFactor,
    {
        RiskFactor.AGE_OVER_60: _risk("age over 60", "Over 60", "being over 60"),
        RiskFactor.VEGAN_DIET: _risk(
            "vegan diet", "Vegan or strict vegetarian diet", "a vegan or strict vegetarian diet"
        ),
        RiskFactor.METFORMIN: _risk("metformin", "Takes metformin", "taking metformin"),
        RiskFactor.ACID_SUPPRESSANTS: _risk(
            "acid suppressants",
            "Takes stomach-acid medicines (PPI, H2 blocker)",
            "taking medicines for stomach acid",
        ),
        RiskFactor.PERNICIOUS_ANAEMIA: _risk(
            "pernicious anaemia", "Pernicious anaemia or autoimmune gastritis", "pernicious anaemia"
        ),
        RiskFactor.GASTRIC_SURGERY: _risk(
            "gastric surgery", "Stomach or bowel surgery", "an operation on the stomach or bowel"
        ),
        RiskFactor.ALCOHOL: _risk("alcohol", "Heavy alcohol use", "drinking a lot of alcohol"),
        RiskFactor.NITROUS_OXIDE: _risk(
            "nitrous oxide", "Nitrous oxide use", "using nitrous oxide"
        ),
        RiskFactor.DEFICIENCY_SYMPTOMS: _risk(
            "deficiency symptoms",
            "Symptoms of a shortage (tired and pale, pins and needles, sore tongue)",
            "signs that can come from a shortage, such as tiredness or pins and needles",
        ),
    },
)
