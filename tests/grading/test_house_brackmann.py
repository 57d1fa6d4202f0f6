"""House-Brackmann: grades, parsing, derivation from regions, validation errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import GradingError
from bellpath.grading.house_brackmann import (
    EyeFinding,
    ForeheadFinding,
    GrossFinding,
    HouseBrackmann,
    HouseBrackmannRegions,
    MouthFinding,
    RestFinding,
    derive_grade,
    parse_grade,
)


def test_only_grade_vi_is_complete_paralysis() -> None:
    assert [g.is_complete_paralysis for g in HouseBrackmann] == [False] * 5 + [True]


def test_grades_know_roman_numeral_and_description() -> None:
    assert HouseBrackmann.III.roman == "III"
    assert str(HouseBrackmann.IV) == "IV"
    assert HouseBrackmann.I.label == "normal"
    assert "no movement" in HouseBrackmann.VI.description
    assert len({g.description for g in HouseBrackmann}) == 6


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, HouseBrackmann.I),
        (6, HouseBrackmann.VI),
        (3.0, HouseBrackmann.III),  # JSON numbers may arrive as floats
        ("4", HouseBrackmann.IV),
        ("iv", HouseBrackmann.IV),  # Roman numerals, any case
        ("VI", HouseBrackmann.VI),
        ("HB II", HouseBrackmann.II),  # the way many notes write it
        (HouseBrackmann.V, HouseBrackmann.V),
    ],
)
def test_parse_grade_accepts(value: object, expected: HouseBrackmann) -> None:
    assert parse_grade(value) is expected


@pytest.mark.parametrize("value", [0, 7, "VII", "", 2.5, True, None, "three"])
def test_parse_grade_refuses_with_field_allowed_and_received(value: object) -> None:
    with pytest.raises(GradingError) as info:
        parse_grade(value, "house_brackmann.grade")
    assert info.value.field == "house_brackmann.grade"
    assert "1-6 or I-VI" in info.value.message
    assert repr(value) in info.value.message


def _regions(**kw: str) -> HouseBrackmannRegions:
    base = {"gross": "normal", "rest": "normal", "forehead": "normal", "eye": "normal"}
    base |= {"mouth": "normal"}
    base |= kw
    return HouseBrackmannRegions.parse(base)


def test_derive_normal_face_is_grade_i() -> None:
    assert derive_grade(_regions()) is HouseBrackmann.I


def test_derive_complete_flaccid_face_is_grade_vi() -> None:
    regions = _regions(
        gross="no_movement",
        rest="asymmetry",
        forehead="none",
        eye="incomplete",
        mouth="no_movement",
    )
    assert derive_grade(regions) is HouseBrackmann.VI


def test_derive_takes_the_worst_region() -> None:
    # forehead absent (IV-V) with a mouth only slightly weak (III): the worst region wins -> IV
    regions = _regions(
        gross="obvious_not_disfiguring",
        forehead="none",
        eye="complete_with_effort",
        mouth="slightly_weak_max_effort",
    )
    assert derive_grade(regions) is HouseBrackmann.IV


def test_typical_grade_iii_face() -> None:
    regions = _regions(
        gross="obvious_not_disfiguring",
        forehead="slight_to_moderate",
        eye="complete_with_effort",
        mouth="slightly_weak_max_effort",
    )
    assert derive_grade(regions) is HouseBrackmann.III


def test_asymmetry_at_rest_means_at_least_grade_v() -> None:
    assert derive_grade(_regions(rest="asymmetry")) is HouseBrackmann.V


@given(
    st.sampled_from(list(GrossFinding)),
    st.sampled_from(list(RestFinding)),
    st.sampled_from(list(ForeheadFinding)),
    st.sampled_from(list(EyeFinding)),
    st.sampled_from(list(MouthFinding)),
)
def test_derived_grade_is_never_better_than_any_region(
    gross: GrossFinding,
    rest: RestFinding,
    forehead: ForeheadFinding,
    eye: EyeFinding,
    mouth: MouthFinding,
) -> None:
    regions = HouseBrackmannRegions(gross=gross, rest=rest, forehead=forehead, eye=eye, mouth=mouth)
    grade = derive_grade(regions)
    assert grade in HouseBrackmann
    assert all(grade >= f.grade for f in (gross, rest, forehead, eye, mouth))


def test_region_errors_name_field() -> None:
    with pytest.raises(GradingError) as info:
        _regions(eye="shut")
    assert info.value.field == "regions.eye"
    assert "complete_with_effort" in info.value.message
    assert "'shut'" in info.value.message
    with pytest.raises(GradingError, match=r"'regions\.nose' is not a House-Brackmann region"):
        _regions(nose="normal")
    with pytest.raises(GradingError, match=r"'regions\.mouth' is missing"):
        HouseBrackmannRegions.parse(
            {"gross": "normal", "rest": "normal", "forehead": "normal", "eye": "normal"}
        )
    with pytest.raises(GradingError, match="must be an object"):
        HouseBrackmannRegions.parse("normal")
