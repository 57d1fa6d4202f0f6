"""The Case contract on its own: dates in order, names without folders, the supplement cap, and
the complications a video implies."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from pydantic import ValidationError

from bellpath.case import (
    MAX_SUPPLEMENT_MG,
    Case,
    Complication,
    PhotoMeasuresEntry,
    Supplement,
    VideoMeasuresEntry,
    VitaminName,
)
from bellpath.vocab import MeasureName, MeasureUnit

ONSET = dt.date(2026, 1, 1)
AS_OF = dt.date(2026, 3, 1)


def _case(**fields: Any) -> Case:
    return Case.model_validate({"onset": ONSET, "as_of": AS_OF, **fields})


def test_days_since_onset() -> None:
    assert _case().days_since_onset == 59


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"onset": dt.date(2026, 4, 1)}, "'onset' (2026-04-01) must not be after 'as_of'"),
        ({"first_movement": dt.date(2025, 12, 1)}, "'first_movement' (2025-12-01) must not be"),
        ({"steroids_started": dt.date(2026, 3, 2)}, "'steroids_started' (2026-03-02) must not"),
    ],
    ids=["onset-after-as-of", "movement-before-onset", "steroids-after-as-of"],
)
def test_dates_out_of_order_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        _case(**fields)


def test_a_photo_entry_keeps_a_file_name_only() -> None:
    with pytest.raises(ValidationError, match="without folders"):
        PhotoMeasuresEntry.model_validate(
            {
                "date": AS_OF,
                "file_name": "photos/smile.jpg",
                "calibration": {"method": "iris", "mm_per_px": 0.1},
                "measures": {},
            }
        )


def test_the_supplement_cap_is_one_number() -> None:
    Supplement(vitamin=VitaminName.B6, daily_mg=MAX_SUPPLEMENT_MG)
    with pytest.raises(ValidationError):
        Supplement(vitamin=VitaminName.B6, daily_mg=MAX_SUPPLEMENT_MG + 1)


def _video(detected: bool | None) -> VideoMeasuresEntry:
    reading = None if detected is None else {"detected": detected}
    return VideoMeasuresEntry.model_validate(
        {"date": AS_OF, "duration_s": 10, "frames": 300, "ocular_oral": reading}
    )


@pytest.mark.parametrize(
    ("detected", "implied"),
    [(True, [Complication.SYNKINESIS]), (False, []), (None, [])],
    ids=["detected", "not-detected", "no-reading"],
)
def test_a_video_implies_synkinesis_only_when_detected(
    detected: bool | None, implied: list[Complication]
) -> None:
    video = _video(detected)
    assert video.implied_complications == implied
    assert video.detects_synkinesis is bool(implied)


def test_a_video_may_not_be_dated_after_as_of() -> None:
    video = _video(None).model_dump()
    video["date"] = dt.date(2026, 3, 2)
    with pytest.raises(ValidationError, match=re.escape("'video_measures.0.date'")):
        _case(video_measures=[video])


def test_photo_measures_are_typed_and_stored_in_the_same_shape() -> None:
    raw = {
        "date": "2024-01-01",
        "calibration": {"method": "iris", "mm_per_px": 0.1},
        "measures": {
            "eye_area": {"right": 90.0, "left": 80.0, "difference": 10.0, "percent": -11.1},
            "dental_show": {"value": 1.5},
        },
    }
    entry = PhotoMeasuresEntry.model_validate(raw)
    assert entry.measures[MeasureName.EYE_AREA].unit is MeasureUnit.MM2
    assert entry.measures["dental_show"].value == 1.5
    assert entry.model_dump(mode="json")["measures"] == raw["measures"]
    assert PhotoMeasuresEntry.model_validate_json(entry.model_dump_json()) == entry


def test_an_unknown_photo_measure_is_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(ValidationError, match=r"unknown measure 'eye_size'.*eye_area"):
        PhotoMeasuresEntry.model_validate(
            {
                "date": "2024-01-01",
                "calibration": {"method": "iris", "mm_per_px": 0.1},
                "measures": {"eye_size": {"right": 1.0}},
            }
        )
