"""Dated series from a case's photo measures, ready for a recovery trajectory.

A case keeps one :class:`~bellpath.case.PhotoMeasuresEntry` per measured photo (``bellpath photo
--add-to``). :func:`photo_series` picks one measure of one expression and returns ``(date, value)``
points, the input of :func:`bellpath.recovery.trajectory.fit_trajectory`.

The default series is the one clinicians follow most for a smile's return: the affected mouth
corner's excursion on the smile photos, as a percentage of the healthy side's
(``100 + percent``: 100 = symmetric, higher is better). Several photos on one date are averaged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum

from bellpath.case import PhotoMeasuresEntry
from bellpath.errors import InputError
from bellpath.vocab import Expression, MeasureName, SideMeasure

__all__ = ["SeriesField", "photo_series"]


class SeriesField(StrEnum):
    """Which number of a measure to follow."""

    AFFECTED_PERCENT_OF_HEALTHY = "affected_percent_of_healthy"
    """``100 + percent``: the affected side as a percentage of the healthy side."""
    PERCENT = "percent"
    DIFFERENCE = "difference"
    RIGHT = "right"
    LEFT = "left"
    VALUE = "value"


def _pick(measure: SideMeasure, field: SeriesField) -> float | None:
    if field is SeriesField.AFFECTED_PERCENT_OF_HEALTHY:
        percent = measure.percent
        return None if percent is None else 100.0 + percent
    return measure.get(field.value)


def photo_series(
    entries: Iterable[PhotoMeasuresEntry],
    *,
    measure: MeasureName | str = MeasureName.COMMISSURE_EXCURSION,
    expression: Expression | None = Expression.SMILE,
    field: SeriesField = SeriesField.AFFECTED_PERCENT_OF_HEALTHY,
) -> list[tuple[dt.date, float]]:
    """``(date, value)`` points of one measure across dated photo entries, oldest first.

    Parameters
    ----------
    entries : iterable of PhotoMeasuresEntry
        Usually ``case.photo_measures``.
    measure : MeasureName or str
        The measure's JSON name, e.g. ``brow_height``.
    expression : Expression or None
        Keep only photos of this expression; ``None`` keeps all.
    field : SeriesField
        Which number of the measure (percentages need the affected side on the entry).

    Returns
    -------
    list of (date, float)
        One point per date (several photos on a date are averaged); entries without that
        number (an unknown side, a missing measure) are skipped.

    Raises
    ------
    InputError
        An unknown measure name.
    """
    try:
        name = MeasureName(measure)
    except ValueError:
        raise InputError("measure", allowed=list(MeasureName), received=measure) from None
    by_date: dict[dt.date, list[float]] = defaultdict(list)
    for entry in entries:
        if expression is not None and entry.expression is not expression:
            continue
        recorded = entry.measures.get(name)
        if recorded is None:
            continue
        value = _pick(recorded, field)
        if value is not None:
            by_date[entry.date].append(float(value))
    return [(d, sum(v) / len(v)) for d, v in sorted(by_date.items())]
