"""Each lab result as read by the engine: converted, classified, which one counts."""

from __future__ import annotations

import datetime as dt

import pytest

from bellpath.case import Analyte, LabResult, Specimen, VitaminStatus
from bellpath.labs import BSH_2014, interpret_labs


def test_every_result_is_read_and_the_latest_valid_one_counts() -> None:
    labs = [
        LabResult(analyte=Analyte.B12, value=110, unit="pmol/L", date=dt.date(2026, 1, 1)),
        LabResult(analyte=Analyte.B12, value=400, unit="ng/L", date=dt.date(2026, 2, 1)),
        LabResult(
            analyte=Analyte.B12,
            value=90,
            unit="pg/mL",
            specimen=Specimen.HAIR,
            date=dt.date(2026, 3, 1),
        ),
    ]
    readings = interpret_labs(labs, BSH_2014)
    assert [r.counts for r in readings] == [False, True, False]
    assert readings[0].canonical_unit == "pg/mL"
    assert readings[0].canonical_value == pytest.approx(149.05)
    assert readings[0].status is VitaminStatus.DEFICIENT
    assert "more recent" in readings[0].reason
    assert readings[2].status is VitaminStatus.UNRELIABLE


def test_no_labs_no_readings() -> None:
    assert interpret_labs([], BSH_2014) == []
