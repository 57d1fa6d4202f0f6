"""The clinician's pages: the patient list, adding a patient, the timeline, clinical details."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from bellpath.case import (
    MAX_SUPPLEMENT_MG,
    Complication,
    EyeClosure,
    Finding,
    RiskFactor,
    Severity,
    Side,
    Supplement,
    VitaminName,
)
from bellpath.errors import DuplicateRecordError, InputError, NotFoundError
from bellpath.records.access import EntryKind
from bellpath.records.assessments import cache_for
from bellpath.records.audit import record_view
from bellpath.records.entries import add_complication, add_finding, delete_entry, list_entries
from bellpath.records.identity import PatientIdentity
from bellpath.records.inputs import EpisodeFields, EpisodePatch
from bellpath.records.models import AdministrativeSex, User
from bellpath.records.overview import episode_details, linked_email
from bellpath.records.patient_search import PAGE_SIZE, search_patients
from bellpath.records.patients import (
    assess_patient,
    create_patient,
    current_episode,
    get_patient,
    update_patient,
)
from bellpath.records.versioning import list_stamps
from bellpath.web.conditional import (
    etag,
    fresh,
    not_modified,
    patient_state,
    set_validators,
    viewer_snapshot,
)
from bellpath.web.deps import CsrfProtected, CurrentClinician, FormDep, SessionDep
from bellpath.web.downloads import DownloadKind
from bellpath.web.pages._common import PatientInfo, load_timeline, today_of, writing
from bellpath.web.pages._forms import FormReader
from bellpath.web.pages._labels import label, options
from bellpath.web.pages._practice_progress import progress_view
from bellpath.web.pages._reader import ClinicianReader
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages._video_upload import video_form
from bellpath.web.pages._views import PatientRow, next_milestone
from bellpath.web.pages.corrections import CORRECTABLE_PAGES
from bellpath.web.security import csrf_token

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PATIENT_LABELS = {
    "name": "Name",
    "onset": "Date of onset",
    "affected_side": "Affected side",
    "severity": "Severity at worst",
    "eye_closure": "Eye closure",
    "age": "Age",
    "steroids_started": "Steroids started on",
    "patient_email": "Patient's own account",
    "findings": "Red flags",
    "first_movement": "First movement returned on",
    "complications": "Late complications",
    "risk_factors": "Reasons to test B12",
    "recovered": "Normal function regained",
    "birth_date": "Date of birth",
    "sex": "Sex",
    "mrn": "Medical record number (MRN)",
    "pregnant": "Pregnant",
}
for _v in VitaminName:
    PATIENT_LABELS[f"supplement_{_v.value}"] = f"{label(_v)} supplement (mg a day)"

# The sex select lists Female first, as it always has (the enum keeps the FHIR order).
_SEX_ORDER = (
    AdministrativeSex.FEMALE,
    AdministrativeSex.MALE,
    AdministrativeSex.OTHER,
    AdministrativeSex.UNKNOWN,
)
MAX_HISTORY_PAGE = 10_000


def _choice_lists() -> dict[str, Any]:
    return {
        "side_options": options(Side),
        "severity_options": options(Severity),
        "eye_options": options(EyeClosure),
        "finding_options": options(Finding),
        "complication_options": options(Complication),
        "risk_options": options(RiskFactor),
        "vitamin_options": options(VitaminName),
        "sex_options": [(s.value, s.label) for s in _SEX_ORDER],
    }


# ----------------------------------------------------------------------------- patient list


def _rows(session: Any, user: Any, today: dt.date, q: str, page: int) -> dict[str, Any]:
    """One page of the list: the search runs in the database, only the shown rows are assessed."""
    found = search_patients(
        session, actor=user, q=q, limit=PAGE_SIZE, offset=(max(page, 1) - 1) * PAGE_SIZE
    )
    rows: list[PatientRow] = []
    for patient in found.patients:
        episode = current_episode(session, patient=patient)
        as_of = max(today, episode.onset)
        assessment = assess_patient(session, actor=user, patient_id=patient.id, as_of=as_of)
        rows.append(
            PatientRow(
                id=patient.id,
                name=patient.name,
                phase=assessment.phase,
                days=assessment.days_since_onset,
                side=label(episode.affected_side) if episode.affected_side else "",
                next_milestone=next_milestone(assessment),
                red_flags=len(assessment.red_flags),
                mrn=patient.mrn,
                birth_date=patient.birth_date,
            )
        )
    pages = max(1, -(-found.total // PAGE_SIZE))
    current = min(max(page, 1), pages)
    return {
        "rows": rows,
        "q": q,
        "total": found.total,
        "page": current,
        "pages": pages,
        "first_row": found.offset + 1,
        "query": lambda n: urlencode({"q": q, "page": n} if q else {"page": n}),
    }


def _list_tag(request: Request, session: Any, user: User, ctx: dict[str, Any]) -> str:
    """The patient list's ETag: the shown records' versions, how many match, the date, viewer
    and query (a page of 50 costs the same at any size of the list)."""
    ids = [row.id for row in ctx["rows"]]
    return etag(
        "patient-list",
        list_stamps(session, ids),
        ctx["total"],
        today_of(request),
        viewer_snapshot(user),
        csrf_token(request),
        request.url.path,
        request.url.query,
    )


@router.get("/patients")
def patient_list(
    request: Request, session: SessionDep, user: CurrentClinician, q: str = "", page: int = 1
) -> Response:
    """The clinician's patients: red flags first, then the most recent onsets, 50 a page."""
    ctx = _rows(session, user, today_of(request), q[:200], page)
    tag = _list_tag(request, session, user, ctx)
    if fresh(request, tag):
        return not_modified(tag)
    response = render(request, "patients.html", {**ctx, "nav": "patients"}, viewer=Viewer.of(user))
    set_validators(response, tag)
    return response


@router.get("/patients/rows")
def patient_rows(
    request: Request, session: SessionDep, user: CurrentClinician, q: str = "", page: int = 1
) -> Response:
    """The list alone (htmx: filtered as the clinician types)."""
    ctx = _rows(session, user, today_of(request), q[:200], page)
    tag = _list_tag(request, session, user, ctx)
    if fresh(request, tag):
        return not_modified(tag)
    response = render(request, "_patient_rows.html", ctx, viewer=Viewer.of(user))
    set_validators(response, tag)
    return response


# ----------------------------------------------------------------------------- new patient


@router.get("/patients/new")
def new_patient_form(request: Request, user: CurrentClinician) -> Response:
    """The form to add a patient."""
    ctx = {"nav": "new", "today": today_of(request).isoformat(), **_choice_lists()}
    return render(request, "patient_new.html", ctx, viewer=Viewer.of(user))


@router.post("/patients/new")
def new_patient_submit(
    request: Request, _csrf: CsrfProtected, posted: FormDep, user: CurrentClinician
) -> Response:
    """Create the patient and first episode; on a mistake show the form again, nothing saved."""
    today = today_of(request)
    viewer = Viewer.of(user)
    form = FormReader(posted, PATIENT_LABELS)
    name = form.text("name", required=True, max_length=200)
    onset = form.date("onset", not_after=today)  # empty: unchanged
    side = form.choice("affected_side", Side)
    severity = form.choice("severity", Severity)
    eye = form.choice("eye_closure", EyeClosure)
    age = form.integer("age", 0, 120)
    steroids = form.date("steroids_started", not_before=onset, not_after=today)
    email = form.text("patient_email", max_length=254)
    findings = form.choices("findings", Finding)
    identity = PatientIdentity(
        birth_date=form.date("birth_date", not_after=today),
        sex=form.choice("sex", AdministrativeSex),
        mrn=form.text("mrn", max_length=64),
    )
    patient_id: int | None = None
    duplicate_of: int | None = None
    if form.ok and name is not None and onset is not None:
        try:
            fields = EpisodeFields(
                onset=onset,
                affected_side=side,
                severity=severity,
                eye_closure=eye,
                age=age,
                steroids_started=steroids,
                findings=findings,
            )
            with writing(request, user) as (session, actor):
                patient = create_patient(
                    session,
                    actor=actor,
                    name=name,
                    episode=fields,
                    patient_email=email,
                    identity=identity,
                    today=today,
                )
                patient_id = patient.id
        except DuplicateRecordError as exc:
            duplicate_of = exc.existing_id
            form.add_error(exc.field, f"{form.label(exc.field)}: {exc.message}")
        except InputError as exc:
            form.add_input_error(exc, fallback="onset")
        except ValidationError as exc:
            form.add_validation_error(exc, fallback="onset")
    if patient_id is None:
        ctx = {
            "errors": form.errors,
            "values": form.values,
            "checked": form.checked,
            "nav": "new",
            "today": today.isoformat(),
            "duplicate_of": duplicate_of,
            **_choice_lists(),
        }
        status = 409 if duplicate_of is not None else 422
        return render(request, "patient_new.html", ctx, viewer=viewer, status_code=status)
    return RedirectResponse(f"/patients/{patient_id}?saved=patient", status_code=303)


# ----------------------------------------------------------------------------- timeline


@router.get("/patients/{patient_id}")
def timeline(
    request: Request,
    *,
    patient_id: int,
    session: SessionDep,
    user: CurrentClinician,
    reader: ClinicianReader,
    page: Annotated[int, Query(ge=1, le=MAX_HISTORY_PAGE)] = 1,
) -> Response:
    """The patient's timeline: red flags first, phase, windows, guidance, charts, history.

    The history shows the latest entries (``?page=2`` and on: older ones). The page's ETag names
    the record's version, the date, the viewer and the query, so a browser revalidating an
    unchanged timeline gets an empty 304 without any of the work.
    """
    today = today_of(request)
    state = patient_state(session, user, patient_id)
    tag = etag(
        "timeline",
        state.stamp,
        today,
        viewer_snapshot(user),
        csrf_token(request),
        request.url.query,
    )
    record_view(session, actor=user, patient_id=patient_id, what="timeline")
    if fresh(request, tag):
        return not_modified(tag)

    def page_body() -> bytes:
        patient, view = load_timeline(
            session,
            actor=user,
            patient_id=patient_id,
            today=today,
            chart_base=f"/patients/{patient_id}",
            page=page,
        )
        upload = video_form(request, reader=reader)
        return bytes(
            render(
                request,
                "timeline.html",
                {
                    "patient": patient,
                    "view": view,
                    "nav": "patients",
                    "video_form": upload,
                    "download_kinds": list(DownloadKind),
                    "correctable": CORRECTABLE_PAGES,
                    "practice_progress": progress_view(
                        session,
                        actor=user,
                        patient_id=patient_id,
                        today=today,
                        chart_url=f"/patients/{patient_id}/practice/progress.svg",
                        clinician=True,
                    ),
                },
                viewer=Viewer.of(user),
            ).body
        )

    # The tag names everything the page shows, so the rendered page is kept under it.
    response = HTMLResponse(cache_for(session).derived.get(("timeline", tag), page_body))
    set_validators(response, tag)
    return response


# ----------------------------------------------------------------------------- clinical details


def _clinical_values(
    session: Any, user: Any, patient_id: int
) -> tuple[dict[str, str], dict[str, list[str]]]:
    patient = get_patient(session, actor=user, patient_id=patient_id)
    episode = current_episode(session, patient=patient)
    details = episode_details(session, episodes=[episode])[episode.id]
    values = {
        "onset": episode.onset.isoformat(),
        "patient_email": linked_email(session, patient=patient) or "",
        "first_movement": episode.first_movement.isoformat() if episode.first_movement else "",
        "eye_closure": episode.eye_closure.value if episode.eye_closure else "",
        "severity": episode.severity.value if episode.severity else "",
        "affected_side": episode.affected_side.value if episode.affected_side else "",
        "steroids_started": (
            episode.steroids_started.isoformat() if episode.steroids_started else ""
        ),
        "age": "" if episode.age is None else str(episode.age),
        "recovered": "1" if episode.recovered else "",
        "pregnant": "1" if episode.pregnant else "",
    }
    for s in details.supplements:
        values[f"supplement_{s.vitamin.value}"] = f"{s.daily_mg:g}"

    def kinds(kind: EntryKind, attr: str) -> list[str]:
        rows = list_entries(session, actor=user, patient_id=patient_id, kind=kind)
        return [getattr(r, attr).value for r in rows]

    checked = {
        "complications": kinds(EntryKind.COMPLICATION, "complication"),
        "findings": kinds(EntryKind.FINDING, "finding"),
        "risk_factors": [r.value for r in details.risk_factors],
    }
    return values, checked


@router.get("/patients/{patient_id}/clinical")
def clinical_form(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The clinical details form, filled with what is recorded."""
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    values, checked = _clinical_values(session, user, patient_id)
    ctx = {
        "patient": patient,
        "values": values,
        "checked": checked,
        "today": today_of(request).isoformat(),
        **_choice_lists(),
    }
    return render(request, "clinical.html", ctx, viewer=Viewer.of(user))


@router.post("/patients/{patient_id}/clinical")
def clinical_submit(
    request: Request,
    patient_id: int,
    _csrf: CsrfProtected,
    posted: FormDep,
    session: SessionDep,
    user: CurrentClinician,
) -> Response:
    """Save the clinical details; new complications and red flags are noted as of today."""
    today = today_of(request)
    patient = PatientInfo.of(get_patient(session, actor=user, patient_id=patient_id))
    shown, recorded = _clinical_values(session, user, patient_id)
    recorded_email = shown["patient_email"]
    viewer = Viewer.of(user)
    form = FormReader(posted, PATIENT_LABELS)
    onset = form.date("onset", not_after=today)  # empty: unchanged
    email = form.text("patient_email", max_length=254)
    first_movement = form.date("first_movement", not_before=onset, not_after=today)
    eye = form.choice("eye_closure", EyeClosure)
    severity = form.choice("severity", Severity)
    side = form.choice("affected_side", Side)
    steroids = form.date("steroids_started", not_after=today)
    age = form.integer("age", 0, 120)
    recovered = form.flag("recovered")
    pregnant = form.flag("pregnant")
    complications = form.choices("complications", Complication)
    findings = form.choices("findings", Finding)
    risk_factors = form.choices("risk_factors", RiskFactor)
    supplements: list[Supplement] = []
    for vitamin in VitaminName:
        amount = form.number(f"supplement_{vitamin.value}", 0, MAX_SUPPLEMENT_MG)
        if amount is not None:
            supplements.append(Supplement(vitamin=vitamin, daily_mg=amount))
    saved = False
    if form.ok:
        try:
            onset_change = {"onset": onset} if onset is not None else {}
            patch = EpisodePatch(
                **onset_change,
                first_movement=first_movement,
                eye_closure=eye,
                severity=severity,
                affected_side=side,
                steroids_started=steroids,
                age=age,
                recovered=recovered,
                pregnant=pregnant,
                risk_factors=risk_factors,
                supplements=supplements,
            )
            with writing(request, user) as (wsession, actor):
                update_patient(
                    wsession,
                    actor=actor,
                    patient_id=patient_id,
                    episode=patch,
                    patient_email=email,
                    unlink_patient_user=email is None and bool(recorded_email),
                    today=today,
                )
                for c in complications:
                    if c.value not in recorded["complications"]:
                        add_complication(
                            wsession,
                            actor=actor,
                            patient_id=patient_id,
                            complication=c,
                            noted_on=today,
                            today=today,
                        )
                for f in findings:
                    if f.value not in recorded["findings"]:
                        add_finding(
                            wsession,
                            actor=actor,
                            patient_id=patient_id,
                            finding=f,
                            noted_on=today,
                            today=today,
                        )
            saved = True
        except InputError as exc:
            form.add_input_error(exc, fallback="first_movement")
        except ValidationError as exc:
            form.add_validation_error(exc, fallback="first_movement")
    if not saved:
        ctx = {
            "patient": patient,
            "errors": form.errors,
            "values": form.values,
            "checked": form.checked,
            "today": today.isoformat(),
            **_choice_lists(),
        }
        return render(request, "clinical.html", ctx, viewer=viewer, status_code=422)
    return RedirectResponse(f"/patients/{patient_id}?saved=clinical", status_code=303)


# ----------------------------------------------------------------------------- removing an entry

_REMOVABLE = {
    "grading": EntryKind.GRADING,
    "lab": EntryKind.LAB,
    "complication": EntryKind.COMPLICATION,
    "finding": EntryKind.FINDING,
    "photo": EntryKind.PHOTO,
    "video": EntryKind.VIDEO,
    "practice": EntryKind.PRACTICE,
}


@router.post("/patients/{patient_id}/entries/{kind}/{entry_id}/delete")
def remove_entry(
    request: Request,
    patient_id: int,
    kind: str,
    entry_id: int,
    _csrf: CsrfProtected,
    user: CurrentClinician,
) -> Response:
    """Remove one entry entered by mistake (recorded in the audit trail)."""
    entry_kind = _REMOVABLE.get(kind)
    if entry_kind is None:
        raise NotFoundError(f"no kind of entry called {kind!r}")
    with writing(request, user) as (wsession, actor):
        delete_entry(
            wsession,
            actor=actor,
            patient_id=patient_id,
            kind=entry_kind,
            entry_id=entry_id,
            today=today_of(request),
        )
    return RedirectResponse(f"/patients/{patient_id}?saved=removed", status_code=303)
