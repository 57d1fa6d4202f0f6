"""Ramsay Hunt syndrome (vesicles): antiviral with a steroid and zoster figures, not Bell's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bellpath import citations
from bellpath.assess import assess
from bellpath.case import ActionCode, Case, Priority
from bellpath.outlook import PrognosisCode

ONSET = dt.date(2026, 3, 2)


def at(days: int, **facts: Any) -> Case:
    return Case.model_validate(
        {
            "onset": ONSET,
            "as_of": ONSET + dt.timedelta(days=days),
            "findings": ["vesicles"],
            **facts,
        }
    )


def test_vesicles_keep_the_steroid_window_and_add_an_antiviral_prompt() -> None:
    # AAO-HNS 2013 KAS 5: antiviral only together with a steroid; Murakami 1997: 75% vs 30%.
    a = assess(at(1))
    codes = [x.code for x in a.actions]
    assert codes[0] is ActionCode.URGENT_ASSESSMENT
    assert ActionCode.STEROIDS_WINDOW in codes
    antiviral = next(x for x in a.actions if x.code is ActionCode.ANTIVIRAL_CONSIDERATION)
    assert antiviral.priority is Priority.URGENT
    assert "75 in 100" in antiviral.reason and "30 in 100" in antiviral.reason
    assert "never alone" in antiviral.reason
    assert citations.MURAKAMI_1997 in antiviral.citation
    steroids = next(x for x in a.actions if x.code is ActionCode.STEROIDS_WINDOW)
    assert "83 in 100" not in steroids.reason  # Sullivan 2007 excluded zoster


def test_zoster_figures_replace_bells_figures() -> None:
    a = assess(at(10, severity="complete"))
    codes = {p.code for p in a.prognosis}
    assert codes == {PrognosisCode.ZOSTER_EARLY_TREATMENT, PrognosisCode.ZOSTER_UNTREATED}
    sources = " ".join(p.source for p in a.prognosis)
    assert citations.PEITERSEN_2002 not in sources
    assert citations.SULLIVAN_2007 not in sources
    assert citations.MURAKAMI_1997 in sources and citations.MONSANTO_2016 in sources
    assert a.first_movement_window is None


def test_the_antiviral_prompt_ends_after_a_week() -> None:
    assert ActionCode.ANTIVIRAL_CONSIDERATION in {x.code for x in assess(at(7)).actions}
    assert ActionCode.ANTIVIRAL_CONSIDERATION not in {x.code for x in assess(at(8)).actions}


def test_pregnancy_adds_a_note_to_involve_obstetric_care() -> None:
    a = assess(at(1, pregnant=True))
    antiviral = next(x for x in a.actions if x.code is ActionCode.ANTIVIRAL_CONSIDERATION)
    assert "pregnancy" in antiviral.reason
