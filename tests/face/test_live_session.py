"""A live mirror session: rest baseline, repetitions, prompts held, the saved summary."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath.case import Side
from bellpath.errors import InputError
from bellpath.face.live import (
    NARROWING_PROMPT_PCT,
    FaceReading,
    MouthPoints,
    SideReading,
    frame_figures,
    other_side,
)
from bellpath.face.live_session import (
    PROMPT_HOLD_FRAMES,
    REP_START_MM,
    STEADY_S,
    STEADY_TOLERANCE_MM,
    BaselineCollector,
    LiveSession,
    RepCounter,
    median_reading,
)
from bellpath.vocab.expressions import Expression

FPS = 12.0
REST = SideReading(mouth_corner=28.0, brow=22.0, eye_aperture=10.0)


def _face(affected: Side, *, healthy_mm: float, affected_mm: float, eye_pct: float) -> FaceReading:
    """Both mouth corners moved outward; the affected eye narrowed by ``eye_pct``."""
    sides = {
        other_side(affected): SideReading(REST.mouth_corner + healthy_mm, REST.brow, 10.0),
        affected: SideReading(
            REST.mouth_corner + affected_mm, REST.brow, 10.0 * (1 - eye_pct / 100)
        ),
    }
    return FaceReading(sides[Side.RIGHT], sides[Side.LEFT])


def _smiles(
    session: LiveSession, *, reps: int, healthy_mm: float, ratio: float, eye_pct: float, t0: float
) -> float:
    """Feed ``reps`` smooth smiles (1.5 s each, then 0.5 s of rest); returns the time after."""
    t = t0
    for _ in range(reps):
        for i in range(round(2.0 * FPS)):
            phase = i / FPS
            env = math.sin(math.pi * phase / 1.5) ** 2 if phase < 1.5 else 0.0
            face = _face(
                session.affected_side,
                healthy_mm=healthy_mm * env,
                affected_mm=healthy_mm * ratio * env,
                eye_pct=eye_pct * env,
            )
            session.update(t, face)
            t += 1 / FPS
    return t


def _rest_for(session: LiveSession, seconds: float, t0: float = 0.0) -> float:
    t = t0
    for _ in range(round(seconds * FPS)):
        session.update(t, FaceReading(REST, REST))
        t += 1 / FPS
    return t


def test_the_baseline_waits_for_a_still_face() -> None:
    collector = BaselineCollector()
    wobble = [FaceReading(REST, SideReading(28.0 + (i % 2) * 3.0, 22.0, 10.0)) for i in range(40)]
    assert all(collector.add(i / FPS, r) is None for i, r in enumerate(wobble))
    t = 40 / FPS
    found = None
    for i in range(round(STEADY_S * FPS) + 1):
        jitter = SideReading(28.0 + 0.1 * (i % 3), 22.0, 10.0)
        found = collector.add(t + i / FPS, FaceReading(jitter, REST))
    assert found is not None
    assert found.left == REST
    assert found.right.mouth_corner == pytest.approx(28.1)  # the median of the still frames
    assert collector.progress == 1.0


def test_a_lost_face_starts_the_wait_again() -> None:
    collector = BaselineCollector()
    for i in range(round(STEADY_S * FPS) - 2):
        assert collector.add(i / FPS, FaceReading(REST, REST)) is None
    assert collector.add(1.4, None) is None
    assert collector.progress == 0.0


@given(
    st.integers(min_value=0, max_value=5),
    st.floats(min_value=REP_START_MM + 0.5, max_value=12.0),
    st.floats(min_value=0.0, max_value=0.3),
)
@settings(max_examples=40, deadline=None)
def test_repetitions_are_counted_once_each(reps: int, size: float, noise: float) -> None:
    counter = RepCounter()
    rest = FaceReading(REST, REST)
    n = 0
    for rep in range(reps + 1):
        amplitude = size if rep < reps else 0.0  # a last stretch of rest
        for i in range(24):
            env = math.sin(math.pi * i / 18) ** 2 if i < 18 else 0.0
            wiggle = noise * (1 if (i + rep) % 2 else -1)
            face = _face(Side.LEFT, healthy_mm=amplitude * env + wiggle, affected_mm=0, eye_pct=0)
            figures = frame_figures(face, rest, movement=Expression.SMILE, affected_side=Side.LEFT)
            n += counter.update(figures)
    assert counter.count == n == reps
    assert all(p.healthy_mm == pytest.approx(size, abs=noise + 1e-9) for p in counter.peaks)


@given(
    st.sampled_from(list(Side)),
    st.floats(min_value=4.0, max_value=10.0),
    st.floats(min_value=0.55, max_value=1.0),  # above OVERPOWER_RATIO: no prompt expected
    st.integers(min_value=1, max_value=4),
)
@settings(max_examples=25, deadline=None)
def test_a_session_summary_matches_the_movements(
    affected: Side, healthy_mm: float, ratio: float, reps: int
) -> None:
    session = LiveSession(affected, Expression.SMILE)
    t = _rest_for(session, STEADY_S + 0.5)
    assert session.baseline is not None
    t = _smiles(session, reps=reps, healthy_mm=healthy_mm, ratio=ratio, eye_pct=0.0, t0=t)
    summary = session.summary(duration_s=t)
    assert summary["affected_side"] == affected.value
    assert summary["duration_s"] == round(t)
    [smile] = summary["exercises"]
    assert smile["movement"] == "smile"
    assert smile["repetitions"] == reps
    assert smile["ratio"] == pytest.approx(ratio, abs=0.01)
    assert smile["healthy_mm"] == pytest.approx(healthy_mm, rel=0.02)
    assert smile["eye_narrowing_pct"] == pytest.approx(0.0, abs=0.01)
    assert smile["narrowing_prompts"] == 0
    assert smile["overpower_prompts"] == 0


def test_linked_eye_narrowing_prompts_once_per_smile() -> None:
    session = LiveSession(Side.RIGHT, Expression.SMILE)
    t = _rest_for(session, STEADY_S + 0.5)
    eye = NARROWING_PROMPT_PCT + 15.0
    t = _smiles(session, reps=3, healthy_mm=6.0, ratio=0.8, eye_pct=eye, t0=t)
    [smile] = session.summary(duration_s=t)["exercises"]
    assert smile["narrowing_prompts"] == 3
    assert smile["eye_narrowing_pct"] == pytest.approx(eye, abs=0.5)


def test_a_prompt_needs_to_hold_for_a_few_frames() -> None:
    session = LiveSession(Side.LEFT, Expression.SMILE)
    t = _rest_for(session, STEADY_S + 0.5)
    narrowed = _face(Side.LEFT, healthy_mm=5.0, affected_mm=4.0, eye_pct=60.0)
    for i in range(PROMPT_HOLD_FRAMES - 1):
        session.update(t + i / FPS, narrowed)
        assert session.prompt is None
    session.update(t + 1.0, narrowed)
    assert session.prompt is not None
    session.update(t + 1.1, FaceReading(REST, REST))
    assert session.prompt is None


def test_overpowering_is_counted_for_its_own_movement() -> None:
    session = LiveSession(Side.LEFT, Expression.BROW_RAISE)
    t = _rest_for(session, STEADY_S + 0.5)
    session.set_movement(Expression.SMILE)
    t = _smiles(session, reps=2, healthy_mm=8.0, ratio=0.2, eye_pct=0.0, t0=t)
    exercises = session.summary(duration_s=t)["exercises"]
    assert [e["movement"] for e in exercises] == ["smile"]
    assert exercises[0]["overpower_prompts"] == 2


def test_only_practised_movements_and_no_faces() -> None:
    session = LiveSession(Side.LEFT)
    with pytest.raises(InputError, match="'movement' must be one of smile, pucker"):
        session.set_movement(Expression.SNARL)
    assert session.update(0.0, None) is None
    assert session.baseline_progress == 0.0
    assert session.summary(duration_s=-1) == {
        "duration_s": 0,
        "affected_side": "left",
        "exercises": [],
    }
    assert STEADY_TOLERANCE_MM > 0


def test_the_baseline_keeps_the_median_mouth_points() -> None:
    # The rest lower-lip midline the mouth corners are measured from (issue 19) is the median of
    # the still frames, like every length; without mouth points in every frame there is none.
    side = SideReading(28.0, 22.0, 10.0)
    frames = [
        FaceReading(side, side, MouthPoints((-25.0, -48.0 + d), (25.0 + d, -48.0), -56.0 - d))
        for d in (0.0, 0.2, -0.1)
    ]
    rest = median_reading(frames)
    assert rest.mouth == MouthPoints((-25.0, -48.0), (25.0, -48.0), -56.0)
    assert median_reading([*frames, FaceReading(side, side)]).mouth is None
