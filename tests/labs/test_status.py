"""Lab status: thresholds, specimen validity, the latest-result rule and B12 confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bellpath.case import Analyte, LabResult, VitaminName, VitaminStatus
from bellpath.errors import InputError
from bellpath.labs import (
    BSH_2014,
    NICE_NG239,
    allowed_units,
    from_canonical,
    get_profile,
    to_canonical,
    vitamin_status,
)
from bellpath.labs.profile_file import parse_profile


def lab(analyte: str, value: float, unit: str, **extra: Any) -> LabResult:
    return LabResult.model_validate({"analyte": analyte, "value": value, "unit": unit, **extra})


def b12(*labs: LabResult, profile: Any = BSH_2014) -> VitaminStatus:
    return vitamin_status(list(labs), VitaminName.B12, profile).status


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        pytest.param(150, "pg/mL", VitaminStatus.DEFICIENT, id="low"),
        pytest.param(199.9, "pg/mL", VitaminStatus.DEFICIENT, id="just-below-200"),
        pytest.param(200, "pg/mL", VitaminStatus.BORDERLINE, id="200-is-borderline"),
        pytest.param(299, "ng/L", VitaminStatus.BORDERLINE, id="ng/L-same-as-pg/mL"),
        pytest.param(300, "pg/mL", VitaminStatus.SUFFICIENT, id="300-is-normal"),
        pytest.param(140, "pmol/L", VitaminStatus.DEFICIENT, id="140-pmol-is-190-pg"),
        pytest.param(160, "pmol/L", VitaminStatus.BORDERLINE, id="160-pmol-is-217-pg"),
    ],
)
def test_b12_bsh_thresholds(value: float, unit: str, expected: VitaminStatus) -> None:
    assert b12(lab("b12", value, unit)) is expected


def test_nice_profile_moves_the_cut_offs() -> None:
    result = lab("b12", 190, "ng/L")
    assert b12(result) is VitaminStatus.DEFICIENT
    assert b12(result, profile=NICE_NG239) is VitaminStatus.BORDERLINE
    assert b12(lab("b12", 320, "ng/L"), profile=NICE_NG239) is VitaminStatus.BORDERLINE


def test_hair_is_unreliable_and_says_why() -> None:
    reading = vitamin_status([lab("b6", 40, "nmol/L", specimen="hair")], VitaminName.B6, BSH_2014)
    assert reading.status is VitaminStatus.UNRELIABLE
    assert "hair" in reading.reason.casefold()
    assert "Seidel" in reading.citation


def test_b1_needs_whole_blood() -> None:
    serum = lab("b1", 50, "nmol/L", specimen="serum")
    assert vitamin_status([serum], VitaminName.B1, BSH_2014).status is VitaminStatus.UNRELIABLE
    whole = lab("b1", 50, "nmol/L", specimen="whole_blood")
    assert vitamin_status([whole], VitaminName.B1, BSH_2014).status is VitaminStatus.DEFICIENT


def test_a_blood_result_beats_a_newer_hair_result() -> None:
    blood = lab("b12", 450, "pg/mL", date=dt.date(2026, 1, 1))
    hair = lab("b12", 90, "pg/mL", specimen="hair", date=dt.date(2026, 2, 1))
    assert b12(blood, hair) is VitaminStatus.SUFFICIENT


def test_most_recent_result_counts_whatever_the_order() -> None:
    old = lab("b12", 150, "pg/mL", date=dt.date(2026, 1, 1))
    new = lab("b12", 450, "pg/mL", date=dt.date(2026, 3, 1))
    undated = lab("b12", 100, "pg/mL")
    assert b12(new, old) is VitaminStatus.SUFFICIENT
    assert b12(old, new) is VitaminStatus.SUFFICIENT
    assert b12(undated, new) is VitaminStatus.SUFFICIENT  # a dated result beats an undated one
    assert b12(lab("b12", 450, "pg/mL"), undated) is VitaminStatus.DEFICIENT  # last listed


@pytest.mark.parametrize(
    ("confirming", "expected"),
    [
        pytest.param([("mma", 0.6, "umol/L")], VitaminStatus.DEFICIENT, id="mma-raised-confirms"),
        pytest.param([("mma", 0.2, "umol/L")], VitaminStatus.SUFFICIENT, id="mma-normal-refutes"),
        pytest.param([("mma", 600, "nmol/L")], VitaminStatus.DEFICIENT, id="mma-in-nmol"),
        pytest.param([("holotc", 20, "pmol/L")], VitaminStatus.DEFICIENT, id="holotc-low"),
        pytest.param([("holotc", 90, "pmol/L")], VitaminStatus.SUFFICIENT, id="holotc-high"),
        pytest.param([("holotc", 50, "pmol/L")], VitaminStatus.BORDERLINE, id="holotc-grey"),
        pytest.param(
            [("mma", 0.6, "umol/L"), ("holotc", 90, "pmol/L")],
            VitaminStatus.BORDERLINE,
            id="tests-disagree",
        ),
        pytest.param(
            [("homocysteine", 22, "umol/L"), ("folate", 8, "ng/mL")],
            VitaminStatus.DEFICIENT,
            id="homocysteine-raised-folate-normal",
        ),
        pytest.param(
            [("homocysteine", 22, "umol/L"), ("folate", 3, "ng/mL")],
            VitaminStatus.BORDERLINE,
            id="homocysteine-raised-but-folate-low",
        ),
        pytest.param(
            [("homocysteine", 9, "umol/L")], VitaminStatus.SUFFICIENT, id="homocysteine-normal"
        ),
    ],
)
def test_borderline_b12_is_confirmed_or_refuted(
    confirming: list[tuple[str, float, str]], expected: VitaminStatus
) -> None:
    labs = [lab("b12", 250, "pg/mL"), *(lab(a, v, u) for a, v, u in confirming)]
    assert b12(*labs) is expected


def test_holotc_alone_gives_a_b12_status() -> None:
    assert b12(lab("holotc", 20, "pmol/L")) is VitaminStatus.DEFICIENT


def test_no_result_is_unknown() -> None:
    assert b12() is VitaminStatus.UNKNOWN


def test_b6_borderline_band() -> None:
    reading = vitamin_status([lab("b6", 25, "nmol/L")], VitaminName.B6, BSH_2014)
    assert reading.status is VitaminStatus.BORDERLINE


def test_get_profile_names_the_allowed_keys() -> None:
    assert get_profile("NICE_NG239") is NICE_NG239
    with pytest.raises(InputError, match="bsh2014, nice_ng239"):
        get_profile("who")


def test_clinic_profile_extends_a_built_in_one() -> None:
    profile = parse_profile(
        {
            "key": "clinic",
            "title": "Clinic lab",
            "citation": "Clinic handbook 2025",
            "extends": "bsh2014",
            "thresholds": {"b12": {"deficient": 250, "borderline": 400, "unit": "ng/L"}},
        }
    )
    assert b12(lab("b12", 240, "pg/mL"), profile=profile) is VitaminStatus.DEFICIENT
    threshold = profile.threshold(Analyte.MMA)
    assert threshold is not None
    assert threshold.deficient == 0.40


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"title": "x", "citation": "y"}, "key", id="missing-key"),
        pytest.param(
            {
                "key": "k",
                "title": "t",
                "citation": "c",
                "thresholds": {"b12": {"deficient": 1, "unit": "mg"}},
            },
            "thresholds.b12.unit",
            id="bad-unit",
        ),
        pytest.param(
            {
                "key": "k",
                "title": "t",
                "citation": "c",
                "thresholds": {"vitd": {"deficient": 1, "unit": "x"}},
            },
            "thresholds.vitd",
            id="unknown-analyte",
        ),
        pytest.param(
            {"key": "k", "title": "t", "citation": "c", "extends": "who"}, "extends", id="bad-base"
        ),
        pytest.param(
            {
                "key": "k",
                "title": "t",
                "citation": "c",
                "thresholds": {"b12": {"deficient": 200, "borderline": 100, "unit": "pg/mL"}},
            },
            "thresholds.b12.borderline",
            id="borderline-below-deficient",
        ),
    ],
)
def test_clinic_profile_errors_name_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as info:
        parse_profile(data)
    assert info.value.field == field


@given(
    analyte=st.sampled_from([Analyte.B12, Analyte.B6]),
    canonical=st.floats(min_value=0, max_value=2_000, allow_nan=False),
    data=st.data(),
)
def test_status_does_not_depend_on_the_unit_reported(
    analyte: Analyte, canonical: float, data: st.DataObject
) -> None:
    """The same amount reported in any accepted unit gives the same status."""
    threshold = BSH_2014.threshold(analyte)
    assert threshold is not None
    cuts = [
        to_canonical(analyte, c, threshold.unit)
        for c in (threshold.deficient, threshold.borderline)
        if c
    ]
    assume(all(abs(canonical - cut) > 1e-6 * max(cut, 1) for cut in cuts))
    vitamin = VitaminName.B12 if analyte is Analyte.B12 else VitaminName.B6
    specimen = "serum" if analyte is Analyte.B12 else "plasma"
    statuses = set()
    for unit in allowed_units(analyte):
        value = from_canonical(analyte, canonical, unit)
        result = lab(analyte.value, value, unit.value, specimen=specimen)
        statuses.add(vitamin_status([result], vitamin, BSH_2014).status)
    assert len(statuses) == 1
