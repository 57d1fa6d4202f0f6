"""Photo and video measure vocabulary: every facial measure, its unit (UCUM), whether it has a
right and a left value, and what it measures (clinical.md section 7; docs/photo-measures.md).

Each row's ``label`` is the clinician's name of the measure (abbreviations spelled out: the web's
measure table), its ``name`` the compact words (``MRD1``: PDF tables, CSV/XLSX, FHIR displays).

A recorded measure travels as a :class:`SideMeasure`: keyed by its :class:`MeasureName`, carrying
its unit, with the values a photo or a video gives it (``right``/``left``/``difference``/
``percent`` or a single ``value`` for a photo; ``right``/``left``/``ratio`` for a video
excursion). It reads like the JSON object it is stored as, so the stored shape is unchanged.

How each is computed is the geometry's business (:mod:`bellpath.face.measures`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = [
    "MEASURE_TERMS",
    "PHOTO_VALUE_KEYS",
    "VIDEO_VALUE_KEYS",
    "MeasureName",
    "MeasureSet",
    "MeasureUnit",
    "SideMeasure",
    "measure_set",
    "units_note",
]

_EMOTRICS = "Guarin et al. 2018 (Emotrics); clinical.md 7"
_DYNAFACE = "Dynaface; clinical.md 7"


class MeasureUnit(StrEnum):
    """Units of the measures; each value is its UCUM code."""

    MM = "mm"
    DEGREES = "deg"
    MM2 = "mm2"

    @property
    def symbol(self) -> str:
        """How the unit is printed beside a number (``°`` for degrees, ``mm²`` for areas)."""
        return _SYMBOLS[self]


_SYMBOLS: Mapping[MeasureUnit, str] = {
    MeasureUnit.MM: "mm",
    MeasureUnit.DEGREES: "°",
    MeasureUnit.MM2: "mm²",
}


class MeasureName(Coded):
    """Every photo measure; the value is the key in the JSON contract."""

    BROW_HEIGHT = "brow_height"
    MRD1 = "mrd1"
    MRD2 = "mrd2"
    PALPEBRAL_FISSURE = "palpebral_fissure"
    COMMISSURE_EXCURSION = "commissure_excursion"
    SMILE_ANGLE = "smile_angle"
    EYE_AREA = "eye_area"
    MOUTH_AREA = "mouth_area"
    DENTAL_AREA = "dental_area"
    COMMISSURE_HEIGHT_DEVIATION = "commissure_height_deviation"
    UPPER_LIP_HEIGHT_DEVIATION = "upper_lip_height_deviation"
    LOWER_LIP_HEIGHT_DEVIATION = "lower_lip_height_deviation"
    DENTAL_SHOW = "dental_show"
    FACIAL_ASYMMETRY_INDEX = "facial_asymmetry_index"

    @property
    def unit(self) -> MeasureUnit:
        """The unit of the measure."""
        return MeasureUnit(str(self.term.unit))

    @property
    def bilateral(self) -> bool:
        """Whether the measure has a right and a left value (else a single ``value``)."""
        return self in _BILATERAL

    @property
    def description(self) -> str:
        """One plain sentence on what is measured."""
        return self.term.patient


def _mm(name: str, label: str, what: str, source: str = _EMOTRICS) -> Term:
    return Term(label, what, name=name, unit=MeasureUnit.MM, source=source)


def _mm2(name: str, label: str, what: str) -> Term:
    return Term(label, what, name=name, unit=MeasureUnit.MM2, source=_DYNAFACE)


MEASURE_TERMS: Mapping[MeasureName, Term] = define_terms(
    MeasureName,
    {
        MeasureName.BROW_HEIGHT: _mm(
            "brow height",
            "Brow height",
            "iris centre to the middle of the brow, straight above the iris",
        ),
        MeasureName.MRD1: _mm(
            "MRD1",
            "Upper lid to pupil centre (MRD1)",
            "iris centre to the upper lid margin (margin-reflex distance 1)",
        ),
        MeasureName.MRD2: _mm(
            "MRD2",
            "Lower lid to pupil centre (MRD2)",
            "iris centre to the lower lid margin (margin-reflex distance 2)",
        ),
        MeasureName.PALPEBRAL_FISSURE: _mm(
            "palpebral fissure",
            "Eye opening (palpebral fissure)",
            "upper to lower lid margin, through the iris centre",
        ),
        MeasureName.COMMISSURE_EXCURSION: _mm(
            "commissure excursion",
            "Mouth corner excursion",
            "lower-lip midline point to the mouth corner",
        ),
        MeasureName.SMILE_ANGLE: Term(
            "Smile angle",
            "angle of that segment above the horizontal",
            name="smile angle",
            unit=MeasureUnit.DEGREES,
            source=_EMOTRICS,
        ),
        MeasureName.EYE_AREA: _mm2(
            "eye area", "Eye area", "area of the eye opening between the lids"
        ),
        MeasureName.MOUTH_AREA: _mm2(
            "mouth area", "Mouth area", "area of this half of the mouth (outer lip contour)"
        ),
        MeasureName.DENTAL_AREA: _mm2(
            "dental area",
            "Teeth shown, area",
            "area of this half of the mouth opening (inner lip contour)",
        ),
        MeasureName.COMMISSURE_HEIGHT_DEVIATION: _mm(
            "commissure height deviation",
            "Mouth corner height difference",
            "height difference between the two mouth corners",
        ),
        MeasureName.UPPER_LIP_HEIGHT_DEVIATION: _mm(
            "upper lip height deviation",
            "Upper lip height difference",
            "height difference of the upper lip, mid-way along",
        ),
        MeasureName.LOWER_LIP_HEIGHT_DEVIATION: _mm(
            "lower lip height deviation",
            "Lower lip height difference",
            "height difference of the lower lip, mid-way along",
        ),
        MeasureName.DENTAL_SHOW: _mm(
            "dental show",
            "Teeth shown",
            "gap between the inner lip contours at the midline",
            source=_DYNAFACE,
        ),
        MeasureName.FACIAL_ASYMMETRY_INDEX: _mm(
            "facial asymmetry index",
            "Facial asymmetry index",
            "mean distance of each landmark from its mirrored partner",
            source=_DYNAFACE,
        ),
    },
)

_BILATERAL = frozenset(
    {
        MeasureName.BROW_HEIGHT,
        MeasureName.MRD1,
        MeasureName.MRD2,
        MeasureName.PALPEBRAL_FISSURE,
        MeasureName.COMMISSURE_EXCURSION,
        MeasureName.SMILE_ANGLE,
        MeasureName.EYE_AREA,
        MeasureName.MOUTH_AREA,
        MeasureName.DENTAL_AREA,
    }
)


PHOTO_VALUE_KEYS: tuple[str, ...] = ("right", "left", "difference", "percent", "value")
"""What a photo gives a measure: right, left, their difference and the affected side's percent
difference, or one ``value`` (docs/photo.md)."""

VIDEO_VALUE_KEYS: tuple[str, ...] = ("right", "left", "ratio")
"""What a video gives a measure's rest-to-peak excursion: each side and affected/healthy ratio
(docs/video.md)."""


@dataclass(frozen=True, slots=True, eq=False)
class SideMeasure(Mapping[str, "float | None"]):
    """One recorded measure: its name, its unit, and its values by key (``right``, ``left``, ...).

    It is a read-only mapping of the values it was recorded with (so it serialises, and reads,
    exactly as the stored JSON object, and equals that object); the typed properties read one
    value each.
    """

    name: MeasureName
    numbers: Mapping[str, float | None] = field(default_factory=dict)

    def __getitem__(self, key: str) -> float | None:
        return self.numbers[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def unit(self) -> MeasureUnit:
        """The measure's unit (from the vocabulary, never guessed from the name)."""
        return self.name.unit

    @property
    def right(self) -> float | None:
        """The person's right side."""
        return self.numbers.get("right")

    @property
    def left(self) -> float | None:
        """The person's left side."""
        return self.numbers.get("left")

    @property
    def difference(self) -> float | None:
        """``|right - left|`` (photo)."""
        return self.numbers.get("difference")

    @property
    def percent(self) -> float | None:
        """Affected side's signed percent difference from the healthy side (photo)."""
        return self.numbers.get("percent")

    @property
    def value(self) -> float | None:
        """The single value of a one-number measure (photo)."""
        return self.numbers.get("value")

    @property
    def ratio(self) -> float | None:
        """Affected / healthy rest-to-peak excursion (video)."""
        return self.numbers.get("ratio")

    def side(self, side: str) -> float | None:
        """The value on ``side`` (``"right"`` or ``"left"``)."""
        return self.numbers.get(side)

    def to_json(self) -> dict[str, float | None]:
        """The stored JSON object: the values, in the order they were recorded."""
        return dict(self.numbers)


_UNIT_WORDS: Mapping[MeasureUnit, tuple[str, str]] = {
    MeasureUnit.MM: ("lengths", "mm"),
    MeasureUnit.DEGREES: ("angles", "degrees"),
    MeasureUnit.MM2: ("areas", "mm²"),
}


def units_note(names: Iterable[MeasureName]) -> str:
    """The units of these measures in words: ``lengths in mm, areas in mm²`` (empty: none)."""
    units = {name.unit for name in names}
    return ", ".join(f"{kind} in {word}" for u, (kind, word) in _UNIT_WORDS.items() if u in units)


class MeasureSet(Mapping[str, SideMeasure]):
    """Recorded measures keyed by their :class:`MeasureName` (iterating gives the members).

    A measure is found by its member or by the member's value (``"mrd1"``, the JSON key), as
    :class:`MeasureName` is a string enum; a key that names no measure is simply absent.
    """

    __slots__ = ("_by_name",)

    def __init__(self, measures: Iterable[SideMeasure] = ()) -> None:
        self._by_name: dict[MeasureName, SideMeasure] = {m.name: m for m in measures}

    def __getitem__(self, key: str) -> SideMeasure:
        try:
            return self._by_name[MeasureName(key)]
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[MeasureName]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"MeasureSet({list(self._by_name.values())!r})"

    def measures(self) -> list[SideMeasure]:
        """The recorded measures, each with its name and unit, in the order recorded."""
        return list(self._by_name.values())

    def to_json(self) -> dict[str, dict[str, float | None]]:
        """The stored JSON object: ``{NAME: {KEY: number or null}}``."""
        return {name.value: m.to_json() for name, m in self._by_name.items()}


def measure_set(raw: object, *, keys: tuple[str, ...], field_name: str) -> MeasureSet:
    """Read ``{NAME: {KEY: number or null}}`` into typed measures.

    Raises
    ------
    ValueError
        Naming the field, the allowed names or keys and what was received: an unknown measure, an
        unknown key, or a value that is not a finite number (or null).
    """
    if isinstance(raw, MeasureSet):
        return raw
    if not isinstance(raw, Mapping):
        msg = f"{field_name!r} must be an object of measures (got {type(raw).__name__})"
        raise ValueError(msg)
    out: list[SideMeasure] = []
    for key, fields in raw.items():
        try:
            name = MeasureName(key)
        except ValueError:
            allowed = ", ".join(m.value for m in MeasureName)
            msg = f"{field_name!r} has an unknown measure {key!r} (allowed: {allowed})"
            raise ValueError(msg) from None
        if not isinstance(fields, Mapping):
            msg = f"{field_name}.{key} must be an object (got {type(fields).__name__})"
            raise ValueError(msg)
        values: dict[str, float | None] = {}
        for part, number in fields.items():
            if part not in keys:
                msg = f"{field_name}.{key} has an unknown key {part!r} (allowed: {', '.join(keys)})"
                raise ValueError(msg)
            values[part] = _number(number, f"{field_name}.{key}.{part}")
        out.append(SideMeasure(name, MappingProxyType(values)))
    return MeasureSet(out)


def _number(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{where} must be a finite number or null (got {value!r})"
        raise ValueError(msg)
    return float(value)
