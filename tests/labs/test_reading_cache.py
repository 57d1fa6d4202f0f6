"""Readings are cached on frozen inputs (issue 16): equal inputs share one, others never do."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bellpath.case import Analyte, LabResult, VitaminName, VitaminStatus
from bellpath.labs import BSH_2014, interpret_labs, vitamin_status
from bellpath.labs.profiles import Threshold
from bellpath.labs.status import read_result
from bellpath.labs.units import Unit


def _b12(value: float) -> LabResult:
    return LabResult(analyte=Analyte.B12, value=value, unit="pg/mL")


def test_a_negative_zero_is_written_as_given_after_an_equal_zero_was_read() -> None:
    # -0.0 == 0.0 and both hash alike, yet the reason writes "-0": no shared reading.
    assert "was 0 pg/mL" in read_result(_b12(0.0), BSH_2014).reason
    assert "was -0 pg/mL" in read_result(_b12(-0.0), BSH_2014).reason
    assert "was 0 pg/mL" in vitamin_status([_b12(0.0)], VitaminName.B12, BSH_2014).reason
    assert "was -0 pg/mL" in vitamin_status([_b12(-0.0)], VitaminName.B12, BSH_2014).reason
    assert "was 0 pg/mL" in interpret_labs([_b12(0.0)], BSH_2014)[0].reason
    assert "was -0 pg/mL" in interpret_labs([_b12(-0.0)], BSH_2014)[0].reason


def test_a_result_counts_or_not_by_its_own_list() -> None:
    older = LabResult(analyte=Analyte.B12, value=150, unit="pg/mL", date=dt.date(2026, 1, 1))
    newer = LabResult(analyte=Analyte.B12, value=350, unit="pg/mL", date=dt.date(2026, 2, 1))
    assert interpret_labs([older], BSH_2014)[0].counts
    both = interpret_labs([older, newer], BSH_2014)
    assert [r.counts for r in both] == [False, True]
    assert both[0].reason.endswith("A more recent valid result is used instead.")
    assert interpret_labs([older], BSH_2014)[0].counts


def test_a_profile_with_the_same_names_but_other_thresholds_reads_afresh() -> None:
    stricter = replace(
        BSH_2014,
        thresholds={
            **BSH_2014.thresholds,
            Analyte.B12: Threshold(400, Unit.PG_PER_ML, BSH_2014.citation),
        },
    )
    assert hash(stricter) == hash(BSH_2014)
    assert stricter != BSH_2014
    lab = _b12(350)
    assert read_result(lab, BSH_2014).status is not VitaminStatus.DEFICIENT
    assert read_result(lab, stricter).status is VitaminStatus.DEFICIENT
    assert vitamin_status([lab], VitaminName.B12, stricter).status is VitaminStatus.DEFICIENT
