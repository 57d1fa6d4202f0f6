"""The live mirror's per-frame figures: excursions, side ratio, eye narrowing, prompts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.case import Side
from bellpath.face.indices import BROW_LOWER, BROW_UPPER, MOUTH_CORNER
from bellpath.face.live import (
    BLINK_NARROWING_PCT,
    LIVE_MOVEMENTS,
    MAIN_FEATURE,
    NARROWING_PROMPT_PCT,
    NORMAL_SMILE_NARROWING_PCT,
    NORMAL_SMILE_NARROWING_SD_PCT,
    OVERPOWER_RATIO,
    FaceReading,
    Feature,
    MouthPoints,
    Prompt,
    SideReading,
    frame_figures,
    narrowing_pct,
    other_side,
    prompt_for,
    reading_from_measures,
    side_ratio,
)
from bellpath.face.measures import measure_face
from bellpath.face.testing import place, shift, symmetric_face
from bellpath.vocab.expressions import Expression

lengths = st.floats(min_value=1.0, max_value=60.0, allow_nan=False)
sides = st.builds(SideReading, lengths, lengths, lengths)
readings = st.builds(FaceReading, sides, sides)
coords = st.floats(min_value=-60.0, max_value=60.0, allow_nan=False)
mouths = st.builds(MouthPoints, st.tuples(coords, coords), st.tuples(coords, coords), coords)
readings_with_mouth = st.builds(FaceReading, sides, sides, mouths)
movements = st.sampled_from(LIVE_MOVEMENTS)
side_values = st.sampled_from(list(Side))


def _rest() -> FaceReading:
    side = SideReading(mouth_corner=28.0, brow=22.0, eye_aperture=10.0)
    return FaceReading(side, side)


def _smile(
    affected: Side, *, healthy_mm: float, affected_mm: float, eye_mm: float = 10.0
) -> FaceReading:
    """The mouth corners moved outward by the given mm, the affected eye open ``eye_mm``."""
    moved = {
        other_side(affected): SideReading(28.0 + healthy_mm, 22.0, 10.0),
        affected: SideReading(28.0 + affected_mm, 22.0, eye_mm),
    }
    return FaceReading(moved[Side.RIGHT], moved[Side.LEFT])


def test_the_prompt_threshold_is_the_normal_mean_plus_one_sd() -> None:
    assert (
        pytest.approx(NORMAL_SMILE_NARROWING_PCT + NORMAL_SMILE_NARROWING_SD_PCT)
        == NARROWING_PROMPT_PCT
    )
    assert 30.0 < NARROWING_PROMPT_PCT < 40.0


@given(readings, readings, movements, side_values)
def test_ratio_is_symmetric_under_a_side_swap(
    reading: FaceReading, rest: FaceReading, movement: Expression, affected: Side
) -> None:
    # The same face seen in a mirror, with the other side affected, gives the same figures.
    a = frame_figures(reading, rest, movement=movement, affected_side=affected)
    b = frame_figures(
        reading.swapped(), rest.swapped(), movement=movement, affected_side=other_side(affected)
    )
    assert a.ratio == b.ratio
    assert a.eye_narrowing_pct == b.eye_narrowing_pct
    assert (a.affected_mm, a.healthy_mm) == (b.affected_mm, b.healthy_mm)


@given(readings, readings, movements, side_values, st.floats(min_value=0.2, max_value=5.0))
def test_figures_do_not_depend_on_the_scale(
    reading: FaceReading, rest: FaceReading, movement: Expression, affected: Side, k: float
) -> None:
    # Ratio and narrowing are ratios of lengths: a different mm scale changes neither.
    def scaled(r: FaceReading) -> FaceReading:
        def one(s: SideReading) -> SideReading:
            return SideReading(*(k * s.get(f) for f in Feature))

        return FaceReading(one(r.right), one(r.left))

    a = frame_figures(reading, rest, movement=movement, affected_side=affected)
    b = frame_figures(scaled(reading), scaled(rest), movement=movement, affected_side=affected)
    assert b.eye_narrowing_pct == pytest.approx(a.eye_narrowing_pct, abs=1e-6)
    if a.ratio is not None and b.ratio is not None:
        assert b.ratio == pytest.approx(a.ratio, rel=1e-6)


@given(readings, movements, side_values)
def test_no_movement_no_figures_and_no_prompt(
    rest: FaceReading, movement: Expression, affected: Side
) -> None:
    figures = frame_figures(rest, rest, movement=movement, affected_side=affected)
    assert figures.affected_mm == figures.healthy_mm == 0.0
    assert figures.ratio is None  # a ratio to nothing means nothing
    assert figures.eye_narrowing_pct == 0.0
    assert prompt_for(figures) is None


@given(lengths, lengths)
def test_narrowing_is_zero_when_the_eye_is_unchanged_and_grows_as_it_closes(
    aperture: float, frac: float
) -> None:
    assert narrowing_pct(aperture, aperture) == 0.0
    closing = aperture * (1 - min(frac, 59.0) / 60.0)
    assert narrowing_pct(aperture, closing) == pytest.approx(100 * min(frac, 59.0) / 60.0)
    assert narrowing_pct(0.0, aperture) is None


@given(st.floats(min_value=-10, max_value=10), st.floats(min_value=1.0, max_value=10))
def test_ratio_is_affected_over_healthy_once_the_healthy_side_moves(a: float, h: float) -> None:
    assert side_ratio(a, h) == pytest.approx(max(0.0, a / h))  # the wrong way is no movement
    assert side_ratio(a, 0.5) is None


@pytest.mark.parametrize("movement", LIVE_MOVEMENTS, ids=lambda m: m.value)
def test_each_movement_follows_its_own_feature_in_its_direction(movement: Expression) -> None:
    feature, direction = MAIN_FEATURE[movement]
    rest = _rest()

    def moved(mm: float) -> SideReading:
        base = rest.right
        return SideReading(
            *(base.get(f) + (direction * mm if f is feature else 0.0) for f in Feature)
        )

    reading = FaceReading(moved(4.0), moved(2.0))
    figures = frame_figures(reading, rest, movement=movement, affected_side=Side.LEFT)
    assert figures.healthy_mm == pytest.approx(4.0)
    assert figures.affected_mm == pytest.approx(2.0)
    assert figures.ratio == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("eye_mm", "movement", "expected"),
    [
        (10.0, Expression.SMILE, None),  # eye unchanged
        (8.0, Expression.SMILE, None),  # 20 %: a normal smile's narrowing
        (5.0, Expression.SMILE, Prompt.NARROWING),  # 50 %: beyond mean + 1 SD
        (5.0, Expression.PUCKER, None),  # a pucker moves the corner INWARD: here it moved out
        (5.0, Expression.BROW_RAISE, None),  # not a mouth movement
    ],
)
def test_narrowing_prompt(eye_mm: float, movement: Expression, expected: Prompt | None) -> None:
    reading = _smile(Side.LEFT, healthy_mm=4.0, affected_mm=3.0, eye_mm=eye_mm)
    figures = frame_figures(reading, _rest(), movement=movement, affected_side=Side.LEFT)
    assert prompt_for(figures) is expected


def test_a_blink_is_not_a_linked_movement() -> None:
    reading = _smile(Side.RIGHT, healthy_mm=4.0, affected_mm=3.0, eye_mm=1.0)
    healthy_closed = 10.0 * (1 - (BLINK_NARROWING_PCT + 5) / 100)
    blink = FaceReading(reading.right, SideReading(32.0, 22.0, healthy_closed))
    figures = frame_figures(blink, _rest(), movement=Expression.SMILE, affected_side=Side.RIGHT)
    assert prompt_for(figures) is None
    alone = frame_figures(reading, _rest(), movement=Expression.SMILE, affected_side=Side.RIGHT)
    assert prompt_for(alone) is Prompt.NARROWING


@pytest.mark.parametrize(
    ("healthy_mm", "affected_mm", "expected"),
    [
        (6.0, 1.0, Prompt.OVERPOWER),  # ratio 0.17
        (6.0, 2.9, Prompt.OVERPOWER),  # just under half
        (6.0, 3.1, None),  # just over half
        (2.0, 0.2, None),  # the healthy side has not clearly moved yet
    ],
)
def test_overpower_prompt(healthy_mm: float, affected_mm: float, expected: Prompt | None) -> None:
    reading = _smile(Side.LEFT, healthy_mm=healthy_mm, affected_mm=affected_mm)
    figures = frame_figures(reading, _rest(), movement=Expression.SMILE, affected_side=Side.LEFT)
    assert figures.ratio is not None
    assert (figures.ratio < OVERPOWER_RATIO) == (affected_mm / healthy_mm < OVERPOWER_RATIO)
    assert prompt_for(figures) is expected


@pytest.mark.parametrize("mm", [1.0, 3.0], ids=["1mm", "3mm"])
def test_reading_from_exact_landmarks(mm: float) -> None:
    # The readings are the photo measures: moving one brow up by mm moves only that brow.
    face = symmetric_face()
    rest = reading_from_measures(measure_face(place(face), affected_side=None))
    raised = shift(face, BROW_UPPER[Side.LEFT] + BROW_LOWER[Side.LEFT], dy=mm)
    moved = reading_from_measures(measure_face(place(raised), affected_side=None))
    exc = moved.minus(rest)
    assert exc.left.brow == pytest.approx(mm, abs=1e-6)
    assert exc.right.brow == pytest.approx(0.0, abs=1e-6)
    assert exc.left.mouth_corner == pytest.approx(0.0, abs=1e-6)
    outward = shift(face, [MOUTH_CORNER[Side.RIGHT]], dy=0.0, dx=-mm)  # right corner: X < 0
    smile = reading_from_measures(measure_face(place(outward), affected_side=None)).minus(rest)
    assert smile.right.mouth_corner > 0.0
    assert math.isclose(smile.left.mouth_corner, 0.0, abs_tol=1e-6)


@given(readings_with_mouth, readings_with_mouth, movements, side_values)
def test_with_mouth_points_the_ratio_is_still_symmetric_under_a_side_swap(
    reading: FaceReading, rest: FaceReading, movement: Expression, affected: Side
) -> None:
    a = frame_figures(reading, rest, movement=movement, affected_side=affected)
    b = frame_figures(
        reading.swapped(), rest.swapped(), movement=movement, affected_side=other_side(affected)
    )
    assert a.ratio == b.ratio  # hypot(-x, y) is hypot(x, y): exactly the same figures
    assert (a.affected_mm, a.healthy_mm) == (b.affected_mm, b.healthy_mm)


@given(readings_with_mouth, readings_with_mouth, coords)
def test_mouth_corners_are_measured_from_the_rest_lip_midline(
    reading: FaceReading, rest: FaceReading, lip_mid_y: float
) -> None:
    # Issue 19: the current frame's lower-lip midline point (which the landmark model moves during
    # a smile) does not change the corners' excursions; the rest midline does the measuring.
    assert reading.mouth is not None
    assert rest.mouth is not None
    moved_mid = FaceReading(
        reading.right, reading.left, MouthPoints(reading.mouth.right, reading.mouth.left, lip_mid_y)
    )
    exc, exc_moved = reading.minus(rest), moved_mid.minus(rest)
    for s in Side:
        assert exc_moved.side(s).mouth_corner == exc.side(s).mouth_corner
        x, y = reading.mouth.corner(s)
        x0, y0 = rest.mouth.corner(s)
        m = rest.mouth.lip_mid_y
        expected = math.hypot(x, y - m) - math.hypot(x0, y0 - m)
        assert exc.side(s).mouth_corner == pytest.approx(expected, abs=1e-9)
        # the brow and the eye are the photo measures' changes, as without mouth points
        assert exc.side(s).brow == reading.side(s).brow - rest.side(s).brow


def test_without_mouth_points_the_photo_measure_is_used() -> None:
    mouth = MouthPoints((-25.0, -48.0), (25.0, -48.0), -56.0)
    rest = FaceReading(_rest().right, _rest().left, mouth)
    smile = _smile(Side.RIGHT, healthy_mm=4.0, affected_mm=2.0)  # no mouth points
    exc = smile.minus(rest)
    assert exc.left.mouth_corner == pytest.approx(4.0)
    assert exc.right.mouth_corner == pytest.approx(2.0)
