"""The phase of recovery and the kind of nerve damage: a pure function of the facts and a date.

Stage boundaries (table ``STAGES``, days or months after onset, each with its source):

========= ======================================= ==============================
phase     when                                    source
========= ======================================= ==============================
acute     first 3 days                             AAO-HNS 2013
early     to 4 weeks, no movement yet             source document
regen.    no movement after 4 weeks               source document
recover.  movement has returned                   source document
plateau   movement, then 9 months or detected     source document
recovered normal function regained                case fact
========= ======================================= ==============================

:func:`stage` takes evidence of when movement began and whether a plateau was detected as
inputs, so a trajectory of grading scores can feed it (``movement_began``,
``plateau_detected``). Phases never go backwards as ``as_of`` advances with the same facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bellpath import citations
from bellpath.case import Case, NerveDamage, Phase
from bellpath.recovery.parameters import DEFAULT_PARAMETERS, RecoveryParameters, add_months

__all__ = ["STAGES", "StageRow", "movement_date", "nerve_damage", "stage"]


@dataclass(frozen=True, slots=True)
class StageRow:
    """One row of the stage table."""

    phase: Phase
    starts: str
    meaning: str
    citation: str


STAGES: tuple[StageRow, ...] = (
    StageRow(
        Phase.ACUTE,
        "onset",
        "the first 3 days: the palsy is still settling",
        citations.AAO_HNS_2013,
    ),
    StageRow(
        Phase.EARLY,
        "day 3",
        "the quick-recovery window (to 4 weeks): only the nerve's insulation may be hurt",
        citations.SOURCE_DOCUMENT,
    ),
    StageRow(
        Phase.REGENERATION,
        "4 weeks without movement",
        "the nerve fibres themselves are regrowing, at most about 1 mm a day",
        citations.SOURCE_DOCUMENT,
    ),
    StageRow(
        Phase.RECOVERING, "first movement", "movement has returned", citations.SOURCE_DOCUMENT
    ),
    StageRow(
        Phase.PLATEAU,
        "movement has returned, and about 9 months have passed or scores have levelled off",
        "improvement has levelled off; the work is on quality of movement and complications",
        citations.SOURCE_DOCUMENT,
    ),
    StageRow(
        Phase.RECOVERED, "normal function", "normal function is back", citations.SOURCE_DOCUMENT
    ),
)


def movement_date(case: Case, movement_began: dt.date | None = None) -> dt.date | None:
    """The earliest known date movement returned, on or before ``as_of``."""
    dates = [d for d in (case.first_movement, movement_began) if d is not None and d <= case.as_of]
    return min(dates) if dates else None


def stage(
    case: Case,
    movement_began: dt.date | None = None,
    plateau_detected: bool = False,
    *,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
) -> Phase:
    """The phase of recovery on ``case.as_of``.

    Parameters
    ----------
    case
        The facts; ``case.first_movement`` and ``case.recovered`` are used.
    movement_began
        Extra evidence of when movement returned (e.g. detected from a score trajectory); the
        earlier of this and ``case.first_movement`` counts.
    plateau_detected
        True when scores show improvement has levelled off; moves the phase to plateau early.
        Without recorded movement there is no plateau: the phase stays ``regeneration``.
    parameters
        The recovery model's numbers.
    """
    if case.recovered:
        return Phase.RECOVERED
    moved = movement_date(case, movement_began) is not None
    # A plateau is movement that has levelled off: never without recorded movement.
    if moved and (
        plateau_detected or case.as_of >= add_months(case.onset, parameters.plateau_months)
    ):
        return Phase.PLATEAU
    if moved:
        return Phase.RECOVERING
    days = case.days_since_onset
    if days < parameters.acute_days:
        return Phase.ACUTE
    if days < parameters.quick_recovery_days:
        return Phase.EARLY
    return Phase.REGENERATION


def nerve_damage(
    case: Case,
    movement_began: dt.date | None = None,
    *,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
) -> NerveDamage:
    """Myelin-only damage when movement came back within the quick window; axonal after it.

    Without movement: still undetermined inside the quick window, axonal once it has passed
    (the fibres must regrow). A recovery with no recorded date of first movement stays
    undetermined.
    """
    moved = movement_date(case, movement_began)
    if moved is not None:
        if (moved - case.onset).days <= parameters.quick_recovery_days:
            return NerveDamage.MYELIN
        return NerveDamage.AXONAL
    if case.recovered or case.days_since_onset <= parameters.quick_recovery_days:
        return NerveDamage.UNDETERMINED
    return NerveDamage.AXONAL
