"""The practice plan pages: a therapist edits it per patient; the patient's calendar and reminders.

=====================================  ==========================================================
``/patients/{id}/practice-plan``       clinician: the computed plan, rows switched off, sessions
                                       a day and minutes within bounds, notes (issue 19)
``/me/practice-plan.ics``              patient: the plan's schedule as an iCalendar file
``/me/practice-reminders``             patient: switch reminders (calendar alarms, browser) on/off
=====================================  ==========================================================

What ``/me`` itself shows of the plan comes from :mod:`bellpath.web.pages._my_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bellpath.errors import InputError
from bellpath.guidance.practice_overrides import (
    MINUTES_RANGE,
    NOTE_MAX_CHARS,
    SESSIONS_RANGE,
    FamilyOverride,
    PlanOverrides,
)
from bellpath.guidance.practice_plan import PlanItem
from bellpath.records.models import User
from bellpath.records.patients import get_patient
from bellpath.records.practice_plans import (
    PatientPlan,
    patient_plan,
    save_plan_overrides,
    set_practice_reminders,
)
from bellpath.reports.practice_calendar import plan_calendar
from bellpath.web.deps import CsrfProtected, CurrentClinician, CurrentUser, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._reader import own_patient_id
from bellpath.web.pages._render import Viewer, render

__all__ = ["PlanRowView", "router"]

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class PlanRowView:
    """One computed row on the therapist's page, with what the therapist set for it."""

    item: PlanItem
    change: FamilyOverride | None

    @property
    def code(self) -> str:
        """The family's code (form field prefix)."""
        return self.item.family.value

    @property
    def off(self) -> bool:
        """Switched off for this patient."""
        return self.change is not None and (self.change.off or self.change.sessions_per_day == 0)

    @property
    def changed(self) -> bool:
        """The therapist switched the row off or changed its schedule."""
        if self.change is None:
            return False
        return (
            self.off
            or self.change.sessions_per_day is not None
            or (self.change.minutes is not None)
        )

    def values(self) -> dict[str, str]:
        """The form's values: what is set, else the computed figure."""
        change = self.change or FamilyOverride(self.item.family)
        sessions = change.sessions_per_day
        minutes = change.minutes
        return {
            f"{self.code}.sessions_per_day": str(
                self.item.sessions_per_day if sessions is None else sessions
            ),
            f"{self.code}.minutes": str(self.item.minutes if minutes is None else minutes),
            f"{self.code}.note": change.note,
            f"{self.code}.off": "on" if self.off else "",
        }


def _rows(found: PatientPlan) -> list[PlanRowView]:
    return [PlanRowView(item, found.overrides.of(item.family)) for item in found.computed.items]


def _labels(rows: list[PlanRowView]) -> dict[str, str]:
    labels = {"note": "Note for the whole plan"}
    for row in rows:
        labels[f"{row.code}.sessions_per_day"] = f"{row.item.title}: sessions a day"
        labels[f"{row.code}.minutes"] = f"{row.item.title}: minutes a session"
        labels[f"{row.code}.note"] = f"{row.item.title}: note for the patient"
    return labels


def _page(
    request: Request,
    *,
    user: User,
    patient: PatientInfo,
    found: PatientPlan,
    reader: FormReader | None = None,
    saved: bool = False,
) -> Response:
    rows = _rows(found)
    values: dict[str, str] = {"note": found.overrides.note}
    for row in rows:
        values.update(row.values())
    if reader is not None:
        values.update(reader.values)
    ctx = {
        "patient": patient,
        "found": found,
        "rows": rows,
        "values": values,
        "errors": reader.errors if reader else {},
        "saved": saved,
        "sessions_range": SESSIONS_RANGE,
        "minutes_range": MINUTES_RANGE,
        "note_max": NOTE_MAX_CHARS,
        "kept_elsewhere": [
            f for f in found.overrides.families if f.family not in {r.item.family for r in rows}
        ],
        "nav": "patients",
    }
    status = 422 if reader is not None and reader.errors else 200
    return render(request, "practice_plan.html", ctx, viewer=Viewer.of(user), status_code=status)


@router.get("/patients/{patient_id}/practice-plan")
def therapist_plan(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The computed plan with the therapist's changes, as a form."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    found = patient_plan(session, actor=user, patient_id=patient_id, as_of=today_of(request))
    saved = request.query_params.get("saved") == "plan"
    return _page(request, user=user, patient=patient, found=found, saved=saved)


def _read_changes(reader: FormReader, found: PatientPlan) -> PlanOverrides:
    """The submitted changes; rows not on the form keep what was set before."""
    rows = _rows(found)
    changes = [f for f in found.overrides.families if f.family not in {r.item.family for r in rows}]
    for row in rows:
        sessions = reader.integer(f"{row.code}.sessions_per_day", *SESSIONS_RANGE, required=True)
        minutes = reader.integer(f"{row.code}.minutes", *MINUTES_RANGE, required=True)
        note = reader.text(f"{row.code}.note", max_length=NOTE_MAX_CHARS) or ""
        off = reader.flag(f"{row.code}.off")
        if sessions is None or minutes is None:
            continue
        changes.append(
            FamilyOverride(
                row.item.family,
                off=off,
                # A figure equal to the computed one is not a change: it follows the rules.
                sessions_per_day=None if sessions == row.item.sessions_per_day else sessions,
                minutes=None if minutes == row.item.minutes else minutes,
                note=note,
            )
        )
    note = reader.text("note", max_length=NOTE_MAX_CHARS) or ""
    return PlanOverrides(tuple(changes), note=note)


@router.post("/patients/{patient_id}/practice-plan")
def therapist_plan_save(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    session: SessionDep,
    user: CurrentClinician,
    posted: FormDep,
) -> Response:
    """Store the changes; a figure out of bounds shows the form again with its message."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    found = patient_plan(session, actor=user, patient_id=patient_id, as_of=today_of(request))
    if found.computed.withheld is not None:  # paused: no form is shown, nothing to change
        return RedirectResponse(f"/patients/{patient_id}/practice-plan", 303)
    reader = FormReader(posted, _labels(_rows(found)))
    try:
        overrides = _read_changes(reader, found)
    except InputError as exc:
        reader.add_input_error(exc, fallback="note")
    if reader.ok:
        with writing(request, user) as (wsession, actor):
            save_plan_overrides(wsession, actor=actor, patient_id=patient_id, overrides=overrides)
        return RedirectResponse(f"/patients/{patient_id}/practice-plan?saved=plan", 303)
    return _page(request, user=user, patient=patient, found=found, reader=reader)


# ----------------------------------------------------------------------------- the patient


@router.get("/me/practice-plan.ics")
def my_plan_calendar(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """The plan's schedule as an iCalendar file (alarms only while reminders are on)."""
    patient_id = own_patient_id(session, user)
    today = today_of(request)
    found = patient_plan(session, actor=user, patient_id=patient_id, as_of=today)
    data = plan_calendar(found.shown, start=today, reminders=found.reminders)
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="bellpath-practice.ics"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/me/practice-reminders")
def my_reminders(
    request: Request,
    _csrf: CsrfProtected,
    session: SessionDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    """Switch practice reminders on or off (``reminders`` = ``on`` or ``off``)."""
    patient_id = own_patient_id(session, user)
    reader = FormReader(posted, {"reminders": "Reminders"})
    choice = reader.one_of("reminders", ["on", "off"], required=True)
    if choice is None:
        message = next(iter(reader.errors.values()))
        ctx = {"title": "Reminders not changed", "message": message, "nav": "me"}
        return render(request, "error.html", ctx, viewer=Viewer.of(user), status_code=422)
    with writing(request, user) as (wsession, actor):
        set_practice_reminders(wsession, actor=actor, patient_id=patient_id, on=choice == "on")
    return RedirectResponse(f"/me?reminders={choice}#my-practice", status_code=303)
