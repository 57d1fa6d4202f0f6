"""Every lab result as the engine read it: converted exactly, classified, and whether it counts.

This is what a clinician checks: the value in the laboratory's unit and in the canonical unit, the
status each result alone would give, and which result the vitamin advice is based on (the most
recent from a valid specimen, per analyte).
"""

from __future__ import annotations

import functools

from bellpath.case import LabInterpretation, LabResult, VitaminStatus
from bellpath.labs.profiles import ReferenceProfile
from bellpath.labs.status import latest_result, read_result, same_when_equal
from bellpath.labs.units import ANALYTES, parse_unit, to_canonical

__all__ = ["interpret_labs"]


def interpret_labs(labs: list[LabResult], profile: ReferenceProfile) -> list[LabInterpretation]:
    """One :class:`LabInterpretation` per result, in the order given."""
    counted = {id(latest_result(labs, analyte)) for analyte in {lab.analyte for lab in labs}}
    out: list[LabInterpretation] = []
    for lab in labs:
        counts = id(lab) in counted
        if same_when_equal((lab,)):
            out.append(_cached_interpretation(lab, profile, counts=counts))
        else:
            out.append(_interpretation(lab, profile, counts=counts))
    return out


@functools.lru_cache(maxsize=2048)
def _cached_interpretation(
    lab: LabResult, profile: ReferenceProfile, *, counts: bool
) -> LabInterpretation:
    """:func:`_interpretation`, cached (every input is frozen and hashable)."""
    return _interpretation(lab, profile, counts=counts)


def _interpretation(
    lab: LabResult, profile: ReferenceProfile, *, counts: bool
) -> LabInterpretation:
    info = ANALYTES[lab.analyte]
    unit = parse_unit(lab.analyte, lab.unit)
    reading = read_result(lab, profile)
    reason = reading.reason
    if reading.status is not VitaminStatus.UNRELIABLE and not counts:
        reason += " A more recent valid result is used instead."
    return LabInterpretation(
        analyte=lab.analyte,
        value=lab.value,
        unit=unit.value,
        specimen=lab.specimen,
        date=lab.date,
        canonical_value=to_canonical(lab.analyte, lab.value, unit),
        canonical_unit=info.canonical.value,
        status=reading.status,
        counts=counts,
        reason=reason,
        comparator=lab.comparator,
    )
