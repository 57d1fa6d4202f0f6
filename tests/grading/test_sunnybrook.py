"""Sunnybrook: extremes, hand-computed cases, distinct equal-point categories, validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import GradingError
from bellpath.grading.sunnybrook import (
    Expression,
    RestingCheek,
    RestingEye,
    RestingMouth,
    sunnybrook,
    sunnybrook_composite_only,
)

KEYS = [e.value for e in Expression]
NORMAL_REST = {"eye": "normal", "cheek": "normal", "mouth": "normal"}


def _all(value: float) -> dict[str, object]:
    return dict.fromkeys(KEYS, value)


def test_normal_face_scores_100() -> None:
    s = sunnybrook(NORMAL_REST, _all(5), _all(0))
    assert (s.resting, s.voluntary, s.synkinesis, s.composite) == (0, 100, 0, 100)


def test_complete_flaccid_face() -> None:
    # eye wide, fold absent, corner dropped; no movement; no synkinesis
    s = sunnybrook({"eye": "wide", "cheek": "absent", "mouth": "dropped"}, _all(1), _all(0))
    assert (s.resting, s.voluntary, s.synkinesis, s.composite) == (20, 20, 0, 0)


def test_floor_is_minus_15_and_display_clamps() -> None:
    s = sunnybrook({"eye": "narrow", "cheek": "absent", "mouth": "pulled_up"}, _all(1), _all(3))
    assert s.composite == -15
    assert s.display_composite == 0


def test_hand_computed_mixed_case() -> None:
    # resting: eye narrow 1 + cheek less pronounced 1 + mouth normal 0 = 2 -> x5 = 10
    # voluntary: 3+4+2+3+4 = 16 -> x4 = 64; synkinesis 1+0+2+1+0 = 4; composite 64-10-4 = 50
    s = sunnybrook(
        {"eye": "narrow", "cheek": "less_pronounced", "mouth": "normal"},
        dict(zip(KEYS, [3, 4, 2, 3, 4], strict=True)),
        dict(zip(KEYS, [1, 0, 2, 1, 0], strict=True)),
    )
    assert (s.resting, s.voluntary, s.synkinesis, s.composite) == (10, 64, 4, 50)
    assert s.display_composite == 50


def test_categories_with_equal_points_stay_distinct() -> None:
    # the Enum-alias trap: narrow and wide both score 1 but must remain different members
    assert len({RestingEye.NARROW, RestingEye.WIDE, RestingEye.EYELID_SURGERY}) == 3
    assert RestingEye("wide").value == "wide"
    assert len(RestingEye) == 4
    assert len(RestingCheek) == 4
    assert len(RestingMouth) == 3
    assert (
        RestingEye.NARROW.points == RestingEye.WIDE.points == RestingEye.EYELID_SURGERY.points == 1
    )
    assert RestingCheek.ABSENT.points == 2


def test_composite_only_entry() -> None:
    s = sunnybrook_composite_only(42)
    assert s.composite == 42
    assert s.resting is None
    with pytest.raises(
        GradingError, match=r"'sunnybrook.composite' must be an integer from -15 to 100"
    ):
        sunnybrook_composite_only(101)


@pytest.mark.parametrize(
    ("resting", "voluntary", "synkinesis", "field", "fragment"),
    [
        ({"eye": "shut", "cheek": "normal", "mouth": "normal"}, _all(5), _all(0),
         "sunnybrook.resting.eye", "normal, narrow, wide, eyelid_surgery"),
        ({"eye": "normal", "cheek": "normal"}, _all(5), _all(0),
         "sunnybrook.resting.mouth", "is missing"),
        (NORMAL_REST, _all(6), _all(0), "sunnybrook.voluntary.brow_lift", "from 1 to 5 (got 6)"),
        (NORMAL_REST, _all(0), _all(0), "sunnybrook.voluntary.brow_lift", "from 1 to 5 (got 0)"),
        (NORMAL_REST, _all(5), _all(4), "sunnybrook.synkinesis.brow_lift", "from 0 to 3 (got 4)"),
        (NORMAL_REST, _all(5) | {"smile": 5}, _all(0), "sunnybrook.voluntary.smile",
         "not an item of this scale"),
        (NORMAL_REST, _all(5), _all(1.5), "sunnybrook.synkinesis.brow_lift", "(got 1.5)"),
    ],
    ids=["unknown-category", "missing-part", "above-range", "below-range", "synkinesis-range",
         "unknown-item", "non-integer"],
)  # fmt: skip
def test_validation_errors(
    resting: dict[str, object],
    voluntary: dict[str, object],
    synkinesis: dict[str, object],
    field: str,
    fragment: str,
) -> None:
    with pytest.raises(GradingError) as info:
        sunnybrook(resting, voluntary, synkinesis)
    assert info.value.field == field
    assert fragment in info.value.message


vol_st = st.lists(st.integers(1, 5), min_size=5, max_size=5)
syn_st = st.lists(st.integers(0, 3), min_size=5, max_size=5)
rest_st = st.tuples(
    st.sampled_from(list(RestingEye)),
    st.sampled_from(list(RestingCheek)),
    st.sampled_from(list(RestingMouth)),
)


@given(rest_st, vol_st, syn_st, st.integers(0, 4))
def test_scores_in_range_and_monotone(
    rest: tuple[RestingEye, RestingCheek, RestingMouth],
    vol: list[int],
    syn: list[int],
    k: int,
) -> None:
    resting = {"eye": rest[0], "cheek": rest[1], "mouth": rest[2]}
    s = sunnybrook(resting, dict(zip(KEYS, vol, strict=True)), dict(zip(KEYS, syn, strict=True)))
    assert s.resting is not None and 0 <= s.resting <= 20
    assert s.voluntary is not None and 20 <= s.voluntary <= 100
    assert s.synkinesis is not None and 0 <= s.synkinesis <= 15
    assert -15 <= s.composite <= 100
    assert 0 <= s.display_composite <= 100
    if vol[k] < 5:  # more voluntary movement: composite rises by exactly 4
        better = vol.copy()
        better[k] += 1
        s2 = sunnybrook(
            resting, dict(zip(KEYS, better, strict=True)), dict(zip(KEYS, syn, strict=True))
        )
        assert s2.composite == s.composite + 4
    if syn[k] < 3:  # more synkinesis: composite falls by exactly 1
        worse = syn.copy()
        worse[k] += 1
        s3 = sunnybrook(
            resting, dict(zip(KEYS, vol, strict=True)), dict(zip(KEYS, worse, strict=True))
        )
        assert s3.composite == s.composite - 1
