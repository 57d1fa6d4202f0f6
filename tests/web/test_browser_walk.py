"""Every page a clinician and a patient reach, on a phone: no sideways scroll, targets, axe-core.

One Chromium, one tab per reader. Starting from the reader's home page (``/patients`` for the demo
clinician, ``/me`` for the demo patient), the walk follows every same-site link of each HTML page
(skipping downloads, images and sign-out), after uploading a photo as each reader so that the photo
result pages are reached too. Each page is loaded once and checked at 390 px and at 320 px wide:

* no sideways scroll (the document is no wider than the screen);
* every link, button and form control in the main content is at least 24 x 24 CSS px (WCAG 2.2
  target size), except a link inside a sentence, which WCAG exempts; the main actions (submit
  buttons and links styled as buttons) at least 44 x 44;
* no serious or critical violation from axe-core (``axe.min.js`` bundled in the
  ``axe-playwright-python`` package, so no network is needed).

Pages with the same shape (``/patients/{id}/labs`` for two patients) are checked once, except the
timelines, which differ by patient. Every problem is collected and reported together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bellpath.web.demo import DEMO_CLINICIAN, DEMO_PATIENT

from . import test_browser_pages as journey
from .test_browser_pages import ARGS, CHROMIUM, astronaut_jpeg, sign_in_as

demo_url = journey.base_url
"""The demo clinic served from a thread (the journey's module fixture, under this module's name)."""

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

WIDTHS = (390, 320)
SKIP = re.compile(r"/(signout|api|static)(/|$)|/(chart|overlay|image|thumb)(/|$)|\.(pdf|svg|png)$")

MEASURE = (Path(__file__).parent / "walk_measure.js").read_text(encoding="utf-8")


def shape(path: str) -> str:
    """The page's shape: numbers become {id}, except on a timeline, which is checked per patient."""
    if re.fullmatch(r"/patients/\d+", path):
        return path
    return re.sub(r"/\d+", "/{id}", path)


def wait_for_images(page: Any) -> None:
    for img in page.locator("main img:not([loading=lazy])").all():
        img.evaluate("i => i.complete || new Promise(r => { i.onload = r; i.onerror = r; })")


def check_page(page: Any, axe: Any, where: str) -> list[str]:
    """The problems on the loaded page, at each width."""
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        wait_for_images(page)
        found = page.evaluate(MEASURE)
        if found["width"] > width:
            problems.append(f"{where} @{width}: {found['width']} px wide (sideways scroll)")
        problems += [f"{where} @{width}: target {t}" for t in found["tooSmall"]]
        results = axe.run(page, options={"resultTypes": ["violations"]}).response
        for v in results["violations"]:
            if v["impact"] in {"serious", "critical"}:
                targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
                problems.append(f"{where} @{width}: axe {v['id']} ({v['impact']}): {targets}")
    return problems


def walk(page: Any, base_url: str, start: str) -> tuple[list[str], list[str]]:
    """Visit every page reachable from ``start``; return (pages visited, problems)."""
    axe = axe_sync.Axe()
    queue, seen, visited, problems = [start], {shape(start)}, [], []
    while queue:
        path = queue.pop(0)
        response = page.goto(base_url + path)
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status == 200, f"{path} answered {response.status}"
        visited.append(path)
        problems += check_page(page, axe, path)
        for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            parts = urlsplit(href)
            if not href.startswith(base_url) or SKIP.search(parts.path) or parts.fragment:
                continue
            key = shape(parts.path)
            if key not in seen and "download" not in parts.query:
                seen.add(key)
                queue.append(parts.path)
    return visited, problems


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def upload_photo(page: Any, photos_url: str, jpeg: Path, expression: str) -> None:
    page.goto(photos_url)
    page.set_input_files("input[type=file]", str(jpeg))
    page.get_by_label("Expression").select_option(expression)
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_url(re.compile(r"/photos/\d+"), timeout=120_000)


def report(visited: list[str], problems: list[str]) -> str:
    return f"{len(problems)} problems on {len(visited)} pages:\n" + "\n".join(problems)


def test_every_clinician_page_on_a_phone(browser: Any, demo_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_as(page, demo_url, DEMO_CLINICIAN.email, DEMO_CLINICIAN.password)
    page.get_by_role("link", name="Dana Recovering").click()
    page.wait_for_url(re.compile(r"/patients/\d+$"))
    upload_photo(page, page.url + "/photos", astronaut_jpeg(tmp_path), "rest")
    visited, problems = walk(page, demo_url, "/patients")
    context.close()
    assert any(re.fullmatch(r"/patients/\d+/photos/\d+", p) for p in visited)
    assert len(visited) >= 20, visited
    assert problems == [], report(visited, problems)


def test_every_patient_page_on_a_phone(browser: Any, demo_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_as(page, demo_url, DEMO_PATIENT.email, DEMO_PATIENT.password)
    upload_photo(page, demo_url + "/me/photos", astronaut_jpeg(tmp_path), "rest")
    visited, problems = walk(page, demo_url, "/me")
    context.close()
    assert any(re.fullmatch(r"/me/photos/\d+", p) for p in visited)
    assert len(visited) >= 7, visited
    assert problems == [], report(visited, problems)
