"""Red flags: findings that suggest the palsy may not be Bell's palsy and need urgent assessment."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bellpath import citations
from bellpath.applicability import active_findings
from bellpath.case import Case, Finding

__all__ = ["RED_FLAG_CITATION", "RED_FLAG_TEXT", "red_flags"]

RED_FLAG_CITATION = f"{citations.AAO_HNS_2013}; {citations.NICE_CKS}"

RED_FLAG_TEXT: Mapping[Finding, str] = MappingProxyType(
    {
        Finding.FOREHEAD_SPARING: (
            "the forehead still moves (this can point to a cause in the brain)"
        ),
        Finding.BILATERAL: "both sides of the face are weak",
        Finding.RECURRENT: "the palsy has come back",
        Finding.OTHER_CRANIAL_NERVES: "other nerves of the head are affected (e.g. double vision, "
        "numbness, trouble swallowing)",
        Finding.LIMB_WEAKNESS: "an arm or leg is weak",
        Finding.CEREBELLAR_SIGNS: "balance or coordination problems",
        Finding.GRADUAL_ONSET: "the weakness came on gradually or in steps over more than 72 hours",
        Finding.VESICLES: "blisters in or around the ear or mouth (possible shingles, Ramsay Hunt)",
        Finding.PAROTID_MASS: "a lump in the cheek in front of the ear (parotid gland)",
        Finding.NECK_MASS: "a lump in the neck",
        Finding.EAR_DISCHARGE: "discharge from the ear",
        Finding.SYSTEMIC_ILLNESS: "feeling generally unwell (fever, weight loss)",
        Finding.CANCER_HISTORY: "a history of cancer",
        Finding.SEVERE_HEADACHE: "a severe headache",
        Finding.TICK_EXPOSURE: "a possible tick bite (Lyme disease)",
        Finding.SPEECH_DISTURBANCE: "speech is slurred or words are hard to find",
        Finding.HEARING_LOSS: "hearing is reduced on the side of the weakness",
        Finding.TRAUMA: "the weakness followed an injury to the head or face",
    }
)


def red_flags(case: Case) -> list[Finding]:
    """The case's red-flag findings not excluded by a clinician, once each, in table order."""
    return active_findings(case)
