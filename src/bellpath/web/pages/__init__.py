"""Server-rendered pages (Jinja2 templates, htmx served locally, no CDN).

:func:`install_pages` mounts every page router, the static files and the friendly error pages on
the app made by :func:`bellpath.web.app.create_app`.

=====================================  ==========================================================
path                                   page
=====================================  ==========================================================
``/``, ``/signin``, ``/signout``       front door, sign-in, sign-out
``/account``                           the signed-in account (admins: the list of accounts)
``/patients``                          clinician: patient list with phase and next milestone
``/patients/new``                      clinician: add a patient
``/patients/{id}``                     clinician: timeline (red flags first)
``/patients/{id}/gradings/{scale}``    clinician: Sunnybrook, House-Brackmann, eFACE, SAQ, FaCE
``/patients/{id}/labs``                clinician: lab results with units
``/patients/{id}/import``              clinician: a FHIR bundle or spreadsheet, reviewed, stored
``/patients/{id}/photos``              clinician: photos, measurements, overlays
``/patients/{id}/videos``              clinician: video upload, summaries (video never kept)
``/patients/{id}/clinical``            clinician: complications, red flags, risk factors, ...
``/patients/{id}/practice``            clinician: practice log
``/patients/{id}/practice-plan``       clinician: the practice plan, changed per patient
``/patients/{id}/downloads/{file}``    reports, spreadsheets, FHIR bundle (session cookie)
``/patients/{id}/audit``               clinician: the record's audit trail with corrections
``/patients/{id}/care-team``           clinician: colleagues who share the record
``/patients/{id}/entries/.../edit``    clinician: correct an entry (kept as an amendment)
``/me``, ``/me/...``                   patient: own recovery, SAQ, FaCE, practice, selfies, videos
``/me/practice-plan.ics``              patient: the plan's schedule as a calendar file
``/me/practice/sessions``              patient: the live mirror saves a session (JSON, CSRF header)
``/.../practice/progress.svg``         the weekly practice chart (person's page, timeline)
``/me/practice/live``                  patient: the live mirror (frames over a WebSocket)
=====================================  ==========================================================

Routes parse the form, authorise, call a records function and render; no route queries the
database itself (the records layer does, access checked). May import: records, auth, reports, the
core and the shared web modules (``web.deps``, ``web.uploads``, ...); never the CLI, never
``web.api``, never SQLAlchemy except ``_common`` (its write unit and timeline loader name the
``Session`` type); contracts in pyproject.toml.
"""

from __future__ import annotations

from fastapi import FastAPI

from bellpath.web.pages import (
    account,
    charts,
    clinic,
    corrections,
    entries,
    exclusions,
    imports,
    me,
    photos,
    practice_live,
    practice_plan,
    practice_sessions,
    record_tools,
    signin,
    videos,
)
from bellpath.web.pages._render import STATIC_DIR, page_error
from bellpath.web.static_assets import HashedStaticFiles

__all__ = ["install_pages"]

ROUTERS = (
    signin.router,
    account.router,
    clinic.router,
    entries.router,
    exclusions.router,
    imports.router,
    photos.router,
    videos.router,
    charts.router,
    practice_plan.router,
    me.router,
    practice_live.router,  # before practice_sessions: /me/practice/live is not a chart name
    practice_sessions.router,
    record_tools.router,
    corrections.router,
)


def install_pages(app: FastAPI) -> None:
    """Mount the pages, ``/static`` and the friendly error pages on ``app``."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")
    app.state.page_error_renderer = page_error
