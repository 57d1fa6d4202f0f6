"""No statement contradicts another in the same assessment: properties over generated cases.

The rules (issue 12): no emergency or central finding together with a steroid prompt; no Bell's
figure where a finding withholds it; never a first-movement window wholly in the past; never
``plateau`` without recorded movement; never a late-complication branch before movement returned;
the source article is never cited by a file name.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bellpath import citations
from bellpath.applicability import CENTRAL_FINDINGS, FINDINGS
from bellpath.assess import assess
from bellpath.case import (
    ActionCode,
    Case,
    Complication,
    Finding,
    FindingExclusion,
    Phase,
    Severity,
    VitaminAdvice,
)
from bellpath.caseio import dump_assessment_json
from bellpath.recovery.stages import movement_date

BELLS_FIGURE_SOURCES = (
    citations.PEITERSEN_2002,
    citations.SULLIVAN_2007,
    "Cochrane review of corticosteroids",
)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Cases at any time after onset, with findings, exclusions, movement and gradings."""
    onset = dt.date(2026, 1, 5)
    days = draw(st.integers(0, 500))
    as_of = onset + dt.timedelta(days=days)
    moved = draw(st.one_of(st.none(), st.integers(0, days)))
    findings = draw(st.lists(st.sampled_from(list(Finding)), max_size=3, unique=True))
    excluded = [
        FindingExclusion(finding=f, date=onset + dt.timedelta(days=draw(st.integers(0, days))))
        for f in findings
        if draw(st.booleans())
    ]
    grades = draw(st.lists(st.sampled_from(["I", "II", "III", "IV", "V", "VI"]), max_size=5))
    step = max(1, days // (len(grades) + 1))
    gradings = [
        {"date": onset + dt.timedelta(days=step * (i + 1)), "scale": "house_brackmann", "grade": g}
        for i, g in enumerate(grades)
        if step * (i + 1) <= days
    ]
    return Case.model_validate(
        {
            "onset": onset,
            "as_of": as_of,
            "severity": draw(st.one_of(st.none(), st.sampled_from(list(Severity)))),
            "first_movement": None if moved is None else onset + dt.timedelta(days=moved),
            "age": draw(st.one_of(st.none(), st.integers(0, 100))),
            "pregnant": draw(st.one_of(st.none(), st.booleans())),
            "findings": findings,
            "excluded_findings": excluded,
            "complications": draw(st.lists(st.sampled_from(list(Complication)), max_size=2)),
            "gradings": gradings,
        }
    )


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_no_statement_contradicts_another(case: Case) -> None:
    a = assess(case)
    codes = {x.code for x in a.actions}
    active = set(a.red_flags)

    # no emergency or central finding together with a steroid prompt
    if a.applicability.emergency or active & CENTRAL_FINDINGS:
        assert ActionCode.STEROIDS_WINDOW not in codes
        assert all(m.code.value != "steroids_window_end" for m in a.milestones)
    if a.applicability.emergency:
        assert a.actions[0].code is ActionCode.EMERGENCY_SERVICES
        assert not a.prognosis and not a.milestones and a.first_movement_window is None

    # no Bell's figure where a finding withholds it
    if any(not FINDINGS[f].bells_figures for f in active):
        sources = " ".join(p.source for p in a.prognosis)
        assert not any(s in sources for s in BELLS_FIGURE_SOURCES)
        assert a.first_movement_window is None

    # never a first-movement window that lies wholly in the past
    window = a.first_movement_window
    assert window is None or window.latest >= a.as_of

    # never plateau without recorded movement (the gradings may record it)
    if a.phase is Phase.PLATEAU:
        began = a.trajectory.movement_began if a.trajectory else None
        assert movement_date(case, began) is not None

    # never a late-complication branch before movement returned
    if a.phase not in (Phase.RECOVERING, Phase.PLATEAU, Phase.RECOVERED):
        assert ActionCode.REHABILITATION not in codes
        assert VitaminAdvice.NO_BENEFIT_NOW not in {v.advice for v in a.vitamins.values()}

    # the source article is cited by its subject, never by a file name
    text = dump_assessment_json(a)
    assert "000_" not in text and "seed document" not in text
    json.loads(text)
