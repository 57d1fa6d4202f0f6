"""The vocabulary: every code has words, units are UCUM, LOINC codes agree, and the Case still
hands every moved name on."""

from __future__ import annotations

from enum import StrEnum

import pytest

import bellpath.case
from bellpath import vocab
from bellpath.vocab import (
    LAB_LOINC,
    Analyte,
    Coded,
    LabUnit,
    MeasureName,
    MeasureUnit,
    Specimen,
    Term,
    define_terms,
)

FAMILIES: list[type[Coded]] = [
    kind for kind in vars(vocab).values() if isinstance(kind, type) and issubclass(kind, Coded)
]
FAMILIES = [kind for kind in FAMILIES if kind is not Coded]


def test_every_family_is_found() -> None:
    names = {kind.__name__ for kind in FAMILIES}
    assert {"Finding", "Phase", "Analyte", "MeasureName", "Expression", "Scale"} <= names


@pytest.mark.parametrize("kind", FAMILIES, ids=lambda k: k.__name__)
def test_every_member_has_words_and_a_source(kind: type[Coded]) -> None:
    for member in kind:
        assert member.label.strip(), member
        assert member.patient.strip(), member
        assert member.source.strip(), member
        assert member.term.name, f"{member!r} has no name (its words in running text)"
        # A label is words, never the code with its underscores.
        assert "_" not in member.label, member
        assert "_" not in member.patient, member


def test_a_table_missing_a_member_is_refused() -> None:
    class Colour(StrEnum):
        RED = "red"
        BLUE = "blue"

    with pytest.raises(TypeError, match="Colour has no vocabulary row for blue"):
        define_terms(Colour, {Colour.RED: Term("red", "Red", "red")})


def test_lab_units_are_ucum_codes() -> None:
    assert {u.ucum for u in LabUnit} == {
        "pg/mL", "ng/L", "pmol/L", "nmol/L", "umol/L", "ng/mL", "ug/L", "mg/L",
    }  # fmt: skip
    for analyte in Analyte:
        assert analyte.unit in LabUnit


def test_each_analytes_loinc_is_a_row_of_the_one_loinc_table() -> None:
    rows = {(row.analyte, row.loinc) for row in LAB_LOINC}
    for analyte in Analyte:
        if analyte.loinc is not None:
            assert (analyte, analyte.loinc) in rows
        # the canonical unit fits the analyte's own code
        fitting = [r for r in LAB_LOINC if r.analyte is analyte and analyte.unit.ucum in r.units]
        assert bool(fitting) is (analyte.loinc is not None), analyte


def test_specimens_carry_snomed_codes() -> None:
    assert all(s.term.snomed and s.term.snomed.isdigit() for s in Specimen)


@pytest.mark.parametrize(
    ("measure", "unit"),
    [
        (MeasureName.SMILE_ANGLE, MeasureUnit.DEGREES),
        (MeasureName.EYE_AREA, MeasureUnit.MM2),
        (MeasureName.DENTAL_AREA, MeasureUnit.MM2),
        (MeasureName.MRD1, MeasureUnit.MM),
    ],
)
def test_measures_know_their_unit(measure: MeasureName, unit: MeasureUnit) -> None:
    assert measure.unit is unit
    assert measure.term.unit == unit.value


def test_the_case_hands_every_moved_enum_on() -> None:
    for name in bellpath.case.__all__:
        if hasattr(vocab, name):
            assert getattr(bellpath.case, name) is getattr(vocab, name)
