"""Practice vocabulary: the families of facial exercises a daily plan is made of (issue 19).

Each family is a kind of work a facial therapist teaches, worded for the clinician and for the
person practising. Which family fits which phase and complication is a rule, and lives in
:mod:`bellpath.guidance.practice_plan` with its sources.
"""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["EXERCISE_TERMS", "ExerciseFamily"]

_REHAB = "docs/practice.md (facial rehabilitation evidence)"


class ExerciseFamily(Coded):
    """A family of facial exercises (one row of the practice plan)."""

    EYE_CARE = "eye_care"
    GENTLE_ACTIVATION = "gentle_activation"
    MIRROR_CONTROL = "mirror_control"
    MOVEMENT_SEPARATION = "movement_separation"
    STRETCH_MASSAGE = "stretch_massage"
    RELAXATION = "relaxation"


EXERCISE_TERMS: Mapping[ExerciseFamily, Term] = define_terms(
    ExerciseFamily,
    {
        ExerciseFamily.EYE_CARE: Term(
            "Eye protection routine (drops, ointment, taping, blink practice)",
            "looking after the eye that does not close",
            source=_REHAB,
        ),
        ExerciseFamily.GENTLE_ACTIVATION: Term(
            "Small, slow, effortless activation (no forced or mass movement)",
            "small, slow movements without straining",
            source=_REHAB,
        ),
        ExerciseFamily.MIRROR_CONTROL: Term(
            "Mirror-guided symmetric control (biofeedback)",
            "slow, even movements in front of a mirror",
            source=_REHAB,
        ),
        ExerciseFamily.MOVEMENT_SEPARATION: Term(
            "Movement separation for synkinesis (e.g. smile with a relaxed eye)",
            "moving one part of the face while keeping another part still",
            source=_REHAB,
        ),
        ExerciseFamily.STRETCH_MASSAGE: Term(
            "Stretching and massage for tightness and contracture",
            "gentle stretching and massage of tight muscles",
            source=_REHAB,
        ),
        ExerciseFamily.RELAXATION: Term(
            "Relaxation of overactive muscles (mime therapy)",
            "letting tight muscles let go",
            source=_REHAB,
        ),
    },
)
