"""API schemas, one per direction (``...Create`` in, ``...Public`` out) so nothing internal leaks.

Out-going schemas list their fields explicitly: no password hash, no stored file name, no audit
internals ever reach a response.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from bellpath.case import (
    Analyte,
    Comparator,
    Complication,
    EyeClosure,
    Finding,
    RiskFactor,
    Severity,
    Side,
    Specimen,
    Supplement,
)
from bellpath.face.expressions import Expression
from bellpath.records.inputs import EpisodeFields, EpisodePatch
from bellpath.records.models import AdministrativeSex, Role

__all__ = [
    "AuditEventPublic",
    "CareTeamAdd",
    "CareTeamMemberPublic",
    "ComplicationCreate",
    "ComplicationPublic",
    "EpisodePublic",
    "FindingCreate",
    "FindingPublic",
    "GradingCreate",
    "GradingPublic",
    "LabPublic",
    "PatientCreate",
    "PatientDeleted",
    "PatientPublic",
    "PatientUpdate",
    "PhotoPublic",
    "PracticeCreate",
    "PracticePublic",
    "PracticeSessionCreate",
    "PracticeSessionPublic",
    "SessionExercise",
    "Token",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
    "VideoCreated",
    "VideoPublic",
]

_IN = ConfigDict(extra="forbid")
_OUT = ConfigDict(from_attributes=True)


class AuditEventPublic(BaseModel):
    """One audit event: who did what to which record, and when (never any content)."""

    model_config = _OUT

    at: dt.datetime
    actor_id: int | None
    actor: str | None = None
    """The actor's e-mail (``null`` once the account is deleted)."""
    action: str
    entity: str
    entity_id: int | None
    changes: dict[str, Any] | None = None
    """For a correction or deletion of an entry: ``{field: {"from": earlier, "to": new}}``."""
    reason: str | None = None


class CareTeamAdd(BaseModel):
    """A clinician to add to a patient's care team, by the e-mail of their account."""

    model_config = _IN

    email: Annotated[str, Field(max_length=254)]


class CareTeamMemberPublic(BaseModel):
    """A clinician on a patient's care team."""

    model_config = _OUT

    id: int
    email: str
    name: str


class Token(BaseModel):
    """An OAuth2 bearer token (RFC 6750)."""

    access_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth2 token type, not a secret)
    expires_in: int
    password_change_required: bool = False
    """An admin reset the password: until it is changed, only ``/auth/me``, ``/auth/sign-out``
    and ``PATCH /users/{own id}`` answer."""


class UserCreate(BaseModel):
    """A new account (admins only)."""

    model_config = _IN

    email: str
    password: Annotated[str, Field(repr=False)]
    role: Role
    name: str = ""


class UserUpdate(BaseModel):
    """A change of an account: only the fields sent are changed."""

    model_config = _IN

    name: str | None = None
    role: Role | None = None
    active: bool | None = None
    password: Annotated[str | None, Field(repr=False, max_length=1024)] = None
    current_password: Annotated[str | None, Field(repr=False, max_length=1024)] = None
    """Needed to change your own password (an admin resetting another's does not send it)."""


class UserPublic(BaseModel):
    """An account as the API shows it."""

    model_config = _OUT

    id: int
    email: str
    name: str
    role: Role
    active: bool
    created_at: dt.datetime


class PatientCreate(EpisodeFields):
    """A new patient with their first episode: a name, identity, plus the Case fields."""

    name: str
    birth_date: dt.date | None = None
    sex: AdministrativeSex | None = None
    """Administrative sex, FHIR AdministrativeGender codes: male, female, other, unknown."""
    mrn: Annotated[str, Field(max_length=64)] | None = None
    """The clinic's medical record number (unique)."""
    patient_email: str | None = None
    """Links an existing patient account so the person sees their own record."""


class PatientUpdate(BaseModel):
    """A change of a patient or of their current episode (only the fields sent)."""

    model_config = _IN

    name: str | None = None
    birth_date: dt.date | None = None
    sex: AdministrativeSex | None = None
    mrn: Annotated[str, Field(max_length=64)] | None = None
    """Identity fields sent are changed; ``null`` clears one."""
    patient_email: str | None = None
    unlink_patient_account: bool = False
    episode: EpisodePatch | None = None

    def identity_changes(self) -> dict[str, Any]:
        """The identity fields sent (``birth_date``, ``sex``, ``mrn``)."""
        return self.model_dump(include={"birth_date", "sex", "mrn"}, exclude_unset=True)


class EpisodePublic(BaseModel):
    """The current episode's own fields."""

    model_config = _OUT

    id: int
    onset: dt.date
    affected_side: Side | None
    severity: Severity | None
    first_movement: dt.date | None
    recovered: bool
    eye_closure: EyeClosure | None
    steroids_started: dt.date | None
    age: int | None
    risk_factors: list[RiskFactor] = Field(default_factory=list)
    supplements: list[Supplement] = Field(default_factory=list)


class PatientDeleted(BaseModel):
    """What deleting a patient removed."""

    deleted_patient_id: int
    photos_removed: int
    message: str


class PatientPublic(BaseModel):
    """A patient as the API shows it."""

    id: int
    name: str
    birth_date: dt.date | None = None
    age: int | None = None
    """Completed years today, derived from ``birth_date`` (``null`` when unknown)."""
    sex: AdministrativeSex | None = None
    mrn: str | None = None
    owner_id: int
    has_account: bool
    created_at: dt.datetime
    episode: EpisodePublic


class GradingCreate(BaseModel):
    """A grading on one scale; ``items`` as in the grading JSON contract (without date, scale)."""

    model_config = _IN

    date: dt.date
    scale: str
    items: dict[str, Any] = Field(default_factory=dict)


class GradingPublic(BaseModel):
    """A stored grading."""

    model_config = _OUT

    id: int
    date: dt.date
    scale: str
    items: dict[str, Any]
    created_at: dt.datetime


class LabPublic(BaseModel):
    """A stored laboratory result."""

    model_config = _OUT

    id: int
    analyte: Analyte
    value: float
    unit: str
    specimen: Specimen
    date: dt.date | None
    comparator: Comparator | None = None
    created_at: dt.datetime


class ComplicationCreate(BaseModel):
    """A late complication noted on a date."""

    model_config = _IN

    complication: Complication
    noted_on: dt.date


class ComplicationPublic(BaseModel):
    """A stored complication."""

    model_config = _OUT

    id: int
    complication: Complication
    noted_on: dt.date
    created_at: dt.datetime


class FindingCreate(BaseModel):
    """A finding that suggests it may not be Bell's palsy."""

    model_config = _IN

    finding: Finding
    noted_on: dt.date


class FindingPublic(BaseModel):
    """A stored finding, with the clinician's exclusion of its other cause when recorded."""

    model_config = _OUT

    id: int
    finding: Finding
    noted_on: dt.date
    created_at: dt.datetime
    excluded_on: dt.date | None = None
    excluded_by_name: str | None = None


class FindingExclusionUpdate(BaseModel):
    """The date the other cause a finding pointed to was excluded; ``null`` withdraws it."""

    model_config = _IN

    excluded_on: dt.date | None


class PracticeCreate(BaseModel):
    """One day's facial-exercise practice."""

    model_config = _IN

    date: dt.date
    minutes: Annotated[int, Field(ge=0, le=24 * 60)]
    exercises: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] = Field(
        default_factory=list
    )
    note: Annotated[str, Field(max_length=2000)] = ""


class PracticePublic(BaseModel):
    """A stored practice-log entry."""

    model_config = _OUT

    id: int
    date: dt.date
    minutes: int
    exercises: list[str]
    note: str
    created_at: dt.datetime


class PhotoPublic(BaseModel):
    """A stored photo: its measurements and where to fetch the image (never a file path)."""

    model_config = _OUT

    id: int
    taken_on: dt.date
    expression: Expression
    content_type: str
    size_bytes: int
    measurements: dict[str, Any]
    created_at: dt.datetime


class VideoPublic(BaseModel):
    """A stored video summary (the video itself is never kept, so there is nothing to fetch).

    ``summary`` is a ``video_measures`` entry of the case without its date (``recorded_on``):
    duration, frames, expressions with their rest-to-peak excursions, synkinesis readings,
    warnings (docs/video.md).
    """

    model_config = _OUT

    id: int
    recorded_on: dt.date
    content_type: str
    size_bytes: int
    summary: dict[str, Any]
    created_at: dt.datetime


class VideoCreated(VideoPublic):
    """The stored summary of a new upload, and whether it added the synkinesis complication."""

    synkinesis_added: bool


class SessionExercise(BaseModel):
    """One movement of a live mirror session: repetitions, excursions (mm), ratio, narrowing.

    Plausible ranges (``bellpath.case.SESSION_LIMITS``) are checked when the session is stored;
    a number outside them is refused with its dotted field (``exercises.0.ratio``).
    """

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    movement: Expression
    repetitions: int
    affected_mm: float | None = None
    healthy_mm: float | None = None
    ratio: float | None = None
    eye_narrowing_pct: float | None = None
    narrowing_prompts: int = 0
    overpower_prompts: int = 0


class PracticeSessionCreate(BaseModel):
    """A live mirror session as the mirror page sends it (``date`` defaults to today)."""

    model_config = _IN

    date: dt.date | None = None
    duration_s: int
    affected_side: Side
    exercises: list[SessionExercise]


class PracticeSessionPublic(BaseModel):
    """A stored live mirror session."""

    model_config = _OUT

    id: int
    date: dt.date
    duration_s: int
    affected_side: Side
    exercises: list[SessionExercise]
    created_at: dt.datetime
