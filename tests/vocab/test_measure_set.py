"""Typed measures (issue 18 item 2): keyed by their name, carrying their unit, stored unchanged."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.vocab import MeasureName, MeasureSet, MeasureUnit, SideMeasure
from bellpath.vocab.measures import (
    PHOTO_VALUE_KEYS,
    VIDEO_VALUE_KEYS,
    measure_set,
    units_note,
)

_NUMBER = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32))


def _raw(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, dict[str, float | None]]]:
    values = st.dictionaries(st.sampled_from(keys), _NUMBER, min_size=1)
    return st.dictionaries(st.sampled_from([m.value for m in MeasureName]), values)


@given(_raw(PHOTO_VALUE_KEYS))
def test_a_photo_measure_set_reads_back_as_the_json_it_came_from(
    raw: dict[str, dict[str, float | None]],
) -> None:
    typed = measure_set(raw, keys=PHOTO_VALUE_KEYS, field_name="measures")
    assert typed.to_json() == raw
    assert list(typed.to_json()) == list(raw)  # the recorded order is kept
    for name in typed:
        assert isinstance(name, MeasureName)
        assert typed[name].name is name
        assert typed[name].unit is name.unit  # the unit comes with the measure
        assert typed[name.value] is typed[name]


@given(_raw(VIDEO_VALUE_KEYS))
def test_a_video_excursion_set_keeps_its_ratio(raw: dict[str, dict[str, float | None]]) -> None:
    typed = measure_set(raw, keys=VIDEO_VALUE_KEYS, field_name="excursion")
    for name, fields in raw.items():
        assert typed[name].ratio == fields.get("ratio")
        assert typed[name].right == fields.get("right")


def test_every_measure_carries_the_unit_of_its_vocabulary_row() -> None:
    for name in MeasureName:
        assert SideMeasure(name).unit is name.unit
    assert SideMeasure(MeasureName.EYE_AREA).unit is MeasureUnit.MM2
    assert SideMeasure(MeasureName.SMILE_ANGLE).unit is MeasureUnit.DEGREES
    assert SideMeasure(MeasureName.FACIAL_ASYMMETRY_INDEX).unit is MeasureUnit.MM


def test_a_side_measure_reads_like_its_json_object() -> None:
    values = {"right": 3.0, "left": 2.5, "difference": 0.5, "percent": None}
    typed = measure_set({"mrd1": values}, keys=PHOTO_VALUE_KEYS, field_name="measures")
    mrd1 = typed[MeasureName.MRD1]
    assert mrd1 == values
    assert (mrd1.right, mrd1.left, mrd1.difference, mrd1.percent, mrd1.value) == (
        3.0,
        2.5,
        0.5,
        None,
        None,
    )
    assert mrd1.side("left") == 2.5
    assert typed.get("dental_show") is None
    assert typed.get("not_a_measure") is None
    with pytest.raises(KeyError):
        typed["not_a_measure"]
    assert typed == {"mrd1": values}
    assert [m.name for m in typed.measures()] == [MeasureName.MRD1]


def test_ints_become_floats_as_before() -> None:
    typed = measure_set({"mrd1": {"right": 3}}, keys=PHOTO_VALUE_KEYS, field_name="measures")
    value = typed["mrd1"].right
    assert isinstance(value, float)
    assert value == 3.0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"mrdx": {"right": 1.0}}, ["'measures'", "'mrdx'", "mrd1", "brow_height"]),
        ({"mrd1": {"ratio": 1.0}}, ["measures.mrd1", "'ratio'", "right, left, difference"]),
        ({"mrd1": {"right": math.nan}}, ["measures.mrd1.right", "finite", "nan"]),
        ({"mrd1": {"right": "3"}}, ["measures.mrd1.right", "'3'"]),
        ({"mrd1": {"right": True}}, ["measures.mrd1.right", "True"]),
        ({"mrd1": 3.0}, ["measures.mrd1", "object", "float"]),
        ([1, 2], ["'measures'", "object of measures", "list"]),
    ],
)
def test_bad_measures_name_the_field_what_is_allowed_and_what_came(
    raw: object, expected: list[str]
) -> None:
    with pytest.raises(ValueError, match=expected[0].strip("'")) as caught:
        measure_set(raw, keys=PHOTO_VALUE_KEYS, field_name="measures")
    for part in expected:
        assert part in str(caught.value)


def test_a_measure_set_is_passed_through_unchanged() -> None:
    typed = MeasureSet([SideMeasure(MeasureName.MRD2, {"right": 1.0})])
    assert measure_set(typed, keys=PHOTO_VALUE_KEYS, field_name="measures") is typed


@pytest.mark.parametrize(
    ("names", "note"),
    [
        ([MeasureName.MRD1], "lengths in mm"),
        ([MeasureName.EYE_AREA, MeasureName.MRD1], "lengths in mm, areas in mm²"),
        (list(MeasureName), "lengths in mm, angles in degrees, areas in mm²"),
        ([], ""),
    ],
)
def test_units_note_names_the_units_present(names: list[MeasureName], note: str) -> None:
    assert units_note(names) == note


def test_the_clinician_labels_spell_abbreviations_out() -> None:
    assert MeasureName.MRD1.label == "Upper lid to pupil centre (MRD1)"
    assert MeasureName.MRD1.words == "MRD1"  # compact words for tables and FHIR displays
    assert MeasureName.PALPEBRAL_FISSURE.label == "Eye opening (palpebral fissure)"
    labels = [m.label for m in MeasureName]
    assert len(set(labels)) == len(labels)
