"""Correcting an entry on the pages: the "Correct" action beside each entry of the history.

``GET/POST /patients/{id}/entries/{kind}/{entry_id}/edit`` shows the entry's values in a form with
an optional reason; saving goes through :func:`bellpath.records.corrections.amend_entry`, so the
earlier values stay in the audit trail as an amendment. A mistake shows the form again with a
message next to the field, and nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bellpath.case import Analyte, Complication, Finding, Specimen
from bellpath.errors import InputError, NotFoundError
from bellpath.labs.units import Unit, allowed_units
from bellpath.records.access import EntryKind
from bellpath.records.corrections import MAX_REASON_LENGTH, amend_entry
from bellpath.records.entries import get_entry
from bellpath.records.models import User
from bellpath.records.patients import get_patient
from bellpath.web.deps import CsrfProtected, CurrentClinician, FormDep, SessionDep
from bellpath.web.pages._common import PatientInfo, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._labels import options
from bellpath.web.pages._render import Viewer, render

__all__ = ["CORRECTABLE_PAGES", "router"]

router = APIRouter(include_in_schema=False)

CORRECTABLE_PAGES: dict[str, EntryKind] = {
    "grading": EntryKind.GRADING,
    "lab": EntryKind.LAB,
    "complication": EntryKind.COMPLICATION,
    "finding": EntryKind.FINDING,
    "practice": EntryKind.PRACTICE,
}
"""The kinds of entry the pages correct (the URL word to the entry kind)."""

MAX_LAB_VALUE = 1e9
MAX_ITEMS_TEXT = 5_000


@dataclass(frozen=True, slots=True)
class Field:
    """One input of the correction form."""

    name: str
    label: str
    type: str = "text"
    options: list[tuple[str, str]] = field(default_factory=list)
    hint: str | None = None


def _fields(kind: EntryKind, row: Any) -> list[Field]:
    if kind is EntryKind.GRADING:
        return [
            Field("date", "Date of the grading", "date"),
            Field(
                "items",
                "Scale items",
                "textarea",
                hint="The scale's items as recorded (JSON); change only what was entered wrongly.",
            ),
        ]
    if kind is EntryKind.LAB:
        units = allowed_units(row.analyte)
        return [
            Field("analyte", "Test", "select", options(Analyte)),
            Field("value", "Value", "text", hint="A comma or a point as the decimal mark."),
            Field("unit", "Unit", "select", [(u.value, u.value) for u in units]),
            Field("specimen", "Specimen", "select", options(Specimen)),
            Field("date", "Date of the sample", "date"),
        ]
    if kind is EntryKind.PRACTICE:
        return [
            Field("date", "Day", "date"),
            Field("minutes", "Minutes of practice", "number"),
            Field("exercises", "Exercises (separate with commas)"),
            Field("note", "Note", "textarea"),
        ]
    coded = Complication if kind is EntryKind.COMPLICATION else Finding
    return [
        Field(kind.value, "What was noted", "select", options(coded)),
        Field("noted_on", "Noted on", "date"),
    ]


def _shown(kind: EntryKind, row: Any) -> dict[str, str]:
    """The stored values as the form shows them."""
    if kind is EntryKind.GRADING:
        return {"date": row.date.isoformat(), "items": json.dumps(row.items, indent=1)}
    if kind is EntryKind.LAB:
        return {
            "analyte": row.analyte.value,
            "value": f"{row.value:g}",
            "unit": row.unit,
            "specimen": row.specimen.value,
            "date": row.date.isoformat() if row.date else "",
        }
    if kind is EntryKind.PRACTICE:
        return {
            "date": row.date.isoformat(),
            "minutes": str(row.minutes),
            "exercises": ", ".join(row.exercises),
            "note": row.note,
        }
    return {kind.value: getattr(row, kind.value).value, "noted_on": row.noted_on.isoformat()}


def _read(kind: EntryKind, form: FormReader, today: Any) -> dict[str, Any]:
    """The corrected values from the form (errors recorded on ``form``)."""
    if kind is EntryKind.GRADING:
        changes: dict[str, Any] = {"date": form.date("date", required=True, not_after=today)}
        text = form.text("items", required=True, max_length=MAX_ITEMS_TEXT) or "{}"
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
        if not isinstance(items, dict):
            form.add_error(
                "items", 'Items: please write the items as a JSON object, e.g. {"grade": 3}'
            )
        changes["items"] = items
        return changes
    if kind is EntryKind.LAB:
        analyte = form.choice("analyte", Analyte, required=True)
        units = [u.value for u in (allowed_units(analyte) if analyte is not None else Unit)]
        unit = form.one_of("unit", units, required=True)
        return {
            "analyte": analyte,
            "value": form.number("value", 0, MAX_LAB_VALUE, required=True),
            "unit": unit,
            "specimen": form.choice("specimen", Specimen) or Specimen.SERUM,
            "date": form.date("date", not_after=today),
        }
    if kind is EntryKind.PRACTICE:
        exercises = form.text("exercises", max_length=500) or ""
        return {
            "date": form.date("date", required=True, not_after=today),
            "minutes": form.integer("minutes", 0, 24 * 60, required=True),
            "exercises": [e.strip() for e in exercises.split(",") if e.strip()],
            "note": form.text("note", max_length=2000) or "",
        }
    coded = Complication if kind is EntryKind.COMPLICATION else Finding
    return {
        kind.value: form.choice(kind.value, coded, required=True),
        "noted_on": form.date("noted_on", required=True, not_after=today),
    }


def _kind(name: str) -> EntryKind:
    kind = CORRECTABLE_PAGES.get(name)
    if kind is None:
        raise NotFoundError(f"no kind of entry called {name!r} can be corrected")
    return kind


def _page(
    request: Request,
    *,
    user: User,
    patient: PatientInfo,
    kind: EntryKind,
    row: Any,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
) -> Response:
    ctx = {
        "patient": patient,
        "kind": kind.value,
        "kind_label": (
            f"{row.scale.replace('_', '-')} grading" if kind is EntryKind.GRADING else kind.value
        ),
        "fields": _fields(kind, row),
        "values": values,
        "errors": errors or {},
        "action": request.url.path,
        "reason_max": MAX_REASON_LENGTH,
        "nav": "patients",
    }
    status = 422 if errors else 200
    return render(request, "entry_edit.html", ctx, viewer=Viewer.of(user), status_code=status)


@router.get("/patients/{patient_id}/entries/{kind}/{entry_id}/edit")
def edit_form(
    request: Request,
    patient_id: int,
    kind: str,
    entry_id: int,
    *,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """The entry's values in a form, with a box for the reason of the correction."""
    entry_kind = _kind(kind)
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    row = get_entry(session, actor=user, patient_id=patient_id, kind=entry_kind, entry_id=entry_id)
    return _page(
        request,
        user=user,
        patient=patient,
        kind=entry_kind,
        row=row,
        values=_shown(entry_kind, row),
    )


@router.post("/patients/{patient_id}/entries/{kind}/{entry_id}/edit")
def edit_submit(
    request: Request,
    patient_id: int,
    kind: str,
    entry_id: int,
    _csrf: CsrfProtected,
    posted: FormDep,
    *,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Save the correction; the audit trail keeps the earlier values and the reason."""
    entry_kind = _kind(kind)
    today = today_of(request)
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    row = get_entry(session, actor=user, patient_id=patient_id, kind=entry_kind, entry_id=entry_id)
    labels = {f.name: f.label for f in _fields(entry_kind, row)} | {"reason": "Reason"}
    form = FormReader(posted, labels)
    changes = _read(entry_kind, form, today)
    reason = form.text("reason", max_length=MAX_REASON_LENGTH) or ""
    if form.ok:
        try:
            with writing(request, user) as (wsession, actor):
                amend_entry(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    kind=entry_kind,
                    entry_id=entry_id,
                    changes=changes,
                    reason=reason,
                    today=today,
                )
            done = "practice" if entry_kind is EntryKind.PRACTICE else ""
            target = f"/patients/{patient_id}/{done}" if done else f"/patients/{patient_id}"
            return RedirectResponse(f"{target}?saved=corrected", status_code=303)
        except InputError as exc:
            name = exc.field.split(".", 1)[0]
            name = name if name in labels else next(iter(labels))
            form.add_error(name, f"{form.label(name)}: {exc.message}")
    return _page(
        request,
        user=user,
        patient=patient,
        kind=entry_kind,
        row=row,
        values=form.values,
        errors=form.errors,
    )
