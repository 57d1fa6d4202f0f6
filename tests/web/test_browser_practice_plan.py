"""The practice plan in a real browser (Debian's chromium driven by Playwright), issue 19.

A therapist switches a family of exercises off and changes the minutes of another; the patient
then sees the changed plan on their page, downloads the calendar file with the changed schedule,
turns on the browser reminder (permission asked on the button) and switches reminders off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from bellpath.auth.accounts import create_user
from bellpath.case import EyeClosure, Severity, Side
from bellpath.records.db import transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role
from bellpath.records.patients import create_patient
from bellpath.settings import load_settings
from bellpath.web.app import create_app

from .test_browser_pages import ARGS, CHROMIUM, served, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = dt.date(2026, 3, 1)
THERAPIST = "therapist@example.org"
PATIENT = "pat@example.org"
PASSWORD = "correct horse battery"

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The server's address and the patient's record id (regeneration phase, eye not closing)."""
    data = tmp_path_factory.mktemp("browser-practice-plan")
    settings = load_settings(
        data_dir=data, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings)
    app.state.today = lambda: TODAY
    services = app.state.services
    with transaction(services.sessions) as session:
        therapist = create_user(
            session,
            email=THERAPIST,
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=services.passwords,
            name="Tess Therapist",
        )
        create_user(
            session,
            email=PATIENT,
            password=PASSWORD,
            role=Role.PATIENT,
            passwords=services.passwords,
            name="Pat",
        )
        patient = create_patient(
            session,
            actor=therapist,
            name="Pat Example",
            patient_email=PATIENT,
            episode=EpisodeFields(
                onset=TODAY - dt.timedelta(days=40),
                affected_side=Side.LEFT,
                severity=Severity.COMPLETE,
                eye_closure=EyeClosure.INCOMPLETE,
            ),
            today=TODAY,
        )
        patient_id = patient.id
    with served(app) as url:
        yield {"url": url, "patient_id": patient_id}


@pytest.fixture
def page() -> Iterator[Any]:
    """A fresh tab that may show notifications; a console error or a refused request fails."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = chromium.new_context(
            viewport={"width": 1000, "height": 900}, accept_downloads=True
        )
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        problems: list[str] = []
        tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: problems.append(str(exc)))
        yield tab
        context.close()
        chromium.close()
        refused_on_purpose = "the server responded with a status of 422"  # the form's mistake
        assert [p for p in problems if refused_on_purpose not in p] == []


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin")
    page.get_by_label("E-mail").wait_for()


def calendar_events(path: Path) -> list[tuple[str, int, str]]:
    cal = Calendar.from_ical(path.read_bytes())
    return [
        (
            e.decoded("dtstart").strftime("%H:%M"),
            int(e.decoded("duration").total_seconds() // 60),
            str(e.get("description")),
        )
        for e in cal.walk("VEVENT")
    ]


def test_therapist_changes_the_plan_and_the_patient_follows_it(
    page: Any, server: dict[str, Any], tmp_path: Path
) -> None:
    base, pid = server["url"], server["patient_id"]
    # The therapist opens the plan from the timeline: eye care 4 x 2, small movements 2 x 5.
    sign_in_as(page, base, THERAPIST, PASSWORD)
    page.goto(f"{base}/patients/{pid}")
    page.get_by_role("link", name="Practice plan").click()
    page.wait_for_url(f"**/patients/{pid}/practice-plan")
    assert page.locator("#row-eye_care").is_visible()
    assert "A warning sign always pauses the plan" in page.locator("#pause-rule").inner_text()

    # A mistake first: 90 minutes is refused with the field, the range and what was typed.
    page.locator("#f-gentle_activation-minutes").fill("90")
    page.get_by_role("button", name="Save the plan").click()
    error = page.locator(".form-error")
    error.wait_for()
    assert "a whole number between 1 and 60" in error.inner_text()
    assert "90" in error.inner_text()

    # Eye care off (the therapist covers it in clinic), small movements 8 minutes.
    page.locator("#f-eye_care-off").check()
    page.locator("#f-gentle_activation-minutes").fill("8")
    page.locator("#f-gentle_activation-note").fill("Stop before the strong side pulls.")
    page.get_by_role("button", name="Save the plan").click()
    page.locator("#plan-saved").wait_for()
    assert page.locator("#row-eye_care").get_attribute("data-changed") == "yes"
    assert page.locator("#row-gentle_activation").get_attribute("data-changed") == "yes"
    sign_out(page)

    # The patient sees the changed plan.
    sign_in_as(page, base, PATIENT, PASSWORD)
    page.wait_for_url("**/me")
    plan = page.locator("ul.plan")
    assert plan.locator("li").count() == 1
    row = plan.locator("li[data-family='gentle_activation']").inner_text()
    assert "2 \u00d7 8 minutes a day" in row
    assert "set by your therapist" in row
    assert "Stop before the strong side pulls." in row
    assert "looking after the eye" in page.locator("#switched-off").inner_text()

    # The calendar file has the changed schedule: 08:30 and 19:00, 8 minutes, no eye care.
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to my calendar").click()
    saved = tmp_path / "plan.ics"
    info.value.save_as(saved)
    events = calendar_events(saved)
    assert [(start, minutes) for start, minutes, _ in events] == [("08:30", 8), ("19:00", 8)]
    assert all("looking after the eye" not in text for _, _, text in events)
    assert all("small, slow movements" in text for _, _, text in events)

    # The browser reminder asks for permission only on the button.
    page.context.grant_permissions(["notifications"], origin=base)
    page.get_by_role("button", name="Remind me in this browser").click()
    status = page.locator("#reminder-status")
    status.get_by_text("Reminders are on in this browser").wait_for()
    assert "08:30 and 19:00" in status.inner_text()

    # Reminders off: the page says so and the browser forgets its reminder.
    page.get_by_role("button", name="Switch reminders off").click()
    page.get_by_text("Reminders are off.").wait_for()
    assert page.evaluate("() => localStorage.getItem('bellpath.practiceReminder')") is None
    assert page.get_by_role("button", name="Remind me in this browser").count() == 0
