"""Shared cases for the interop tests: one rich case with every kind of field."""

from __future__ import annotations

from typing import Any

import pytest

from bellpath.case import Case


def rich_case_data() -> dict[str, Any]:
    """Every Case field filled, with a name-worthy mix of units, specimens and photo measures."""
    return {
        "onset": "2024-01-01",
        "as_of": "2024-03-01",
        "affected_side": "left",
        "severity": "complete",
        "first_movement": "2024-02-20",
        "eye_closure": "incomplete",
        "steroids_started": "2024-01-02",
        "age": 63,
        "labs": [
            {"analyte": "b12", "value": 180, "unit": "pg/mL", "date": "2024-01-10"},
            {"analyte": "b12", "value": 120.5, "unit": "pmol/L"},
            {"analyte": "holotc", "value": 20, "unit": "pmol/L", "specimen": "plasma"},
            {"analyte": "folate", "value": 9.1, "unit": "nmol/L"},
            {"analyte": "b6", "value": 30, "unit": "nmol/L", "specimen": "hair"},
            {"analyte": "b1", "value": 80, "unit": "nmol/L", "specimen": "whole_blood"},
        ],
        "complications": ["synkinesis", "crocodile_tears"],
        "findings": ["vesicles"],
        "risk_factors": ["metformin", "age_over_60"],
        "supplements": [{"vitamin": "b6", "daily_mg": 50}],
        "enog": {"degeneration_percent": 92.5, "day": 6},
        "gradings": [
            {"date": "2024-01-05", "scale": "house_brackmann", "grade": "V"},
            {
                "date": "2024-02-10",
                "scale": "sunnybrook",
                "resting": {"eye": "narrow", "cheek": "absent", "mouth": "dropped"},
                "voluntary": {
                    "brow_lift": 2,
                    "gentle_eye_closure": 3,
                    "open_mouth_smile": 2,
                    "snarl": 2,
                    "lip_pucker": 3,
                },
                "synkinesis": {
                    "brow_lift": 0,
                    "gentle_eye_closure": 1,
                    "open_mouth_smile": 1,
                    "snarl": 0,
                    "lip_pucker": 0,
                },
            },
            {"date": "2024-02-20", "scale": "sunnybrook", "composite": 48},
            {"date": "2024-02-21", "scale": "eface", "total": 61.5},
            {"date": "2024-02-22", "scale": "saq", "items": [1, 2, 3, 4, 5, 1, 2, 3, 4]},
            {"date": "2024-02-23", "scale": "face", "items": [3] * 15},
        ],
        "video_measures": [
            {
                "date": "2024-02-25",
                "file_name": "expressions.mp4",
                "affected_side": "left",
                "duration_s": 12.5,
                "frames": 375,
                "frames_rejected": 3,
                "expressions": [
                    {
                        "label": "smile",
                        "peak_s": 4.2,
                        "excursion": {
                            "commissure_excursion": {"right": 8.1, "left": 3.2, "ratio": 0.4},
                            "smile_angle": {"right": 12.0, "left": None, "ratio": None},
                        },
                    }
                ],
                "ocular_oral": {
                    "detected": True,
                    "side": "left",
                    "index": 0.31,
                    "during": ["smile", "pucker"],
                },
                "warnings": ["3 frames rejected"],
            }
        ],
        "photo_measures": [
            {
                "date": "2024-02-01",
                "expression": "smile",
                "affected_side": "left",
                "file_name": "visit1.jpg",
                "calibration": {"method": "iris", "mm_per_px": 0.05},
                "pose": {"yaw": 1.5, "pitch": -2.0, "roll": 0.3},
                "warnings": ["head slightly turned"],
                "measures": {
                    "brow_height": {
                        "right": 20.1,
                        "left": 18.0,
                        "difference": 2.1,
                        "percent": 89.5,
                    },
                    "smile_angle": {"right": 10.0, "left": 5.0, "difference": 5.0, "percent": None},
                    "facial_asymmetry_index": {"value": 0.12},
                },
            }
        ],
    }


@pytest.fixture
def rich_case() -> Case:
    return Case.model_validate(rich_case_data())


@pytest.fixture
def small_case() -> Case:
    return Case.model_validate(
        {
            "onset": "2024-05-01",
            "as_of": "2024-05-20",
            "labs": [{"analyte": "b12", "value": 250, "unit": "ng/L", "date": "2024-05-10"}],
        }
    )
