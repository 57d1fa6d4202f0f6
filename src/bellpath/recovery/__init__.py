"""The recovery model: phases, nerve damage, regrowth timeline and milestones (pure).

May import: the Case, the vocabulary, grading, outlook, citations and errors; never face, video or
any edge.
"""

from __future__ import annotations

from bellpath.recovery.parameters import DEFAULT_PARAMETERS, RecoveryParameters, add_months
from bellpath.recovery.stages import STAGES, movement_date, nerve_damage, stage
from bellpath.recovery.timeline import first_movement_window, milestones, regrowth_days

__all__ = [
    "DEFAULT_PARAMETERS",
    "STAGES",
    "RecoveryParameters",
    "add_months",
    "first_movement_window",
    "milestones",
    "movement_date",
    "nerve_damage",
    "regrowth_days",
    "stage",
]
