"""``assess(case) -> Assessment``: the engine. Pure and deterministic for a given ``case.as_of``.

It stages the case, dates the regrowth window and milestones, reads the vitamins against a
reference profile, applies the guideline rules, and writes a plain-language explanation.
"""

from __future__ import annotations

import datetime as dt

from bellpath.applicability import applicability
from bellpath.case import Assessment, Case
from bellpath.explain import explain
from bellpath.grading.entries import score_entries
from bellpath.guidance import DEFAULT_B6_LIMIT, B6UpperLevel, Facts, actions, red_flags
from bellpath.labs import DEFAULT_PROFILE, ReferenceProfile, interpret_labs, read_vitamins
from bellpath.observe import note
from bellpath.outlook import MovementEvidence
from bellpath.recovery import (
    DEFAULT_PARAMETERS,
    RecoveryParameters,
    first_movement_window,
    milestones,
    movement_date,
    nerve_damage,
    stage,
)
from bellpath.recovery.photo_trajectory import (
    PHOTO_EXCURSION_NOISE,
    has_clinician_scores,
    photo_trajectory,
)
from bellpath.recovery.practice_evidence import SESSION_RATIO_NOISE, practice_trajectory
from bellpath.recovery.prognosis import prognosis
from bellpath.recovery.score_checks import normal_scores, worsening
from bellpath.recovery.timeline import overdue_since
from bellpath.recovery.trajectory import trajectory_for
from bellpath.vocab.notice import NOTICE, SEEK_CARE

__all__ = ["DISCLAIMER", "assess"]

DISCLAIMER = f"{NOTICE} {SEEK_CARE}"


def assess(
    case: Case,
    *,
    profile: ReferenceProfile = DEFAULT_PROFILE,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
    b6_limit: B6UpperLevel = DEFAULT_B6_LIMIT,
    movement_began: dt.date | None = None,
    plateau_detected: bool = False,
    photo_noise: float = PHOTO_EXCURSION_NOISE,
    session_noise: float = SESSION_RATIO_NOISE,
) -> Assessment:
    """Assess ``case`` as of ``case.as_of``.

    Parameters
    ----------
    case
        The validated facts.
    profile
        Reference thresholds for the labs (default BSH 2014).
    parameters
        Numbers of the recovery model (see docs/parameters.md).
    b6_limit
        Upper intake level used for the B6 warning (default EFSA 12 mg/day).
    movement_began, plateau_detected
        Evidence from elsewhere (e.g. a trajectory of grading scores) that movement began on a date,
        or that improvement has levelled off. The case's own gradings add to this evidence: the
        trajectory of their main score can show when movement began and a plateau.
    photo_noise
        Measurement noise of the smile photos' trajectory, in percentage points
        (:data:`~bellpath.recovery.photo_trajectory.PHOTO_EXCURSION_NOISE`). The photo trajectory
        is evidence for the phase only when the case has no clinician-scale gradings.
    session_noise
        Measurement noise of the live mirror sessions' smile ratio, in percentage points
        (:data:`~bellpath.recovery.practice_evidence.SESSION_RATIO_NOISE`, larger than the photos':
        a session weighs less). Like the photos, sessions are evidence for the phase only when the
        case has no clinician-scale gradings.
    """
    note("assessment", "computed")
    scores = score_entries(case.gradings)
    if not case.recovered and normal_scores(scores) is not None:
        # Scores decide: the latest clinician grading is normal, whatever the calendar says.
        case = case.model_copy(update={"recovered": True})
    trajectory = trajectory_for(scores)
    photos = photo_trajectory(case.photo_measures, noise=photo_noise)
    practice = practice_trajectory(case.practice_sessions, noise=session_noise)
    # A clinician's grading outranks a photo or a session: they date movement and a plateau only
    # without one.
    evidence = [trajectory]
    if not has_clinician_scores(scores):
        evidence.extend([photos, practice])
    damage_began = movement_began
    for traj in evidence:
        if traj is None:
            continue
        rose = traj.movement_evidence is MovementEvidence.RISE
        if traj.movement_began is not None:
            detected = traj.movement_began
            movement_began = detected if movement_began is None else min(movement_began, detected)
            if rose:
                # A level already above "no movement" at the first grading dates no recovery:
                # it is no evidence of myelin-only damage.
                damage_began = detected if damage_began is None else min(damage_began, detected)
        # A flat series that never rose is not a plateau: a plateau is improvement levelled off.
        plateau_detected = plateau_detected or (traj.plateaued and rose)
    scope = applicability(case)
    phase = stage(case, movement_began, plateau_detected, parameters=parameters)
    damage = nerve_damage(case, damage_began, parameters=parameters)
    timelines = scope.bells_timelines
    window = (
        first_movement_window(case, movement_began, parameters=parameters) if timelines else None
    )
    late = overdue_since(case, movement_began, parameters=parameters) if timelines else None
    vitamins = {} if scope.emergency else read_vitamins(case, phase, profile)
    flags = red_flags(case)
    facts = Facts(
        case=case,
        phase=phase,
        movement=movement_date(case, movement_began),
        vitamins=vitamins,
        parameters=parameters,
        b6_limit=b6_limit,
        profile=profile,
        scope=scope,
        overdue_since=late,
        worse=None if case.recovered else worsening(scores),
    )
    dates = milestones(
        case,
        parameters=parameters,
        movement_began=movement_began,
        timelines=timelines,
        steroid_prompt=scope.steroid_prompt,
    )
    return Assessment(
        as_of=case.as_of,
        phase=phase,
        days_since_onset=case.days_since_onset,
        nerve_damage=damage,
        first_movement_window=window,
        vitamins=vitamins,
        actions=actions(facts),
        red_flags=flags,
        explanation=explain(
            case,
            phase,
            damage,
            window,
            vitamins,
            has_red_flags=bool(flags),
            upcoming=next((m for m in dates if not m.reached), None),
            scope=scope,
            overdue_since=late,
        ),
        disclaimer=DISCLAIMER,
        milestones=dates,
        reference_profile=profile.key,
        lab_readings=interpret_labs(case.labs, profile),
        scores=scores,
        trajectory=trajectory,
        photo_trajectory=photos,
        practice_trajectory=practice,
        prognosis=prognosis(
            case, movement_began=movement_began, parameters=parameters, scope=scope
        ),
        applicability=scope,
        overdue_since=late,
    )
