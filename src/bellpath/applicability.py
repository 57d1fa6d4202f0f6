"""Which Bell's palsy statements apply to a presentation: the findings table, as data.

bellpath's timelines, milestones and published figures describe idiopathic Bell's palsy. A finding
that points to another cause changes what may be said. Each row of :data:`FINDINGS` gives, with its
source, the finding's priority and whether these still apply:

* ``steroid_prompt``: the prompt to ask about steroids within 72 hours (and its milestone);
* ``bells_timelines``: the nerve-regrowth window and the milestones of the recovery model;
* ``bells_figures``: Peitersen 2002 (idiopathic unilateral palsy), Sullivan 2007 and the Cochrane
  review (adults with Bell's palsy treated within 72 hours).

Central signs (forehead sparing, limb weakness, cerebellar signs, speech disturbance) withhold all
three. The other findings withhold the timelines and figures but keep the steroid prompt. Suspected
stroke (:func:`suspected_stroke`) is an emergency. A clinician can record that the cause a finding
pointed to was excluded (:class:`~bellpath.case.FindingExclusion`); from that date the finding
withholds nothing and a note says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bellpath import citations
from bellpath.case import Applicability, Case, Finding, FindingExclusion, Priority

__all__ = [
    "CENTRAL_FINDINGS",
    "FINDINGS",
    "FindingRow",
    "active_findings",
    "applicability",
    "suspected_stroke",
]


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One row of the findings table."""

    priority: Priority
    central: bool
    steroid_prompt: bool
    bells_timelines: bool
    bells_figures: bool
    source: str


_CENTRAL_SRC = f"{citations.NICE_CKS_REFERRAL}; {citations.AAO_HNS_2013}"
_STROKE_SRC = f"{citations.NICE_NG128}; {citations.NICE_CKS_REFERRAL}"
_OTHER_SRC = f"{citations.NICE_CKS_REFERRAL}; {citations.PEITERSEN_2002} (idiopathic palsy only)"
_ZOSTER_SRC = (
    f"{citations.AAO_HNS_KAS5}; {citations.MURAKAMI_1997}; {citations.MONSANTO_2016}; "
    f"{citations.SULLIVAN_2007} (excluded zoster)"
)


def _central(priority: Priority, source: str) -> FindingRow:
    return FindingRow(priority, True, False, False, False, source)


def _other(source: str = _OTHER_SRC) -> FindingRow:
    return FindingRow(Priority.URGENT, False, True, False, False, source)


FINDINGS: Mapping[Finding, FindingRow] = MappingProxyType(
    {
        Finding.FOREHEAD_SPARING: _central(Priority.URGENT, _CENTRAL_SRC),
        Finding.LIMB_WEAKNESS: _central(Priority.EMERGENCY, _STROKE_SRC),
        Finding.SPEECH_DISTURBANCE: _central(Priority.EMERGENCY, _STROKE_SRC),
        Finding.CEREBELLAR_SIGNS: _central(Priority.URGENT, _CENTRAL_SRC),
        Finding.BILATERAL: _other(),
        Finding.RECURRENT: _other(),
        Finding.OTHER_CRANIAL_NERVES: _other(),
        Finding.GRADUAL_ONSET: _other(),
        Finding.VESICLES: _other(_ZOSTER_SRC),
        Finding.PAROTID_MASS: _other(),
        Finding.NECK_MASS: _other(),
        Finding.EAR_DISCHARGE: _other(),
        Finding.SYSTEMIC_ILLNESS: _other(),
        Finding.CANCER_HISTORY: _other(),
        Finding.SEVERE_HEADACHE: _other(),
        Finding.TICK_EXPOSURE: _other(),
        Finding.HEARING_LOSS: _other(),
        Finding.TRAUMA: _other(),
    }
)
"""Every finding with its priority, what Bell's content it leaves in place, and the source."""

CENTRAL_FINDINGS = frozenset(f for f, row in FINDINGS.items() if row.central)


def _exclusions(case: Case) -> dict[Finding, FindingExclusion]:
    """The latest exclusion recorded for each finding, on or before ``as_of``."""
    out: dict[Finding, FindingExclusion] = {}
    for excl in sorted(case.excluded_findings, key=lambda e: e.date):
        if excl.date <= case.as_of and excl.finding in case.findings:
            out[excl.finding] = excl
    return out


def active_findings(case: Case) -> list[Finding]:
    """The case's findings not excluded by a clinician, once each, in table order."""
    if not case.findings:
        return []
    excluded = _exclusions(case)
    present = set(case.findings)
    return [f for f in FINDINGS if f in present and f not in excluded]


def suspected_stroke(findings: list[Finding]) -> bool:
    """Facial weakness with limb weakness or speech disturbance, or forehead sparing with another
    central sign (NICE NG128 1.1, FAST)."""
    present = set(findings)
    if any(FINDINGS[f].priority is Priority.EMERGENCY for f in present):
        return True
    return Finding.FOREHEAD_SPARING in present and len(present & CENTRAL_FINDINGS) > 1


_ALL_APPLIES = Applicability(
    emergency=False,
    steroid_prompt=True,
    bells_timelines=True,
    bells_figures=True,
    zoster=False,
    withheld_by=[],
    excluded=[],
    notes=[],
)
"""The answer for a case without findings (frozen and shared; built as the full path builds it)."""


def _exclusion_note(excl: FindingExclusion) -> str:
    who = f" by {excl.by}" if excl.by else ""
    name = excl.finding.words
    return (
        f"A clinician recorded on {excl.date.isoformat()}{who} that the other cause suggested by "
        f"'{name}' was excluded, so the usual Bell's palsy information is shown again."
    )


def applicability(case: Case) -> Applicability:
    """What of the Bell's palsy content applies to ``case``, with plain-language notes."""
    if not case.findings:
        # Exclusions count only for findings the case has, so all of it applies.
        return _ALL_APPLIES
    active = active_findings(case)
    rows = [FINDINGS[f] for f in active]
    emergency = suspected_stroke(active)
    steroid = not emergency and all(r.steroid_prompt for r in rows)
    timelines = not emergency and all(r.bells_timelines for r in rows)
    figures = not emergency and all(r.bells_figures for r in rows)
    withheld = [f for f in active if not FINDINGS[f].bells_figures]
    notes: list[str] = []
    if emergency:
        notes.append(
            "These signs can mean a stroke. Call the emergency services now; the usual Bell's "
            "palsy dates, figures and treatment prompts do not apply."
        )
    elif withheld:
        notes.append(
            "Something you noted can point to a cause other than Bell's palsy, so Bell's palsy "
            "recovery dates and study figures are not shown until a doctor has checked it."
        )
    excluded = list(_exclusions(case).values())
    notes.extend(_exclusion_note(e) for e in excluded)
    return Applicability(
        emergency=emergency,
        steroid_prompt=steroid,
        bells_timelines=timelines,
        bells_figures=figures,
        zoster=Finding.VESICLES in active and not emergency,
        withheld_by=withheld,
        excluded=excluded,
        notes=notes,
    )
