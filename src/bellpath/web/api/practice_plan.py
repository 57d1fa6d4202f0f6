"""``/api/v1/patients/{patient_id}/practice-plan``: the plan and a therapist's changes to it.

``GET`` answers the plan computed from the assessment, the therapist's changes, and the plan the
patient follows (the changes applied; a warning sign pauses it whatever was changed). ``PUT``
replaces the changes (a clinician of the patient): per exercise family switch it off, set sessions
a day and minutes within bounds, leave a note; and a note for the whole plan. Out of bounds: 422
naming the field, the allowed range and what was received.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from bellpath.guidance.practice_overrides import (
    MINUTES_RANGE,
    NOTE_MAX_CHARS,
    SESSIONS_RANGE,
    FamilyOverride,
    PlanOverrides,
)
from bellpath.guidance.practice_plan import PlanItem, PracticePlan
from bellpath.records.practice_plans import PatientPlan, patient_plan, save_plan_overrides
from bellpath.vocab.practice import ExerciseFamily
from bellpath.web.deps import CurrentUser, SessionDep, TodayDep

__all__ = [
    "FamilyChange",
    "PracticePlanChanges",
    "PracticePlanPublic",
    "PracticePlanRow",
    "router",
]

router = APIRouter(prefix="/patients/{patient_id}/practice-plan", tags=["practice-plan"])

Note = Annotated[str, Field(max_length=NOTE_MAX_CHARS)]


class FamilyChange(BaseModel):
    """A therapist's change to one exercise family; a missing figure keeps the computed one."""

    model_config = ConfigDict(extra="forbid")

    off: bool = False
    sessions_per_day: Annotated[
        int | None, Field(ge=SESSIONS_RANGE[0], le=SESSIONS_RANGE[1], strict=True)
    ] = None
    minutes: Annotated[int | None, Field(ge=MINUTES_RANGE[0], le=MINUTES_RANGE[1], strict=True)] = (
        None
    )
    note: Note = ""


class PracticePlanChanges(BaseModel):
    """Every change to the plan (``PUT`` replaces them all), keyed by exercise family."""

    model_config = ConfigDict(extra="forbid")

    families: dict[ExerciseFamily, FamilyChange] = Field(default_factory=dict)
    note: Note = ""

    def overrides(self) -> PlanOverrides:
        """As the guidance layer takes them."""
        return PlanOverrides(
            tuple(
                FamilyOverride(family, **change.model_dump())
                for family, change in self.families.items()
            ),
            note=self.note,
        )


class PracticePlanRow(BaseModel):
    """One exercise family of a plan, with its reason and source."""

    family: ExerciseFamily
    title: str
    plain: str
    sessions_per_day: int
    minutes: int
    how: str
    avoid: str
    reason: str
    citation: str
    changed: bool
    therapist_note: str


class PracticePlanPublic(BaseModel):
    """The computed plan, the therapist's changes and the plan the patient follows."""

    computed: list[PracticePlanRow]
    plan: list[PracticePlanRow]
    withheld: str | None
    switched_off: list[ExerciseFamily]
    minutes_per_day: int
    changes: PracticePlanChanges
    safety: list[str]
    reminders: bool


def _rows(plan: PracticePlan) -> list[PracticePlanRow]:
    fields = PlanItem.__slots__
    return [PracticePlanRow(**{f: getattr(item, f) for f in fields}) for item in plan.items]


def _public(found: PatientPlan) -> PracticePlanPublic:
    shown = found.shown
    changes = PracticePlanChanges(
        families={
            f.family: FamilyChange(
                off=f.off, sessions_per_day=f.sessions_per_day, minutes=f.minutes, note=f.note
            )
            for f in found.overrides.families
        },
        note=found.overrides.note,
    )
    return PracticePlanPublic(
        computed=_rows(found.computed),
        plan=_rows(shown),
        withheld=shown.withheld,
        switched_off=list(shown.switched_off),
        minutes_per_day=shown.minutes_per_day,
        changes=changes,
        safety=list(shown.safety),
        reminders=found.reminders,
    )


@router.get("", response_model=PracticePlanPublic)
def read_plan(
    patient_id: int, session: SessionDep, user: CurrentUser, today: TodayDep
) -> PracticePlanPublic:
    """The plan as of today: computed, the changes, and the plan the patient follows."""
    return _public(patient_plan(session, actor=user, patient_id=patient_id, as_of=today))


@router.put("", response_model=PracticePlanPublic)
def change_plan(
    patient_id: int,
    body: PracticePlanChanges,
    session: SessionDep,
    user: CurrentUser,
    today: TodayDep,
) -> PracticePlanPublic:
    """Replace the therapist's changes (a clinician of the patient; audited)."""
    save_plan_overrides(session, actor=user, patient_id=patient_id, overrides=body.overrides())
    return _public(patient_plan(session, actor=user, patient_id=patient_id, as_of=today))
