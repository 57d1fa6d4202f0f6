"""eFACE: folding, subscores, weighted total, regions, validation, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import GradingError
from bellpath.grading.eface import (
    EfaceGroup,
    EfaceItem,
    EfaceRegion,
    EfaceWeights,
    eface,
    eface_total_only,
    fold,
)


def _items(static: float = 100, dynamic: float = 100, synk: float = 100) -> dict[str, object]:
    values = {EfaceGroup.STATIC: static, EfaceGroup.DYNAMIC: dynamic, EfaceGroup.SYNKINESIS: synk}
    return {i.value: values[i.group] for i in EfaceItem}


def test_fifteen_items_in_three_groups() -> None:
    groups = [i.group for i in EfaceItem]
    assert (groups.count(EfaceGroup.STATIC), groups.count(EfaceGroup.DYNAMIC)) == (4, 7)
    assert groups.count(EfaceGroup.SYNKINESIS) == 4
    assert all(i.two_direction == (i.group is EfaceGroup.STATIC) for i in EfaceItem)


@pytest.mark.parametrize(("raw", "folded"), [(100, 100), (0, 0), (200, 0), (150, 50), (60, 60)])
def test_fold(raw: float, folded: float) -> None:
    assert fold(raw) == folded


def test_normal_face_scores_100_everywhere() -> None:
    s = eface(_items())
    assert (s.static, s.dynamic, s.synkinesis, s.total) == (100, 100, 100, 100)
    assert s.regions == dict.fromkeys(EfaceRegion, 100.0)
    assert not s.flaccid_range


def test_complete_flaccid_face() -> None:
    # static items drooping halfway (fold 50), no movement, no synkinesis
    s = eface(_items(static=150, dynamic=0, synk=100))
    assert (s.static, s.dynamic, s.synkinesis) == (50, 0, 100)
    assert s.total == pytest.approx((50 + 0 + 100) / 4)
    assert s.flaccid_range


def test_hand_computed_mixed_case() -> None:
    items = _items(static=100, dynamic=80, synk=90)
    items["palpebral_fissure_rest"] = 130  # folds to 70: static mean (100+70+100+100)/4 = 92.5
    items["lower_lip_eee"] = 45  # dynamic (6*80 + 45)/7 = 75.0
    s = eface(items)
    assert s.static == 92.5
    assert s.dynamic == 75.0
    assert s.synkinesis == 90.0
    assert s.total == pytest.approx((92.5 + 2 * 75 + 90) / 4, abs=0.05)
    assert s.regions is not None
    # lower face: lower lip 45, mentalis 90, platysma 90 -> 75
    assert s.regions[EfaceRegion.LOWER_FACE] == 75.0


def test_weights_are_overridable() -> None:
    items = _items(static=100, dynamic=40, synk=100)
    assert eface(items).total == 70.0  # (100 + 80 + 100) / 4
    assert eface(items, weights=EfaceWeights(1, 1, 1)).total == 80.0
    with pytest.raises(GradingError, match=r"'weights\.dynamic' must be a number >= 0"):
        EfaceWeights(dynamic=-1)
    with pytest.raises(GradingError, match="must not all be zero"):
        EfaceWeights(0, 0, 0)


@pytest.mark.parametrize(
    ("item", "value", "fragment"),
    [
        ("brow_rest", 201, "from 0 to 200 (got 201)"),
        ("brow_elevation", 101, "from 0 to 100 (got 101)"),
        ("ocular_synkinesis", -1, "from 0 to 100 (got -1)"),
        ("full_eye_closure", float("nan"), "(got nan)"),
        ("gentle_eye_closure", "lots", "(got 'lots')"),
    ],
    ids=["static-above-200", "dynamic-above-100", "negative", "nan", "text"],
)
def test_item_errors_name_the_item(item: str, value: object, fragment: str) -> None:
    items = _items()
    items[item] = value
    with pytest.raises(GradingError) as info:
        eface(items)
    assert info.value.field == f"eface.items.{item}"
    assert fragment in info.value.message


def test_missing_and_unknown_items() -> None:
    items = _items()
    del items["platysmal_synkinesis"]
    with pytest.raises(GradingError, match=r"'eface\.items\.platysmal_synkinesis' is missing"):
        eface(items)
    with pytest.raises(GradingError, match=r"'eface\.items\.nose' is not an item"):
        eface(_items() | {"nose": 50})


def test_total_only() -> None:
    assert eface_total_only(55.5).total == 55.5
    with pytest.raises(GradingError, match=r"'eface\.total' must be a number from 0 to 100"):
        eface_total_only(120)


values = st.floats(0, 100, allow_nan=False)


@given(st.dictionaries(st.sampled_from(list(EfaceItem)), values), st.sampled_from(list(EfaceItem)))
def test_scores_in_range_and_monotone(overrides: dict[EfaceItem, float], item: EfaceItem) -> None:
    items: dict[str, object] = {i.value: overrides.get(i, 100.0) for i in EfaceItem}
    s = eface(items)
    for part in (s.static, s.dynamic, s.synkinesis, s.total):
        assert part is not None and 0 <= part <= 100
    # moving one item towards normal never lowers the total
    improved = dict(items)
    improved[item.value] = 100.0
    assert eface(improved).total >= s.total
