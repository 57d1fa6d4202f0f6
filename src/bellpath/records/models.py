"""SQLAlchemy 2 models of the stored record: accounts, patients, episodes and their entries.

One *episode* is one palsy (a person can have a recurrence). Every clinical entry (grading, lab,
photo, video summary, complication, finding, risk factor, supplement, practice-log entry) hangs off
an episode and is deleted with it. Coded values are stored as their enum ``value`` strings
(portable between SQLite and PostgreSQL, no native enum types to migrate).

The audit trail (:class:`AuditEvent`) records who did what to which record and when; it never holds
health data content.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bellpath import clock
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
    VitaminName,
)
from bellpath.vocab.identity import AdministrativeSex

__all__ = [
    "AdministrativeSex",
    "Amendment",
    "AuditEvent",
    "AuthSession",
    "Base",
    "CareTeamMember",
    "ComplicationEntry",
    "Episode",
    "FindingEntry",
    "Grading",
    "LabEntry",
    "Patient",
    "Photo",
    "PracticeEntry",
    "PracticePlanSettings",
    "PracticeSession",
    "RiskFactorEntry",
    "Role",
    "SupplementEntry",
    "User",
    "Video",
    "utcnow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timezone-aware now (UTC)."""
    return clock.now_utc()


class Role(StrEnum):
    """Account roles. Clinicians see their own patients; patients see their own record."""

    ADMIN = "admin"
    CLINICIAN = "clinician"
    PATIENT = "patient"

    @property
    def manages_accounts(self) -> bool:
        """Admins create, deactivate and re-role accounts."""
        return self is Role.ADMIN

    @property
    def owns_patients(self) -> bool:
        """Clinicians create patients and enter clinical data."""
        return self is Role.CLINICIAN


def _enum(kind: type[StrEnum], length: int = 32) -> Enum:
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base with a naming convention (stable constraint names for migrations)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite returns naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class _Stamped:
    created_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime(), default=utcnow, server_default=func.now()
    )


class User(_Stamped, Base):
    """An account. ``auth_epoch`` is bumped to revoke every session and token at once."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, 16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    auth_epoch: Mapped[int] = mapped_column(Integer, default=0)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    """Set by an admin's password reset: the next sign-in may only change the password."""


class AuthSession(Base):
    """A browser session or API token, kept server-side so that it can be revoked.

    Only the SHA-256 of the token is stored: a copy of the database cannot sign anyone in.
    """

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Patient(_Stamped, Base):
    """A person under care, owned by one clinician, optionally linked to their own account.

    ``birth_date``, ``sex`` and ``mrn`` (the clinic's medical record number, unique) tell two
    people of the same name apart; all three are optional.
    """

    __tablename__ = "patients"
    __table_args__ = (Index("ix_patients_owner_name_birth", "owner_id", "name", "birth_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[AdministrativeSex | None] = mapped_column(_enum(AdministrativeSex, 16))
    mrn: Mapped[str | None] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    record_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Bumped by every write to the record (:mod:`bellpath.records.versioning`); caches use it."""
    record_changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), default=utcnow)
    """When the record last changed (``Last-Modified`` of what is computed from it)."""
    episodes: Mapped[list[Episode]] = relationship(
        back_populates="patient",
        cascade="all, delete-orphan",
        order_by="Episode.onset",
        passive_deletes=True,
    )
    care_team: Mapped[list[CareTeamMember]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CareTeamMember.id"
    )

    def on_care_team(self, user_id: int) -> bool:
        """Whether ``user_id`` is a member of this patient's care team (not the owner)."""
        return any(m.user_id == user_id for m in self.care_team)


class CareTeamMember(_Stamped, Base):
    """A clinician given access to another clinician's patient (reads and writes like the owner)."""

    __tablename__ = "care_team"
    __table_args__ = (UniqueConstraint("patient_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Episode(_Stamped, Base):
    """One episode of facial palsy: the stored half of a :class:`bellpath.case.Case`."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    onset: Mapped[dt.date] = mapped_column(Date)
    affected_side: Mapped[Side | None] = mapped_column(_enum(Side, 8))
    severity: Mapped[Severity | None] = mapped_column(_enum(Severity, 16))
    first_movement: Mapped[dt.date | None] = mapped_column(Date)
    recovered: Mapped[bool] = mapped_column(Boolean, default=False)
    eye_closure: Mapped[EyeClosure | None] = mapped_column(_enum(EyeClosure, 16))
    steroids_started: Mapped[dt.date | None] = mapped_column(Date)
    age: Mapped[int | None] = mapped_column(Integer)
    pregnant: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    patient: Mapped[Patient] = relationship(back_populates="episodes")


class _EpisodeEntry(_Stamped):
    """Columns every entry of an episode shares."""

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("episodes.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Grading(_EpisodeEntry, Base):
    """A dated grading on one scale; ``items`` is the scale's JSON entry without date and scale."""

    __tablename__ = "gradings"

    date: Mapped[dt.date] = mapped_column(Date)
    scale: Mapped[str] = mapped_column(String(32))
    items: Mapped[dict[str, Any]] = mapped_column(default=dict)


class LabEntry(_EpisodeEntry, Base):
    """A laboratory result as reported (value in the laboratory's own unit)."""

    __tablename__ = "labs"

    analyte: Mapped[Analyte] = mapped_column(_enum(Analyte, 16))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    specimen: Mapped[Specimen] = mapped_column(_enum(Specimen, 16), default=Specimen.SERUM)
    date: Mapped[dt.date | None] = mapped_column(Date)
    comparator: Mapped[Comparator | None] = mapped_column(_enum(Comparator, 2))
    """A censored result's comparator (``<`` with value 150 = below 150); none when measured."""


class Photo(_EpisodeEntry, Base):
    """An uploaded photo and its measurements. ``stored_name`` is internal: never in responses."""

    __tablename__ = "photos"

    taken_on: Mapped[dt.date] = mapped_column(Date)
    expression: Mapped[str] = mapped_column(String(32), default="rest")
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    stored_name: Mapped[str] = mapped_column(String(255), unique=True)
    measurements: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Video(_EpisodeEntry, Base):
    """The analysed summary of an uploaded video; the video itself is never kept.

    ``summary`` is a :class:`bellpath.case.VideoMeasuresEntry` as JSON without ``date`` and
    ``file_name`` (the upload's name may carry a person's name). Only what was measured stays:
    no frames, no landmarks, no file.
    """

    __tablename__ = "videos"

    recorded_on: Mapped[dt.date] = mapped_column(Date)
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ComplicationEntry(_EpisodeEntry, Base):
    """A late complication noted on a date."""

    __tablename__ = "complications"
    __table_args__ = (UniqueConstraint("episode_id", "complication"),)

    complication: Mapped[Complication] = mapped_column(_enum(Complication, 32))
    noted_on: Mapped[dt.date] = mapped_column(Date)


class FindingEntry(_EpisodeEntry, Base):
    """A finding that suggests it may not be Bell's palsy (a red flag)."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("episode_id", "finding"),)

    finding: Mapped[Finding] = mapped_column(_enum(Finding, 32))
    noted_on: Mapped[dt.date] = mapped_column(Date)
    excluded_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    """The date a clinician recorded that the other cause this finding suggested was excluded."""
    excluded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    excluded_by_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """The clinician's name as it was when they recorded the exclusion."""


class RiskFactorEntry(_EpisodeEntry, Base):
    """A reason a B12 deficiency is more likely."""

    __tablename__ = "risk_factors"
    __table_args__ = (UniqueConstraint("episode_id", "risk_factor"),)

    risk_factor: Mapped[RiskFactor] = mapped_column(_enum(RiskFactor, 32))


class SupplementEntry(_EpisodeEntry, Base):
    """A vitamin supplement taken, daily amount in milligrams."""

    __tablename__ = "supplements"
    __table_args__ = (UniqueConstraint("episode_id", "vitamin"),)

    vitamin: Mapped[VitaminName] = mapped_column(_enum(VitaminName, 8))
    daily_mg: Mapped[float] = mapped_column(Float)


class PracticeEntry(_EpisodeEntry, Base):
    """One day's facial-exercise practice, logged by the patient or their clinician."""

    __tablename__ = "practice_log"
    __table_args__ = (Index("ix_practice_log_episode_date", "episode_id", "date"),)

    date: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    exercises: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")


class PracticePlanSettings(_Stamped, Base):
    """One patient's practice-plan settings: the therapist's changes and the reminder choice.

    ``families`` holds the changes per exercise family as
    :meth:`bellpath.guidance.practice_overrides.PlanOverrides.to_json` writes them; ``note`` is the
    therapist's note for the whole plan; ``reminders`` is the patient's choice (calendar alarms,
    browser reminder).
    """

    __tablename__ = "practice_plan_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), unique=True
    )
    families: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class PracticeSession(_EpisodeEntry, Base):
    """One live mirror practice session: when, how long, and per movement what was measured.

    ``exercises`` is a list of :class:`bellpath.case.PracticeExercise` as JSON (movement,
    repetitions, each side's excursion in mm, the ratio, eye narrowing, the prompts). Only the
    numbers stay: the mirror never stores a frame.
    """

    __tablename__ = "practice_sessions"
    __table_args__ = (Index("ix_practice_sessions_episode_date", "episode_id", "date"),)

    date: Mapped[dt.date] = mapped_column(Date)
    duration_s: Mapped[int] = mapped_column(Integer)
    affected_side: Mapped[Side] = mapped_column(_enum(Side, 8))
    exercises: Mapped[list[Any]] = mapped_column(default=list)
    log_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_log.id", ondelete="SET NULL"), nullable=True
    )
    """The practice-log entry written with the session (the day's minutes and movements)."""


class AuditEvent(Base):
    """Who did what to which record, and when. Never holds health data content."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_patient_at", "patient_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer)


class Amendment(Base):
    """What a correction or a deletion changed: the earlier and the new value of each field.

    Belongs to one audit event (``update`` or ``delete`` of an entry). Unlike the event itself it
    holds record content (the values before and after), so it is deleted with its patient.
    """

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("audit_events.id", ondelete="CASCADE"), unique=True
    )
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """``{field: {"from": earlier, "to": new}}`` (``to`` is ``null`` for a deletion)."""
    reason: Mapped[str] = mapped_column(Text, default="")
