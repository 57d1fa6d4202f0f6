"""Units: exact factors, round trips, unit/analyte mismatches and implausible values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.case import Analyte, LabResult
from bellpath.errors import InputError, LabUnitError
from bellpath.labs import (
    ANALYTES,
    Unit,
    allowed_units,
    check_lab_value,
    from_canonical,
    parse_unit,
    to_canonical,
)


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "canonical"),
    [
        pytest.param(Analyte.B12, 148.0, Unit.PMOL_PER_L, 200.54, id="b12-pmol-to-pg"),
        pytest.param(Analyte.B12, 180.0, Unit.NG_PER_L, 180.0, id="ng/L-equals-pg/mL"),
        pytest.param(Analyte.MMA, 400.0, Unit.NMOL_PER_L, 0.4, id="mma-nmol-to-umol"),
        pytest.param(Analyte.HOMOCYSTEINE, 2.0, Unit.MG_PER_L, 14.794, id="hcy-mg-to-umol"),
        pytest.param(Analyte.FOLATE, 9.064, Unit.NMOL_PER_L, 4.0, id="folate-nmol-to-ng"),
        pytest.param(Analyte.B1, 10.0, Unit.UG_PER_L, 23.5, id="tdp-ug-to-nmol"),
        pytest.param(Analyte.B6, 5.0, Unit.UG_PER_L, 20.23, id="plp-ug-to-nmol"),
    ],
)
def test_known_conversions(analyte: Analyte, value: float, unit: Unit, canonical: float) -> None:
    assert to_canonical(analyte, value, unit) == pytest.approx(canonical, rel=1e-9)


def test_b12_factor_matches_the_published_inverse() -> None:
    # pmol/L = pg/mL x 0.738 (clinical reference 4.2)
    assert from_canonical(Analyte.B12, 200.0, Unit.PMOL_PER_L) == pytest.approx(147.6, abs=0.1)


@given(
    analyte=st.sampled_from(list(Analyte)),
    value=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    data=st.data(),
)
def test_conversions_round_trip(analyte: Analyte, value: float, data: st.DataObject) -> None:
    unit_from = data.draw(st.sampled_from(allowed_units(analyte)))
    unit_to = data.draw(st.sampled_from(allowed_units(analyte)))
    there = from_canonical(analyte, to_canonical(analyte, value, unit_from), unit_to)
    back = from_canonical(analyte, to_canonical(analyte, there, unit_to), unit_from)
    assert math.isclose(back, value, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("pg/ml", Unit.PG_PER_ML), (" PMOL/L ", Unit.PMOL_PER_L), ("ng / L", Unit.NG_PER_L)],
)
def test_unit_spelling_is_tolerant(text: str, unit: Unit) -> None:
    assert parse_unit(Analyte.B12, text) is unit


def test_micro_sign_and_mcg_read_as_micro() -> None:
    assert parse_unit(Analyte.MMA, "µmol/L") is Unit.UMOL_PER_L
    assert parse_unit(Analyte.B6, "mcg/L") is Unit.UG_PER_L


def test_unit_of_another_analyte_is_refused_with_allowed_units() -> None:
    with pytest.raises(LabUnitError) as info:
        parse_unit(Analyte.B12, "umol/L")
    assert info.value.field == "unit"
    assert info.value.allowed == ["pg/mL", "ng/L", "pmol/L"]
    assert "pg/mL, ng/L, pmol/L" in info.value.message
    assert "'umol/L'" in info.value.message


def test_every_analyte_has_a_canonical_unit_among_its_units() -> None:
    for analyte, info in ANALYTES.items():
        assert allowed_units(analyte)[0] is info.canonical
        assert info.factors[info.canonical] == 1.0
        assert info.plausible_max > 0


def test_lab_result_checks_its_unit_and_plausibility() -> None:
    assert LabResult(analyte=Analyte.B12, value=250, unit="pg/mL").unit == "pg/mL"
    with pytest.raises(ValueError, match="must be one of"):
        LabResult(analyte=Analyte.B12, value=250, unit="mg")
    with pytest.raises(ValueError, match="plausible"):
        LabResult(analyte=Analyte.B12, value=1_000_000, unit="pg/mL")


def test_plausible_limit_is_stated_in_the_given_unit() -> None:
    with pytest.raises(InputError) as info:
        check_lab_value(Analyte.B12, 40_000, "pmol/L")
    assert "pmol/L" in info.value.message
    assert info.value.field == "value"
