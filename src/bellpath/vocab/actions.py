"""Guidance vocabulary: the actions bellpath can suggest discussing with a clinician, and how soon
each matters (clinical.md section 5). The reasons and citations of a particular suggestion are the
guidance rules' (:mod:`bellpath.guidance.rules`)."""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["ACTION_TERMS", "PRIORITY_TERMS", "ActionCode", "Priority"]

_GUIDANCE = "clinical.md 5"


class ActionCode(Coded):
    """Guideline actions bellpath can recommend to discuss with a clinician."""

    URGENT_ASSESSMENT = "urgent_assessment"
    STEROIDS_WINDOW = "steroids_window"
    EYE_PROTECTION = "eye_protection"
    LAB_TEST = "lab_test"
    SPECIALIST_REFERRAL = "specialist_referral"
    REHABILITATION = "rehabilitation"
    B6_INTAKE_WARNING = "b6_intake_warning"
    DEFICIENCY_CARE = "deficiency_care"


ACTION_TERMS: Mapping[ActionCode, Term] = define_terms(
    ActionCode,
    {
        ActionCode.URGENT_ASSESSMENT: Term(
            "urgent assessment",
            "Urgent assessment",
            "get urgent medical assessment",
            source=_GUIDANCE,
        ),
        ActionCode.STEROIDS_WINDOW: Term(
            "steroids window",
            "Steroids within 72 h",
            "ask a doctor about steroids today",
            source=_GUIDANCE,
        ),
        ActionCode.EYE_PROTECTION: Term(
            "eye protection", "Eye protection", "protect the eye", source=_GUIDANCE
        ),
        ActionCode.LAB_TEST: Term(
            "lab test",
            "Vitamin blood test",
            "ask about a blood test for vitamin levels",
            source="clinical.md 4",
        ),
        ActionCode.SPECIALIST_REFERRAL: Term(
            "specialist referral",
            "Specialist referral",
            "see a facial nerve specialist",
            source=_GUIDANCE,
        ),
        ActionCode.REHABILITATION: Term(
            "rehabilitation",
            "Facial rehabilitation",
            "start guided facial rehabilitation",
            source="clinical.md 1",
        ),
        ActionCode.B6_INTAKE_WARNING: Term(
            "b6 intake warning",
            "Vitamin B6 intake",
            "check your vitamin B6 dose",
            source="clinical.md 4.5",
        ),
        ActionCode.DEFICIENCY_CARE: Term(
            "deficiency care",
            "Deficiency care",
            "see your doctor about the low vitamin level",
            source="clinical.md 4",
        ),
    },
)


class Priority(Coded):
    """How soon an action matters."""

    URGENT = "urgent"
    HIGH = "high"
    ROUTINE = "routine"


PRIORITY_TERMS: Mapping[Priority, Term] = define_terms(
    Priority,
    {
        Priority.URGENT: Term("urgent", "Urgent", "today", source=_GUIDANCE),
        Priority.HIGH: Term("high", "High", "soon", source=_GUIDANCE),
        Priority.ROUTINE: Term("routine", "Routine", "when convenient", source=_GUIDANCE),
    },
)
