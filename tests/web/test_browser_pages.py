"""The pages in a real browser: Debian's chromium driven by Playwright for Python.

A clinician signs in, adds a patient, enters a lab result and a Sunnybrook grading, uploads a photo
(the astronaut from scikit-image, saved as JPEG, measured by the real photo pipeline), and sees the
guidance change. The server is uvicorn in a thread on 127.0.0.1 with a temporary SQLite database.

Set ``BELLPATH_UPDATE_SCREENSHOTS=1`` to write the timeline screenshot to docs/img/timeline.png.
Skipped, with the reason, when /usr/bin/chromium is not installed (``make test`` installs it).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import uvicorn
from PIL import Image

from bellpath.auth.accounts import create_user
from bellpath.records.db import transaction
from bellpath.records.models import Role
from bellpath.settings import load_settings
from bellpath.web.app import create_app
from bellpath.web.demo import DEMO_CLINICIAN, DEMO_PATIENT, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TODAY = dt.date(2026, 3, 1)
EMAIL = "doc@example.org"
PASSWORD = "correct horse battery"
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"

if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium "
        "(make test installs it: apt-get install chromium)",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("browser-data")
    settings = load_settings(
        data_dir=data, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings)
    app.state.today = lambda: TODAY
    services = app.state.services
    with transaction(services.sessions) as session:
        create_user(
            session,
            email=EMAIL,
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=services.passwords,
            name="Dr Test",
        )
    seed_demo(services.sessions, services.passwords, today=TODAY)
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab; any console error or refused request (CSP, missing asset) fails the test."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    problems: list[str] = []
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    yield tab
    context.close()
    refused_on_purpose = "the server responded with a status of 422"  # forms with mistakes
    assert [p for p in problems if refused_on_purpose not in p] == []


def astronaut_jpeg(folder: Path) -> Path:
    from skimage import data  # noqa: PLC0415  (only this test needs it)

    path = folder / "astronaut.jpg"
    buffer = io.BytesIO()
    Image.fromarray(data.astronaut()).save(buffer, "JPEG", quality=92)  # type: ignore[no-untyped-call]
    path.write_bytes(buffer.getvalue())
    return path


def guidance_titles(page: Any) -> list[str]:
    titles: list[str] = page.locator("#guidance h3").all_inner_texts()
    return [t.strip() for t in titles]


def test_clinician_journey_in_chromium(page: Any, base_url: str, tmp_path: Path) -> None:
    # sign in
    page.goto(base_url + "/")
    assert "/signin" in page.url
    assert page.get_by_text("bellpath informs; it does not prescribe.").first.is_visible()
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/patients")

    # add a patient
    assert page.evaluate("() => typeof window.htmx") == "object"  # served locally, not blocked
    page.get_by_role("link", name="Add a patient").first.click()
    page.wait_for_url("**/patients/new")
    page.get_by_label("Name").fill("Ann Example")
    page.get_by_label("Date of onset").fill("2026-01-20")
    page.get_by_label("Left", exact=True).check()
    page.get_by_label("Complete (no movement at worst)").check()
    page.get_by_label("Does not close fully").check()
    page.get_by_label("Age in years").fill("64")
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_url("**/patients/*?saved=patient")
    assert page.locator(".phase-name").inner_text().strip() == "Nerve regrowing"
    before = guidance_titles(page)
    assert "Protect the eye" in before
    patient_url = page.url.split("?")[0]

    # a lab result beyond what is plausible for the test: a message next to the field, nothing
    # stored (the unit list offers only the chosen test's units, so a wrong unit cannot be chosen)
    # A full load (not the boosted link), so htmx has bound the form before a test is chosen.
    lab_href = page.get_by_role("link", name="Lab result").get_attribute("href")
    assert lab_href is not None
    page.goto(urljoin(page.url, lab_href))
    page.get_by_label("Test").select_option("b12")
    # the unit list is swapped in for the chosen test (htmx): wait until it offers B12's units only
    page.wait_for_function(
        "() => { const u = document.querySelector('#f-unit');"
        " return !!u && !u.querySelector('option[value=\"nmol/L\"]')"
        " && !!u.querySelector('option[value=\"pg/mL\"]'); }"
    )
    page.get_by_label("Value").fill("2,40")
    page.get_by_label("Unit").select_option("pg/mL")
    page.get_by_role("button", name="Add result").click()
    error = page.locator("#value-error")
    error.wait_for()
    assert "plausible" in error.inner_text()
    assert "Nothing was saved" in page.locator(".form-error").inner_text()

    # ... corrected: the vitamin reading and the guidance change
    page.get_by_label("Value").fill("150")
    page.get_by_label("Unit").select_option("pg/mL")
    page.get_by_role("button", name="Add result").click()
    page.wait_for_url("**?saved=lab")
    vitamins = page.locator("section[aria-labelledby=vitamins-title]").inner_text()
    assert "Deficient" in vitamins
    after_lab = guidance_titles(page)
    assert after_lab != before

    # a Sunnybrook grading
    page.get_by_role("link", name="Sunnybrook").click()
    page.get_by_label("Narrow (1)").check()
    page.get_by_label("Less pronounced (1)").check()
    page.get_by_label("Normal (0)").nth(2).check()
    for select in page.locator("select[name^=voluntary]").all():
        select.select_option("2")
    for select in page.locator("select[name^=synkinesis]").all():
        select.select_option("0")
    page.get_by_role("button", name="Save grading").click()
    page.wait_for_url("**?saved=grading")
    assert page.locator("img[src$='/chart/sunnybrook.svg']").is_visible()
    history = page.locator("section[aria-labelledby=history-title]").inner_text()
    assert "Sunnybrook" in history

    # a photo, measured by the real pipeline
    page.get_by_role("link", name="Photo", exact=True).click()
    page.set_input_files("input[type=file]", str(astronaut_jpeg(tmp_path)))
    page.get_by_label("Expression").select_option("smile")  # she smiles (no silent "rest")
    page.get_by_label("Taken on").fill("2026-02-28")
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_url("**/photos/*?saved=photo", timeout=120_000)
    table = page.locator("section[aria-labelledby=measures-title]").inner_text()
    assert "Brow height" in table
    assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")

    # the record moves on: movement returned, and a complication appears
    page.goto(patient_url + "/clinical")
    page.get_by_label("First movement returned on").fill("2026-02-25")
    page.get_by_label("Synkinesis (unwanted linked movements)").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**?saved=clinical")
    assert page.locator(".phase-name").inner_text().strip() == "Movement returning"
    after = guidance_titles(page)
    assert after != after_lab
    page.locator("img[src$='/chart/sunnybrook.svg']").evaluate(
        "img => img.complete || new Promise(r => img.onload = r)"
    )
    assert len(page.screenshot(full_page=True)) > 20_000


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free port of 127.0.0.1: its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:  # pragma: no cover - only when the server cannot start
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def sign_in_as(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def save_screenshot(page: Any, name: str) -> None:
    """Full-page screenshot, kept in docs/img only when BELLPATH_UPDATE_SCREENSHOTS=1."""
    shot = page.screenshot(full_page=True)
    assert len(shot) > 10_000
    if os.environ.get("BELLPATH_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        (DOCS_IMG / name).write_bytes(shot)


def wait_for_images(page: Any) -> None:
    """Poll (the pages' CSP forbids the eval that wait_for_function needs)."""
    deadline = time.monotonic() + 60
    script = "() => [...document.images].every(i => i.loading === 'lazy' || i.complete)"
    while not page.evaluate(script):
        assert time.monotonic() < deadline, "images did not load"
        time.sleep(0.1)


def test_demo_clinic_list_and_timeline(page: Any, base_url: str) -> None:
    sign_in_as(page, base_url, DEMO_CLINICIAN.email, DEMO_CLINICIAN.password)
    items = page.locator(".patient-list li")
    assert items.count() == 6
    assert "Frank Redflag" in items.first.inner_text()  # red flags first
    save_screenshot(page, "patients.png")
    page.get_by_label("Find a patient by name").fill("dana")  # htmx filters as one types
    page.locator(".patient-list li").nth(1).wait_for(state="detached")
    assert page.locator(".patient-list li").count() == 1
    page.get_by_role("link", name="Dana Recovering").click()
    page.wait_for_url("**/patients/*")
    assert page.locator(".phase-name").inner_text().strip() == "Movement returning"
    wait_for_images(page)
    save_screenshot(page, "timeline.png")
    page.goto(base_url + "/patients")
    page.get_by_role("link", name="Frank Redflag").click()
    heading = page.locator("main h2").first.inner_text()
    assert heading == "Red flags: urgent assessment"


def test_demo_patient_own_view(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 420, "height": 900})
    sign_in_as(page, base_url, DEMO_PATIENT.email, DEMO_PATIENT.password)
    page.wait_for_url("**/me")
    assert page.get_by_role("heading", name="What is happening").is_visible()
    assert "Plateau" in page.locator(".phase-name").inner_text()
    wait_for_images(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 420, "no sideways scrolling on a phone"
    save_screenshot(page, "patient-view.png")


def test_phone_sized_sign_in_and_bad_input_message(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/signin")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("#email-error").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"


def test_an_expired_form_says_so_instead_of_doing_nothing(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    sign_in_as(tab, base_url, DEMO_CLINICIAN.email, DEMO_CLINICIAN.password)
    tab.get_by_role("link", name="Dana Recovering").click()
    tab.get_by_role("link", name="Practice log").click()
    tab.get_by_label("Minutes of practice").fill("12")
    context.clear_cookies(name="bellpath_csrf")  # as if the form had been open too long
    tab.get_by_role("button", name="Save today's practice").click()
    tab.get_by_text("The form has expired").wait_for()
    assert tab.locator("h1").inner_text() == "Not allowed"
    context.close()


def test_suspected_stroke_timeline_shows_the_emergency_first_and_nothing_bells(
    page: Any, base_url: str
) -> None:
    sign_in_as(page, base_url, EMAIL, PASSWORD)
    page.goto(base_url + "/patients/new")
    page.get_by_label("Name").fill("Stan Stroke")
    page.get_by_label("Date of onset").fill((TODAY - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Age in years").fill("72")
    page.get_by_label("Forehead spared (can still wrinkle the forehead)").check()
    page.get_by_label("Weakness of an arm or leg").check()
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_url("**/patients/*?saved=patient")
    assert page.locator("main h2").first.inner_text().strip() == "Call the emergency services now"
    assert guidance_titles(page)[0] == "Call the emergency services now"
    main = page.locator("main").inner_text()
    assert main.index("Call the emergency services now") < main.index("Guidance to discuss")
    for bells in ("steroid", "First movement", "Expected windows", "Vitamins", "in 100"):
        assert bells not in main, bells
    assert page.locator(".phase-banner").count() == 0


def test_the_patient_downloads_their_whole_record(page: Any, base_url: str) -> None:
    import zipfile  # noqa: PLC0415  (only this test needs it)

    sign_in_as(page, base_url, DEMO_PATIENT.email, DEMO_PATIENT.password)
    page.wait_for_url("**/me")
    with page.expect_download() as info:
        page.get_by_role("link", name="My whole record (zip)").click()
    download = info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        readme = archive.read("README.txt").decode()
    assert names[0] == "README.txt"
    assert {"fhir-bundle.json", "observations.xlsx", "summary-for-you.pdf"} <= set(names)
    assert "Article 15" in readme
    assert "Article 20" in readme
