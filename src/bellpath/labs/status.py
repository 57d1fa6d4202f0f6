"""What the labs say about B12, B1 and B6: a status with the reason, from the latest valid result.

Rules, in order:

1. Only results from a valid specimen count (hair never does: Seidel 2001). When only invalid
   specimens exist, the status is ``unreliable`` and the reason asks for a blood test.
2. The most recent valid result counts (by ``date``; undated results count as older than dated ones,
   and among equals the later-listed one wins).
3. B12 with no serum result falls back to active B12 (holotranscobalamin).
4. A borderline B12 is confirmed or refuted by MMA or holotranscobalamin, then by homocysteine when
   folate is not low (homocysteine also rises when folate is short). Conflicting tests leave it
   borderline.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from bellpath import citations
from bellpath.case import Analyte, LabResult, Specimen, VitaminName, VitaminStatus
from bellpath.labs.profiles import ReferenceProfile
from bellpath.labs.units import ANALYTES, Unit, parse_unit, to_canonical

__all__ = [
    "LabReading",
    "latest_result",
    "read_analyte",
    "read_result",
    "same_when_equal",
    "vitamin_status",
]

_VITAMIN_ANALYTE = {
    VitaminName.B12: Analyte.B12,
    VitaminName.B1: Analyte.B1,
    VitaminName.B6: Analyte.B6,
}


@dataclass(frozen=True, slots=True)
class LabReading:
    """One analyte read against a profile."""

    analyte: Analyte
    status: VitaminStatus
    reason: str
    value: float | None = None
    unit: Unit | None = None
    date: dt.date | None = None
    citation: str = ""


def _sentence(text: str) -> str:
    """Upper-case the first letter only (``capitalize`` would lower-case ``B12``)."""
    return text[:1].upper() + text[1:]


def _key(item: tuple[int, LabResult]) -> tuple[dt.date, int]:
    index, lab = item
    return (lab.date or dt.date.min, index)


def latest_result(
    labs: Sequence[LabResult], analyte: Analyte, *, valid: bool = True
) -> LabResult | None:
    """The most recent result for ``analyte`` (valid specimens only when ``valid``)."""
    info = ANALYTES[analyte]
    chosen = [
        (i, lab)
        for i, lab in enumerate(labs)
        if lab.analyte is analyte and (not valid or lab.specimen in info.valid_specimens)
    ]
    if not chosen:
        return None
    return max(chosen, key=_key)[1]


def _specimen_reason(analyte: Analyte, specimen: Specimen) -> str:
    info = ANALYTES[analyte]
    valid = " or ".join(s.words for s in sorted(info.valid_specimens))
    if specimen is Specimen.HAIR:
        return (
            f"The only {info.name} result is from hair. Hair tests do not show vitamin levels "
            f"reliably (one sample sent to six laboratories gave answers more than tenfold apart), "
            f"so it cannot guide a decision; a {valid} test can."
        )
    return (
        f"The only {info.name} result is from {specimen.value.replace('_', ' ')}, which is not the "
        f"valid specimen for this test; ask for a {valid} test."
    )


def read_analyte(
    labs: Sequence[LabResult], analyte: Analyte, profile: ReferenceProfile
) -> LabReading:
    """Read the latest valid result of ``analyte`` against ``profile``."""
    if not labs:
        return _NO_RESULT[analyte]
    info = ANALYTES[analyte]
    lab = latest_result(labs, analyte)
    if lab is None:
        invalid = latest_result(labs, analyte, valid=False)
        if invalid is not None:
            return LabReading(
                analyte,
                VitaminStatus.UNRELIABLE,
                _specimen_reason(analyte, invalid.specimen),
                citation=citations.SEIDEL_2001,
            )
        return _NO_RESULT[analyte]
    unit = parse_unit(analyte, lab.unit)
    canonical = to_canonical(analyte, lab.value, unit)
    threshold = profile.threshold(analyte)
    when = f" on {lab.date.isoformat()}" if lab.date else ""
    shown = f"{lab.comparator or ''}{lab.value:g} {unit.value}"
    if threshold is None:
        return LabReading(
            analyte,
            VitaminStatus.UNKNOWN,
            f"{_sentence(info.name)} was {shown}{when}, but the {profile.title} profile sets no "
            "threshold for it.",
            lab.value,
            unit,
            lab.date,
        )
    if lab.comparator is not None:
        status = threshold.classify_censored(analyte, canonical, lab.comparator)
    else:
        status = threshold.classify(analyte, canonical)
    if status is VitaminStatus.INDETERMINATE:
        reason = (
            f"{_sentence(info.name)} was reported only as {shown}{when}. That range holds both "
            f"low and normal levels by {profile.title} (deficiency {threshold.describe()}), so "
            "it cannot be classed; a measured value, or a confirming test, can settle it."
        )
        return LabReading(analyte, status, reason, lab.value, unit, lab.date, threshold.citation)
    word = {
        VitaminStatus.DEFICIENT: "deficient",
        VitaminStatus.BORDERLINE: "borderline",
        VitaminStatus.SUFFICIENT: "in the normal range",
    }[status]
    if threshold.direction.value == "high":
        word = "raised" if status is VitaminStatus.DEFICIENT else "not raised"
    reason = (
        f"{_sentence(info.name)} was {shown}{when}: {word} by {profile.title} "
        f"(deficiency {threshold.describe()})."
    )
    return LabReading(analyte, status, reason, lab.value, unit, lab.date, threshold.citation)


_NO_RESULT: dict[Analyte, LabReading] = {
    analyte: LabReading(
        analyte, VitaminStatus.UNKNOWN, f"No {ANALYTES[analyte].name} result is recorded."
    )
    for analyte in Analyte
}
"""The reading of an analyte the case has no result for (frozen, shared)."""


def same_when_equal(labs: Sequence[LabResult]) -> bool:
    """Whether results equal to ``labs`` always read alike, so a cached reading may be shared.

    Only a value of -0.0 breaks this: it equals 0.0 (and hashes alike) but is written "-0".
    """
    return all(math.copysign(1.0, lab.value) > 0 for lab in labs)


def read_result(lab: LabResult, profile: ReferenceProfile) -> LabReading:
    """What ``lab`` alone says against ``profile``."""
    if same_when_equal((lab,)):
        return _read_result(lab, profile)
    return read_analyte([lab], lab.analyte, profile)


@functools.lru_cache(maxsize=2048)
def _read_result(lab: LabResult, profile: ReferenceProfile) -> LabReading:
    """:func:`read_result`, cached (the result and the profile are frozen and hashable)."""
    return read_analyte([lab], lab.analyte, profile)


def _confirm_b12(
    b12: LabReading, labs: Sequence[LabResult], profile: ReferenceProfile
) -> LabReading:
    """Settle a borderline B12 with MMA, holotranscobalamin, then homocysteine."""
    mma = read_analyte(labs, Analyte.MMA, profile)
    holotc = read_analyte(labs, Analyte.HOLOTC, profile)
    votes: list[tuple[bool, str]] = []  # (points to deficiency, reason)
    if mma.status in (VitaminStatus.DEFICIENT, VitaminStatus.SUFFICIENT):
        votes.append((mma.status is VitaminStatus.DEFICIENT, mma.reason))
    if holotc.status is VitaminStatus.DEFICIENT:
        votes.append((True, holotc.reason))
    elif holotc.status is VitaminStatus.SUFFICIENT:
        votes.append((False, holotc.reason))
    if not votes:
        hcy = read_analyte(labs, Analyte.HOMOCYSTEINE, profile)
        folate = read_analyte(labs, Analyte.FOLATE, profile)
        folate_ok = folate.status is VitaminStatus.SUFFICIENT
        if hcy.status is VitaminStatus.DEFICIENT and folate_ok:
            votes.append((True, hcy.reason + " Folate is normal, so B12 is the likely cause."))
        elif hcy.status is VitaminStatus.SUFFICIENT:
            votes.append((False, hcy.reason))
        elif hcy.status is VitaminStatus.DEFICIENT:
            note = " It can also rise when folate is low, so it does not settle B12 on its own."
            return LabReading(
                b12.analyte,
                b12.status,
                f"{b12.reason} {hcy.reason}{note}",
                b12.value,
                b12.unit,
                b12.date,
                b12.citation,
            )
    if not votes:
        return b12
    verdicts = {v for v, _ in votes}
    reasons = " ".join(r for _, r in votes)
    if len(verdicts) > 1:
        return LabReading(
            b12.analyte,
            b12.status,
            f"{b12.reason} The confirming tests disagree: {reasons}",
            b12.value,
            b12.unit,
            b12.date,
            b12.citation,
        )
    if verdicts == {True}:
        status, verdict = VitaminStatus.DEFICIENT, "This confirms a B12 deficiency."
    else:
        status, verdict = VitaminStatus.SUFFICIENT, "This makes a B12 deficiency unlikely."
    return LabReading(
        b12.analyte,
        status,
        f"{b12.reason} {reasons} {verdict}",
        b12.value,
        b12.unit,
        b12.date,
        f"{b12.citation}; {citations.BSH_2014}"
        if citations.BSH_2014 not in b12.citation
        else b12.citation,
    )


def vitamin_status(
    labs: Sequence[LabResult], vitamin: VitaminName, profile: ReferenceProfile
) -> LabReading:
    """Status of ``vitamin`` from the case's labs, with confirmation rules for B12."""
    if same_when_equal(labs):
        return _cached_vitamin_status(tuple(labs), vitamin, profile)
    return _vitamin_status(labs, vitamin, profile)


@functools.lru_cache(maxsize=1024)
def _cached_vitamin_status(
    labs: tuple[LabResult, ...], vitamin: VitaminName, profile: ReferenceProfile
) -> LabReading:
    """:func:`vitamin_status`, cached (every input is frozen and hashable)."""
    return _vitamin_status(labs, vitamin, profile)


def _vitamin_status(
    labs: Sequence[LabResult], vitamin: VitaminName, profile: ReferenceProfile
) -> LabReading:
    analyte = _VITAMIN_ANALYTE[vitamin]
    reading = read_analyte(labs, analyte, profile)
    if vitamin is not VitaminName.B12:
        return reading
    if reading.status in (VitaminStatus.UNKNOWN, VitaminStatus.UNRELIABLE):
        holotc = read_analyte(labs, Analyte.HOLOTC, profile)
        if holotc.status not in (VitaminStatus.UNKNOWN, VitaminStatus.UNRELIABLE):
            reading = holotc
    if reading.status in (VitaminStatus.BORDERLINE, VitaminStatus.INDETERMINATE):
        return _confirm_b12(reading, labs, profile)
    return reading
