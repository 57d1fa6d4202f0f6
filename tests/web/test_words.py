"""Messages in the form's own words, and one date style per page."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import FormData

from bellpath.dates import DateStyle, format_day, using_style
from bellpath.grading.entries import Scale
from bellpath.web.pages._forms import FormReader, number_words
from bellpath.web.pages._scales import read_scale, scale_form

DAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("style", "written"),
    [
        (DateStyle.DAY_MONTH, "7 Dec 2026"),  # the default
        (DateStyle.MONTH_DAY, "Dec 7, 2026"),
        (DateStyle.ISO, "2026-12-07"),
    ],
    ids=["day-month", "month-day", "iso"],
)
def test_one_date_style_at_a_time(style: DateStyle, written: str) -> None:
    assert format_day(DAY) == "7 Dec 2026"
    with using_style(style):
        assert format_day(DAY) == written
    assert format_day(DAY) == "7 Dec 2026"  # restored after the block
    assert format_day(None) == "\u2014"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_every_style_keeps_the_day_month_and_year(day: dt.date) -> None:
    for style in DateStyle:
        text = style.write(day)
        assert str(day.year) in text
        assert str(day.day) in text


@pytest.mark.parametrize(
    ("value", "words"),
    [(50_000, "50,000"), (0, "0"), (1e9, "1,000,000,000"), (0.5, "0.5"), (1440, "1,440")],
)
def test_bounds_are_written_as_people_write_numbers(value: float, words: str) -> None:
    assert number_words(value) == words


def _scale_reader(scale: Scale, fields: dict[str, str]) -> FormReader:
    reader = FormReader(FormData({"date": "2026-03-01", **fields}), scale_form(scale).labels)
    read_scale(scale_form(scale), reader, today=dt.date(2026, 3, 1), onset=dt.date(2026, 1, 1))
    return reader


def test_house_brackmann_message_uses_the_grades_the_form_shows() -> None:
    message = _scale_reader(Scale.HOUSE_BRACKMANN, {"grade": "7"}).errors["grade"]
    assert "\u201cI Normal\u201d" in message
    assert "\u201cVI Total paralysis\u201d" in message
    assert "1, 2" not in message


def test_saq_message_uses_the_answer_sentences() -> None:
    answers = {f"items.{i}": "2" for i in range(9)}
    answers["items.3"] = "9"
    message = _scale_reader(Scale.SAQ, answers).errors["items.3"]
    assert "\u201cSeldom or never\u201d" in message
    assert "or \u201cAll the time\u201d" in message
    assert "You entered \u201c9\u201d" in message
