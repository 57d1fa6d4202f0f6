"""The Case (input) and the Assessment (output): the contract every edge of bellpath speaks.

Data flows one way::

    input (file, form, API, photo) -> Case -> assess(case) -> Assessment
        -> output (JSON, page, PDF, FHIR)

The JSON keys of both models are a stable public contract: add to them, never rename.
Coded values are :class:`enum.StrEnum` members, never bare strings.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from bellpath import clock
from bellpath.errors import InputError
from bellpath.grading.entries import GradingEntry, ScoredEntry
from bellpath.lab_units import check_lab_value
from bellpath.outlook import EnogResult, PrognosisStatement, Trajectory
from bellpath.vocab import (
    ActionCode,
    Analyte,
    Comparator,
    Complication,
    Expression,
    EyeClosure,
    Finding,
    MilestoneCode,
    NerveDamage,
    Phase,
    Priority,
    RiskFactor,
    Severity,
    Side,
    Specimen,
    VitaminAdvice,
    VitaminName,
    VitaminStatus,
)
from bellpath.vocab.measures import (
    PHOTO_VALUE_KEYS,
    VIDEO_VALUE_KEYS,
    MeasureName,
    MeasureSet,
    measure_set,
)

__all__ = [
    "MAX_SUPPLEMENT_MG",
    "SESSION_LIMITS",
    "Action",
    "ActionCode",
    "Analyte",
    "Applicability",
    "Assessment",
    "Case",
    "Comparator",
    "Complication",
    "DateWindow",
    "EyeClosure",
    "Finding",
    "FindingExclusion",
    "LabInterpretation",
    "LabResult",
    "Milestone",
    "MilestoneCode",
    "NerveDamage",
    "Phase",
    "PhotoCalibration",
    "PhotoMeasureSet",
    "PhotoMeasuresEntry",
    "PracticeExercise",
    "PracticeSessionEntry",
    "Priority",
    "RiskFactor",
    "Severity",
    "Side",
    "Specimen",
    "Supplement",
    "VideoExcursionSet",
    "VideoExpressionEntry",
    "VideoMeasuresEntry",
    "VideoSynkinesisReading",
    "VitaminAdvice",
    "VitaminName",
    "VitaminReading",
    "VitaminStatus",
]


_STRICT = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def _finite(value: float, field: str) -> float:
    if not math.isfinite(value):
        msg = f"'{field}' must be a finite number (got {value!r})"
        raise ValueError(msg)
    return value


class LabResult(BaseModel):
    """One laboratory result as reported: value in the unit the laboratory used.

    The unit is checked against the analyte by :mod:`bellpath.lab_units` (never silently
    converted). A censored result keeps its ``comparator``: ``{"value": 150, "comparator": "<"}``
    is "below 150".
    """

    model_config = _STRICT

    analyte: Analyte
    value: Annotated[float, Field(ge=0)]
    unit: str
    specimen: Specimen = Specimen.SERUM
    date: dt.date | None = None
    comparator: Comparator | None = None

    @field_validator("value")
    @classmethod
    def _value_finite(cls, value: float) -> float:
        return _finite(value, "value")

    @model_validator(mode="after")
    def _unit_belongs(self) -> Self:
        check_lab_value(self.analyte, self.value, self.unit)
        return self


MAX_SUPPLEMENT_MG = 100_000
"""Largest daily supplement amount accepted (mg): far above any real dose, so only a typing
slip is refused (bellpath project convention)."""


class Supplement(BaseModel):
    """A vitamin supplement the person takes, with the daily amount in milligrams."""

    model_config = _STRICT

    vitamin: VitaminName
    daily_mg: Annotated[float, Field(ge=0, le=MAX_SUPPLEMENT_MG)]


def _dump_measures(measures: MeasureSet) -> dict[str, Any]:
    return measures.to_json()


def _measures_schema(keys: tuple[str, ...]) -> dict[str, Any]:
    number = {"anyOf": [{"type": "number"}, {"type": "null"}]}
    return {
        "type": "object",
        "propertyNames": {"enum": [m.value for m in MeasureName]},
        "additionalProperties": {
            "type": "object",
            "properties": dict.fromkeys(keys, number),
            "additionalProperties": False,
        },
    }


PhotoMeasureSet = Annotated[
    MeasureSet,
    PlainValidator(lambda raw: measure_set(raw, keys=PHOTO_VALUE_KEYS, field_name="measures")),
    PlainSerializer(_dump_measures),
    WithJsonSchema(_measures_schema(PHOTO_VALUE_KEYS)),
]
"""A photo's measures keyed by name; stored as ``{NAME: {"right", "left", ...}}``."""

VideoExcursionSet = Annotated[
    MeasureSet,
    PlainValidator(lambda raw: measure_set(raw, keys=VIDEO_VALUE_KEYS, field_name="excursion")),
    PlainSerializer(_dump_measures),
    WithJsonSchema(_measures_schema(VIDEO_VALUE_KEYS)),
]
"""A video expression's rest-to-peak excursions keyed by measure name; stored as JSON objects."""


class PhotoCalibration(BaseModel):
    """How millimetres were obtained for a photo: from the iris diameter, or a user-given scale."""

    model_config = _STRICT

    method: Literal["iris", "given"]
    mm_per_px: Annotated[float, Field(gt=0, le=100)]


class PhotoMeasuresEntry(BaseModel):
    """Facial measures of one photo on one date (``bellpath photo --add-to``).

    ``measures`` is the photo JSON contract's ``measures`` object (docs/photo.md), typed: each
    :class:`~bellpath.vocab.measures.SideMeasure` carries its name and unit, with ``right``,
    ``left``, ``difference``, ``percent`` or a single ``value`` (stored as the same JSON object).
    Only the file name is kept (never a folder), and nothing of the photo's metadata.
    """

    model_config = _STRICT

    date: dt.date
    expression: Expression | None = None
    affected_side: Side | None = None
    file_name: str | None = None
    calibration: PhotoCalibration
    pose: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    measures: PhotoMeasureSet

    @field_validator("file_name")
    @classmethod
    def _name_only(cls, value: str | None) -> str | None:
        if value is not None and ("/" in value or "\\" in value):
            msg = f"'file_name' must be a file name without folders (got {value!r})"
            raise ValueError(msg)
        return value


class VideoSynkinesisReading(BaseModel):
    """A synkinesis reading from video (``bellpath video``; method in docs/video.md)."""

    model_config = _STRICT

    detected: bool
    side: Side | None = None
    index: float | None = None
    during: list[str] = Field(default_factory=list)


class VideoExpressionEntry(BaseModel):
    """One expression found in a video: timing and rest-to-peak excursions (mm, deg, mm2)."""

    model_config = _STRICT

    label: str
    peak_s: Annotated[float, Field(ge=0)]
    excursion: VideoExcursionSet = Field(default_factory=MeasureSet)


class VideoMeasuresEntry(BaseModel):
    """Summary of one video on one date (``bellpath video --record``); file name only."""

    model_config = _STRICT

    date: dt.date
    file_name: str | None = None
    affected_side: Side | None = None
    duration_s: Annotated[float, Field(ge=0)]
    frames: Annotated[int, Field(ge=0)]
    frames_rejected: Annotated[int, Field(ge=0)] = 0
    expressions: list[VideoExpressionEntry] = Field(default_factory=list)
    ocular_oral: VideoSynkinesisReading | None = None
    oral_ocular: VideoSynkinesisReading | None = None
    warnings: list[str] = Field(default_factory=list)

    @property
    def detects_synkinesis(self) -> bool:
        """Whether either synkinesis reading (ocular-oral, oral-ocular) detected it."""
        return any(r is not None and r.detected for r in (self.ocular_oral, self.oral_ocular))

    @property
    def implied_complications(self) -> list[Complication]:
        """Complications this video shows: synkinesis when detected (recorded with the video by
        ``bellpath video --record`` and by the records layer alike)."""
        return [Complication.SYNKINESIS] if self.detects_synkinesis else []

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any], date: dt.date) -> Self:
        """Build from the video JSON summary (bellpath.video.result)."""
        synk = summary.get("synkinesis") or {}

        def reading(key: str) -> VideoSynkinesisReading | None:
            r = synk.get(key)
            if not r:
                return None
            return VideoSynkinesisReading(
                detected=r["detected"], side=r["side"], index=r["index"], during=r["during"]
            )

        return cls(
            date=date,
            file_name=summary.get("file"),
            affected_side=summary.get("affected_side"),
            duration_s=summary["duration_s"],
            frames=summary["frames"],
            frames_rejected=summary["frames_rejected"],
            expressions=[
                VideoExpressionEntry(label=e["label"], peak_s=e["peak_s"], excursion=e["excursion"])
                for e in summary.get("expressions", [])
            ],
            ocular_oral=reading("ocular_oral"),
            oral_ocular=reading("oral_ocular"),
            warnings=[w["code"] for w in summary.get("warnings", [])],
        )


# ----------------------------------------------------------------------------- practice sessions

SESSION_LIMITS: Mapping[str, tuple[float, float]] = {
    "duration_s": (1, 4 * 60 * 60),
    "repetitions": (0, 500),
    "affected_mm": (-5.0, 40.0),
    "healthy_mm": (-5.0, 40.0),
    "ratio": (0.0, 10.0),
    "eye_narrowing_pct": (-100.0, 100.0),
    "narrowing_prompts": (0, 1000),
    "overpower_prompts": (0, 1000),
    "exercises": (1, 30),
}
"""Plausible ranges of a practice session's numbers [check] (bellpath project conventions,
docs/parameters.md): a session of at most 4 hours; at most 500 repetitions of one movement; an
excursion from -5 mm (a corner pulled the wrong way, plus the live mirror's noise) to 40 mm,
more than twice the largest normal rest-to-peak excursion of the mouth corner or brow (about
10-15 mm, clinical.md 7); an affected/healthy ratio up to 10 (a healthy side that barely moved);
eye narrowing from -100 % (wide open) to 100 % (closed). Outside them the number is a slip."""


def _within(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    low, high = SESSION_LIMITS[name]
    if not math.isfinite(value) or not low <= value <= high:
        raise InputError(
            name,
            f"'{name}' must be a number from {low:g} to {high:g} (got {value!r})",
            allowed=[f"{low:g} to {high:g}"],
            received=value,
        )
    return value


class PracticeExercise(BaseModel):
    """One movement practised in a live mirror session, with what the mirror measured.

    ``affected_mm``/``healthy_mm``: the rest-to-peak excursion of each side in mm (iris scale);
    ``ratio``: affected / healthy (1 = even); ``eye_narrowing_pct``: how much the affected eye
    narrowed during the movement, % of its opening at rest; the prompts: how often the mirror
    asked to relax the eye, or to let the weaker side lead.
    """

    model_config = _STRICT

    movement: Expression
    repetitions: int
    affected_mm: float | None = None
    healthy_mm: float | None = None
    ratio: float | None = None
    eye_narrowing_pct: float | None = None
    narrowing_prompts: int = 0
    overpower_prompts: int = 0

    @field_validator(
        "repetitions",
        "affected_mm",
        "healthy_mm",
        "ratio",
        "eye_narrowing_pct",
        "narrowing_prompts",
        "overpower_prompts",
    )
    @classmethod
    def _plausible(cls, value: float | None, info: ValidationInfo) -> float | None:
        return _within(str(info.field_name), value)

    @property
    def measured_ratio(self) -> float | None:
        """The ratio as sent, else affected / healthy when both were measured (healthy > 0)."""
        if self.ratio is not None:
            return self.ratio
        if self.affected_mm is not None and self.healthy_mm is not None and self.healthy_mm > 0:
            return max(self.affected_mm, 0.0) / self.healthy_mm
        return None


class PracticeSessionEntry(BaseModel):
    """One live mirror practice session on one date (the record's ``practice_sessions``)."""

    model_config = _STRICT

    date: dt.date
    duration_s: int
    affected_side: Side
    exercises: list[PracticeExercise]

    @field_validator("duration_s")
    @classmethod
    def _duration(cls, value: int) -> int:
        _within("duration_s", value)
        return value

    @field_validator("exercises")
    @classmethod
    def _some_exercises(cls, value: list[PracticeExercise]) -> list[PracticeExercise]:
        low, high = SESSION_LIMITS["exercises"]
        if not low <= len(value) <= high:
            raise InputError(
                "exercises",
                f"'exercises' must list from {low:g} to {high:g} movements (got {len(value)})",
                allowed=[f"{low:g} to {high:g} movements"],
                received=len(value),
            )
        return value


class FindingExclusion(BaseModel):
    """A clinician's record that the other cause a finding pointed to was excluded.

    After it, the finding no longer withholds Bell's palsy content; a note says so.
    """

    model_config = _STRICT

    finding: Finding
    date: dt.date
    by: str | None = Field(default=None, max_length=200)


class Case(BaseModel):
    """Everything bellpath knows about one episode of facial palsy, as of one date."""

    model_config = _STRICT

    onset: dt.date
    as_of: dt.date = Field(default_factory=clock.today)
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
    photo_measures: list[PhotoMeasuresEntry] = Field(default_factory=list)
    video_measures: list[VideoMeasuresEntry] = Field(default_factory=list)
    practice_sessions: list[PracticeSessionEntry] = Field(default_factory=list)
    gradings: list[GradingEntry] = Field(default_factory=list)
    enog: EnogResult | None = None
    excluded_findings: list[FindingExclusion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _video_dates(self) -> Self:
        for i, video in enumerate(self.video_measures):
            if video.date > self.as_of:
                msg = f"'video_measures.{i}.date' ({video.date}) must not be after 'as_of'"
                raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _session_dates(self) -> Self:
        for i, session in enumerate(self.practice_sessions):
            if session.date > self.as_of:
                msg = (
                    f"'practice_sessions.{i}.date' ({session.date}) must not be after "
                    f"'as_of' ({self.as_of})"
                )
                raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _enog_and_exclusion_dates(self) -> Self:
        if self.enog is not None and self.enog.day > self.days_since_onset:
            msg = (
                f"'enog.day' ({self.enog.day}) must not be after 'as_of' "
                f"(day {self.days_since_onset} after onset)"
            )
            raise ValueError(msg)
        for i, excl in enumerate(self.excluded_findings):
            if excl.date > self.as_of:
                msg = (
                    f"'excluded_findings.{i}.date' ({excl.date}) must not be after "
                    f"'as_of' ({self.as_of})"
                )
                raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.onset > self.as_of:
            msg = f"'onset' ({self.onset}) must not be after 'as_of' ({self.as_of})"
            raise ValueError(msg)
        for name in ("first_movement", "steroids_started"):
            when: dt.date | None = getattr(self, name)
            if when is None:
                continue
            if when < self.onset:
                msg = f"'{name}' ({when}) must not be before 'onset' ({self.onset})"
                raise ValueError(msg)
            if when > self.as_of:
                msg = f"'{name}' ({when}) must not be after 'as_of' ({self.as_of})"
                raise ValueError(msg)
        for i, lab in enumerate(self.labs):
            if lab.date is not None and lab.date > self.as_of:
                msg = f"'labs.{i}.date' ({lab.date}) must not be after 'as_of' ({self.as_of})"
                raise ValueError(msg)
        for i, entry in enumerate(self.photo_measures):
            if entry.date > self.as_of:
                msg = (
                    f"'photo_measures.{i}.date' ({entry.date}) must not be after "
                    f"'as_of' ({self.as_of})"
                )
                raise ValueError(msg)
        for i, grading in enumerate(self.gradings):
            if not self.onset <= grading.date <= self.as_of:
                msg = (
                    f"'gradings.{i}.date' ({grading.date}) must be between 'onset' "
                    f"({self.onset}) and 'as_of' ({self.as_of})"
                )
                raise ValueError(msg)
        return self

    @property
    def days_since_onset(self) -> int:
        """Whole days from onset to ``as_of``."""
        return (self.as_of - self.onset).days


# ----------------------------------------------------------------------------- the assessment


class DateWindow(BaseModel):
    """A range of dates a person can plan around."""

    model_config = ConfigDict(frozen=True)

    earliest: dt.date
    latest: dt.date


class Milestone(BaseModel):
    """One dated milestone of the recovery model, with what it means and its source."""

    model_config = ConfigDict(frozen=True)

    code: MilestoneCode
    date: dt.date
    title: str
    detail: str
    citation: str
    reached: bool


class LabInterpretation(BaseModel):
    """One lab result as the engine read it: converted, classified, and whether it counts."""

    model_config = ConfigDict(frozen=True)

    analyte: Analyte
    value: float
    unit: str
    specimen: Specimen
    date: dt.date | None
    canonical_value: float
    canonical_unit: str
    status: VitaminStatus
    counts: bool
    reason: str
    comparator: Comparator | None = None
    """Set for a censored result: ``value`` is a bound, not a measurement."""


class VitaminReading(BaseModel):
    """Status and advice for one vitamin, with the reason in plain words."""

    model_config = ConfigDict(frozen=True)

    status: VitaminStatus
    advice: VitaminAdvice
    reason: str
    citation: str = ""


class Action(BaseModel):
    """One thing to do now, with the reason and the source behind it."""

    model_config = ConfigDict(frozen=True)

    code: ActionCode
    priority: Priority
    title: str
    reason: str
    citation: str


class Applicability(BaseModel):
    """Which of bellpath's Bell's palsy statements apply to this presentation, and why.

    Worked out from the findings table (:mod:`bellpath.applicability`). ``withheld_by`` names the
    findings that hold content back; ``notes`` say in plain words what changed and why.
    """

    model_config = ConfigDict(frozen=True)

    emergency: bool = False
    steroid_prompt: bool = True
    bells_timelines: bool = True
    bells_figures: bool = True
    zoster: bool = False
    withheld_by: list[Finding] = Field(default_factory=list)
    excluded: list[FindingExclusion] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Assessment(BaseModel):
    """The answer of :func:`bellpath.assess`. JSON keys are a stable contract."""

    model_config = ConfigDict(frozen=True)

    as_of: dt.date
    phase: Phase
    days_since_onset: int
    nerve_damage: NerveDamage
    first_movement_window: DateWindow | None
    vitamins: dict[VitaminName, VitaminReading]
    actions: list[Action]
    red_flags: list[Finding]
    explanation: str
    disclaimer: str
    milestones: list[Milestone] = Field(default_factory=list)
    reference_profile: str | None = None
    lab_readings: list[LabInterpretation] = Field(default_factory=list)
    scores: list[ScoredEntry] = Field(default_factory=list)
    trajectory: Trajectory | None = None
    prognosis: list[PrognosisStatement] = Field(default_factory=list)
    photo_trajectory: Trajectory | None = None
    """The smile's trajectory on dated photos (``bellpath.recovery.photo_trajectory``), or None."""
    practice_trajectory: Trajectory | None = None
    """The smile's trajectory in live mirror sessions (``bellpath.recovery.practice_evidence``)."""
    applicability: Applicability = Field(default_factory=Applicability)
    """Which Bell's palsy statements apply to this presentation (findings table)."""
    overdue_since: dt.date | None = None
    """The last date of the first-movement window, once it passed with no movement recorded."""
