"""Dates from the nerve-regrowth model: when first movement may come, and milestones to plan by.

The regrowth model (source document): the fibres of the facial nerve regrow at most about
``max_regrowth_mm_per_day`` (1 mm a day) over ``nerve_distance_min_mm``..``nerve_distance_max_mm``
(90-100 mm), so first movement after axonal damage cannot come before about 90 days, and rarely
comes after ``first_movement_latest_months`` (4 months). A deficiency of B12, B1 or B6 makes
regrowth slower; no figure for how much is published in our sources, so the window is not shifted
and the explanation says so instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from bellpath import citations
from bellpath.case import Case, DateWindow, Milestone, MilestoneCode
from bellpath.recovery.parameters import DEFAULT_PARAMETERS, RecoveryParameters, add_months
from bellpath.recovery.stages import movement_date

__all__ = [
    "MOVEMENT_MILESTONES",
    "WAITING_MILESTONES",
    "first_movement_window",
    "milestones",
    "overdue_since",
    "regrowth_days",
]

WAITING_MILESTONES = frozenset(
    {
        MilestoneCode.NO_IMPROVEMENT_CHECK,
        MilestoneCode.QUICK_RECOVERY_END,
        MilestoneCode.REGROWTH_EARLIEST,
        MilestoneCode.FIRST_MOVEMENT_LATEST,
    }
)
"""Milestones about waiting for first movement: dropped once movement has returned."""
MOVEMENT_MILESTONES = frozenset({MilestoneCode.SLOWING, MilestoneCode.PLATEAU})
"""Milestones about movement that has returned: dropped while first movement is overdue."""


def regrowth_days(parameters: RecoveryParameters = DEFAULT_PARAMETERS) -> tuple[int, int]:
    """Fewest and most days the fibres take to regrow at the fastest rate.

    Notes
    -----
    ``days = distance_mm / rate_mm_per_day``, rounded up: 90 mm at 1 mm/day is 90 days.
    """
    rate = parameters.max_regrowth_mm_per_day
    return (
        math.ceil(parameters.nerve_distance_min_mm / rate),
        math.ceil(parameters.nerve_distance_max_mm / rate),
    )


def first_movement_window(
    case: Case,
    movement_began: dt.date | None = None,
    *,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
) -> DateWindow | None:
    """When first movement may come, while none has returned (``None`` once it has, or recovered).

    Inside the quick-recovery window the earliest date is the start of that window (a myelin-only
    recovery shows in 2-4 weeks); after it, the earliest is the regrowth minimum (about 90 days).
    The latest is the later of the regrowth maximum and the "rarely after 4 months" bound.
    """
    if case.recovered or movement_date(case, movement_began) is not None:
        return None
    window = _window(case, parameters)
    # A window wholly in the past is withdrawn: see overdue_since.
    return None if window.latest < case.as_of else window


def overdue_since(
    case: Case,
    movement_began: dt.date | None = None,
    *,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
) -> dt.date | None:
    """The last date of the first-movement window once it has passed with no movement, else None."""
    if case.recovered or movement_date(case, movement_began) is not None:
        return None
    latest = _window(case, parameters).latest
    return latest if latest < case.as_of else None


def _window(case: Case, parameters: RecoveryParameters) -> DateWindow:
    quick = case.days_since_onset < parameters.quick_recovery_days
    return _window_from(case.onset, quick=quick, parameters=parameters)


@functools.lru_cache(maxsize=1024)
def _window_from(onset: dt.date, *, quick: bool, parameters: RecoveryParameters) -> DateWindow:
    """The first-movement window after ``onset`` (cached: a frozen model of hashable inputs)."""
    fewest, most = regrowth_days(parameters)
    if quick:
        earliest = onset + dt.timedelta(days=parameters.quick_recovery_earliest_days)
    else:
        earliest = onset + dt.timedelta(days=fewest)
    latest = max(
        onset + dt.timedelta(days=most),
        add_months(onset, parameters.first_movement_latest_months),
    )
    return DateWindow(earliest=earliest, latest=latest)


def milestones(
    case: Case,
    *,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
    movement_began: dt.date | None = None,
    timelines: bool = True,
    steroid_prompt: bool = True,
) -> list[Milestone]:
    """Dated milestones of the recovery model, in date order, each marked reached or not.

    Only those that still mean something: the first-movement milestones go once movement has
    returned, the slowing and plateau milestones go while first movement is overdue, and nothing
    but the steroid window (when ``steroid_prompt``) is kept when the Bell's palsy timelines do not
    apply (``timelines`` False; see :mod:`bellpath.applicability`).
    """
    every = _all_milestones(case, parameters)
    moved = movement_date(case, movement_began) is not None
    late = overdue_since(case, movement_began, parameters=parameters) is not None
    keep: list[Milestone] = []
    for m in every:
        if m.code is MilestoneCode.STEROIDS_WINDOW_END:
            # Without the Bell's timelines it is a prompt only while it lies ahead.
            if steroid_prompt and (timelines or not m.reached):
                keep.append(m)
            continue
        if not timelines:
            continue
        if moved and m.code in WAITING_MILESTONES:
            continue
        if late and m.code in MOVEMENT_MILESTONES:
            continue
        if case.recovered and not m.reached:
            continue
        keep.append(m)
    return keep


def _all_milestones(case: Case, parameters: RecoveryParameters) -> tuple[Milestone, ...]:
    return _dated_milestones(case.onset, case.as_of, parameters)


@functools.lru_cache(maxsize=1024)
def _dated_milestones(
    onset: dt.date, as_of: dt.date, parameters: RecoveryParameters
) -> tuple[Milestone, ...]:
    """Every milestone after ``onset``, in date order, marked reached by ``as_of`` (cached)."""
    return tuple(
        Milestone(
            code=code,
            date=when,
            title=title,
            detail=detail,
            citation=cite,
            reached=when <= as_of,
        )
        for code, when, title, detail, cite in _milestone_rows(onset, parameters)
    )


_Row = tuple[MilestoneCode, dt.date, str, str, str]


@functools.lru_cache(maxsize=256)
def _milestone_rows(onset: dt.date, parameters: RecoveryParameters) -> tuple[_Row, ...]:
    """The milestone table for ``onset``: code, date, title, detail and source, by date."""
    fewest, _ = regrowth_days(parameters)
    p = parameters
    rows: list[_Row] = [
        (
            MilestoneCode.STEROIDS_WINDOW_END,
            onset + dt.timedelta(days=p.steroid_window_days),
            "End of the 72-hour window for steroids",
            "Steroid tablets help most when started within 72 hours of onset; a doctor decides.",
            f"{citations.AAO_HNS_2013}; {citations.SULLIVAN_2007}",
        ),
        (
            MilestoneCode.NO_IMPROVEMENT_CHECK,
            onset + dt.timedelta(days=p.no_improvement_referral_days),
            "Three-week check",
            "Most people (about 85 in 100) see the first signs of recovery by now; if nothing has "
            "improved, a review or referral is advised.",
            f"{citations.NICE_CKS}; {citations.PEITERSEN_2002}",
        ),
        (
            MilestoneCode.QUICK_RECOVERY_END,
            onset + dt.timedelta(days=p.quick_recovery_days),
            "End of the quick-recovery window",
            "When only the nerve's insulation was hurt, movement returns within 2-4 weeks. If not, "
            "the fibres themselves are regrowing and it takes longer.",
            citations.SOURCE_DOCUMENT,
        ),
        (
            MilestoneCode.REGROWTH_EARLIEST,
            onset + dt.timedelta(days=fewest),
            "Earliest first movement after regrowth",
            f"Nerve fibres regrow at most about {p.max_regrowth_mm_per_day:g} mm a day over "
            f"{p.nerve_distance_min_mm:g}-{p.nerve_distance_max_mm:g} mm, so after a slow "
            f"start the "
            "first movements come at about 3 months.",
            citations.SOURCE_DOCUMENT,
        ),
        (
            MilestoneCode.REFERRAL_CHECK,
            add_months(onset, p.referral_months),
            "Three-month referral check",
            "If recovery is not complete by now, guidelines advise seeing a facial nerve "
            "specialist.",
            f"{citations.AAO_HNS_2013}; {citations.NICE_CKS}",
        ),
        (
            MilestoneCode.FIRST_MOVEMENT_LATEST,
            add_months(onset, p.first_movement_latest_months),
            "First movement rarely later than this",
            "First movements rarely come later than 4 months after onset; if none by now, a "
            "specialist should see you.",
            f"{citations.SOURCE_DOCUMENT}; {citations.PEITERSEN_2002}",
        ),
        (
            MilestoneCode.SLOWING,
            add_months(onset, p.slowing_start_months),
            "Improvement starts to slow",
            f"Around {p.slowing_start_months}-{p.slowing_end_months} months improvement usually "
            "slows down; daily guided exercises matter more from here.",
            citations.SOURCE_DOCUMENT,
        ),
        (
            MilestoneCode.PLATEAU,
            add_months(onset, p.plateau_months),
            "Plateau",
            "From about 9 months changes become very small. The work turns to the quality of "
            "movement and to complications such as synkinesis.",
            citations.SOURCE_DOCUMENT,
        ),
    ]
    rows.sort(key=lambda row: row[1])
    return tuple(rows)
