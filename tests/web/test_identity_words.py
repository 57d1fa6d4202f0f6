"""The identity bar and the sex select word the administrative sex from the vocabulary."""

from __future__ import annotations

import re
from html import unescape

from bellpath.records.models import AdministrativeSex as FromRecords
from bellpath.vocab import AdministrativeSex

from .conftest import PASSWORD, Clinic


def _sign_in(clinic: Clinic, email: str) -> None:
    client = clinic.client
    client.cookies.clear()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/signin", data=data).status_code == 200


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_records_hand_on_the_vocabulary_enum() -> None:
    assert FromRecords is AdministrativeSex
    assert [s.value for s in AdministrativeSex] == ["male", "female", "other", "unknown"]


def test_identity_bar_shows_the_vocabulary_label(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}"
    changed = clinic.client.patch(url, headers=clinic.auth("a"), json={"sex": "female"})
    assert changed.status_code == 200
    _sign_in(clinic, "a@clinic.org")
    page = _text(clinic.client.get(f"/patients/{clinic.patient_id}").text)
    assert f"Sex: {AdministrativeSex.FEMALE.label}" in page  # "Female", not the code "female"
