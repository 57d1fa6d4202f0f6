"""Prognosis: the published figures that apply to this case, each in plain words with its source.

bellpath never predicts one person's outcome. It says what happened to people in the same situation
in large studies, and which known factors apply (complete or incomplete palsy, signs of recovery
within 3 weeks or not, steroids within 72 hours or not, age over 60, electroneurography when given).
The numbers come from :data:`bellpath.recovery.published_figures.FIGURES`.
"""

from __future__ import annotations

import datetime as dt
import functools

from bellpath import citations
from bellpath.case import Applicability, Case, Severity
from bellpath.outlook import EnogResult, PrognosisCode, PrognosisStatement
from bellpath.recovery.parameters import DEFAULT_PARAMETERS, RecoveryParameters
from bellpath.recovery.published_figures import FIGURES, FigureCode, PublishedFigure
from bellpath.recovery.stages import movement_date

__all__ = [
    "ADULT_TRIAL_MIN_AGE",
    "ENOG_FIRST_DAY",
    "ENOG_LAST_DAY",
    "ENOG_THRESHOLD_PERCENT",
    "RECOVERY_SIGNS_DAYS",
    "prognosis",
]

RECOVERY_SIGNS_DAYS = 21
"""Peitersen 2002: first signs of recovery within 3 weeks in 85%; none by then is a poor factor."""
ENOG_THRESHOLD_PERCENT = 90.0
"""ENoG degeneration that separates the two prognostic groups (within 3 weeks of onset)."""
ENOG_FIRST_DAY = 3
ENOG_LAST_DAY = 14
"""ENoG is interpretable from 72 hours to 14 days after onset, complete palsy only (BMJ Best
Practice; AAO-HNS 2013: electrodiagnostics only for complete paralysis)."""
ADULT_TRIAL_MIN_AGE = 16
"""Sullivan 2007 and the Cochrane review enrolled people aged 16 and over: younger, Babl 2022."""
AGE_POOR_FACTOR = 60
"""Age above which recovery is less complete (Peitersen 2002)."""


@functools.lru_cache(maxsize=512)
def _statement(
    code: PrognosisCode, text: str, figure: FigureCode | None, *, versus: FigureCode | None = None
) -> PrognosisStatement:
    """One statement (cached: a frozen model built from constants, shared by every case)."""
    fig: PublishedFigure | None = FIGURES[figure] if figure is not None else None
    other = FIGURES[versus] if versus is not None else None
    sources = [f.source for f in (fig, other) if f is not None]
    return PrognosisStatement(
        code=code,
        text=text,
        figure=None if fig is None else fig.value,
        figure_high=None if fig is None else fig.high,
        comparison=None if other is None else other.value,
        unit=None if fig is None else fig.unit.value,
        source=sources[0] if sources else FIGURES[FigureCode.FIRST_SIGNS_BY_3_WEEKS].source,
        certainty=None if fig is None else fig.certainty.value,
    )


@functools.cache
def _pct(code: FigureCode) -> str:
    return FIGURES[code].text()


def _natural_history(case: Case) -> PrognosisStatement:
    study = "In a study of about 2,500 people followed without treatment,"
    if case.severity is Severity.COMPLETE:
        return _statement(
            PrognosisCode.NATURAL_HISTORY_COMPLETE,
            f"{study} {_pct(FigureCode.NORMAL_FUNCTION_COMPLETE)} "
            "in 100 of those whose palsy was complete (no movement at all) regained normal "
            "facial function.",
            FigureCode.NORMAL_FUNCTION_COMPLETE,
        )
    if case.severity is Severity.INCOMPLETE:
        return _statement(
            PrognosisCode.NATURAL_HISTORY_INCOMPLETE,
            f"{study} {_pct(FigureCode.NORMAL_FUNCTION_INCOMPLETE)} "
            "in 100 of those whose palsy was incomplete (some movement kept) regained normal "
            "facial function.",
            FigureCode.NORMAL_FUNCTION_INCOMPLETE,
        )
    return _statement(
        PrognosisCode.NATURAL_HISTORY_ALL,
        f"{study} {_pct(FigureCode.NORMAL_FUNCTION_ALL)} in 100 regained normal facial function. "
        "Recording whether the palsy was complete makes this figure more precise "
        f"({_pct(FigureCode.NORMAL_FUNCTION_COMPLETE)} in 100 when complete, "
        f"{_pct(FigureCode.NORMAL_FUNCTION_INCOMPLETE)} in 100 when incomplete).",
        FigureCode.NORMAL_FUNCTION_ALL,
    )


def _early_signs(case: Case, moved: dt.date | None) -> PrognosisStatement | None:
    cutoff = case.onset + dt.timedelta(days=RECOVERY_SIGNS_DAYS)
    if moved is not None and moved <= cutoff:
        return _statement(
            PrognosisCode.RECOVERY_WITHIN_3_WEEKS,
            "Movement started to return within 3 weeks, as it does for most people "
            f"({_pct(FigureCode.FIRST_SIGNS_BY_3_WEEKS)} in 100): an early start is a good sign.",
            FigureCode.FIRST_SIGNS_BY_3_WEEKS,
        )
    if case.as_of < cutoff and moved is None:
        return _statement(
            PrognosisCode.EARLY_SIGNS_EXPECTED,
            f"Most people ({_pct(FigureCode.FIRST_SIGNS_BY_3_WEEKS)} in 100) see the first signs "
            "of recovery within 3 weeks of onset; it is still early.",
            FigureCode.FIRST_SIGNS_BY_3_WEEKS,
        )
    if case.as_of >= cutoff and (moved is None or moved > cutoff):
        return _statement(
            PrognosisCode.NO_RECOVERY_BY_3_WEEKS,
            "No recovery was seen within 3 weeks. This is true for about "
            f"{_pct(FigureCode.NO_SIGNS_BY_3_WEEKS)} in 100 people; for them recovery usually "
            "begins 3 to 6 months after onset, because the nerve fibres have to regrow. Slower "
            "recovery is more often incomplete, so a specialist review is worthwhile.",
            FigureCode.NO_SIGNS_BY_3_WEEKS,
        )
    return None


def _steroids(case: Case, window_days: int) -> list[PrognosisStatement]:
    started = case.steroids_started
    early = started is not None and (started - case.onset).days <= window_days
    if early:
        return [
            _statement(
                PrognosisCode.STEROIDS_WITHIN_72H_3_MONTHS,
                "Steroids were started within 72 hours. In a large trial, "
                f"{_pct(FigureCode.PREDNISOLONE_3_MONTHS)} in 100 people given prednisolone "
                "this early had recovered completely at 3 months, against "
                f"{_pct(FigureCode.NO_PREDNISOLONE_3_MONTHS)} in 100 without it.",
                FigureCode.PREDNISOLONE_3_MONTHS,
                versus=FigureCode.NO_PREDNISOLONE_3_MONTHS,
            ),
            _statement(
                PrognosisCode.STEROIDS_WITHIN_72H_9_MONTHS,
                f"At 9 months the same trial found {_pct(FigureCode.PREDNISOLONE_9_MONTHS)} in 100 "
                f"fully recovered with early prednisolone, against "
                f"{_pct(FigureCode.NO_PREDNISOLONE_9_MONTHS)} in 100 without it.",
                FigureCode.PREDNISOLONE_9_MONTHS,
                versus=FigureCode.NO_PREDNISOLONE_9_MONTHS,
            ),
            _statement(
                PrognosisCode.STEROIDS_RISK_RATIO,
                "Pooling the trials, steroids lowered the chance of an incomplete recovery from "
                f"{_pct(FigureCode.INCOMPLETE_RECOVERY_UNTREATED)} to "
                f"{_pct(FigureCode.INCOMPLETE_RECOVERY_STEROIDS)} in 100 (risk ratio "
                f"{_pct(FigureCode.STEROIDS_RISK_RATIO)}).",
                FigureCode.STEROIDS_RISK_RATIO,
            ),
        ]
    late = "were started after the first 72 hours" if started else "were not recorded as started"
    return [
        _statement(
            PrognosisCode.NO_EARLY_STEROIDS,
            f"Steroids {late}. In the trial that tested prednisolone started within 72 hours, "
            f"{_pct(FigureCode.NO_PREDNISOLONE_3_MONTHS)} in 100 people who did not receive it "
            f"had recovered completely at 3 months and {_pct(FigureCode.NO_PREDNISOLONE_9_MONTHS)} "
            "in 100 at 9 months. Most people still recover well.",
            FigureCode.NO_PREDNISOLONE_9_MONTHS,
            versus=FigureCode.PREDNISOLONE_9_MONTHS,
        )
    ]


def _not_interpretable(enog: EnogResult, why: str) -> PrognosisStatement:
    return PrognosisStatement(
        code=PrognosisCode.ENOG_NOT_INTERPRETABLE,
        text=(
            f"Electroneurography showed {enog.degeneration_percent:g}% degeneration on day "
            f"{enog.day}. It cannot be read as good or bad news: {why}"
        ),
        figure=None,
        source=f"{citations.BMJ_BP_ENOG}; {citations.AAO_HNS_2013}",
    )


def _enog(case: Case, enog: EnogResult) -> PrognosisStatement | None:
    if case.severity is not Severity.COMPLETE:
        return _not_interpretable(
            enog, "the test is only meaningful when the palsy is complete (no movement at all)."
        )
    if not ENOG_FIRST_DAY <= enog.day <= ENOG_LAST_DAY:
        return _not_interpretable(
            enog,
            f"the test is only meaningful between day {ENOG_FIRST_DAY} and day {ENOG_LAST_DAY} "
            "after onset (earlier the nerve has not yet shown its damage; later the figures no "
            "longer apply).",
        )
    if enog.degeneration_percent < ENOG_THRESHOLD_PERCENT:
        return _statement(
            PrognosisCode.ENOG_FAVOURABLE,
            f"Electroneurography showed {enog.degeneration_percent:g}% degeneration on day "
            f"{enog.day}, under 90%: 80 to 100 in 100 people with this result recover excellently.",
            FigureCode.ENOG_UNDER_90_EXCELLENT,
        )
    early = (
        " Reaching 90% this early (by day 5) points to a slower course." if enog.day <= 5 else ""
    )
    return _statement(
        PrognosisCode.ENOG_UNFAVOURABLE,
        f"Electroneurography showed {enog.degeneration_percent:g}% degeneration on day {enog.day}, "
        "over 90%: about half of people with this result reach a good recovery; a facial nerve "
        f"specialist should be involved.{early}",
        FigureCode.ENOG_OVER_90_GOOD,
    )


def _zoster(case: Case) -> list[PrognosisStatement]:
    return [
        _statement(
            PrognosisCode.ZOSTER_EARLY_TREATMENT,
            "This looks like facial palsy from shingles (Ramsay Hunt syndrome), which recovers "
            "less often than Bell's palsy. In one study, "
            f"{_pct(FigureCode.ZOSTER_TREATED_BY_DAY_3)} in 100 people who started an antiviral "
            "with a steroid within 3 days recovered completely, against "
            f"{_pct(FigureCode.ZOSTER_TREATED_AFTER_DAY_7)} in 100 when treatment began after "
            "day 7.",
            FigureCode.ZOSTER_TREATED_BY_DAY_3,
            versus=FigureCode.ZOSTER_TREATED_AFTER_DAY_7,
        ),
        _statement(
            PrognosisCode.ZOSTER_UNTREATED,
            f"Without treatment about {_pct(FigureCode.ZOSTER_UNTREATED)} in 100 recover "
            "completely; a steroid together with an antiviral did better than a steroid alone.",
            FigureCode.ZOSTER_UNTREATED,
        ),
    ]


def _child_trial() -> list[PrognosisStatement]:
    return [
        _statement(
            PrognosisCode.CHILD_STEROID_TRIAL,
            "In a trial in children, "
            f"{_pct(FigureCode.CHILD_PREDNISOLONE_1_MONTH)} in 100 given prednisolone within "
            "72 hours had recovered completely after 1 month, and "
            f"{_pct(FigureCode.CHILD_PLACEBO_1_MONTH)} in 100 given a dummy tablet: steroids did "
            "not show a benefit in children.",
            FigureCode.CHILD_PREDNISOLONE_1_MONTH,
            versus=FigureCode.CHILD_PLACEBO_1_MONTH,
        ),
        _statement(
            PrognosisCode.CHILD_FOLLOW_UP,
            "Most children in that trial recovered: at 6 months "
            f"{_pct(FigureCode.CHILD_PREDNISOLONE_6_MONTHS)} in 100 with prednisolone and "
            f"{_pct(FigureCode.CHILD_PLACEBO_6_MONTHS)} in 100 without it had recovered facial "
            "movement.",
            FigureCode.CHILD_PREDNISOLONE_6_MONTHS,
            versus=FigureCode.CHILD_PLACEBO_6_MONTHS,
        ),
    ]


def prognosis(
    case: Case,
    *,
    movement_began: dt.date | None = None,
    parameters: RecoveryParameters = DEFAULT_PARAMETERS,
    scope: Applicability | None = None,
) -> list[PrognosisStatement]:
    """The published figures that apply to ``case``, most general first.

    Parameters
    ----------
    case
        The facts (severity, first movement, steroid date, age, ENoG).
    movement_began
        Movement detected from a trajectory of scores; the earlier of it and
        ``case.first_movement`` counts.
    parameters
        The recovery model's numbers (the steroid window).
    scope
        Which Bell's palsy content applies (:func:`bellpath.applicability.applicability`): none
        in an emergency; only the zoster figures for Ramsay Hunt; none while another cause is
        suspected. Under 16 the children's trial replaces the adult trials.

    Returns
    -------
    list of PrognosisStatement
        ``{code, text, figure, comparison, unit, source, certainty}``; figures in percent unless
        ``unit`` says otherwise.
    """
    scope = scope or Applicability()
    if scope.emergency:
        return []
    if not scope.bells_figures:
        return _zoster(case) if scope.zoster else []
    moved = movement_date(case, movement_began)
    out = [_natural_history(case)]
    if not case.recovered:
        early = _early_signs(case, moved)
        if early is not None:
            out.append(early)
    if case.age is not None and case.age < ADULT_TRIAL_MIN_AGE:
        out.extend(_child_trial())
    else:
        out.extend(_steroids(case, parameters.steroid_window_days))
    if case.age is not None and case.age > AGE_POOR_FACTOR:
        out.append(
            _statement(
                PrognosisCode.AGE_OVER_60,
                "Age over 60 is one of the factors linked with a slower and less complete "
                "recovery in the large natural-history study; it makes follow-up more important, "
                "not recovery impossible.",
                None,
            )
        )
    poor = case.severity is Severity.COMPLETE or any(
        s.code is PrognosisCode.NO_RECOVERY_BY_3_WEEKS for s in out
    )
    if poor:
        out.append(
            _statement(
                PrognosisCode.SEQUELAE,
                f"Without treatment, {_pct(FigureCode.MARKED_SEQUELAE)} in 100 people kept "
                "late effects such as synkinesis, tightness or tearing when eating, and "
                f"{_pct(FigureCode.SLIGHT_SEQUELAE)} in 100 slight ones. These are most common "
                "after a long recovery, and guided facial rehabilitation helps with them.",
                FigureCode.MARKED_SEQUELAE,
            )
        )
    if case.enog is not None:
        statement = _enog(case, case.enog)
        if statement is not None:
            out.append(statement)
    return out
