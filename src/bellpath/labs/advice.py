"""What a B12, B1 or B6 supplement can do now: status from the labs, advice from the phase.

Vitamins only replace a measured deficiency, and only while the nerve is still recovering: they do
not make the nerve regrow faster than about 1 mm a day, and they do not treat late complications
(synkinesis, contracture, rigidity, pain, crocodile tears). Evidence for B12 in Bell's palsy comes
from small, low-quality trials only (Wang 2015); bellpath says so.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from bellpath import citations
from bellpath.case import (
    Case,
    Phase,
    RiskFactor,
    VitaminAdvice,
    VitaminName,
    VitaminReading,
    VitaminStatus,
)
from bellpath.labs.profiles import DEFAULT_PROFILE, ReferenceProfile
from bellpath.labs.status import LabReading, vitamin_status

__all__ = ["LAB_MAX_AGE_DAYS", "RISK_FACTOR_TEXT", "read_vitamins", "vitamin_advice"]

LAB_MAX_AGE_DAYS = 365
"""A result older than this (days before ``as_of``) still counts, but the reason suggests repeating
it: vitamin status can change over a year (bellpath project convention, docs/parameters.md)."""

RISK_FACTOR_TEXT: Mapping[RiskFactor, str] = MappingProxyType(
    {
        RiskFactor.AGE_OVER_60: "age over 60",
        RiskFactor.VEGAN_DIET: "a vegan or strict vegetarian diet",
        RiskFactor.METFORMIN: "metformin",
        RiskFactor.ACID_SUPPRESSANTS: "stomach-acid medicines",
        RiskFactor.PERNICIOUS_ANAEMIA: "pernicious anaemia",
        RiskFactor.GASTRIC_SURGERY: "stomach or bowel surgery",
        RiskFactor.ALCOHOL: "heavy alcohol use",
        RiskFactor.NITROUS_OXIDE: "nitrous oxide use",
        RiskFactor.DEFICIENCY_SYMPTOMS: "symptoms that can come from a shortage",
    }
)

_LATE_PHASES = frozenset({Phase.PLATEAU, Phase.RECOVERED})
_LABEL = {VitaminName.B12: "B12", VitaminName.B1: "B1", VitaminName.B6: "B6"}


def _risk_factors(case: Case, vitamin: VitaminName) -> list[str]:
    """B12 risk factors recorded for the case (clinical reference 4.4); none for B1 and B6."""
    if vitamin is not VitaminName.B12:
        return []
    factors = list(case.risk_factors)
    if case.age is not None and case.age > 60:
        factors.insert(0, RiskFactor.AGE_OVER_60)
    return [RISK_FACTOR_TEXT[f] for f in dict.fromkeys(factors)]


def _reason_to_test(case: Case) -> bool:
    """A risk factor, a symptom of deficiency, or age over 60 (NICE NG239)."""
    return bool(case.risk_factors) or (case.age is not None and case.age > 60)


def vitamin_advice(
    case: Case, phase: Phase, vitamin: VitaminName, reading: LabReading
) -> VitaminReading:
    """Turn a lab status into advice for the person's phase, with the reason and its source."""
    name = _LABEL[vitamin]
    if reading.date is not None and (case.as_of - reading.date).days > LAB_MAX_AGE_DAYS:
        note = " That result is more than a year old; a new test shows where things stand now."
        reading = replace(reading, reason=reading.reason + note)
    status = reading.status
    # Complications count as late only once movement has returned (before that, pain, taste
    # change or sound sensitivity are features of the acute palsy): advice follows the phase.
    late = phase in _LATE_PHASES or (bool(case.complications) and phase is Phase.RECOVERING)
    if late:
        why = (
            "Normal function is back, so a supplement has nothing left to help the nerve with."
            if phase is Phase.RECOVERED
            else "The nerve has done most of its recovering. Vitamins and medicines do not treat "
            "late complications such as synkinesis or tightness; daily guided exercises do."
        )
        reason = f"{why} {reading.reason}"
        if status in (VitaminStatus.DEFICIENT, VitaminStatus.BORDERLINE):
            reason += (
                f" A low {name} still matters for your general health (blood and nerves), so ask "
                "your doctor to look into it and treat it."
            )
        return _reading(
            status=status,
            advice=VitaminAdvice.NO_BENEFIT_NOW,
            reason=reason,
            citation=f"{citations.SOURCE_DOCUMENT}; {citations.WANG_2015}",
        )
    if status is VitaminStatus.DEFICIENT:
        return _reading(
            status=status,
            advice=VitaminAdvice.MAY_HELP,
            reason=(
                f"{reading.reason} A shortage can slow the nerve's regrowth, so replacing it may "
                "help while the nerve is recovering; it cannot make the nerve regrow faster than "
                "nature allows. Trials of B12 in Bell's palsy are small and of low quality. Your "
                "doctor decides on treatment and dose."
            ),
            citation=f"{citations.SOURCE_DOCUMENT}; {citations.WANG_2015}",
        )
    if status in (VitaminStatus.BORDERLINE, VitaminStatus.INDETERMINATE):
        confirm = (
            "A methylmalonic acid (MMA) or active B12 (holotranscobalamin) test can settle it."
            if vitamin is VitaminName.B12
            else "A repeat test can settle it."
        )
        between = (
            " This is neither clearly low nor clearly normal."
            if status is VitaminStatus.BORDERLINE
            else ""  # the reason already says the censored range cannot be classed
        )
        return _reading(
            status=status,
            advice=VitaminAdvice.CONFIRM_TEST,
            reason=f"{reading.reason}{between} {confirm}",
            citation=(
                f"{citations.BSH_2014}; {citations.NICE_NG239}"
                if vitamin is VitaminName.B12
                else reading.citation
            ),
        )
    if status is VitaminStatus.SUFFICIENT:
        return _reading(
            status=status,
            advice=VitaminAdvice.UNLIKELY_TO_HELP,
            reason=(
                f"{reading.reason} With enough {name} already, a supplement is unlikely to add "
                "anything to the nerve's recovery."
            ),
            citation=f"{citations.SOURCE_DOCUMENT}; {citations.WANG_2015}",
        )
    factors = _risk_factors(case, vitamin)
    if status is VitaminStatus.UNKNOWN and not _reason_to_test(case):
        # AAO-HNS 2013 KAS 2: no routine tests; NICE NG239: test on risk factors or symptoms.
        return _reading(
            status=status,
            advice=VitaminAdvice.UNLIKELY_TO_HELP,
            reason=(
                f"{reading.reason} Nothing recorded points to a shortage (no risk factor and no "
                "symptom of one), so no routine test is needed and a supplement is unlikely to "
                "help the nerve. Tell your doctor if any risk factor or symptom applies to you."
            ),
            citation=f"{citations.AAO_HNS_KAS2}; {citations.NICE_NG239}",
        )
    reason = (
        f"{reading.reason} A shortage would slow the nerve's regrowth, so a blood test can show "
        "whether a supplement could help."
    )
    if factors:
        reason += f" A test matters more for you because of {', '.join(factors)}."
    cite = (
        citations.SEIDEL_2001
        if status is VitaminStatus.UNRELIABLE
        else f"{citations.SOURCE_DOCUMENT}; {citations.NICE_NG239}"
    )
    return _reading(status=status, advice=VitaminAdvice.TEST_FIRST, reason=reason, citation=cite)


@functools.lru_cache(maxsize=1024)
def _reading(
    *, status: VitaminStatus, advice: VitaminAdvice, reason: str, citation: str
) -> VitaminReading:
    """One reading (cached: a frozen model of strings, the same for every case that reads alike)."""
    return VitaminReading(status=status, advice=advice, reason=reason, citation=citation)


def read_vitamins(
    case: Case, phase: Phase, profile: ReferenceProfile = DEFAULT_PROFILE
) -> dict[VitaminName, VitaminReading]:
    """Status and advice for B12, B1 and B6."""
    return {
        vitamin: vitamin_advice(case, phase, vitamin, vitamin_status(case.labs, vitamin, profile))
        for vitamin in VitaminName
    }
