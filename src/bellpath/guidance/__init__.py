"""Guidance: red flags and guideline rules that turn a case into actions (pure).

May import: the Case, the vocabulary, labs, recovery, grading, citations and errors; never an
edge (records, web, CLI, reports, interop).
"""

from __future__ import annotations

from bellpath.guidance.b6_limits import DEFAULT_B6_LIMIT, B6UpperLevel, b6_daily_mg
from bellpath.guidance.red_flags import red_flags
from bellpath.guidance.rules import RULES, Facts, Rule, actions

__all__ = [
    "DEFAULT_B6_LIMIT",
    "RULES",
    "B6UpperLevel",
    "Facts",
    "Rule",
    "actions",
    "b6_daily_mg",
    "red_flags",
]
