"""Importing a hospital bundle in a real browser: the review first, then one click stores it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bellpath.case import Case
from bellpath.interop.fhir_export import export_bundle

from .test_browser_pages import EMAIL, PASSWORD, base_url, browser, page

__all__ = ["base_url", "browser", "page"]  # the fixtures this module uses

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _bundle(folder: Path) -> Path:
    case = Case.model_validate(
        {
            "onset": "2026-01-20",
            "as_of": "2026-02-20",
            "labs": [
                {"analyte": "b12", "value": 150, "unit": "pg/mL", "comparator": "<"},
            ],
        }
    )
    path = folder / "hospital.json"
    path.write_text(json.dumps(export_bundle(case, patient_name="Ivy Import")), encoding="utf-8")
    return path


def test_a_bundle_is_reviewed_then_stored(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "/signin")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/patients")
    page.goto(base_url + "/patients/new")
    page.get_by_label("Name").fill("Ivy Import")
    page.get_by_label("Date of onset").fill("2026-01-20")
    page.get_by_label("Left", exact=True).check()
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_url("**/patients/*?saved=patient")

    page.get_by_role("link", name="Import results").click()
    page.set_input_files("input[type=file]", str(_bundle(tmp_path)))
    page.get_by_role("button", name="Review").click()
    review = page.locator("#review")
    review.wait_for()
    text = review.inner_text()
    assert "lab result b12 <150 pg/mL" in text
    assert "matched on name" in text
    page.get_by_role("button", name="Store 1 lab result and 0 complications").click()
    page.wait_for_url("**?saved=import")
    vitamins = page.locator("section[aria-labelledby=vitamins-title]").inner_text()
    assert "Deficient" in vitamins  # "<150 pg/mL" lies wholly under 200: deficient, read as a range
