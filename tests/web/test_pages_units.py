"""The pure parts of the pages: form reading, labels, milestones, practice summary, photo table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import FormData, UploadFile

from bellpath import case as case_module
from bellpath.assess import assess
from bellpath.case import Case, Finding, Side
from bellpath.errors import GradingError, InputError
from bellpath.grading.entries import Scale
from bellpath.vocab import Coded, QualityWarning
from bellpath.web.pages._forms import FormReader, friendly
from bellpath.web.pages._labels import label, options
from bellpath.web.pages._render import templates
from bellpath.web.pages._scales import read_scale, scale_form
from bellpath.web.pages._views import (
    milestone_views,
    next_milestone,
    photo_view,
    practice_summary,
)

TODAY = dt.date(2026, 3, 1)


def reader(**fields: str | list[str]) -> FormReader:
    items: list[tuple[str, str | UploadFile]] = []
    for name, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            items.append((name, v))
    return FormReader(FormData(items))


# ----------------------------------------------------------------------------- labels

ENUMS = [
    obj
    for obj in vars(case_module).values()
    if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum
]


def test_every_enum_the_case_hands_on_is_in_the_vocabulary() -> None:
    assert ENUMS and all(issubclass(kind, Coded) for kind in ENUMS)


@pytest.mark.parametrize("kind", ENUMS, ids=lambda k: k.__name__)
def test_every_coded_value_has_a_readable_label(kind: type[Coded]) -> None:
    for member in kind:
        text = label(member)
        assert text and "_" not in text, member


def test_every_phase_has_plain_words_for_patients() -> None:
    phase_plain = templates.env.globals["phase_plain"]
    assert callable(phase_plain)
    for phase in case_module.Phase:
        assert phase.explain, phase
        assert phase_plain(phase) == phase.explain  # the page shows the vocabulary's words


def test_label_is_the_vocabulary_label_and_refuses_a_code_without_a_row() -> None:
    assert label(Finding.FOREHEAD_SPARING) == Finding.FOREHEAD_SPARING.term.label

    class Loose(StrEnum):
        SOME_CODE = "some_code"

    with pytest.raises(TypeError, match="no vocabulary row"):
        label(Loose.SOME_CODE)  # type: ignore[arg-type]


def test_options_keep_enum_order() -> None:
    assert [v for v, _ in options(Side)] == ["left", "right"]


# ----------------------------------------------------------------------------- forms


def test_friendly_message_names_field_allowed_and_received() -> None:
    assert friendly("Age", "a whole number from 0 to 120", "abc") == (
        "Age: a whole number from 0 to 120. You entered \u201cabc\u201d."
    )
    assert friendly("Name", "please fill this in", "").endswith("You entered nothing.")


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_integer_reader_accepts_exactly_the_range(value: int) -> None:
    form = reader(age=str(value))
    got = form.integer("age", 0, 120)
    assert (got == value) == (0 <= value <= 120)
    assert form.ok == (0 <= value <= 120)


@given(st.text(max_size=20))
def test_number_reader_never_raises_and_explains(text: str) -> None:
    form = reader(value=text)
    got = form.number("value", 0, 100)
    assert (got is None) == (not form.ok) or text.strip() == ""
    if not form.ok:
        assert "You entered" in form.errors["value"]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2026-02-01", True),
        ("2026-02-30", False),  # no such day
        ("01/02/2026", False),  # not the picker's format
        ("2026-03-02", False),  # after today
        ("2025-12-31", False),  # before the given bound
    ],
)
def test_date_reader_bounds(text: str, ok: bool) -> None:
    form = reader(onset=text)
    got = form.date("onset", not_before=dt.date(2026, 1, 1), not_after=TODAY)
    assert form.ok is ok
    assert (got is not None) is ok


def test_number_reader_accepts_a_decimal_comma() -> None:
    assert reader(value="12,5").number("value", 0, 100) == 12.5


def test_choices_reader_refuses_unknown_and_drops_duplicates() -> None:
    form = reader(findings=["bilateral", "bilateral", "alien"])
    assert form.choices("findings", Finding) == [Finding.BILATERAL]
    assert "\u201calien\u201d" in form.errors["findings"]


def test_input_error_goes_to_its_field_or_the_fallback() -> None:
    form = reader(unit="mg")
    form.raw("unit")
    form.add_input_error(
        InputError("labs.0.unit", allowed=["pg/mL"], received="mg"), prefix="labs.0."
    )
    assert "please choose one of pg/mL" in form.errors["unit"]
    other = reader()
    other.add_input_error(InputError("elsewhere", "'elsewhere' is wrong"), fallback="date")
    assert other.errors == {"date": "Date: 'elsewhere' is wrong"}


def test_first_message_per_field_wins() -> None:
    form = reader()
    form.add_error("x", "first")
    form.add_error("x", "second")
    assert form.errors == {"x": "first"}


# ----------------------------------------------------------------------------- scale forms


@pytest.mark.parametrize("scale", list(Scale), ids=lambda s: s.value)
def test_every_scale_form_has_a_label_for_every_field(scale: Scale) -> None:
    form = scale_form(scale)
    names = [f.name for section in form.sections for f in section.fields]
    assert names and len(names) == len(set(names))
    assert set(names) <= set(form.labels)


def test_saq_form_becomes_the_grading_contract() -> None:
    form = scale_form(Scale.SAQ)
    fields = {f"items.{i}": str(1 + i % 5) for i in range(9)}
    date, items = read_scale(form, reader(date="2026-02-01", **fields), today=TODAY, onset=None)
    assert date == dt.date(2026, 2, 1)
    assert items == {"items": [1, 2, 3, 4, 5, 1, 2, 3, 4]}


def test_scale_error_from_the_grading_module_lands_on_its_field() -> None:
    form = reader()
    form.raw("voluntary.snarl")
    error = GradingError("sunnybrook.voluntary.snarl", allowed=range(1, 6), received=7)
    form.add_input_error(error, prefix="sunnybrook.", fallback="date")
    assert "voluntary.snarl" in form.errors


# ----------------------------------------------------------------------------- views


def test_milestones_are_in_date_order_with_one_now() -> None:
    assessment = assess(Case(onset=dt.date(2026, 1, 20), as_of=TODAY))
    views = milestone_views(assessment)
    states = [v.state for v in views]
    assert states.count("now") == 1
    assert states.index("now") == states.count("past")
    assert all(s == "next" for s in states[states.index("now") + 1 :])
    assert any(v.title == "First movement expected" for v in views)


def test_next_milestone_says_red_flags_first() -> None:
    flagged = assess(Case(onset=dt.date(2026, 2, 25), as_of=TODAY, findings=[Finding.BILATERAL]))
    assert next_milestone(flagged) == "urgent assessment (red flags)"
    calm = assess(Case(onset=dt.date(2026, 2, 25), as_of=TODAY))
    assert "·" in next_milestone(calm)


@dataclass
class _Practice:
    date: dt.date
    minutes: int


def test_practice_summary_counts_days_minutes_and_the_run() -> None:
    days = [TODAY - dt.timedelta(days=n) for n in (0, 1, 2, 4, 20)]
    entries = [_Practice(d, 10) for d in days] + [_Practice(TODAY, 5)]
    summary = practice_summary(entries, TODAY)
    assert summary.active_days == 4  # day 20 is outside the two weeks
    assert summary.minutes == 45
    assert summary.streak == 3  # today, yesterday, the day before; then a gap


def test_practice_summary_of_nothing() -> None:
    summary = practice_summary([], TODAY)
    assert (summary.active_days, summary.minutes, summary.streak) == (0, 0, 0)


def test_photo_view_formats_two_sided_and_single_measures() -> None:
    view = photo_view(
        {
            "calibration": {"method": "iris", "mm_per_px": 0.05},
            "warnings": ["pose", "yaw"],
            "measures": {
                "smile_angle": {"right": 10.0, "left": 5.25, "difference": 4.75, "percent": None},
                "facial_asymmetry_index": {"value": 0.1234},
            },
        }
    )
    row = view.rows[0]
    assert (row.name, row.right, row.left, row.percent) == ("Smile angle", "10.0°", "5.2°", "—")
    assert view.singles == [("Facial asymmetry index", "0.1")]
    assert view.warnings[0] == "Pose"
    # the vocabulary's label, then its advice
    assert view.warnings[1] == f"Head turned (yaw): {QualityWarning.YAW.advice}."
    assert "iris diameter" in view.calibration
