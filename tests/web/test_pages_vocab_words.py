"""Pages word the administrative sex and the audit actions from the vocabulary."""

from __future__ import annotations

import re
from html import unescape

from bellpath.records.audit import AuditAction as FromAudit
from bellpath.records.models import AdministrativeSex as FromRecords
from bellpath.vocab import AdministrativeSex, AuditAction
from bellpath.web.pages.record_tools import _action_label

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


def test_audit_actions_are_the_vocabularys_labels() -> None:
    assert FromAudit is AuditAction
    assert [_action_label(a.value) for a in AuditAction][:3] == ["Added", "Corrected", "Removed"]
    assert all(_action_label(a.value) == a.label for a in AuditAction)
    assert _action_label("archived") == "archived"  # a stored action this version does not know


def test_the_audit_page_shows_action_labels(clinic: Clinic) -> None:
    _sign_in(clinic, "a@clinic.org")
    clinic.client.get(f"/patients/{clinic.patient_id}")
    audit = _text(clinic.client.get(f"/patients/{clinic.patient_id}/audit").text)
    assert f"{AuditAction.VIEW.label}: timeline" in audit
    assert f"{AuditAction.CREATE.label}: " in audit  # the seeded entries
