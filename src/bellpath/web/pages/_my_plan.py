"""What the patient's own page (``/me``) shows of the practice plan (issue 19).

The computed plan with the therapist's changes applied, the days in a row with practice, and the
patient's reminder choice; the template is ``pages/_my_practice_plan.html``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bellpath.records.models import User
from bellpath.records.practice_plans import patient_plan, streak_of
from bellpath.reports.practice_calendar import PRACTICE_TIMES

__all__ = ["my_plan_context"]


def my_plan_context(
    session: Any, *, actor: User, patient_id: int, today: dt.date
) -> dict[str, Any]:
    """``plan`` (as the patient follows it), ``practice_streak``, ``practice_reminders``."""
    found = patient_plan(session, actor=actor, patient_id=patient_id, as_of=today)
    return {
        "plan": found.shown,
        "practice_streak": streak_of(session, actor=actor, patient_id=patient_id, today=today),
        "practice_reminders": found.reminders,
        "practice_times": ",".join(t.strftime("%H:%M") for t in PRACTICE_TIMES),
    }
