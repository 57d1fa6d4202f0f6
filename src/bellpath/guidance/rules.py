"""Guideline rules as data: each turns the facts into one action, with its reason and source.

A rule's ``reason`` function returns the plain-language reason when the rule applies, else
``None``. :func:`actions` applies every rule and orders the result: ``urgent_assessment`` first
whenever a red flag is present, then by priority, then in table order.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bellpath import citations
from bellpath.case import (
    Action,
    ActionCode,
    Analyte,
    Applicability,
    Case,
    EyeClosure,
    Phase,
    Priority,
    Severity,
    VitaminAdvice,
    VitaminName,
    VitaminReading,
    VitaminStatus,
)
from bellpath.guidance.b6_limits import (
    DEFAULT_B6_LIMIT,
    B6UpperLevel,
    b6_daily_mg,
    b6_limit_for,
)
from bellpath.guidance.red_flags import RED_FLAG_CITATION, red_flags
from bellpath.labs.profiles import DEFAULT_PROFILE, ReferenceProfile
from bellpath.labs.status import read_analyte
from bellpath.recovery.parameters import DEFAULT_PARAMETERS, RecoveryParameters, add_months
from bellpath.recovery.score_checks import Worsening

__all__ = ["RULES", "Facts", "Rule", "actions"]

_PRIORITY_ORDER = {p: i for i, p in enumerate(Priority)}
ZOSTER_ANTIVIRAL_DAYS = 7
"""Days after onset while an antiviral with a steroid is still worth raising for Ramsay Hunt
syndrome: Murakami 1997 found 75% complete recovery when started within 3 days, 30% after 7."""
PERSISTENT_PARALYSIS_MONTHS = 6
"""NICE CKS: facial paralysis persisting beyond 6 months suggests a tumour (refer urgently)."""


_BELLS = Applicability()
"""Every Bell's palsy statement applies (no finding against it)."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules look at: the case plus what the engine has worked out."""

    case: Case
    phase: Phase
    movement: dt.date | None
    vitamins: Mapping[VitaminName, VitaminReading]
    parameters: RecoveryParameters = DEFAULT_PARAMETERS
    b6_limit: B6UpperLevel = DEFAULT_B6_LIMIT
    profile: ReferenceProfile = DEFAULT_PROFILE
    scope: Applicability = _BELLS
    overdue_since: dt.date | None = None
    worse: Worsening | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rule table."""

    code: ActionCode
    priority: Callable[[Facts], Priority]
    title: str
    citation: Callable[[Facts], str]
    reason: Callable[[Facts], str | None]


def _fixed(value: Priority) -> Callable[[Facts], Priority]:
    return lambda _facts: value


def _cite(text: str) -> Callable[[Facts], str]:
    return lambda _facts: text


# ----------------------------------------------------------------------------- reasons


def _emergency(f: Facts) -> str | None:
    if not f.scope.emergency:
        return None
    listed = "; ".join(flag.patient for flag in red_flags(f.case))
    return (
        f"You noted: {listed}. Facial weakness together with these signs can be a stroke. Call "
        "the emergency services now (999 in the UK, 112 in Europe, 911 in North America). Do not "
        "wait, and do not drive yourself. Treatment for a stroke works best in the first hours."
    )


def _urgent(f: Facts) -> str | None:
    flags = red_flags(f.case)
    if not flags or f.scope.emergency:
        return None
    listed = "; ".join(flag.patient for flag in flags)
    return (
        f"You noted: {listed}. This may not be Bell's palsy, and another cause needs to be ruled "
        "out by a doctor today."
    )


def _steroids(f: Facts) -> str | None:
    case = f.case
    if case.steroids_started is not None or case.recovered or not f.scope.steroid_prompt:
        return None
    if case.days_since_onset > f.parameters.steroid_window_days:
        return None
    child = case.age is not None and case.age < 16
    if f.scope.bells_figures and not child:
        benefit = (
            "Steroid tablets started within 72 hours improve the chance of full recovery (in one "
            "large trial 83 in 100 recovered fully by 3 months with prednisolone, 64 in 100 "
            "without)."
        )
    else:
        benefit = "Steroid tablets help most when they are started within 72 hours."
    reason = (
        f"The palsy began within the last 72 hours and no steroid has been started. {benefit} "
        "Ask a doctor today; only a doctor can decide whether they suit you and at what dose."
    )
    if child:
        reason += (
            " The guideline's strong advice is for people aged 16 and over; in a trial in "
            "children steroids did not show a benefit, so the doctor weighs it for a child."
        )
    if case.pregnant:
        reason += _PREGNANCY_NOTE
    return reason


_PREGNANCY_NOTE = (
    " You are pregnant: steroids are not ruled out, and the decision is best shared with the "
    "team caring for your pregnancy (midwife or obstetrician)."
)


def _antiviral(f: Facts) -> str | None:
    case = f.case
    if not f.scope.zoster or case.recovered:
        return None
    if case.days_since_onset > ZOSTER_ANTIVIRAL_DAYS:
        return None
    reason = (
        "Blisters in the ear or mouth with facial weakness point to shingles of the facial nerve "
        "(Ramsay Hunt syndrome). Guidelines say an antiviral should only be given together with a "
        "steroid, never alone, and the sooner both start the better: in one study 75 in 100 "
        "recovered completely when treatment began within 3 days, against 30 in 100 after 7 "
        "days. Ask a doctor today; only a doctor decides on the medicines and doses."
    )
    if case.pregnant:
        reason += _PREGNANCY_NOTE
    return reason


def _reassess(f: Facts) -> str | None:
    w = f.worse
    if w is None or f.scope.emergency:
        return None
    return (
        f"The {w.scale.label} score got worse, from {w.best:g} on {w.best_date.isoformat()} to "
        f"{w.now:g} on {w.date.isoformat()}, more than the measurement error of "
        f"{w.noise:g}. Bell's palsy does not usually get worse once it has settled, so a doctor "
        "should look again soon for another cause."
    )


def _eye(f: Facts) -> str | None:
    case = f.case
    if case.recovered:
        return None
    reason: str | None = None
    if case.eye_closure is EyeClosure.INCOMPLETE:
        reason = (
            "The eye on the weak side does not close fully, so it can dry out and get hurt. "
            "Protect it: lubricating drops by day, ointment and taping or a shield at night, "
            "glasses outdoors. Seek care quickly for eye pain, redness or blurred vision."
        )
    elif case.eye_closure is None and case.severity is Severity.COMPLETE:
        reason = (
            "With a complete palsy the eye usually cannot close fully. Until someone checks, "
            "protect it: lubricating drops by day, ointment and taping at night."
        )
    if reason is not None and case.pregnant:
        reason += " Eye care is the same in pregnancy; tell the team caring for your pregnancy."
    return reason


def _lab(f: Facts) -> str | None:
    if not f.scope.bells_timelines:
        return None
    asked = [
        (name, reading)
        for name, reading in f.vitamins.items()
        if reading.advice in (VitaminAdvice.TEST_FIRST, VitaminAdvice.CONFIRM_TEST)
    ]
    if not asked:
        return None
    parts = []
    for name, reading in asked:
        label = name.value.upper()
        if reading.advice is VitaminAdvice.CONFIRM_TEST:
            extra = " (MMA or active B12)" if name is VitaminName.B12 else " (repeat test)"
            parts.append(f"confirm the borderline {label}{extra}")
        else:
            parts.append(f"measure {label}")
    return (
        f"While the nerve is recovering, a blood test can show a shortage worth treating: "
        f"{', '.join(parts)}. Guidelines do not need blood tests to diagnose Bell's palsy; this is "
        "only about vitamin levels. Hair tests are not reliable for this."
    )


def _lab_priority(f: Facts) -> Priority:
    b12 = f.vitamins.get(VitaminName.B12)
    if b12 is not None and b12.advice is VitaminAdvice.CONFIRM_TEST:
        return Priority.HIGH
    if f.case.risk_factors or (f.case.age is not None and f.case.age > 60):
        return Priority.HIGH
    return Priority.ROUTINE


def _referral(f: Facts) -> str | None:
    case, p = f.case, f.parameters
    if case.recovered or not f.scope.bells_timelines:
        return None
    if f.overdue_since is not None:
        reason = (
            f"No movement has been recorded, and the latest date first movement usually comes "
            f"({f.overdue_since.isoformat()}) has passed. A facial nerve specialist should see "
            "you urgently to look for another cause."
        )
        if case.as_of >= add_months(case.onset, PERSISTENT_PARALYSIS_MONTHS):
            reason += (
                " Weakness lasting more than 6 months can point to a growth pressing on the "
                "nerve, which needs to be ruled out."
            )
        return reason
    if f.movement is None and case.as_of >= add_months(case.onset, p.first_movement_latest_months):
        return (
            "No movement has returned 4 months after onset. First movements rarely come later than "
            "this, so a facial nerve specialist should review you."
        )
    if case.as_of >= add_months(case.onset, p.referral_months):
        return (
            "Recovery is not complete 3 months after onset. Guidelines advise a review by a facial "
            "nerve specialist, who can also plan treatment of any complications."
        )
    if f.movement is None and case.days_since_onset >= p.no_improvement_referral_days:
        return (
            "Nothing has improved 3 weeks after onset. UK guidance advises a referral now; most "
            "people with a quick recovery see some change by this time."
        )
    return None


def _referral_priority(f: Facts) -> Priority:
    p = f.parameters
    if f.overdue_since is not None:
        return Priority.URGENT
    if f.movement is None and f.case.as_of >= add_months(
        f.case.onset, p.first_movement_latest_months
    ):
        return Priority.HIGH
    return Priority.ROUTINE


def _rehab(f: Facts) -> str | None:
    case = f.case
    if case.recovered or f.scope.emergency:
        return None
    # Pain, taste change or sound sensitivity before movement returns belong to the palsy itself.
    if case.complications and f.movement is not None:
        named = ", ".join(c.words for c in dict.fromkeys(case.complications))
        return (
            f"You noted {named}. These are complications of a long recovery, not signs that the "
            "nerve is still healing; vitamins and medicines do not treat them. Daily, guided "
            "exercises with a facial therapist do."
        )
    if f.phase is Phase.PLATEAU and not case.recovered:
        return (
            "Recovery has levelled off short of normal. From here daily, guided exercises with a "
            "facial therapist improve the quality of movement and prevent or ease complications."
        )
    return None


def _b6(f: Facts) -> str | None:
    total = b6_daily_mg(f.case)
    level, label = b6_limit_for(f.b6_limit, f.case.age)
    if total <= level:
        return None
    return (
        f"Your B6 supplements add up to {total:g} mg a day, above the {level:g} mg upper level "
        f"set by {label}. Taken for a long time, high B6 can itself damage nerves (numbness, "
        "tingling). Talk to your doctor or pharmacist about it."
    )


def _deficiency(f: Facts) -> str | None:
    low = [
        name.value.upper()
        for name, reading in f.vitamins.items()
        if reading.status is VitaminStatus.DEFICIENT
    ]
    if read_analyte(f.case.labs, Analyte.FOLATE, f.profile).status is VitaminStatus.DEFICIENT:
        low.append("folate")
    if not low:
        return None
    listed = " and ".join(low)
    verb = "result is" if len(low) == 1 else "results are"
    return (
        f"Your {listed} {verb} low. A shortage needs a doctor's care in its own right, whatever "
        "the stage of the palsy: it can cause anaemia, tiredness and nerve problems elsewhere, and "
        "its cause (diet, absorption, medicines) should be found. The doctor decides on treatment "
        "and dose."
    )


def _steroid_citation(f: Facts) -> str:
    cites = [citations.AAO_HNS_2013]
    if f.case.age is not None and f.case.age < 16:
        cites.append(citations.BABL_2022)
    elif f.scope.bells_figures:
        cites.append(citations.SULLIVAN_2007)
    if f.case.pregnant:
        cites.append(citations.HUSSAIN_2017)
    return "; ".join(cites)


def _eye_citation(f: Facts) -> str:
    base = f"{citations.AAO_HNS_2013}; {citations.NICE_CKS}"
    return f"{base}; {citations.HUSSAIN_2017}" if f.case.pregnant else base


RULES: tuple[Rule, ...] = (
    Rule(
        ActionCode.EMERGENCY_SERVICES,
        _fixed(Priority.EMERGENCY),
        "Call the emergency services now",
        _cite(f"{citations.NICE_NG128}; {citations.NICE_CKS_REFERRAL}"),
        _emergency,
    ),
    Rule(
        ActionCode.URGENT_ASSESSMENT,
        _fixed(Priority.URGENT),
        "Get urgent medical assessment",
        _cite(RED_FLAG_CITATION),
        _urgent,
    ),
    Rule(
        ActionCode.URGENT_REASSESSMENT,
        _fixed(Priority.URGENT),
        "See a doctor soon: the face is getting weaker",
        _cite(f"{citations.AAO_HNS_2013}; {citations.NICE_CKS_REFERRAL}"),
        _reassess,
    ),
    Rule(
        ActionCode.ANTIVIRAL_CONSIDERATION,
        _fixed(Priority.URGENT),
        "Ask a doctor today about an antiviral with a steroid",
        _cite(f"{citations.AAO_HNS_KAS5}; {citations.MURAKAMI_1997}; {citations.MONSANTO_2016}"),
        _antiviral,
    ),
    Rule(
        ActionCode.STEROIDS_WINDOW,
        _fixed(Priority.URGENT),
        "Ask a doctor about steroids today",
        _steroid_citation,
        _steroids,
    ),
    Rule(
        ActionCode.EYE_PROTECTION,
        _fixed(Priority.HIGH),
        "Protect the eye",
        _eye_citation,
        _eye,
    ),
    Rule(
        ActionCode.SPECIALIST_REFERRAL,
        _referral_priority,
        "See a facial nerve specialist",
        lambda f: (
            f"{citations.NICE_CKS_REFERRAL}; {citations.AAO_HNS_2013}"
            if f.overdue_since is not None
            else f"{citations.AAO_HNS_2013}; {citations.NICE_CKS}; {citations.SOURCE_DOCUMENT}"
        ),
        _referral,
    ),
    Rule(
        ActionCode.B6_INTAKE_WARNING,
        _fixed(Priority.HIGH),
        "Check your vitamin B6 dose",
        lambda f: (
            f"{f.b6_limit.citation}; {citations.EFSA_2023}"
            if f.case.age is not None and f.case.age < 18 and f.b6_limit is not B6UpperLevel.EFSA
            else f.b6_limit.citation
        ),
        _b6,
    ),
    Rule(
        ActionCode.DEFICIENCY_CARE,
        _fixed(Priority.HIGH),
        "See your doctor about the low vitamin level",
        _cite(f"{citations.BSH_2014}; {citations.NICE_NG239}"),
        _deficiency,
    ),
    Rule(
        ActionCode.LAB_TEST,
        _lab_priority,
        "Ask about a blood test for vitamin levels",
        _cite(f"{citations.SOURCE_DOCUMENT}; {citations.BSH_2014}; {citations.SEIDEL_2001}"),
        _lab,
    ),
    Rule(
        ActionCode.REHABILITATION,
        _fixed(Priority.ROUTINE),
        "Start guided facial rehabilitation",
        _cite(citations.SOURCE_DOCUMENT),
        _rehab,
    ),
)


_FIRST = frozenset({ActionCode.EMERGENCY_SERVICES, ActionCode.URGENT_ASSESSMENT})


def actions(facts: Facts, rules: tuple[Rule, ...] = RULES) -> list[Action]:
    """Apply ``rules``; emergency and red flags first, then by priority, then in table order.

    In an emergency (suspected stroke) only what is not Bell's-specific follows the call for
    help: eye protection and a B6 dose warning.
    """
    found: list[tuple[int, int, Action]] = []
    for index, rule in enumerate(rules):
        reason = rule.reason(facts)
        if reason is None:
            continue
        priority = rule.priority(facts)
        action = _action(rule.code, priority, rule.title, reason, rule.citation(facts))
        first = 0 if rule.code in _FIRST else 1
        found.append((first, _PRIORITY_ORDER[priority] * 100 + index, action))
    found.sort(key=lambda item: (item[0], item[1]))
    out = [action for _, _, action in found]
    if facts.scope.emergency:
        out = [a for a in out if a.code in _EMERGENCY_KEEP]
    return out


@functools.lru_cache(maxsize=2048)
def _action(code: ActionCode, priority: Priority, title: str, reason: str, citation: str) -> Action:
    """One action (cached: a frozen model of strings, the same for every case that reads alike)."""
    return Action(code=code, priority=priority, title=title, reason=reason, citation=citation)


_EMERGENCY_KEEP = frozenset(
    {ActionCode.EMERGENCY_SERVICES, ActionCode.EYE_PROTECTION, ActionCode.B6_INTAKE_WARNING}
)
