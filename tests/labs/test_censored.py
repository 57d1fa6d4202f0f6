"""Censored lab results (``<150 pg/mL``): read as a range, never as the number itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.assess import assess
from bellpath.case import Analyte, Case, Comparator, LabResult, VitaminName, VitaminStatus
from bellpath.labs.profiles import BSH_2014
from bellpath.labs.status import read_analyte, vitamin_status

D, U, S, B = (
    VitaminStatus.DEFICIENT,
    VitaminStatus.INDETERMINATE,
    VitaminStatus.SUFFICIENT,
    VitaminStatus.BORDERLINE,
)


def _lab(analyte: str, value: float, unit: str, comparator: str | None) -> LabResult:
    return LabResult.model_validate(
        {"analyte": analyte, "value": value, "unit": unit, "comparator": comparator}
    )


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        # BSH 2014 B12: deficient below 200 pg/mL, borderline 200-300
        ("<", 150, D),  # all of 0-150 is under 200
        ("<", 200, D),  # "below 200" never reaches 200
        ("<=", 200, U),  # 200 itself is borderline
        ("<", 250, U),  # straddles 200
        ("<", 300, U),
        (">", 300, S),
        (">=", 300, S),
        (">", 250, U),  # 250-300 is borderline, above 300 sufficient
        (">", 1500, S),
        (None, 150, D),
        (None, 250, B),
    ],
)
def test_b12_censored_against_bsh(comparator: str | None, value: float, expected: str) -> None:
    reading = read_analyte([_lab("b12", value, "pg/mL", comparator)], Analyte.B12, BSH_2014)
    assert reading.status is expected
    if comparator:
        assert f"{comparator}{value:g} pg/mL" in reading.reason


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        # MMA signals deficiency above 0.40 umol/L
        ("<", 0.3, S),
        ("<", 0.4, S),
        ("<=", 0.4, S),
        ("<", 0.5, U),
        (">", 0.4, D),
        (">=", 0.4, U),
        (">", 0.2, U),
    ],
)
def test_mma_censored(comparator: str, value: float, expected: str) -> None:
    reading = read_analyte([_lab("mma", value, "umol/L", comparator)], Analyte.MMA, BSH_2014)
    assert reading.status is expected


def test_below_150_is_not_read_as_150() -> None:
    """A plain 150 and "<150" agree here, but "<250" is not the 250 a plain reading gives."""
    censored = read_analyte([_lab("b12", 250, "pg/mL", "<")], Analyte.B12, BSH_2014)
    plain = read_analyte([_lab("b12", 250, "pg/mL", None)], Analyte.B12, BSH_2014)
    assert (censored.status, plain.status) == (U, B)
    assert "cannot be classed" in censored.reason


def test_an_indeterminate_b12_is_settled_by_mma() -> None:
    labs = [_lab("b12", 250, "pg/mL", "<"), _lab("mma", 0.6, "umol/L", None)]
    reading = vitamin_status(labs, VitaminName.B12, BSH_2014)
    assert reading.status is D
    assert "confirms" in reading.reason


def test_assessment_carries_the_comparator() -> None:
    case = Case.model_validate(
        {
            "onset": "2026-01-01",
            "as_of": "2026-01-20",
            "labs": [{"analyte": "b12", "value": 250, "unit": "pg/mL", "comparator": "<"}],
        }
    )
    result = assess(case)
    assert result.lab_readings[0].comparator is Comparator.LT
    assert result.vitamins[VitaminName.B12].status is U
    assert result.vitamins[VitaminName.B12].advice.value == "confirm_test"


_UNITS = {"b12": "pg/mL", "mma": "umol/L", "folate": "ng/mL", "b6": "nmol/L", "b1": "nmol/L"}
_SCALE = {"b12": 600.0, "mma": 1.0, "folate": 12.0, "b6": 60.0, "b1": 140.0}
"""Twice each analyte's highest cut-off, so drawn bounds reach every zone."""


@given(
    analyte=st.sampled_from(sorted(_UNITS)),
    fraction=st.floats(min_value=0.0001, max_value=1, allow_nan=False),
    comparator=st.sampled_from(list(Comparator)),
)
def test_a_censored_status_is_one_every_value_in_its_range_would_give(
    analyte: str, fraction: float, comparator: Comparator
) -> None:
    """When a status is given, every measured value the range allows gives that same status."""
    bound = fraction * _SCALE[analyte]
    censored = read_analyte(
        [_lab(analyte, bound, _UNITS[analyte], comparator.value)], Analyte(analyte), BSH_2014
    )
    if comparator in (Comparator.LT, Comparator.LE):
        probes = [0.0, bound * 0.5, bound * (1 - 1e-9)] + (
            [bound] if comparator.value == "<=" else []
        )
    else:
        probes = [bound * (1 + 1e-9), bound * 2, bound * 3] + (
            [bound] if comparator.value == ">=" else []
        )
    statuses = {
        read_analyte([_lab(analyte, p, _UNITS[analyte], None)], Analyte(analyte), BSH_2014).status
        for p in probes
    }
    if censored.status is not U:
        assert statuses == {censored.status}
