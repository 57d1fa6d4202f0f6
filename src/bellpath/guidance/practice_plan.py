"""A daily practice plan from the assessment: which exercise families fit this phase and these
complications, how often and for how long (issue 19).

The plan is a table (:data:`PLAN_TABLE`), one row per exercise family, each with the phases it
fits, the complications that call for it, its schedule and its source. :func:`practice_plan`
applies it to a case and its assessment. It is something to discuss with a facial therapist, who
may change it for the person; it is never started while a warning sign is unanswered.

Schedules (sessions a day, minutes) are this project's convention drawn from the cited programmes,
not trial doses: each is a named, overridable figure marked [check] in docs/practice.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bellpath.case import Assessment, Case, Complication, EyeClosure, Phase, Priority
from bellpath.citations import AAO_HNS_2013, NICE_CKS
from bellpath.vocab.practice import ExerciseFamily

__all__ = [
    "BEURSKENS_2003",
    "DIELS_2000",
    "NAKAMURA_2003",
    "PLAN_TABLE",
    "SAFETY_NOTES",
    "TEIXEIRA_2011",
    "PlanItem",
    "PlanRow",
    "PracticePlan",
    "practice_plan",
]

TEIXEIRA_2011 = (
    "Teixeira LJ et al. Physical therapy for Bell's palsy (idiopathic facial paralysis). "
    "Cochrane Database Syst Rev 2011;(12):CD006283"
)
NAKAMURA_2003 = (
    "Nakamura K et al. Biofeedback rehabilitation for prevention of synkinesis after facial "
    "palsy. Otolaryngol Head Neck Surg 2003;128(4):539-543"
)
BEURSKENS_2003 = (
    "Beurskens CHG, Heymans PG. Positive effects of mime therapy on sequelae of facial "
    "paralysis: stiffness, lip mobility, and social and physical aspects of facial disability. "
    "Otol Neurotol 2003;24(4):677-681"
)
DIELS_2000 = (
    "Diels HJ. Facial paralysis: is there a role for a therapist? "
    "Facial Plast Surg 2000;16(4):361-364"
)

_BEFORE_MOVEMENT = frozenset({Phase.ACUTE, Phase.EARLY, Phase.REGENERATION})
_MOVEMENT_BACK = frozenset({Phase.RECOVERING, Phase.PLATEAU, Phase.RECOVERED})
_NOT_RECOVERED = frozenset(Phase) - {Phase.RECOVERED}


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One exercise family: when it fits, how often, and why.

    ``complications`` empty means the row does not wait for a complication; otherwise the case
    must have at least one of them (and be in one of ``phases``).
    """

    family: ExerciseFamily
    phases: frozenset[Phase]
    sessions_per_day: int
    minutes: int
    how: str
    avoid: str
    reason: str
    citation: str
    complications: frozenset[Complication] = frozenset()
    needs_open_eye: bool = False


PLAN_TABLE: tuple[PlanRow, ...] = (
    PlanRow(
        ExerciseFamily.EYE_CARE,
        _NOT_RECOVERED,
        sessions_per_day=4,
        minutes=2,
        how=(
            "Keep the eye moist through the day, protect it at night as your clinician showed "
            "you, and practise gentle full blinks, helping the lid down with a clean finger."
        ),
        avoid="Rubbing the eye, or leaving it unprotected in wind or while asleep.",
        reason="An eye that does not close fully can dry out and be damaged.",
        citation=f"{AAO_HNS_2013} (eye protection, strong recommendation); {NICE_CKS}",
        needs_open_eye=True,
    ),
    PlanRow(
        ExerciseFamily.GENTLE_ACTIVATION,
        _BEFORE_MOVEMENT,
        sessions_per_day=2,
        minutes=5,
        how=(
            "Sit in front of a mirror and try small, slow, equal movements (raise the brows, "
            "close the eyes softly, a small smile), stopping before the strong side takes over."
        ),
        avoid="Forcing big or hard movements, chewing gum exercises or electrical stimulation.",
        reason=(
            "While the nerve regrows, effortful mass movements can train unwanted linked "
            "movements; small slow practice keeps the face ready without that risk."
        ),
        citation=f"{DIELS_2000}; {TEIXEIRA_2011}",
    ),
    PlanRow(
        ExerciseFamily.MIRROR_CONTROL,
        _MOVEMENT_BACK - {Phase.RECOVERED},
        sessions_per_day=2,
        minutes=10,
        how=(
            "In front of a mirror, make each movement slowly and only as far as both sides "
            "can go together, then relax fully between repetitions."
        ),
        avoid="Pushing the strong side to its full range while the weak side lags.",
        reason=(
            "Once movement returns, watching both sides and keeping them even is how control "
            "is retrained; mirror feedback reduced synkinesis in a controlled trial."
        ),
        citation=f"{NAKAMURA_2003}; {TEIXEIRA_2011}",
    ),
    PlanRow(
        ExerciseFamily.MOVEMENT_SEPARATION,
        _MOVEMENT_BACK,
        sessions_per_day=2,
        minutes=10,
        how=(
            "Make one movement while keeping another part still: smile slowly while the eye on "
            "the weak side stays open and relaxed; pucker without the eye narrowing."
        ),
        avoid="Practising the linked movement at full strength; that strengthens the link.",
        reason="Linked movements (synkinesis) lessen with practice that separates them.",
        citation=f"{NAKAMURA_2003}; {BEURSKENS_2003}",
        complications=frozenset({Complication.SYNKINESIS}),
    ),
    PlanRow(
        ExerciseFamily.STRETCH_MASSAGE,
        _MOVEMENT_BACK,
        sessions_per_day=2,
        minutes=5,
        how=(
            "Warm the cheek and around the mouth with slow circular massage, then hold gentle "
            "stretches of the tight muscles (for example inside the cheek with a clean thumb)."
        ),
        avoid="Pressing hard enough to hurt.",
        reason="Tight, stiff or painful muscles ease with regular stretching and massage.",
        citation=BEURSKENS_2003,
        complications=frozenset(
            {Complication.CONTRACTURE, Complication.RIGIDITY, Complication.PAIN}
        ),
    ),
    PlanRow(
        ExerciseFamily.RELAXATION,
        _MOVEMENT_BACK,
        sessions_per_day=1,
        minutes=10,
        how=(
            "Breathe slowly and let the face go soft, noticing and releasing the tight spots, "
            "before any other practice."
        ),
        avoid="Practising while tense or tired.",
        reason="Overactive muscles let go more easily when relaxation comes first.",
        citation=BEURSKENS_2003,
        complications=frozenset(
            {Complication.SYNKINESIS, Complication.CONTRACTURE, Complication.RIGIDITY}
        ),
    ),
)

SAFETY_NOTES: tuple[str, ...] = (
    "Stop and contact your clinician if new weakness appears, on either side of the face.",
    "Stop and contact your clinician if the eye becomes red, painful, or your sight changes.",
    "Stop if an exercise hurts; practice should feel easy, never straining.",
    "If tears come while eating, tell your clinician: exercises do not treat that.",
)

_WITHHELD = (
    "A warning sign needs a clinician's answer first. Please start these exercises only once "
    "a clinician has seen you and agrees."
)
_NOTHING = "Your face has recovered; no daily exercises are needed unless your therapist says so."


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One family of the plan for this person, with its schedule, reason and citation."""

    family: ExerciseFamily
    title: str
    plain: str
    sessions_per_day: int
    minutes: int
    how: str
    avoid: str
    reason: str
    citation: str
    changed: bool = False
    """The therapist changed this row's schedule (:mod:`bellpath.guidance.practice_overrides`)."""
    therapist_note: str = ""


@dataclass(frozen=True, slots=True)
class PracticePlan:
    """The daily practice plan of a case, or why there is none."""

    items: tuple[PlanItem, ...]
    withheld: str | None = None
    safety: tuple[str, ...] = field(default=SAFETY_NOTES)
    therapist_note: str = ""
    switched_off: tuple[ExerciseFamily, ...] = ()
    """Rows of the computed plan the therapist switched off for this person."""

    @property
    def minutes_per_day(self) -> int:
        """Total practice minutes a day."""
        return sum(i.sessions_per_day * i.minutes for i in self.items)


def _fits(row: PlanRow, case: Case, phase: Phase) -> bool:
    if phase not in row.phases:
        return False
    if row.needs_open_eye and case.eye_closure is not EyeClosure.INCOMPLETE:
        return False
    return not row.complications or bool(row.complications & set(case.complications))


def practice_plan(
    case: Case, assessment: Assessment, *, table: Sequence[PlanRow] = PLAN_TABLE
) -> PracticePlan:
    """The exercise families that fit ``case`` in its assessed phase, in table order.

    No plan while an emergency or urgent action is open (a warning sign comes first), and none
    for a recovered face without complications.
    """
    if any(a.priority in {Priority.EMERGENCY, Priority.URGENT} for a in assessment.actions):
        return PracticePlan(items=(), withheld=_WITHHELD)
    rows = [row for row in table if _fits(row, case, assessment.phase)]
    if not rows and assessment.phase is Phase.RECOVERED:
        return PracticePlan(items=(), withheld=_NOTHING)
    return PracticePlan(
        items=tuple(
            PlanItem(
                family=row.family,
                title=row.family.label,
                plain=row.family.patient,
                sessions_per_day=row.sessions_per_day,
                minutes=row.minutes,
                how=row.how,
                avoid=row.avoid,
                reason=row.reason,
                citation=row.citation,
            )
            for row in rows
        )
    )
