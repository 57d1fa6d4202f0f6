"""A clinic's daily work in a real browser (Debian's chromium driven by Playwright).

The demo clinic plus 124 more patients (130 in all): the search box finds one of them; every
download link of every demo timeline saves a real PDF, XLSX, CSV or FHIR file; a correction shows in
the audit trail; a colleague sees a record only while on its care team. Skipped, with the reason,
when /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bellpath.auth.accounts import create_user
from bellpath.records.db import transaction
from bellpath.records.identity import PatientIdentity
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Patient, Role, User
from bellpath.records.patients import create_patient
from bellpath.settings import load_settings
from bellpath.web.app import create_app
from bellpath.web.demo import DEMO_CLINICIAN, seed_demo

# The chromium check (a module-level skip with the reason), launch arguments and free port are
# test_browser_pages' (as the page walk does).
from .test_browser_pages import ARGS, CHROMIUM, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = dt.date(2026, 3, 1)
COLLEAGUE = "colleague@example.org"
PASSWORD = "correct horse battery"
EXTRA_PATIENTS = 124

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The server's address and the demo patients' record ids."""
    data = tmp_path_factory.mktemp("browser-workflows")
    settings = load_settings(
        data_dir=data, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings)
    app.state.today = lambda: TODAY
    services = app.state.services
    seed_demo(services.sessions, services.passwords, today=TODAY)
    with transaction(services.sessions) as session:
        create_user(
            session,
            email=COLLEAGUE,
            password=PASSWORD,
            role=Role.CLINICIAN,
            passwords=services.passwords,
            name="Dr Colleague",
        )
        owner = session.scalar(select(User).where(User.email == DEMO_CLINICIAN.email))
        assert owner is not None
        demo_ids = list(session.scalars(select(Patient.id).where(Patient.owner_id == owner.id)))
        for i in range(EXTRA_PATIENTS):
            create_patient(
                session,
                actor=owner,
                name=f"Sample Person {i:03d}",
                episode=EpisodeFields(onset=TODAY - dt.timedelta(days=10 + i)),
                identity=PatientIdentity(mrn=f"S-{i:04d}", birth_date=dt.date(1950, 1, 1)),
                today=TODAY,
            )
    with served(app) as url:
        yield {"base": url, "demo_ids": demo_ids}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _signed_in(browser: Any, base: str, email: str, password: str) -> tuple[Any, Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.goto(base + "/signin")
    tab.get_by_label("E-mail").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/patients")
    return context, tab


def test_search_finds_one_patient_among_130(browser: Any, clinic: dict[str, Any]) -> None:
    context, tab = _signed_in(
        browser, clinic["base"], DEMO_CLINICIAN.email, DEMO_CLINICIAN.password
    )
    assert tab.locator(".patient-list li").count() == 50
    assert "130 patients" in tab.locator("#patient-rows").inner_text()
    assert "Frank Redflag" in tab.locator(".patient-list li").first.inner_text()  # red flags first
    search = tab.locator("input[type=search]")
    search.fill("S-0077")  # an MRN, typed: htmx filters as one types
    tab.locator(".patient-list li").nth(1).wait_for(state="detached")
    assert tab.locator(".patient-list li").count() == 1
    tab.get_by_role("link", name="Sample Person 077").click()
    tab.wait_for_url("**/patients/*")
    assert "MRN S-0077" in tab.locator("#identity").inner_text()
    context.close()


def _kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if data.lstrip().startswith(b"{"):
        assert json.loads(data)["resourceType"] == "Bundle"
        return "fhir"
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("patient,")
    return "csv"


def test_every_download_link_downloads_a_file(
    browser: Any, clinic: dict[str, Any], tmp_path: Path
) -> None:
    context, tab = _signed_in(
        browser, clinic["base"], DEMO_CLINICIAN.email, DEMO_CLINICIAN.password
    )
    links = 0
    for pid in clinic["demo_ids"]:
        tab.goto(f"{clinic['base']}/patients/{pid}")
        kinds = []
        for link in tab.locator("nav[aria-label=Download] a").all():
            with tab.expect_download() as info:
                link.click()
            download = info.value
            assert download.failure() is None
            name = download.suggested_filename
            assert name.startswith(f"bellpath_patient-{pid}_")
            assert TODAY.isoformat() in name
            target = tmp_path / name
            download.save_as(target)
            kinds.append(_kind_of(target.read_bytes()))
            links += 1
        assert kinds == ["pdf", "pdf", "xlsx", "csv", "fhir", "zip"]
        assert tab.url.endswith(f"/patients/{pid}")  # still on the timeline
    assert links == 6 * len(clinic["demo_ids"]) == 36
    context.close()


def test_a_correction_shows_in_the_audit_trail(browser: Any, clinic: dict[str, Any]) -> None:
    context, tab = _signed_in(
        browser, clinic["base"], DEMO_CLINICIAN.email, DEMO_CLINICIAN.password
    )
    tab.goto(clinic["base"] + "/patients?q=Dana")
    tab.get_by_role("link", name="Dana Recovering").click()
    tab.wait_for_url("**/patients/*")
    tab.get_by_role("link", name="Correct Lab").first.click()
    tab.wait_for_url("**/edit")
    earlier = tab.get_by_label("Value").input_value()
    tab.get_by_label("Value").fill("0,001")  # below every test's plausible range
    tab.get_by_role("button", name="Save the correction").click()
    assert "plausible" in tab.locator("#value-error").inner_text()
    corrected = round(float(earlier) * 1.1, 2)
    tab.get_by_label("Value").fill(str(corrected).replace(".", ","))  # a decimal comma
    tab.get_by_label("Reason for the correction (optional)").fill("digits swapped")
    tab.get_by_role("button", name="Save the correction").click()
    tab.wait_for_url("**?saved=corrected")
    tab.get_by_role("link", name="Audit trail").click()
    row = tab.locator("#audit-trail tr", has_text="Corrected: lab").first
    text = row.inner_text()
    assert f"value: {float(earlier)} → {corrected}" in text
    assert "digits swapped" in text
    assert DEMO_CLINICIAN.email in text
    assert tab.locator("#audit-trail", has_text="Viewed: timeline").count() == 1
    context.close()


def test_a_colleague_sees_the_record_only_while_on_the_care_team(
    browser: Any, clinic: dict[str, Any]
) -> None:
    base = clinic["base"]
    pid = clinic["demo_ids"][0]
    owner_context, owner = _signed_in(browser, base, DEMO_CLINICIAN.email, DEMO_CLINICIAN.password)
    colleague_context, colleague = _signed_in(browser, base, COLLEAGUE, PASSWORD)
    colleague.goto(f"{base}/patients/{pid}")
    assert colleague.locator("h1").inner_text() == "Not found"
    owner.goto(f"{base}/patients/{pid}")
    owner.get_by_role("link", name="Care team").click()
    owner.get_by_label("Colleague's e-mail").fill(COLLEAGUE)
    owner.get_by_role("button", name="Add to the care team").click()
    owner.get_by_text(f"({COLLEAGUE})").wait_for()
    colleague.goto(f"{base}/patients")
    assert colleague.locator(".patient-list li").count() == 1
    colleague.locator(".patient-list a").first.click()
    colleague.wait_for_url(f"**/patients/{pid}")
    assert colleague.locator(".phase-name").count() + colleague.locator(".red-flags").count() >= 1
    owner.get_by_role("button", name=f"Remove {COLLEAGUE} from the care team").click()
    owner.get_by_text("Nobody else shares this record.").wait_for()
    colleague.goto(f"{base}/patients/{pid}")
    assert colleague.locator("h1").inner_text() == "Not found"
    owner_context.close()
    colleague_context.close()
