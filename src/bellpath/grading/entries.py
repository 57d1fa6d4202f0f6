"""Dated grading entries, as they appear in a case file's ``gradings`` list, and their scores.

A grading entry is ``{"date": ..., "scale": ..., ...}``; ``scale`` selects the shape (a
discriminated union). Entries are validated by the scale modules themselves, so a bad item gives
the same message wherever it comes from (case file, ``bellpath grade``, the web form)::

    {"date": "2026-03-01", "scale": "house_brackmann", "grade": "IV"}
    {"date": "2026-03-01", "scale": "sunnybrook", "resting": {...}, "voluntary": {...},
     "synkinesis": {...}}                          # or just "composite": 42
    {"date": "2026-03-01", "scale": "eface", "items": {...}}          # or just "total": 55.5
    {"date": "2026-03-01", "scale": "saq", "items": [1, 2, ...]}      # 9 answers
    {"date": "2026-03-01", "scale": "face", "items": [5, 4, ...]}     # 15 answers
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from bellpath.errors import GradingError, format_allowed
from bellpath.grading.eface import EfaceScores, eface, eface_total_only
from bellpath.grading.face_scale import FaceScores, face_scale
from bellpath.grading.house_brackmann import (
    HouseBrackmann,
    HouseBrackmannRegions,
    HouseBrackmannScores,
    derive_grade,
    parse_grade,
)
from bellpath.grading.saq import SaqScores, saq
from bellpath.grading.sunnybrook import (
    SunnybrookScores,
    sunnybrook,
    sunnybrook_composite_only,
)
from bellpath.vocab.scales import Scale

__all__ = [
    "EfaceEntry",
    "FaceEntry",
    "GradingEntry",
    "HouseBrackmannEntry",
    "SaqEntry",
    "Scale",
    "ScaleScores",
    "ScoredEntry",
    "SunnybrookEntry",
    "describe_scores",
    "parse_entry",
    "score_entries",
    "score_entry",
]


ScaleScores = HouseBrackmannScores | SunnybrookScores | EfaceScores | SaqScores | FaceScores
"""Scores of one entry; each has a ``primary`` property (the trajectory number)."""

_ENTRY = ConfigDict(extra="forbid", frozen=True)


@contextmanager
def _relative(prefix: str) -> Iterator[None]:
    """Re-raise a scale's GradingError with its field relative to the entry (no scale prefix)."""
    try:
        yield
    except GradingError as exc:
        inner = exc.field.removeprefix(f"{prefix}.")
        message = exc.message.replace(f"'{exc.field}'", f"'{inner}'", 1)
        raise GradingError(inner, message, allowed=exc.allowed, received=exc.received) from None


def _known_scale(data: object) -> object:
    """Refuse an unknown ``scale`` with the list of scales (before the union is tried)."""
    if isinstance(data, Mapping):
        allowed = [s.value for s in Scale]
        scale = data.get("scale")
        if isinstance(scale, Scale):
            return data
        if scale not in allowed:
            raise GradingError(
                "scale",
                f"'scale' must be one of {format_allowed(allowed)} (got {scale!r})",
                allowed=allowed,
                received=scale,
            )
    return data


class HouseBrackmannEntry(BaseModel):
    """A House-Brackmann grade (1-6 or I-VI), or the regional findings it is derived from."""

    model_config = _ENTRY

    date: dt.date
    scale: Literal[Scale.HOUSE_BRACKMANN] = Scale.HOUSE_BRACKMANN
    grade: HouseBrackmann | None = None
    regions: HouseBrackmannRegions | None = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: object) -> object:
        if isinstance(data, Mapping):
            data = dict(data)
            if data.get("grade") is not None:
                data["grade"] = parse_grade(data["grade"], "grade")
            if isinstance(data.get("regions"), Mapping):
                data["regions"] = HouseBrackmannRegions.parse(dict(data["regions"]), "regions")
        return data

    @model_validator(mode="after")
    def _one_given(self) -> Self:
        if self.grade is None and self.regions is None:
            raise GradingError(
                "grade",
                "'grade' is missing: give 'grade' (1-6 or I-VI) or 'regions'",
                allowed=["grade", "regions"],
            )
        return self

    def score(self) -> HouseBrackmannScores:
        """The grade as entered (wins), else derived from the regions."""
        if self.grade is not None:
            return HouseBrackmannScores(grade=self.grade)
        assert self.regions is not None  # guaranteed by the validator
        return HouseBrackmannScores(grade=derive_grade(self.regions), derived=True)


class SunnybrookEntry(BaseModel):
    """A full Sunnybrook grading, or only the composite a clinic recorded."""

    model_config = _ENTRY

    date: dt.date
    scale: Literal[Scale.SUNNYBROOK] = Scale.SUNNYBROOK
    resting: dict[str, str] | None = None
    voluntary: dict[str, int] | None = None
    synkinesis: dict[str, int] | None = None
    composite: int | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        self.score()  # validates every item (GradingError names the field)
        return self

    def score(self) -> SunnybrookScores:
        """Compute the scores; the full grading wins over a recorded composite."""
        parts = (self.resting, self.voluntary, self.synkinesis)
        if all(p is not None for p in parts):
            assert self.resting is not None
            assert self.voluntary is not None
            assert self.synkinesis is not None
            with _relative("sunnybrook"):
                return sunnybrook(self.resting, self.voluntary, self.synkinesis)
        if any(p is not None for p in parts):
            missing = [
                n
                for n, p in zip(("resting", "voluntary", "synkinesis"), parts, strict=True)
                if p is None
            ]
            raise GradingError(
                missing[0],
                f"'{missing[0]}' is missing: a full grading needs resting, voluntary "
                "and synkinesis (or give only 'composite')",
                received=None,
            )
        if self.composite is None:
            raise GradingError(
                "composite",
                "'composite' is missing: give resting, voluntary and synkinesis, "
                "or the composite (-15 to 100)",
                received=None,
            )
        with _relative("sunnybrook"):
            return sunnybrook_composite_only(self.composite)


class EfaceEntry(BaseModel):
    """An eFACE grading from its 15 items, or only the total."""

    model_config = _ENTRY

    date: dt.date
    scale: Literal[Scale.EFACE] = Scale.EFACE
    items: dict[str, float] | None = None
    total: float | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        self.score()
        return self

    def score(self) -> EfaceScores:
        """Compute the scores with the project's default weights (items win over a total)."""
        if self.items is not None:
            with _relative("eface"):
                return eface(self.items)
        if self.total is None:
            raise GradingError(
                "items",
                "'items' is missing: give the 15 items or the total (0-100)",
                received=None,
            )
        with _relative("eface"):
            return eface_total_only(self.total)


class SaqEntry(BaseModel):
    """The 9 answers of the Synkinesis Assessment Questionnaire."""

    model_config = _ENTRY

    date: dt.date
    scale: Literal[Scale.SAQ] = Scale.SAQ
    items: list[int]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        self.score()
        return self

    def score(self) -> SaqScores:
        """Compute the SAQ total."""
        return saq(self.items, field="items")


class FaceEntry(BaseModel):
    """The 15 answers of the FaCE scale, in questionnaire order."""

    model_config = _ENTRY

    date: dt.date
    scale: Literal[Scale.FACE] = Scale.FACE
    items: list[int]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        self.score()
        return self

    def score(self) -> FaceScores:
        """Compute the FaCE total and domains."""
        return face_scale(self.items, field="items")


GradingEntry = Annotated[
    HouseBrackmannEntry | SunnybrookEntry | EfaceEntry | SaqEntry | FaceEntry,
    Field(discriminator="scale"),
    BeforeValidator(_known_scale),
]
"""One dated grading entry; ``scale`` selects the shape."""

_ADAPTER: TypeAdapter[GradingEntry] = TypeAdapter(GradingEntry)


class ScoredEntry(BaseModel):
    """The computed scores of one entry: ``{date, scale, scores, primary}``."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    scale: Scale
    scores: ScaleScores
    primary: float = Field(description="the scale's trajectory number (see Scale.primary_name)")


_SCORED_LIMIT = 4096
"""Most scored entries kept; the cache is emptied when it is full."""
_scored: dict[tuple[type, bytes], ScoredEntry] = {}


def score_entry(entry: GradingEntry) -> ScoredEntry:
    """Score one entry.

    Cached on the entry's exact JSON (equal JSON, equal fields, equal scores): a record assessed
    again after another kind of entry changed does not score its gradings again.
    """
    key = (type(entry), entry.__pydantic_serializer__.to_json(entry))
    scored = _scored.get(key)
    if scored is None:
        scores = entry.score()
        scored = ScoredEntry(
            date=entry.date, scale=entry.scale, scores=scores, primary=scores.primary
        )
        if len(_scored) >= _SCORED_LIMIT:
            _scored.clear()
        _scored[key] = scored
    return scored


def score_entries(entries: Iterable[GradingEntry]) -> list[ScoredEntry]:
    """Score entries, sorted by date (stable for entries on the same date)."""
    return [score_entry(e) for e in sorted(entries, key=lambda e: e.date)]


def parse_entry(data: object, *, field: str | None = None) -> GradingEntry:
    """Validate one entry from plain data, mapping every problem to a :class:`GradingError`.

    Field names in messages start with ``field`` (default: the entry's scale, e.g.
    ``sunnybrook.voluntary.snarl``).
    """
    scale = data.get("scale") if isinstance(data, Mapping) else None
    prefix = field or (str(scale) if scale in {s.value for s in Scale} else "grading")
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        cause = first.get("ctx", {}).get("error")
        loc = [str(p) for p in first["loc"] if p not in {s.value for s in Scale}]
        if isinstance(cause, GradingError):
            name = ".".join([prefix, *loc, cause.field])
            message = cause.message.replace(f"'{cause.field}'", f"'{name}'", 1)
            raise GradingError(
                name, message, allowed=cause.allowed, received=cause.received
            ) from None
        name = ".".join([prefix, *loc])
        received = first.get("input")
        raise GradingError(
            name, f"'{name}': {first['msg']} (got {received!r})", received=received
        ) from None


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def describe_scores(scale: Scale, scores: ScaleScores) -> str:
    """One line of plain text for a scored entry, e.g. ``composite 50 (resting 10, ...)``."""
    if isinstance(scores, HouseBrackmannScores):
        how = ", derived from the regions" if scores.derived else ""
        return f"grade {scores.grade.roman} ({scores.grade.label}{how})"
    if isinstance(scores, SunnybrookScores):
        text = f"composite {scores.composite}"
        if scores.display_composite != scores.composite:
            text += f" (shown as {scores.display_composite} on the published 0-100 range)"
        if scores.resting is not None:
            text += (
                f"; resting {scores.resting}, voluntary {scores.voluntary}, "
                f"synkinesis {scores.synkinesis}"
            )
        return text
    if isinstance(scores, EfaceScores):
        text = f"total {_num(scores.total)}"
        if scores.static is not None and scores.dynamic is not None:
            text += (
                f"; static {_num(scores.static)}, dynamic {_num(scores.dynamic)}, "
                f"synkinesis {_num(scores.synkinesis or 0)}"
            )
        if scores.flaccid_range:
            text += " (below 60: the range of a complete flaccid palsy)"
        return text
    if isinstance(scores, SaqScores):
        return f"total {_num(scores.total)} (20-100, higher means more synkinesis)"
    domains = ", ".join(f"{d.value.replace('_', ' ')} {_num(v)}" for d, v in scores.domains.items())
    return f"total {_num(scores.total)} (0-100, higher is better); {domains}"
