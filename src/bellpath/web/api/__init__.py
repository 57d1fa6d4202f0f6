"""The JSON API under ``/api/v1``: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from bellpath.web.api import (
    auth,
    complications,
    findings,
    gradings,
    labs,
    patients,
    photos,
    practice,
    users,
)

__all__ = ["API_PREFIX", "api_router"]

API_PREFIX = "/api/v1"

api_router = APIRouter(prefix=API_PREFIX)
for _module in (auth, users, patients, gradings, labs, complications, findings, photos, practice):
    api_router.include_router(_module.router)
