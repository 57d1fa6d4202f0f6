"""The JSON API under ``/api/v1``: one router per resource.

Routes parse, authorise, call a records function and answer; no route queries the database
itself. May import: records, auth, interop, reports, the core and the shared web modules
(``web.deps``, ``web.uploads``, ...); never ``web.pages``, the CLI or SQLAlchemy (contracts in
pyproject.toml).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from bellpath.web.api import (
    auth,
    care_team,
    complications,
    fhir,
    findings,
    gradings,
    labs,
    patients,
    photos,
    practice,
    practice_plan,
    practice_sessions,
    reports,
    users,
    videos,
)
from bellpath.web.api._errors import ERROR_RESPONSES

__all__ = ["API_PREFIX", "api_router"]

API_PREFIX = "/api/v1"

from bellpath.web.api._read_audit import audit_api_read  # noqa: E402  (after the routers)

api_router = APIRouter(
    prefix=API_PREFIX,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(audit_api_read, scope="function")],
)
for _module in (
    auth,
    users,
    patients,
    gradings,
    labs,
    complications,
    findings,
    photos,
    videos,
    practice,
    practice_plan,
    practice_sessions,
    care_team,
):
    api_router.include_router(_module.router)
api_router.include_router(reports.router)  # PDF reports and CSV/XLSX exports
api_router.include_router(fhir.router)  # FHIR R4 export and import
