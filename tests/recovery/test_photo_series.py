"""Dated series from photo measures, for trajectories."""

from __future__ import annotations

import datetime as dt

import pytest

from bellpath.case import PhotoCalibration, PhotoMeasuresEntry, Side
from bellpath.errors import InputError
from bellpath.face.expressions import Expression
from bellpath.recovery.photo_series import SeriesField, photo_series


def _entry(
    day: int, expression: Expression, percent: float | None, right: float = 30.0
) -> PhotoMeasuresEntry:
    return PhotoMeasuresEntry(
        date=dt.date(2026, 3, day),
        expression=expression,
        affected_side=Side.LEFT if percent is not None else None,
        calibration=PhotoCalibration(method="iris", mm_per_px=0.1),
        measures={
            "commissure_excursion": {
                "right": right,
                "left": 20.0,
                "difference": 10.0,
                "percent": percent,
            },
            "facial_asymmetry_index": {"value": 2.0},
        },
    )


ENTRIES = [
    _entry(20, Expression.SMILE, -20.0),
    _entry(1, Expression.SMILE, -60.0),
    _entry(1, Expression.SMILE, -40.0),  # same day: averaged
    _entry(10, Expression.REST, -5.0),  # another expression: skipped by default
    _entry(15, Expression.SMILE, None),  # side unknown: no percentage, skipped
]


def test_default_series_is_smile_excursion_as_percent_of_healthy_oldest_first() -> None:
    assert photo_series(ENTRIES) == [(dt.date(2026, 3, 1), 50.0), (dt.date(2026, 3, 20), 80.0)]


def test_other_fields_and_all_expressions() -> None:
    rights = photo_series(ENTRIES, expression=None, field=SeriesField.RIGHT)
    assert [d.day for d, _ in rights] == [1, 10, 15, 20]
    fai = photo_series(ENTRIES, measure="facial_asymmetry_index", field=SeriesField.VALUE)
    assert [v for _, v in fai] == [2.0, 2.0, 2.0]


def test_unknown_measure_names_the_allowed_ones() -> None:
    with pytest.raises(InputError, match="'measure' must be one of brow_height"):
        photo_series(ENTRIES, measure="smile_width")
