"""Red flags: findings that suggest the palsy may not be Bell's palsy and need urgent assessment."""

from __future__ import annotations

from bellpath import citations
from bellpath.applicability import active_findings
from bellpath.case import Case, Finding

__all__ = ["RED_FLAG_CITATION", "red_flags"]

RED_FLAG_CITATION = f"{citations.AAO_HNS_2013}; {citations.NICE_CKS}"


def red_flags(case: Case) -> list[Finding]:
    """The case's red-flag findings not excluded by a clinician, once each, in table order."""
    return active_findings(case)
