"""The practice plan pages: a therapist changes the plan; the patient sees it, its calendar file,
the streak and the reminder switch (issue 19)."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select

from bellpath.case import Finding
from bellpath.records.db import transaction
from bellpath.records.entries import add_finding
from bellpath.records.models import AuditEvent, PracticePlanSettings, User

from .test_pages import (
    TODAY,
    app,
    client,
    count,
    csrf,
    link_patient,
    post,
    sign_in,
    text_of,
)

__all__ = ["app", "client"]  # the fixtures this module uses

PLAN_FORM = {
    "gentle_activation.sessions_per_day": "2",
    "gentle_activation.minutes": "5",
    "gentle_activation.note": "",
    "note": "",
}


def sign_out(client: TestClient) -> None:
    client.post("/signout", data={"csrf_token": csrf(client.get("/account").text)})


def as_therapist(client: TestClient) -> int:
    """The patient linked (regeneration phase: small slow movements), the therapist signed in."""
    pid = link_patient(client)
    sign_out(client)
    sign_in(client, "doc@example.org")
    return pid


def events(ics: bytes) -> list[dict[str, object]]:
    cal = Calendar.from_ical(ics)
    return [
        {
            "start": e.decoded("dtstart"),
            "minutes": int(e.decoded("duration").total_seconds() // 60),
            "description": str(e.get("description")),
            "alarms": len(e.subcomponents),
        }
        for e in cal.walk("VEVENT")
    ]


def test_therapist_sees_the_computed_rows_with_reason_and_source(client: TestClient) -> None:
    pid = as_therapist(client)
    timeline = client.get(f"/patients/{pid}").text
    assert f'href="/patients/{pid}/practice-plan"' in timeline
    page = client.get(f"/patients/{pid}/practice-plan")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Small, slow, effortless activation" in words
    assert "Computed: 2 x 5 minutes a day" in words.replace("&times;", "x")
    assert "Diels HJ" in words  # the row's source
    assert "A warning sign always pauses the plan." in words
    assert "changed by the therapist" not in words


def test_therapist_changes_and_the_patient_sees_them(client: TestClient, app: FastAPI) -> None:
    pid = as_therapist(client)
    form = {**PLAN_FORM, "gentle_activation.minutes": "8", "gentle_activation.note": "Slowly."}
    reply = post(client, f"/patients/{pid}/practice-plan", {**form, "note": "Call me any time"})
    assert reply.status_code == 200
    words = text_of(reply.text)
    assert "The plan was saved" in words
    assert "changed by the therapist" in words
    with transaction(app.state.services.sessions) as s:
        assert s.query(AuditEvent).filter_by(entity="practice_plan").count() == 1
    sign_out(client)
    sign_in(client, "pat@example.org")
    mine = text_of(client.get("/me").text).replace("&times;", "x")
    assert "2 x 8 minutes a day" in mine
    assert "set by your therapist" in mine
    assert "Your therapist adds: Slowly." in mine
    assert "From your therapist: Call me any time" in mine
    ics = client.get("/me/practice-plan.ics")
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "attachment" in ics.headers["content-disposition"]
    found = events(ics.content)
    assert [e["minutes"] for e in found] == [8, 8]  # morning and evening, 8 minutes each
    assert all(e["alarms"] == 1 for e in found)


def test_a_row_switched_off_leaves_the_patients_page_and_calendar(client: TestClient) -> None:
    pid = as_therapist(client)
    form = {**PLAN_FORM, "gentle_activation.off": "on"}
    assert post(client, f"/patients/{pid}/practice-plan", form).status_code == 200
    page = text_of(client.get(f"/patients/{pid}/practice-plan").text)
    assert "changed by the therapist" in page
    sign_out(client)
    sign_in(client, "pat@example.org")
    mine = text_of(client.get("/me").text)
    assert "Your therapist has paused for now: small, slow movements without straining" in mine
    assert "Your exercises" not in mine
    assert events(client.get("/me/practice-plan.ics").content) == []


def test_out_of_bounds_is_a_friendly_message_and_nothing_is_saved(
    client: TestClient, app: FastAPI
) -> None:
    pid = as_therapist(client)
    form = {
        **PLAN_FORM,
        "gentle_activation.minutes": "90",
        "gentle_activation.sessions_per_day": "x",
    }
    reply = post(client, f"/patients/{pid}/practice-plan", form)
    assert reply.status_code == 422
    words = text_of(reply.text)
    assert "Nothing was saved" in words
    assert "minutes a session: a whole number between 1 and 60. You entered “90”" in words
    assert "sessions a day: a whole number between 0 and 6. You entered “x”" in words
    assert 'value="90"' in reply.text  # what was typed is shown again
    assert count(app, PracticePlanSettings) == 0


def test_the_patient_and_other_clinicians_may_not_edit(client: TestClient) -> None:
    pid = link_patient(client)  # signed in as the patient
    assert client.get(f"/patients/{pid}/practice-plan").status_code == 403
    sign_out(client)
    sign_in(client, "other@example.org")
    assert client.get(f"/patients/{pid}/practice-plan").status_code == 404
    token = csrf(client.get("/patients").text)
    reply = client.post(f"/patients/{pid}/practice-plan", data={**PLAN_FORM, "csrf_token": token})
    assert reply.status_code == 404


def test_patient_switches_reminders_off_and_the_calendar_has_no_alarms(
    client: TestClient,
) -> None:
    link_patient(client)
    page = client.get("/me").text
    assert 'id="reminder-enable"' in page and "practice_reminder." in page
    token = csrf(page)
    reply = client.post("/me/practice-reminders", data={"reminders": "off", "csrf_token": token})
    assert reply.status_code == 200
    assert "Reminders are off." in text_of(reply.text)
    assert 'data-reminders="off"' in reply.text
    assert all(e["alarms"] == 0 for e in events(client.get("/me/practice-plan.ics").content))
    bad = client.post("/me/practice-reminders", data={"reminders": "maybe", "csrf_token": token})
    assert bad.status_code == 422
    assert "Reminders: please choose one of" in text_of(bad.text)


def test_streak_of_days_in_a_row(client: TestClient) -> None:
    link_patient(client)
    for back in (2, 1, 0):
        day = (TODAY - dt.timedelta(days=back)).isoformat()
        reply = post(client, "/me/practice", {"date": day, "minutes": "10"})
        assert reply.status_code == 200
    assert "3 days in a row with practice" in text_of(client.get("/me").text)


def test_the_reminder_script_is_served(client: TestClient) -> None:
    link_patient(client)
    found = client.get("/static/practice_reminder.js")
    assert found.status_code == 200
    assert "Notification.requestPermission" in found.text


def test_a_warning_sign_pauses_the_plan_on_both_pages(client: TestClient, app: FastAPI) -> None:
    pid = as_therapist(client)
    post(client, f"/patients/{pid}/practice-plan", {**PLAN_FORM, "gentle_activation.minutes": "9"})
    with transaction(app.state.services.sessions) as s:
        doc = s.scalar(select(User).where(User.email == "doc@example.org"))
        assert doc is not None
        add_finding(s, actor=doc, patient_id=pid, finding=Finding.VESICLES, noted_on=TODAY)
    page = client.get(f"/patients/{pid}/practice-plan").text
    words = text_of(page)
    assert page.index("red-flags-title") < page.index("<h1>Practice plan</h1>")
    assert "No plan now" in words
    assert "1 saved change kept for when the plan resumes" in words
    assert 'id="plan-form"' not in page
    sign_out(client)
    sign_in(client, "pat@example.org")
    reply = client.get("/me")
    assert reply.url.path == "/me", text_of(reply.text)[:600]
    mine = text_of(reply.text)
    assert "Please see a doctor" in mine
    assert "Your exercises can wait" in mine
    assert 'id="plan-title"' not in reply.text and 'id="practice-reminders"' not in reply.text
    assert "days in a row" not in mine
    ics = client.get("/me/practice-plan.ics")
    assert ics.status_code == 200, text_of(ics.text)
    assert events(ics.content) == []
