"""In Chromium: a live mirror session posted from the patient's page, then the weekly progress.

The mirror page itself is another part of issue 19; here the page's own script path is stood in
for by a ``fetch`` from the signed-in patient's tab, with the CSRF token the page carries, exactly
as the mirror sends it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bellpath.auth.accounts import create_user
from bellpath.case import Severity, Side
from bellpath.records.db import transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role
from bellpath.records.patients import create_patient
from bellpath.settings import load_settings
from bellpath.web.app import create_app

from .test_browser_pages import ARGS, CHROMIUM, served, sign_in_as, sync_api

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 3, 1)
PASSWORD = "correct horse battery"
PATIENT = "pat@example.org"

POST = """async ([token, body]) => {
  const reply = await fetch('/me/practice/sessions', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token},
    body: JSON.stringify(body),
  });
  return [reply.status, await reply.json()];
}"""


def _session(day: dt.date, ratio: float) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "duration_s": 420,
        "affected_side": "left",
        "exercises": [
            {
                "movement": "smile",
                "repetitions": 12,
                "affected_mm": 10 * ratio,
                "healthy_mm": 10.0,
                "ratio": ratio,
                "eye_narrowing_pct": 18.0,
                "narrowing_prompts": 0,
                "overpower_prompts": 1,
            }
        ],
    }


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = load_settings(
        data_dir=tmp_path_factory.mktemp("practice-browser"),
        environment="test",
        argon2_time_cost=1,
        argon2_memory_kib=8,
    )
    app = create_app(settings)
    app.state.today = lambda: TODAY
    services = app.state.services
    with transaction(services.sessions) as session:
        doc = create_user(
            session,
            email="doc@example.org",
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=services.passwords,
        )
        create_user(
            session,
            email=PATIENT,
            password=PASSWORD,
            role=Role.PATIENT,
            passwords=services.passwords,
        )
        create_patient(
            session,
            actor=doc,
            name="Pat Practice",
            patient_email=PATIENT,
            episode=EpisodeFields(
                onset=dt.date(2025, 10, 1), affected_side=Side.LEFT, severity=Severity.INCOMPLETE
            ),
        )
    with served(app) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page(viewport={"width": 420, "height": 900})
        tab.set_default_timeout(30_000)
        problems: list[str] = []
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda exc: problems.append(str(exc)))
        yield tab
        browser.close()
    refused_on_purpose = "the server responded with a status of 422"
    assert [p for p in problems if refused_on_purpose not in p] == []


def test_a_session_from_the_page_shows_as_weekly_progress(page: Any, base_url: str) -> None:
    sign_in_as(page, base_url, PATIENT, PASSWORD)
    page.wait_for_url("**/me")
    assert page.locator("#practice-progress").count() == 0  # nothing practised yet
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    earlier = _session(TODAY - dt.timedelta(days=14), 0.45)
    status, stored = page.evaluate(POST, [token, earlier])
    assert status == 201, stored
    status, stored = page.evaluate(POST, [token, _session(TODAY, 0.6)])
    assert status == 201, stored
    assert stored["exercises"][0]["ratio"] == 0.6
    status, refused = page.evaluate(POST, [token, {**_session(TODAY, 0.6), "duration_s": -5}])
    assert status == 422
    assert refused["field"] == "duration_s"
    page.goto(base_url + "/me")
    progress = page.locator("#practice-progress")
    text = " ".join(progress.inner_text().split())
    assert "This week you practised on 1 of 7 days." in text
    assert "Days in a row: 1" in text
    assert "moved 60% as far as the other side this week, up from 45% two weeks ago." in text
    chart = progress.locator("img")
    deadline = time.monotonic() + 30
    while not chart.evaluate("i => i.complete && i.naturalWidth > 0"):
        assert time.monotonic() < deadline, "the practice chart did not load"
        time.sleep(0.1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
