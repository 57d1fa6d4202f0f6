"""The quality gate: thresholds, flags that keep numbers, rejections with codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import PhotoError
from bellpath.face.expressions import Expression
from bellpath.face.quality import (
    DEFAULT_THRESHOLDS,
    PhotoErrorCode,
    QualityThresholds,
    QualityWarning,
    check_quality,
    choose_face,
)

GOOD: dict[str, object] = {
    "yaw_deg": 1.0,
    "pitch_deg": -2.0,
    "roll_deg": 3.0,
    "mm_per_px": 0.1,
    "fissure_right_mm": 9.0,
    "fissure_left_mm": 10.0,
    "expression": Expression.REST,
    "side_known": True,
}


def _codes(**over: object) -> list[QualityWarning]:
    kwargs = {**GOOD, **over}
    return [f.code for f in check_quality(**kwargs)]  # type: ignore[arg-type]


def test_a_good_photo_has_no_warnings() -> None:
    assert _codes() == []


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"yaw_deg": -7.0}, QualityWarning.YAW),  # sign does not matter
        ({"pitch_deg": 17.0}, QualityWarning.PITCH),
        ({"roll_deg": 25.0}, QualityWarning.ROLL),  # corrected, never rejected
        ({"mm_per_px": 0.4}, QualityWarning.LOW_RESOLUTION),
        ({"fissure_right_mm": 0.5, "fissure_left_mm": 1.0}, QualityWarning.EYES_CLOSED),
        (
            {"expression": Expression.TIGHT_CLOSURE, "fissure_right_mm": 8.0},
            QualityWarning.EYES_NOT_CLOSED,
        ),
        ({"expression": None}, QualityWarning.EXPRESSION_UNKNOWN),
        ({"side_known": False}, QualityWarning.SIDE_UNKNOWN),
    ],
    ids=["yaw", "pitch", "roll", "resolution", "blink", "closure-open", "no-label", "no-side"],
)
def test_flags(over: dict[str, object], code: QualityWarning) -> None:
    assert _codes(**over) == [code]


def test_one_narrow_eye_is_a_finding_not_a_blink() -> None:
    # ocular synkinesis during a smile narrows one eye: never a quality problem
    assert _codes(expression=Expression.SMILE, fissure_left_mm=1.0) == []


def test_closure_photo_with_one_eye_open_is_a_finding() -> None:
    # lagophthalmos: the affected eye does not close
    assert _codes(expression=Expression.GENTLE_CLOSURE, fissure_right_mm=0.5) == []


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"yaw_deg": 16.0}, PhotoErrorCode.POSE),
        ({"pitch_deg": -26.0}, PhotoErrorCode.POSE),
        ({"mm_per_px": 2.5}, PhotoErrorCode.TOO_SMALL),
    ],
    ids=["yaw", "pitch", "small"],
)
def test_rejections_carry_a_code_and_advice(over: dict[str, object], code: PhotoErrorCode) -> None:
    with pytest.raises(PhotoError) as info:
        check_quality(**{**GOOD, **over})  # type: ignore[arg-type]
    assert info.value.code == code.value
    assert code.advice in info.value.message


def test_thresholds_are_overridable() -> None:
    strict = QualityThresholds(yaw_flag_deg=0.5)
    flags = check_quality(**{**GOOD, "thresholds": strict})  # type: ignore[arg-type]
    assert [f.code for f in flags] == [QualityWarning.YAW]


@given(st.floats(min_value=0, max_value=DEFAULT_THRESHOLDS.yaw_reject_deg))
def test_yaw_within_the_gate_is_never_rejected(yaw: float) -> None:
    flags = check_quality(**{**GOOD, "yaw_deg": yaw})  # type: ignore[arg-type]
    assert (QualityWarning.YAW in [f.code for f in flags]) == (
        yaw > DEFAULT_THRESHOLDS.yaw_flag_deg
    )


def test_choose_face() -> None:
    assert choose_face([120.0]) == (0, [])
    index, flags = choose_face([30.0, 150.0])
    assert index == 1
    assert [f.code for f in flags] == [QualityWarning.OTHER_FACES]
    with pytest.raises(PhotoError) as info:
        choose_face([100.0, 90.0])
    assert info.value.code == "multiple_faces"
    with pytest.raises(PhotoError) as info:
        choose_face([])
    assert info.value.code == "no_face"


def test_every_code_has_advice() -> None:
    assert all(c.advice for c in PhotoErrorCode)
    assert all(w.advice for w in QualityWarning)
