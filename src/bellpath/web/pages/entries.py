"""The clinician's entry forms: a grading on each scale, a lab result, the practice log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from bellpath.case import Analyte, Comparator, LabResult, Specimen
from bellpath.errors import InputError, NotFoundError
from bellpath.grading.entries import Scale
from bellpath.labs.plausible import check_plausible, outside_usual
from bellpath.labs.units import Unit, allowed_units
from bellpath.records.access import EntryKind
from bellpath.records.entries import add_grading, add_lab, add_practice, list_entries
from bellpath.records.models import User
from bellpath.records.patients import current_episode, get_patient
from bellpath.web.deps import CsrfProtected, CurrentClinician, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._labels import label, options
from bellpath.web.pages._reader import ClinicianReader, Reader
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._scales import read_scale, scale_form
from bellpath.web.pages._views import practice_summary

__all__ = ["practice_page", "practice_save", "router", "scale_of"]

router = APIRouter(include_in_schema=False)

LAB_LABELS = {
    "analyte": "Test",
    "comparator": "Reported as",
    "value": "Value",
    "unit": "Unit",
    "specimen": "Specimen",
    "date": "Date of the sample",
}
PRACTICE_LABELS = {
    "date": "Day",
    "minutes": "Minutes of practice",
    "exercises": "Exercises",
    "note": "Note",
}
MAX_LAB_VALUE = 1_000_000
"""Only a sanity bound for the form, above any result in any unit the form offers (methylmalonic
acid in nmol/L reaches the hundred thousands in severe deficiency); the engine checks plausibility
per analyte and unit, and the message writes the bound as people do ("1,000,000", not 1e+06)."""
MAX_EXERCISES_TEXT = 500


def scale_of(name: str) -> Scale:
    """The scale named in a URL, or a 404 for any other word."""
    try:
        return Scale(name)
    except ValueError:
        raise NotFoundError(f"no grading scale called {name!r}") from None


def _onset(session: Any, user: User, patient_id: int) -> Any:
    patient = get_patient(session, actor=user, patient_id=patient_id)
    return PatientInfo.of(patient), current_episode(session, patient=patient).onset


# ----------------------------------------------------------------------------- gradings


@router.get("/patients/{patient_id}/gradings/{scale}")
def grading_form(
    request: Request,
    *,
    patient_id: int,
    scale: str,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
) -> Response:
    """The form of one scale for this patient."""
    form = scale_form(scale_of(scale))
    patient, _ = _onset(session, user, patient_id)
    today = today_of(request)
    ctx = {
        "patient": patient,
        "form": form,
        "values": {"date": today.isoformat()},
        "today": today.isoformat(),
        "action": reader.url(f"gradings/{form.scale.value}"),
        "back_url": reader.home,
        "reader": reader,
    }
    return render(request, "grading.html", ctx, viewer=Viewer.of(user))


def save_grading(
    request: Request,
    *,
    session: Any,
    user: User,
    reader: Reader,
    posted: FormData,
    scale: Scale,
    done_url: str,
) -> Response:
    """Check and store one grading (shared by the clinician's and the patient's pages)."""
    patient_id = reader.patient_id
    today = today_of(request)
    form = scale_form(scale)
    patient, onset = _onset(session, user, patient_id)
    viewer = Viewer.of(user)
    checked = FormReader(posted, form.labels)
    date, items = read_scale(form, checked, today=today, onset=onset)
    if items is not None and date is not None:
        try:
            with writing(request, user) as (wsession, actor):
                add_grading(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    date=date,
                    scale=scale.value,
                    items=items,
                    today=today,
                )
            return RedirectResponse(done_url, status_code=303)
        except InputError as exc:
            checked.add_input_error(exc, prefix=f"{scale.value}.", fallback="date")
    ctx = {
        "patient": patient,
        "form": form,
        "errors": checked.errors,
        "values": checked.values,
        "today": today.isoformat(),
        "action": request.url.path,
        "back_url": reader.home,
        "reader": reader,
    }
    return render(request, "grading.html", ctx, viewer=viewer, status_code=422)


@router.post("/patients/{patient_id}/gradings/{scale}")
def grading_submit(
    request: Request,
    *,
    scale: str,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
) -> Response:
    """Store the grading; a mistake shows the form again with a message, nothing stored."""
    return save_grading(
        request,
        session=session,
        user=user,
        reader=reader,
        posted=posted,
        scale=scale_of(scale),
        done_url=f"{reader.home}?saved=grading",
    )


# ----------------------------------------------------------------------------- labs


def _unit_choices(analyte: Analyte | None) -> dict[str, Any]:
    """The unit list of ``analyte`` (every unit until a test is chosen) and its hint."""
    if analyte is None:
        return {
            "unit_options": [(u.value, u.value) for u in Unit],
            "unit_hint": "Choose the test first: the list then shows only its units.",
        }
    units = allowed_units(analyte)
    return {
        "unit_options": [(u.value, u.value) for u in units],
        "unit_hint": f"Units the laboratory may use for {label(analyte)}.",
    }


def _lab_context(
    session: Any, user: User, patient_id: int, analyte: Analyte | None = None
) -> dict[str, Any]:
    labs = list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.LAB)
    return {
        "analyte_options": options(Analyte),
        **_unit_choices(analyte),
        "specimen_options": options(Specimen),
        "comparator_options": [(c.value, c.label) for c in Comparator],
        "labs": [
            {
                "date": lab.date,
                "analyte": lab.analyte,
                "value": lab.value,
                "unit": lab.unit,
                "specimen": lab.specimen,
                "comparator": lab.comparator,
            }
            for lab in reversed(labs)
        ],
    }


@router.get("/patients/{patient_id}/labs")
def lab_form(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The lab form and the results so far."""
    patient, _ = _onset(session, user, patient_id)
    today = today_of(request)
    ctx = {
        "patient": patient,
        "today": today.isoformat(),
        "values": {"date": today.isoformat(), "specimen": Specimen.SERUM.value},
        **_lab_context(session, user, patient_id),
    }
    return render(request, "lab.html", ctx, viewer=Viewer.of(user))


@router.post("/patients/{patient_id}/labs")
def lab_submit(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Store a lab result; a unit that does not fit the test is refused, never converted."""
    today = today_of(request)
    patient, _ = _onset(session, user, patient_id)
    viewer = Viewer.of(user)
    form = FormReader(posted, LAB_LABELS)
    analyte = form.choice("analyte", Analyte, required=True)
    page = _lab_context(session, user, patient_id, analyte)
    confirm: dict[str, str] | None = None
    value = form.number("value", 0, MAX_LAB_VALUE, required=True)
    units = [u.value for u in (allowed_units(analyte) if analyte is not None else Unit)]
    unit = form.raw("unit")
    specimen = form.choice("specimen", Specimen) or Specimen.SERUM
    comparator = form.choice("comparator", Comparator)
    date = form.date("date", not_after=today)
    if unit not in units:
        test = f"for {label(analyte)} " if analyte is not None else ""
        shown = f"\u201c{unit}\u201d" if unit else "nothing"
        form.add_error(
            "unit", f"Unit: {test}please choose one of {', '.join(units)}. You entered {shown}."
        )
    if form.ok and analyte is not None and value is not None and unit is not None:
        try:
            lab = LabResult(
                analyte=analyte,
                value=value,
                unit=unit,
                specimen=specimen,
                date=date,
                comparator=comparator,
            )
            check_plausible(analyte, value, unit)
            confirm = unusual_value(analyte, value, unit, confirmed=form.raw("confirm"))
            if confirm is None:
                with writing(request, user) as (wsession, actor):
                    add_lab(wsession, actor=actor, patient_id=patient_id, lab=lab, today=today)
                return RedirectResponse(f"/patients/{patient_id}?saved=lab", status_code=303)
        except InputError as exc:
            field = exc.field.rsplit(".", 1)[-1]
            field = field if field in LAB_LABELS else "value"
            form.add_error(field, f"{form.label(field)}: {exc.message}")
        except ValidationError as exc:
            form.add_validation_error(exc, fallback="value")
    ctx = {
        "patient": patient,
        "today": today.isoformat(),
        "errors": form.errors,
        "values": form.values,
        "confirm": confirm,
        **page,
    }
    status = 200 if confirm is not None and form.ok else 422
    return render(request, "lab.html", ctx, viewer=viewer, status_code=status)


@router.get("/patients/{patient_id}/labs/units")
def lab_units(
    request: Request,
    patient_id: int,
    session: SessionDep,
    user: CurrentClinician,
    analyte: str = "",
) -> Response:
    """The unit list of the chosen test (htmx swaps it in when the test changes)."""
    get_patient(session, actor=user, patient_id=patient_id)
    try:
        chosen: Analyte | None = Analyte(analyte)
    except ValueError:
        chosen = None
    ctx = {"values": {"analyte": analyte}, **_unit_choices(chosen)}
    return render(request, "_lab_unit.html", ctx, viewer=Viewer.of(user))


def unusual_value(
    analyte: Analyte, value: float, unit: str, *, confirmed: str
) -> dict[str, str] | None:
    """What to show back when ``value`` is outside the usual range and not yet confirmed."""
    usual = outside_usual(analyte, value, unit)
    token = f"{value:g} {unit}"
    if usual is None or confirmed == token:
        return None
    return {"shown": token, "usual": usual, "token": token, "test": label(analyte)}


# ----------------------------------------------------------------------------- practice log


def practice_page(
    request: Request,
    *,
    session: Any,
    user: User,
    reader: Reader,
    checked: FormReader | None = None,
) -> Response:
    """The practice log page (the clinician's view or the patient's own)."""
    patient_id = reader.patient_id
    patient, _ = _onset(session, user, patient_id)
    today = today_of(request)
    entries = list(
        list_entries(session, actor=user, patient_id=patient_id, kind=EntryKind.PRACTICE)
    )
    ctx = {
        "patient": patient,
        "reader": reader,
        "action": reader.url("practice"),
        "today": today.isoformat(),
        "summary": practice_summary(entries, today),
        "entries": [
            {"date": e.date, "minutes": e.minutes, "exercises": list(e.exercises), "note": e.note}
            for e in reversed(entries[-30:])
        ],
        "values": checked.values if checked else {"date": today.isoformat()},
        "errors": checked.errors if checked else {},
        "nav": "practice",
    }
    status = 422 if checked and checked.errors else 200
    return render(request, "practice.html", ctx, viewer=Viewer.of(user), status_code=status)


def practice_save(
    request: Request, *, session: Any, user: User, reader: Reader, posted: FormData
) -> Response:
    """Check and store one day's practice."""
    patient_id = reader.patient_id
    today = today_of(request)
    _, onset = _onset(session, user, patient_id)
    checked = FormReader(posted, PRACTICE_LABELS)
    date = checked.date("date", required=True, not_before=onset, not_after=today)
    minutes = checked.integer("minutes", 0, 24 * 60, required=True)
    exercises_text = checked.text("exercises", max_length=MAX_EXERCISES_TEXT) or ""
    note = checked.text("note") or ""
    if checked.ok and date is not None and minutes is not None:
        exercises = [e.strip() for e in exercises_text.split(",") if e.strip()]
        try:
            with writing(request, user) as (wsession, actor):
                add_practice(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    date=date,
                    minutes=minutes,
                    exercises=exercises,
                    note=note,
                    today=today,
                )
            return RedirectResponse(f"{reader.url('practice')}?saved=practice", status_code=303)
        except InputError as exc:
            checked.add_input_error(exc, fallback="date")
    return practice_page(request, session=session, user=user, reader=reader, checked=checked)


@router.get("/patients/{patient_id}/practice")
def clinician_practice(
    request: Request, session: SessionDep, user: CurrentClinician, reader: ClinicianReader
) -> Response:
    """The patient's practice log, as their clinician sees it."""
    return practice_page(request, session=session, user=user, reader=reader)


@router.post("/patients/{patient_id}/practice")
def clinician_practice_submit(
    request: Request,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
) -> Response:
    """Log practice on the patient's behalf (for example during a therapy session)."""
    return practice_save(request, session=session, user=user, reader=reader, posted=posted)
