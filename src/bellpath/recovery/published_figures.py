"""Published natural-history and trial figures that bellpath's prognosis quotes (data, not code).

Every figure carries its source and how firmly it was confirmed (clinical reference, section 2).
:mod:`bellpath.recovery.prognosis` decides which apply to a case; this table only holds the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from bellpath import citations

__all__ = ["FIGURES", "Certainty", "FigureCode", "FigureUnit", "PublishedFigure"]

COCHRANE_STEROIDS = (
    "Cochrane review of corticosteroids for Bell's palsy (Madhok VB et al., Cochrane Database Syst "
    "Rev, CD001942), as cited by NICE CKS Bell's palsy"
)
ENGSTROM_2008 = (
    "Engstrom M et al. Prednisolone and valaciclovir in Bell's palsy: a randomised, double-blind, "
    "placebo-controlled, multicentre trial. Lancet Neurol 2008;7(11):993-1000"
)
ENOG_SOURCE = (
    f"{citations.AAO_HNS_2013} (electrodiagnostic testing in complete paralysis; "
    "bellpath clinical reference section 2)"
)


class FigureUnit(StrEnum):
    """What a figure counts."""

    PERCENT = "percent"
    RISK_RATIO = "risk_ratio"


class Certainty(StrEnum):
    """How firmly the figure was confirmed against its source."""

    FIRM = "firm"
    CHECK = "check"


class FigureCode(StrEnum):
    """Every published figure bellpath quotes."""

    NORMAL_FUNCTION_ALL = "normal_function_all"
    NORMAL_FUNCTION_INCOMPLETE = "normal_function_incomplete"
    NORMAL_FUNCTION_COMPLETE = "normal_function_complete"
    FIRST_SIGNS_BY_3_WEEKS = "first_signs_by_3_weeks"
    NO_SIGNS_BY_3_WEEKS = "no_signs_by_3_weeks"
    SLIGHT_SEQUELAE = "slight_sequelae"
    MARKED_SEQUELAE = "marked_sequelae"
    PREDNISOLONE_3_MONTHS = "prednisolone_3_months"
    NO_PREDNISOLONE_3_MONTHS = "no_prednisolone_3_months"
    PREDNISOLONE_9_MONTHS = "prednisolone_9_months"
    NO_PREDNISOLONE_9_MONTHS = "no_prednisolone_9_months"
    INCOMPLETE_RECOVERY_UNTREATED = "incomplete_recovery_untreated"
    INCOMPLETE_RECOVERY_STEROIDS = "incomplete_recovery_steroids"
    STEROIDS_RISK_RATIO = "steroids_risk_ratio"
    PREDNISOLONE_12_MONTHS = "prednisolone_12_months"
    PLACEBO_12_MONTHS = "placebo_12_months"
    ENOG_UNDER_90_EXCELLENT = "enog_under_90_excellent"
    ENOG_OVER_90_GOOD = "enog_over_90_good"
    ZOSTER_TREATED_BY_DAY_3 = "zoster_treated_by_day_3"
    ZOSTER_TREATED_AFTER_DAY_7 = "zoster_treated_after_day_7"
    ZOSTER_UNTREATED = "zoster_untreated"
    CHILD_PREDNISOLONE_1_MONTH = "child_prednisolone_1_month"
    CHILD_PLACEBO_1_MONTH = "child_placebo_1_month"
    CHILD_PREDNISOLONE_6_MONTHS = "child_prednisolone_6_months"
    CHILD_PLACEBO_6_MONTHS = "child_placebo_6_months"


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    """One published number: ``value`` (and ``high`` for a range), what it counts, its source."""

    value: float
    unit: FigureUnit
    population: str
    source: str
    certainty: Certainty = Certainty.FIRM
    high: float | None = None
    decimals: int = 0
    """Decimals the source reports (83.0 stays 83.0 in text)."""

    def text(self) -> str:
        """The value as the source writes it."""
        return f"{self.value:.{self.decimals}f}"


_P, _RR = FigureUnit.PERCENT, FigureUnit.RISK_RATIO
_PEIT, _SULL = citations.PEITERSEN_2002, citations.SULLIVAN_2007

FIGURES: Mapping[FigureCode, PublishedFigure] = MappingProxyType(
    {
        FigureCode.NORMAL_FUNCTION_ALL: PublishedFigure(
            71, _P, "untreated Bell's palsy, all severities: normal function in the end", _PEIT
        ),
        FigureCode.NORMAL_FUNCTION_INCOMPLETE: PublishedFigure(
            94, _P, "untreated incomplete palsy: normal function in the end", _PEIT
        ),
        FigureCode.NORMAL_FUNCTION_COMPLETE: PublishedFigure(
            61, _P, "untreated complete palsy: normal function in the end", _PEIT
        ),
        FigureCode.FIRST_SIGNS_BY_3_WEEKS: PublishedFigure(
            85, _P, "untreated: first signs of recovery within 3 weeks", _PEIT
        ),
        FigureCode.NO_SIGNS_BY_3_WEEKS: PublishedFigure(
            15, _P, "untreated: no sign of recovery within 3 weeks (the rest of the 85%)", _PEIT
        ),
        FigureCode.SLIGHT_SEQUELAE: PublishedFigure(13, _P, "untreated: slight sequelae", _PEIT),
        FigureCode.MARKED_SEQUELAE: PublishedFigure(
            16, _P, "untreated: synkinesis, contracture and/or crocodile tears", _PEIT
        ),
        FigureCode.PREDNISOLONE_3_MONTHS: PublishedFigure(
            83.0, _P, "prednisolone within 72 h: complete recovery at 3 months", _SULL, decimals=1
        ),
        FigureCode.NO_PREDNISOLONE_3_MONTHS: PublishedFigure(
            63.6, _P, "no prednisolone: complete recovery at 3 months", _SULL, decimals=1
        ),
        FigureCode.PREDNISOLONE_9_MONTHS: PublishedFigure(
            94.4, _P, "prednisolone within 72 h: complete recovery at 9 months", _SULL, decimals=1
        ),
        FigureCode.NO_PREDNISOLONE_9_MONTHS: PublishedFigure(
            81.6, _P, "no prednisolone: complete recovery at 9 months", _SULL, decimals=1
        ),
        FigureCode.INCOMPLETE_RECOVERY_UNTREATED: PublishedFigure(
            28, _P, "no steroids: incomplete recovery", COCHRANE_STEROIDS
        ),
        FigureCode.INCOMPLETE_RECOVERY_STEROIDS: PublishedFigure(
            17, _P, "steroids: incomplete recovery", COCHRANE_STEROIDS
        ),
        FigureCode.STEROIDS_RISK_RATIO: PublishedFigure(
            0.63,
            _RR,
            "risk of incomplete recovery, steroids vs none",
            COCHRANE_STEROIDS,
            decimals=2,
        ),
        FigureCode.PREDNISOLONE_12_MONTHS: PublishedFigure(
            72,
            _P,
            "prednisolone: full recovery (Sunnybrook 100) at 12 months",
            ENGSTROM_2008,
            Certainty.CHECK,
        ),
        FigureCode.PLACEBO_12_MONTHS: PublishedFigure(
            57,
            _P,
            "placebo: full recovery (Sunnybrook 100) at 12 months",
            ENGSTROM_2008,
            Certainty.CHECK,
        ),
        FigureCode.ENOG_UNDER_90_EXCELLENT: PublishedFigure(
            80,
            _P,
            "complete palsy, ENoG degeneration < 90% within 3 weeks: excellent recovery",
            ENOG_SOURCE,
            high=100,
        ),
        FigureCode.ENOG_OVER_90_GOOD: PublishedFigure(
            50,
            _P,
            "complete palsy, ENoG degeneration > 90% within 3 weeks: good recovery",
            ENOG_SOURCE,
        ),
        FigureCode.ZOSTER_TREATED_BY_DAY_3: PublishedFigure(
            75,
            _P,
            "Ramsay Hunt, aciclovir with prednisone from day 3 or earlier: complete recovery",
            citations.MURAKAMI_1997,
        ),
        FigureCode.ZOSTER_TREATED_AFTER_DAY_7: PublishedFigure(
            30,
            _P,
            "Ramsay Hunt, aciclovir with prednisone after day 7: complete recovery",
            citations.MURAKAMI_1997,
        ),
        FigureCode.ZOSTER_UNTREATED: PublishedFigure(
            20,
            _P,
            "Ramsay Hunt, untreated: complete recovery (review of the literature)",
            citations.MONSANTO_2016,
        ),
        FigureCode.CHILD_PREDNISOLONE_1_MONTH: PublishedFigure(
            49,
            _P,
            "children 6 months to 17 years, prednisolone within 72 h: complete recovery at 1 month",
            citations.BABL_2022,
        ),
        FigureCode.CHILD_PLACEBO_1_MONTH: PublishedFigure(
            57, _P, "children, placebo: complete recovery at 1 month", citations.BABL_2022
        ),
        FigureCode.CHILD_PREDNISOLONE_6_MONTHS: PublishedFigure(
            98,
            _P,
            "children, prednisolone: recovered facial function at 6 months (clinician HB)",
            citations.BABL_2024,
        ),
        FigureCode.CHILD_PLACEBO_6_MONTHS: PublishedFigure(
            93,
            _P,
            "children, placebo: recovered facial function at 6 months (clinician HB)",
            citations.BABL_2024,
        ),
    }
)
