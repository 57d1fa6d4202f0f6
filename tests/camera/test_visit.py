"""The automated eFACE subset from one visit's measures (pure: synthetic measure sets)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.camera.visit import AUTOMATED_ITEMS, LABEL, automated_eface
from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.expressions import Expression
from bellpath.grading.eface import EfaceItem


def _bi(right: float, left: float) -> dict[str, Any]:
    return {"right": right, "left": left, "difference": abs(right - left), "percent": None}


def _measures(
    *,
    brow: tuple[float, float] = (16.0, 16.0),
    fissure: tuple[float, float] = (10.0, 10.0),
    excursion: tuple[float, float] = (25.0, 25.0),
    dental: tuple[float, float] = (20.0, 20.0),
    corner_dev: float = 0.0,
    lower: str | None = None,
) -> dict[str, Any]:
    return {
        "brow_height": _bi(*brow),
        "palpebral_fissure": _bi(*fissure),
        "commissure_excursion": _bi(*excursion),
        "dental_area": _bi(*dental),
        "commissure_height_deviation": {"value": corner_dev, "side": lower},
    }


SYMMETRIC_VISIT = {
    Expression.REST: _measures(),
    Expression.BROW_RAISE: _measures(brow=(22.0, 22.0)),
    Expression.GENTLE_CLOSURE: _measures(fissure=(0.5, 0.5)),
    Expression.TIGHT_CLOSURE: _measures(fissure=(0.0, 0.0)),
    Expression.SMILE: _measures(excursion=(32.0, 32.0), fissure=(8.0, 8.0)),
    Expression.EEE: _measures(dental=(80.0, 80.0)),
}


def _scores(visit: dict[Expression, dict[str, Any]], side: Side = Side.LEFT) -> dict[str, Any]:
    subset = automated_eface(visit, affected_side=side)
    return {i.item.value: i.score for i in subset.items}


def test_a_symmetric_face_scores_100_everywhere() -> None:
    subset = automated_eface(SYMMETRIC_VISIT, affected_side=Side.LEFT)
    assert [i.item for i in subset.items] == list(AUTOMATED_ITEMS)
    assert all(i.score == pytest.approx(100.0) for i in subset.items)
    assert subset.total == pytest.approx(100.0)
    assert subset.to_json()["label"] == LABEL
    assert "not the clinician eFACE" in LABEL


def test_a_flaccid_left_side() -> None:
    visit = {
        Expression.REST: _measures(
            brow=(16.0, 12.0), fissure=(10.0, 12.0), corner_dev=4.0, lower="left"
        ),
        Expression.BROW_RAISE: _measures(brow=(22.0, 12.0)),  # left brow does not rise
        Expression.GENTLE_CLOSURE: _measures(fissure=(0.5, 9.0)),
        Expression.TIGHT_CLOSURE: _measures(fissure=(0.0, 6.0)),
        Expression.SMILE: _measures(excursion=(32.0, 25.5), fissure=(8.0, 12.0)),
        Expression.EEE: _measures(dental=(80.0, 20.0)),
    }
    s = _scores(visit)
    assert s[EfaceItem.BROW_REST] == pytest.approx(75.0)  # 12/16 -> raw 75
    assert s[EfaceItem.PALPEBRAL_FISSURE_REST] == pytest.approx(80.0)  # wider: raw 80
    assert s[EfaceItem.ORAL_COMMISSURE_REST] == pytest.approx(60.0)  # 4 mm of 10
    assert s[EfaceItem.BROW_ELEVATION] == pytest.approx(0.0)
    assert s[EfaceItem.GENTLE_EYE_CLOSURE] == pytest.approx((1 - 9 / 12) / 0.95 * 100, abs=0.1)
    assert s[EfaceItem.FULL_EYE_CLOSURE] == pytest.approx(50.0)
    assert s[EfaceItem.ORAL_COMMISSURE_SMILE] == pytest.approx(0.5 / 7 * 100, abs=0.1)
    assert s[EfaceItem.LOWER_LIP_EEE] == pytest.approx(0.0)
    assert s[EfaceItem.OCULAR_SYNKINESIS] == pytest.approx(100.0)  # no narrowing


def test_ocular_synkinesis_is_the_affected_eye_narrowing_during_smile() -> None:
    visit = dict(SYMMETRIC_VISIT)
    visit[Expression.SMILE] = _measures(excursion=(32.0, 30.0), fissure=(9.0, 4.5))
    assert _scores(visit)[EfaceItem.OCULAR_SYNKINESIS] == pytest.approx(50.0)
    # the same narrowing on the healthy side is not the affected side's synkinesis
    assert _scores(visit, Side.RIGHT)[EfaceItem.OCULAR_SYNKINESIS] == pytest.approx(100.0)


def test_missing_photos_and_unmoved_healthy_side_are_explained() -> None:
    visit = {Expression.REST: _measures(), Expression.SMILE: _measures()}
    subset = automated_eface(visit, affected_side=Side.RIGHT)
    by_item = {i.item: i for i in subset.items}
    assert by_item[EfaceItem.BROW_ELEVATION].score is None
    assert by_item[EfaceItem.BROW_ELEVATION].reason == "no brow_raise photo in this visit"
    smile = by_item[EfaceItem.ORAL_COMMISSURE_SMILE]
    assert smile.score is None
    assert "healthy side moved only 0.0 mm" in smile.reason
    assert subset.static == pytest.approx(100.0)
    assert subset.dynamic is None
    assert subset.total == pytest.approx(100.0)  # over the groups present


def test_side_and_rest_photo_are_required() -> None:
    with pytest.raises(InputError, match="--side"):
        automated_eface(SYMMETRIC_VISIT, affected_side=None)
    with pytest.raises(InputError, match="no rest photo"):
        automated_eface({Expression.SMILE: _measures()}, affected_side=Side.LEFT)


@given(
    st.floats(min_value=0.0, max_value=12.0),
    st.floats(min_value=0.0, max_value=12.0),
)
def test_more_brow_rise_on_the_affected_side_never_lowers_the_score(a0: float, a1: float) -> None:
    lo, hi = sorted((a0, a1))

    def score(rise: float) -> float:
        visit = {
            Expression.REST: _measures(),
            Expression.BROW_RAISE: _measures(brow=(22.0, 16.0 + rise)),
        }
        value = _scores(visit)[EfaceItem.BROW_ELEVATION]
        assert value is not None
        assert 0.0 <= value <= 100.0
        return float(value)

    assert score(lo) <= score(hi)


@pytest.mark.slow
def test_end_to_end_a_brow_that_does_not_rise() -> None:
    # Real photos through the real pipeline: the "rest" photo has both brows 4 mm lower than the
    # "brow raise" photo on the right, while the left brow stays where it was: only the right
    # brow rose. With the left side affected, brow elevation must score low; with the right side
    # called affected, the "healthy" left did not move, so the item is not scored and says why.
    from bellpath.camera.pipeline import default_detector, measure_photo  # noqa: PLC0415
    from bellpath.camera.synthetic import Warp, WarpTarget, astronaut_face, warp_face  # noqa: PLC0415

    face = astronaut_face(4.0)
    rest = warp_face(
        face, [Warp(WarpTarget.BROW, Side.RIGHT, 4.0), Warp(WarpTarget.BROW, Side.LEFT, 4.0)]
    )
    raised = warp_face(face, [Warp(WarpTarget.BROW, Side.LEFT, 4.0)])
    detector = default_detector()
    try:
        photos = {
            Expression.REST: measure_photo(rest, affected_side=None, detector=detector),
            Expression.BROW_RAISE: measure_photo(raised, affected_side=None, detector=detector),
        }
    finally:
        detector.close()  # type: ignore[attr-defined]
    measures = {e: r.to_json()["measures"] for e, r in photos.items()}
    left = _scores(measures, Side.LEFT)[EfaceItem.BROW_ELEVATION]
    assert left is not None
    assert left < 30.0
    swapped = automated_eface(measures, affected_side=Side.RIGHT)
    item = next(i for i in swapped.items if i.item is EfaceItem.BROW_ELEVATION)
    assert item.score is None
    assert "healthy side moved only" in item.reason
