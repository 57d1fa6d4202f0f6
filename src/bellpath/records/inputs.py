"""Validated inputs the repository accepts (shared by the API, the pages and the demo seed).

:class:`EpisodeFields` is the Case without ``as_of``: exactly the fields a clinician enters for one
episode. Cross-field rules (dates in order, ...) are checked by building the engine's
:class:`~bellpath.case.Case` from it, so a form, the API and a case file agree on what is valid.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bellpath.case import (
    Case,
    Complication,
    EyeClosure,
    Finding,
    LabResult,
    RiskFactor,
    Severity,
    Side,
    Supplement,
)
from bellpath.records.validation import input_error

__all__ = ["EPISODE_COLUMNS", "EpisodeFields", "EpisodePatch", "case_supports", "validate_case"]

EPISODE_COLUMNS = (
    "onset",
    "affected_side",
    "severity",
    "first_movement",
    "recovered",
    "eye_closure",
    "steroids_started",
    "age",
    "pregnant",
)
"""Case fields stored as columns of the episode itself (the rest are entries)."""


class EpisodePatch(BaseModel):
    """A partial change of an episode's own fields (only the fields sent are changed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    onset: dt.date | None = None
    affected_side: Side | None = None
    severity: Severity | None = None
    first_movement: dt.date | None = None
    recovered: bool | None = None
    eye_closure: EyeClosure | None = None
    steroids_started: dt.date | None = None
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    pregnant: bool | None = None
    risk_factors: list[RiskFactor] | None = None
    supplements: list[Supplement] | None = None

    @field_validator("onset", "recovered")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        """Every episode has an onset and a recovered flag: ``null`` cannot remove them."""
        if value is None:
            raise ValueError("cannot be null: send a value, or leave the field out to keep it")
        return value


class EpisodeFields(BaseModel):
    """Everything a Case holds for one episode, without ``as_of``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    onset: dt.date
    affected_side: Side | None = None
    severity: Severity | None = None
    first_movement: dt.date | None = None
    recovered: bool = False
    eye_closure: EyeClosure | None = None
    steroids_started: dt.date | None = None
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    pregnant: bool | None = None
    labs: list[LabResult] = Field(default_factory=list)
    complications: list[Complication] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    risk_factors: list[RiskFactor] = Field(default_factory=list)
    supplements: list[Supplement] = Field(default_factory=list)
    gradings: list[dict[str, Any]] = Field(default_factory=list)
    """Dated grading entries ``{date, scale, ...}`` (the grading scales' JSON contract)."""


def case_supports(field: str) -> bool:
    """Whether the engine's Case has ``field`` yet (gradings, photo measures land over time)."""
    return field in Case.model_fields


def validate_case(data: dict[str, Any]) -> Case:
    """Build the engine's Case from plain data; a pydantic error becomes an InputError.

    Raises
    ------
    InputError
        Any field invalid (the dotted field, allowed values, what was received).
    """
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc) from None
