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
``/patients/{id}/downloads/{file}``    reports, spreadsheets, FHIR bundle (session cookie)
``/patients/{id}/audit``               clinician: the record's audit trail with corrections
``/patients/{id}/care-team``           clinician: colleagues who share the record
``/patients/{id}/entries/.../edit``    clinician: correct an entry (kept as an amendment)
``/me``, ``/me/...``                   patient: own recovery, SAQ, FaCE, practice, selfies, videos
``/me/practice/live``                  patient: the live mirror (frames over a WebSocket)
=====================================  ==========================================================

May import: records, auth, reports, the core and ``web.deps``; never the CLI, and not ``web.api``
(one exception is left: ``pages/videos.py`` uses the API's ``store_upload``; issue 18 item 4).
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
    me.router,
    practice_live.router,
    record_tools.router,
    corrections.router,
)


def install_pages(app: FastAPI) -> None:
    """Mount the pages, ``/static`` and the friendly error pages on ``app``."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")
    app.state.page_error_renderer = page_error
