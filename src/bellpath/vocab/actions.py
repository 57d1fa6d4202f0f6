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

    EMERGENCY_SERVICES = "emergency_services"
    URGENT_ASSESSMENT = "urgent_assessment"
    URGENT_REASSESSMENT = "urgent_reassessment"
    ANTIVIRAL_CONSIDERATION = "antiviral_consideration"
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
        ActionCode.EMERGENCY_SERVICES: Term(
            "Emergency: suspected stroke",
            "call the emergency services now",
            name="emergency services",
            source="clinical.md 5.1 (NICE NG128 1.1)",
        ),
        ActionCode.URGENT_REASSESSMENT: Term(
            "Urgent reassessment (scores falling)",
            "see a doctor soon because the face is getting weaker",
            name="urgent reassessment",
            source="clinical.md 5 (AAO-HNS 2013; NICE CKS)",
        ),
        ActionCode.ANTIVIRAL_CONSIDERATION: Term(
            "Antiviral with a steroid (Ramsay Hunt)",
            "ask a doctor today about an antiviral together with a steroid",
            name="antiviral consideration",
            source="clinical.md 5.1 (AAO-HNS 2013 KAS 5; Murakami 1997)",
        ),
        ActionCode.URGENT_ASSESSMENT: Term(
            "Urgent assessment",
            "get urgent medical assessment",
            name="urgent assessment",
            source=_GUIDANCE,
        ),
        ActionCode.STEROIDS_WINDOW: Term(
            "Steroids within 72 h",
            "ask a doctor about steroids today",
            name="steroids window",
            source=_GUIDANCE,
        ),
        ActionCode.EYE_PROTECTION: Term(
            "Eye protection", "protect the eye", name="eye protection", source=_GUIDANCE
        ),
        ActionCode.LAB_TEST: Term(
            "Vitamin blood test",
            "ask about a blood test for vitamin levels",
            name="lab test",
            source="clinical.md 4",
        ),
        ActionCode.SPECIALIST_REFERRAL: Term(
            "Specialist referral",
            "see a facial nerve specialist",
            name="specialist referral",
            source=_GUIDANCE,
        ),
        ActionCode.REHABILITATION: Term(
            "Facial rehabilitation",
            "start guided facial rehabilitation",
            name="rehabilitation",
            source="clinical.md 1",
        ),
        ActionCode.B6_INTAKE_WARNING: Term(
            "Vitamin B6 intake",
            "check your vitamin B6 dose",
            name="b6 intake warning",
            source="clinical.md 4.5",
        ),
        ActionCode.DEFICIENCY_CARE: Term(
            "Deficiency care",
            "see your doctor about the low vitamin level",
            name="deficiency care",
            source="clinical.md 4",
        ),
    },
)


class Priority(Coded):
    """How soon an action matters, most pressing first."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    HIGH = "high"
    ROUTINE = "routine"


PRIORITY_TERMS: Mapping[Priority, Term] = define_terms(
    Priority,
    {
        Priority.EMERGENCY: Term(
            "Emergency", "now", name="emergency", source="clinical.md 5.1 (NICE NG128 1.1)"
        ),
        Priority.URGENT: Term("Urgent", "today", name="urgent", source=_GUIDANCE),
        Priority.HIGH: Term("High", "soon", name="high", source=_GUIDANCE),
        Priority.ROUTINE: Term("Routine", "when convenient", name="routine", source=_GUIDANCE),
    },
)
