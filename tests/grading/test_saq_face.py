"""SAQ and FaCE: extremes, hand-computed cases, validation, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import GradingError
from bellpath.grading.face_scale import DOMAIN_ITEMS, FaceDomain, face_scale
from bellpath.grading.saq import saq


def test_saq_extremes_and_mixed() -> None:
    assert saq([1] * 9).total == 20.0  # no synkinesis reported
    assert saq([5] * 9).total == 100.0
    assert saq([1, 2, 3, 4, 5, 1, 2, 3, 4]).total == round(25 / 45 * 100, 1)  # 55.6


@pytest.mark.parametrize(
    ("items", "field", "fragment"),
    [
        ([1] * 8, "saq.items", "exactly 9 answers (got 8)"),
        ([1] * 8 + [6], "saq.items.8", "from 1 to 5 (got 6)"),
        ([0] + [1] * 8, "saq.items.0", "from 1 to 5 (got 0)"),
        ("111111111", "saq.items", "must be a list of 9 integers"),
    ],
    ids=["too-few", "above-range", "below-range", "not-a-list"],
)
def test_saq_errors(items: object, field: str, fragment: str) -> None:
    with pytest.raises(GradingError) as info:
        saq(items)  # type: ignore[arg-type]  # bad input on purpose
    assert info.value.field == field
    assert fragment in info.value.message


def test_face_domains_cover_every_item_once() -> None:
    numbers = sorted(n for items in DOMAIN_ITEMS.values() for n in items)
    assert numbers == list(range(1, 16))
    assert set(DOMAIN_ITEMS) == set(FaceDomain)


def test_face_extremes() -> None:
    best = face_scale([5] * 15)
    assert best.total == 100.0
    assert set(best.domains.values()) == {100.0}
    worst = face_scale([1] * 15)
    assert worst.total == 0.0
    assert set(worst.domains.values()) == {0.0}


def test_face_hand_computed() -> None:
    items = [3] * 15
    items[0] = 5  # facial movement items 1,2,3 -> (5+3+3-3)/12*100 = 66.7
    s = face_scale(items)
    assert s.domains[FaceDomain.FACIAL_MOVEMENT] == 66.7
    assert s.domains[FaceDomain.LACRIMAL_CONTROL] == 50.0
    assert s.total == round((47 - 15) / 60 * 100, 1)  # 53.3


def test_face_reversed_items_are_recoded() -> None:
    items = [5] * 15
    items[13] = 1  # item 14 (lacrimal control) answered 1 on a form where it is reverse-worded
    assert face_scale(items).domains[FaceDomain.LACRIMAL_CONTROL] == 0.0
    recoded = face_scale(items, reversed_items={14})
    assert recoded.domains[FaceDomain.LACRIMAL_CONTROL] == 100.0
    assert recoded.total == 100.0
    with pytest.raises(GradingError, match=r"item numbers 1 to 15 \(got 16\)"):
        face_scale(items, reversed_items={16})


def test_face_errors() -> None:
    with pytest.raises(GradingError, match=r"'face\.items' must hold exactly 15 answers .got 9."):
        face_scale([3] * 9)
    with pytest.raises(GradingError, match=r"'face\.items\.2' must be an integer from 1 to 5"):
        face_scale([3, 3, "x"] + [3] * 12)


answers = st.lists(st.integers(1, 5), min_size=15, max_size=15)


@given(answers, st.integers(0, 14))
def test_face_in_range_and_monotone(items: list[int], k: int) -> None:
    s = face_scale(items)
    assert 0 <= s.total <= 100
    assert all(0 <= v <= 100 for v in s.domains.values())
    if items[k] < 5:
        better = items.copy()
        better[k] += 1
        s2 = face_scale(better)
        assert s2.total > s.total
        assert all(s2.domains[d] >= s.domains[d] for d in FaceDomain)


@given(st.lists(st.integers(1, 5), min_size=9, max_size=9), st.integers(0, 8))
def test_saq_in_range_and_monotone(items: list[int], k: int) -> None:
    s = saq(items)
    assert 20 <= s.total <= 100
    if items[k] < 5:
        worse = items.copy()
        worse[k] += 1
        assert saq(worse).total > s.total
