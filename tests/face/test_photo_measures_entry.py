"""The Case's photo_measures entries (``bellpath photo --add-to``)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bellpath.case import Case, PhotoMeasuresEntry, Side
from bellpath.face.expressions import Expression

TODAY = dt.date(2026, 3, 1)  # frozen "today"


def _entry(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "date": "2026-02-20",
        "expression": "smile",
        "affected_side": "left",
        "file_name": "smile.jpg",
        "calibration": {"method": "iris", "mm_per_px": 0.08},
        "measures": {
            "smile_angle": {"right": 12.0, "left": 4.0, "difference": 8.0, "percent": 33.3}
        },
    }
    base.update(over)
    return base


def test_case_round_trips_photo_measures() -> None:
    case = Case.model_validate(
        {"onset": "2026-02-01", "as_of": TODAY.isoformat(), "photo_measures": [_entry()]}
    )
    entry = case.photo_measures[0]
    assert entry.expression is Expression.SMILE
    assert entry.affected_side is Side.LEFT
    again = Case.model_validate_json(case.model_dump_json())
    assert again == case


def test_a_case_without_photos_still_validates() -> None:
    assert Case(onset=dt.date(2026, 2, 1), as_of=TODAY).photo_measures == []


def test_photo_after_as_of_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationError, match=r"photo_measures\.0\.date"):
        Case.model_validate(
            {
                "onset": "2026-02-01",
                "as_of": TODAY.isoformat(),
                "photo_measures": [_entry(date="2026-03-02")],
            }
        )


@pytest.mark.parametrize(
    "over",
    [
        {"file_name": "/home/me/photos/smile.jpg"},  # folders are never stored
        {"calibration": {"method": "ruler", "mm_per_px": 0.1}},  # unknown method
        {"calibration": {"method": "given", "mm_per_px": 0}},  # scale must be positive
        {"expression": "grin"},  # not an expression
        {"gps": "51.5,-0.1"},  # nothing beyond the contract
    ],
    ids=["folder", "method", "scale", "expression", "extra"],
)
def test_invalid_entries_are_refused(over: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PhotoMeasuresEntry.model_validate(_entry(**over))
