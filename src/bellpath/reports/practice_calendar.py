"""The practice plan as an iCalendar file a phone's calendar can import (RFC 5545).

One daily recurring event per practice time (morning, evening), listing what to do in plain
words. Written with the ``icalendar`` package; nothing is sent anywhere: the person imports the
file themselves, and may delete the events to switch the reminders off.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from bellpath.guidance.practice_plan import PracticePlan

__all__ = ["PRACTICE_TIMES", "plan_calendar"]

PRACTICE_TIMES: tuple[dt.time, ...] = (dt.time(8, 30), dt.time(19, 0))
"""Suggested practice times (local, floating): a morning and an evening session [check]."""

_PRODID = "-//bellpath//practice plan//EN"


def _description(plan: PracticePlan, slot: int) -> str:
    lines = [
        f"- {item.plain} ({item.minutes} min): {item.how}"
        for item in plan.items
        if item.sessions_per_day > slot
    ]
    lines += ["", *plan.safety, "", "Discuss this plan with your facial therapist."]
    return "\n".join(lines)


def plan_calendar(plan: PracticePlan, *, start: dt.date, reminders: bool = True) -> bytes:
    """Daily events from ``start`` for each practice time that has something to do.

    Times are floating (the phone's own time zone). ``reminders`` adds a display alarm at the
    start of each event. An empty or withheld plan gives a calendar with no events.
    """
    cal = Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "bellpath practice")
    most = max((i.sessions_per_day for i in plan.items), default=0)
    for slot, at in enumerate(PRACTICE_TIMES):
        # Families practised more often than there are times fold into the last time.
        if slot >= most:
            break
        last = slot == len(PRACTICE_TIMES) - 1
        minutes = sum(
            i.minutes * (max(i.sessions_per_day - slot, 1) if last else 1)
            for i in plan.items
            if i.sessions_per_day > slot
        )
        begin = dt.datetime.combine(start, at)
        event = Event()
        uid_seed = f"{start.isoformat()}-{slot}-{[i.family.value for i in plan.items]}"
        event.add("uid", hashlib.sha256(uid_seed.encode()).hexdigest()[:32] + "@bellpath")
        event.add("dtstamp", dt.datetime.combine(start, dt.time(0, 0), tzinfo=dt.UTC))
        event.add("summary", "Face exercises")
        event.add("dtstart", begin)
        event.add("duration", dt.timedelta(minutes=minutes))
        event.add("rrule", {"freq": "daily"})
        event.add("description", _description(plan, slot))
        if reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", "Time for your face exercises")
            alarm.add("trigger", dt.timedelta(0))
            event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
