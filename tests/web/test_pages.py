"""Page scenarios through the TestClient: sign in, add a patient, grade, labs, photos, own view.

"Today" is frozen at 2026-03-01 through ``app.state.today``. Every refused form is checked for
the friendly message next to its field (allowed values and what was received) and for nothing
stored.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from bellpath.auth.accounts import create_user
from bellpath.case import Side
from bellpath.face.expressions import Expression
from bellpath.records.db import transaction
from bellpath.records.models import Grading, LabEntry, Patient, Photo, PracticeEntry, Role
from bellpath.settings import load_settings
from bellpath.web.app import create_app
from bellpath.web.demo import DEMO_CLINICIAN, seed_demo

TODAY = dt.date(2026, 3, 1)
PASSWORD = "correct horse battery"
DISCLAIMER = "bellpath informs; it does not prescribe."


def fake_measurer(
    _data: bytes, expression: Expression | None, _side: Side | None
) -> dict[str, Any]:
    """Stands in for the photo pipeline: fixed measures in the photo JSON contract."""
    return {
        "expression": (expression or Expression.REST).value,
        "affected_side": "left",
        "calibration": {"method": "iris", "mm_per_px": 0.05},
        "pose": {"yaw": 1.0, "pitch": 2.0, "roll": 0.5},
        "warnings": ["low_resolution"],
        "measures": {
            "brow_height": {"right": 20.0, "left": 17.5, "difference": 2.5, "percent": 12.5},
            "facial_asymmetry_index": {"value": 0.12},
        },
    }


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    settings = load_settings(
        data_dir=tmp_path, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    web = create_app(settings, measurer=fake_measurer)
    web.state.today = lambda: TODAY
    services = web.state.services
    with transaction(services.sessions) as session:
        for email, role in (
            ("doc@example.org", Role.CLINICIAN),
            ("other@example.org", Role.CLINICIAN),
            ("pat@example.org", Role.PATIENT),
            ("admin@example.org", Role.ADMIN),
        ):
            create_user(
                session,
                email=email,
                password=PASSWORD,
                role=role,
                passwords=services.passwords,
                name=email.split("@")[0].capitalize(),
            )
    return web


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "every page with a form carries a CSRF token"
    return found.group(1)


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed (entities left as they are)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    token = csrf(client.get("/signin").text)
    reply = client.post("/signin", data={"email": email, "password": password, "csrf_token": token})
    assert reply.status_code == 200, reply.text


def post(client: TestClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """POST a form with the CSRF token of the form page at ``path``."""
    token = csrf(client.get(path).text)
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


def add_patient(client: TestClient, **fields: Any) -> int:
    data = {"name": "Ann Example", "onset": "2026-01-20", "affected_side": "left", **fields}
    reply = post(client, "/patients/new", data)
    assert reply.status_code == 200, text_of(reply.text)
    found = re.search(r"/patients/(\d+)", str(reply.url))
    assert found
    return int(found.group(1))


def count(app: FastAPI, model: Any) -> int:
    with transaction(app.state.services.sessions) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


SUNNYBROOK = {
    "date": "2026-02-28",
    "resting.eye": "narrow",
    "resting.cheek": "less_pronounced",
    "resting.mouth": "normal",
    **{
        f"voluntary.{k}": "3"
        for k in ("brow_lift", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")
    },
    **{
        f"synkinesis.{k}": "0"
        for k in ("brow_lift", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")
    },
}


# ----------------------------------------------------------------------------- sign-in


def test_front_door_sends_visitors_to_sign_in(client: TestClient) -> None:
    reply = client.get("/")
    assert reply.url.path == "/signin"
    assert DISCLAIMER in reply.text
    assert 'name="csrf_token"' in reply.text


def test_pages_need_a_session_and_remember_where_you_were_going(client: TestClient) -> None:
    reply = client.get("/patients/7/labs", follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == "/signin?next=%2Fpatients%2F7%2Flabs"


def test_sign_in_goes_to_the_role_start_page(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    assert client.get("/").url.path == "/patients"


def test_sign_in_follows_only_local_next(client: TestClient) -> None:
    token = csrf(client.get("/signin").text)
    data = {"email": "doc@example.org", "password": PASSWORD, "csrf_token": token}
    reply = client.post("/signin", data={**data, "next": "https://evil.example/"})
    assert reply.url.path == "/patients"


def test_wrong_password_is_refused_kindly(client: TestClient) -> None:
    token = csrf(client.get("/signin").text)
    data = {"email": "doc@example.org", "password": "wrong password!", "csrf_token": token}
    reply = client.post("/signin", data=data)
    assert reply.status_code == 401
    assert "do not match an active account" in reply.text
    assert "bellpath_session" not in reply.headers.get("set-cookie", "")


def test_empty_sign_in_names_both_fields(client: TestClient) -> None:
    token = csrf(client.get("/signin").text)
    reply = client.post("/signin", data={"email": "", "password": "", "csrf_token": token})
    assert reply.status_code == 422
    assert "E-mail: please enter" in reply.text
    assert "Password: please enter" in reply.text


def test_sign_in_is_throttled(client: TestClient) -> None:
    token = csrf(client.get("/signin").text)
    bad = {"email": "doc@example.org", "password": "wrong password!", "csrf_token": token}
    statuses = [client.post("/signin", data=bad).status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    reply = client.post("/signin", data={**bad, "password": PASSWORD})
    assert reply.status_code == 429
    assert "Too many attempts" in reply.text


def test_a_form_without_its_csrf_token_is_refused(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    reply = client.post("/patients/new", data={"name": "X", "onset": "2026-01-01"})
    assert reply.status_code == 403
    assert "The form has expired" in reply.text
    assert count(app, Patient) == 0


def test_sign_out_ends_the_session(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    token = csrf(client.get("/patients").text)
    client.post("/signout", data={"csrf_token": token})
    assert client.get("/patients").url.path == "/signin"


# ----------------------------------------------------------------------------- clinician pages


def test_add_patient_then_timeline_shows_phase_windows_guidance(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client, severity="complete", eye_closure="incomplete")
    page = client.get(f"/patients/{pid}").text
    words = text_of(page)
    assert "Ann Example" in words
    assert "Nerve regrowing" in words  # day 40, no movement: regeneration
    assert "Expected windows" in words
    assert "First movement expected" in words
    assert "Protect the eye" in words and "Why:" in words and "Source:" in words
    assert DISCLAIMER in page


def test_patient_list_shows_phase_next_milestone_red_flags_first(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    add_patient(client, name="Quiet Case")
    flagged = add_patient(client, name="Flagged Case")
    post(client, f"/patients/{flagged}/clinical", {"findings": ["bilateral"]})
    words = text_of(client.get("/patients").text)
    assert words.index("Flagged Case") < words.index("Quiet Case")
    assert "1 red flag" in words
    assert "Next:" in words and "Nerve regrowing" in words
    rows = client.get("/patients/rows", params={"q": "quiet"}).text
    assert "Quiet Case" in rows and "Flagged Case" not in rows


def test_red_flags_come_before_everything_else_on_the_timeline(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    data = {"findings": ["forehead_sparing", "vesicles"]}
    page = post(client, f"/patients/{pid}/clinical", data).text
    flags = page.index('id="red-flags-title"')
    assert flags < page.index('aria-label="Phase"')
    assert flags < page.index('id="actions-title"')
    assert "Forehead spared" in page and "Blisters in the ear or mouth" in page


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "", "Name: please fill this in. You entered nothing."),
        (
            "onset",
            "20/01/2026",
            "a date written like 2026-03-14. You entered \u201c20/01/2026\u201d",
        ),
        ("onset", "2026-03-05", "a date on or before 1 Mar 2026"),  # the future
        ("affected_side", "middle", "please choose one of left, right"),
        ("age", "130", "a whole number between 0 and 120. You entered \u201c130\u201d"),
        ("findings", "alien", "You entered \u201calien\u201d"),
    ],
    ids=["no-name", "bad-date", "future-onset", "bad-side", "age-out-of-range", "bad-finding"],
)
def test_new_patient_form_explains_each_mistake_and_stores_nothing(
    client: TestClient, app: FastAPI, field: str, value: str, expected: str
) -> None:
    sign_in(client, "doc@example.org")
    data = {"name": "Ann Example", "onset": "2026-01-20", field: value}
    reply = post(client, "/patients/new", data)
    assert reply.status_code == 422
    assert expected in reply.text
    assert "Nothing was saved" in reply.text
    assert 'aria-invalid="true"' in reply.text
    assert count(app, Patient) == 0


def test_sunnybrook_grading_is_stored_and_changes_the_guidance(
    client: TestClient, app: FastAPI
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client, severity="complete")
    before = text_of(client.get(f"/patients/{pid}").text)
    assert "Sunnybrook composite" not in before
    reply = post(client, f"/patients/{pid}/gradings/sunnybrook", SUNNYBROOK)
    assert reply.status_code == 200
    after = text_of(reply.text)
    assert "Grading saved" in after
    assert "Grading: Sunnybrook" in after
    assert "composite 50" in after  # voluntary 15 x 4 = 60, resting 2 x 5 = 10, synkinesis 0
    assert f"/patients/{pid}/chart/sunnybrook.svg" in reply.text
    assert count(app, Grading) == 1
    chart = client.get(f"/patients/{pid}/chart/sunnybrook.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content[:500]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "voluntary.snarl",
            "7",
            "\u201c4 Almost complete\u201d or \u201c5 Complete\u201d. You entered",
        ),
        (
            "resting.eye",
            "squint",
            "please choose one of \u201cNormal (0)\u201d, \u201cNarrow (1)\u201d",
        ),
        ("synkinesis.lip_pucker", "", "You entered nothing"),
        ("date", "2026-01-01", "a date on or after 20 Jan 2026"),  # before the onset
    ],
    ids=["voluntary-out-of-range", "unknown-resting-category", "missing-item", "before-onset"],
)
def test_bad_sunnybrook_item_is_named_and_nothing_stored(
    client: TestClient, app: FastAPI, field: str, value: str, expected: str
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    reply = post(client, f"/patients/{pid}/gradings/sunnybrook", {**SUNNYBROOK, field: value})
    assert reply.status_code == 422
    assert expected in reply.text
    assert count(app, Grading) == 0


@pytest.mark.parametrize(
    ("scale", "data", "shown"),
    [
        ("house_brackmann", {"grade": "4"}, "House-Brackmann"),
        ("saq", {f"items.{i}": "2" for i in range(9)}, "SAQ"),
        ("face", {f"items.{i}": "4" for i in range(15)}, "FaCE"),
        (
            "eface",
            {
                **{
                    f"items.{k}": "100"
                    for k in (
                        "brow_rest",
                        "palpebral_fissure_rest",
                        "nasolabial_fold_rest",
                        "oral_commissure_rest",
                    )
                },
                **{
                    f"items.{k}": "60"
                    for k in (
                        "brow_elevation",
                        "gentle_eye_closure",
                        "full_eye_closure",
                        "oral_commissure_smile",
                        "nasolabial_fold_depth_smile",
                        "nasolabial_fold_orientation_smile",
                        "lower_lip_eee",
                        "ocular_synkinesis",
                        "midfacial_synkinesis",
                        "mentalis_synkinesis",
                        "platysmal_synkinesis",
                    )
                },
            },
            "eFACE",
        ),
    ],
    ids=["house-brackmann", "saq", "face", "eface"],
)
def test_every_scale_form_stores_a_grading(
    client: TestClient, app: FastAPI, scale: str, data: dict[str, str], shown: str
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    assert client.get(f"/patients/{pid}/gradings/{scale}").status_code == 200
    reply = post(client, f"/patients/{pid}/gradings/{scale}", {"date": "2026-02-20", **data})
    assert reply.status_code == 200, text_of(reply.text)
    assert f"Grading: {shown}" in text_of(reply.text)
    assert count(app, Grading) == 1


def test_eface_value_out_of_range_is_named(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    reply = post(
        client,
        f"/patients/{pid}/gradings/eface",
        {"date": "2026-02-20", "items.brow_rest": "250"},
    )
    assert reply.status_code == 422
    assert "a number between 0 and 200. You entered \u201c250\u201d" in reply.text
    assert count(app, Grading) == 0


def test_unknown_scale_is_not_found(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    assert client.get(f"/patients/{pid}/gradings/moon").status_code == 404


def test_lab_result_changes_the_vitamin_reading(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    lab = {"analyte": "b12", "value": "150", "unit": "pg/mL", "specimen": "serum", "date": ""}
    reply = post(client, f"/patients/{pid}/labs", lab)
    assert reply.status_code == 200
    words = text_of(reply.text)
    assert "Lab result saved" in words
    assert "Vitamin B12 Deficient" in words
    assert count(app, LabEntry) == 1


def test_a_censored_lab_is_entered_and_read_as_a_range(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    lab = {"analyte": "b12", "comparator": "<", "value": "250", "unit": "pg/mL", "date": ""}
    reply = post(client, f"/patients/{pid}/labs", lab)
    assert reply.status_code == 200
    assert "Vitamin B12 Cannot be classed (censored result)" in text_of(reply.text)
    assert "&lt;250 pg/mL (serum)" in reply.text  # the timeline's history line
    form = client.get(f"/patients/{pid}/labs")
    assert "&lt;250" in form.text
    assert count(app, LabEntry) == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"unit": "nmol/L"},
            "for Vitamin B12 (cobalamin) please choose one of pg/mL, ng/L, pmol/L",
        ),
        (
            {"value": "lots"},
            "Value: a number between 0 and 1,000,000. You entered \u201clots\u201d",
        ),
        ({"value": "-3"}, "You entered \u201c-3\u201d"),
        ({"analyte": "b99"}, "please choose one of b12, holotc"),
        ({"value": "1000000"}, "a plausible measurement"),  # the engine's own check
        ({"date": "2027-01-01"}, "a date on or before 1 Mar 2026"),
    ],
    ids=["unit-of-another-test", "not-a-number", "negative", "unknown-test", "absurd", "future"],
)
def test_bad_lab_is_explained_and_not_stored(
    client: TestClient, app: FastAPI, data: dict[str, str], expected: str
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    lab = {"analyte": "b12", "value": "300", "unit": "pg/mL", "specimen": "serum", **data}
    reply = post(client, f"/patients/{pid}/labs", lab)
    assert reply.status_code == 422
    assert expected in reply.text
    assert count(app, LabEntry) == 0


def test_clinical_details_add_complication_and_red_flag(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client, severity="complete")
    data = {
        "first_movement": "2026-02-15",
        "complications": ["synkinesis"],
        "findings": ["tick_exposure"],
        "risk_factors": ["vegan_diet"],
        "supplement_b6": "150",
        "eye_closure": "complete",
    }
    reply = post(client, f"/patients/{pid}/clinical", data)
    assert reply.status_code == 200, text_of(reply.text)
    words = text_of(reply.text)
    assert "Clinical details saved" in words
    assert "Tick bite or exposure" in words
    assert "Movement returning" in words
    form = client.get(f"/patients/{pid}/clinical").text
    assert 'value="synkinesis" checked' in form
    assert 'value="2026-02-15"' in form


def test_clinical_details_refuse_first_movement_before_onset(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    reply = post(client, f"/patients/{pid}/clinical", {"first_movement": "2025-12-01"})
    assert reply.status_code == 422
    assert "first_movement" in reply.text or "First movement" in reply.text
    assert "Nothing was saved" in reply.text


def test_practice_log_and_its_checks(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    path = f"/patients/{pid}/practice"
    ok = post(client, path, {"date": "2026-02-28", "minutes": "15", "exercises": "smile, pucker"})
    assert ok.status_code == 200
    assert "Practice saved" in ok.text and "smile, pucker" in ok.text
    bad = post(client, path, {"date": "2026-02-28", "minutes": "2000"})
    assert bad.status_code == 422
    assert "a whole number between 0 and 1,440. You entered \u201c2000\u201d" in bad.text
    assert count(app, PracticeEntry) == 1


# ----------------------------------------------------------------------------- photos


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 160, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_photo_upload_shows_the_measurements(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    path = f"/patients/{pid}/photos"
    page = client.get(path).text
    assert 'accept="image/*" capture="user"' in page
    reply = client.post(
        path,
        data={"csrf_token": csrf(page), "expression": "smile", "taken_on": "2026-02-27"},
        files={"photo": ("me.jpg", jpeg_bytes(), "image/jpeg")},
    )
    assert reply.status_code == 200, text_of(reply.text)
    words = text_of(reply.text)
    assert "Brow height" in words and "20.0" in words and "12.5%" in words
    assert "Low resolution:" in words
    assert count(app, Photo) == 1
    photo_id = re.search(r"/photos/(\d+)", str(reply.url))
    assert photo_id
    image = client.get(f"{path}/{photo_id.group(1)}/overlay")
    assert image.status_code == 200
    assert image.headers["content-type"].startswith("image/")
    original = client.get(f"{path}/{photo_id.group(1)}/image")
    with Image.open(io.BytesIO(original.content)) as served:  # re-encoded without metadata
        assert served.size == Image.open(io.BytesIO(jpeg_bytes())).size
        assert not served.getexif()
    thumb = client.get(f"{path}/{photo_id.group(1)}/thumb")
    assert thumb.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(thumb.content)).size == (64, 64)  # never enlarged
    assert "no-store" in thumb.headers["cache-control"]


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (("notes.txt", b"just text", "text/plain"), "not a photo bellpath can read"),
        (None, "please choose or take a photo"),
    ],
    ids=["not-an-image", "no-file"],
)
def test_bad_photo_is_refused_and_nothing_stored(
    client: TestClient, app: FastAPI, upload: tuple[str, bytes, str] | None, expected: str
) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    path = f"/patients/{pid}/photos"
    token = csrf(client.get(path).text)
    files = {"photo": upload} if upload else None
    data = {"csrf_token": token, "taken_on": "2026-02-27", "expression": "rest"}
    reply = client.post(path, data=data, files=files)
    assert reply.status_code == 422
    assert expected in reply.text
    assert count(app, Photo) == 0
    assert not any((Path(app.state.services.settings.photo_dir)).glob("*"))


# ----------------------------------------------------------------------------- patient's own view


def link_patient(client: TestClient) -> int:
    sign_in(client, "doc@example.org")
    pid = add_patient(client, patient_email="pat@example.org", severity="complete")
    token = csrf(client.get("/patients").text)
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, "pat@example.org")
    return pid


def test_patient_sees_own_recovery_in_plain_words(client: TestClient) -> None:
    link_patient(client)
    reply = client.get("/")
    assert reply.url.path == "/me"
    words = text_of(reply.text)
    assert "The nerve fibres themselves are growing back" in words
    assert "Things to talk about with your clinician" in words
    assert DISCLAIMER in reply.text


def test_patient_page_shows_the_practice_plan_of_their_phase(client: TestClient) -> None:
    link_patient(client)  # complete palsy, no movement yet: the nerve is regrowing
    words = text_of(client.get("/me").text)
    assert "Your exercises" in words
    assert "Small, slow movements without straining" in words  # gentle activation (Diels 2000)
    assert "talk over with your facial therapist" in words
    assert "Moving one part of the face while keeping another part still" not in words


def test_patient_answers_saq_and_logs_practice(client: TestClient, app: FastAPI) -> None:
    link_patient(client)
    answers = {f"items.{i}": "2" for i in range(9)}
    reply = post(client, "/me/questionnaires/saq", {"date": "2026-02-28", **answers})
    assert reply.status_code == 200
    assert "your answers are saved" in reply.text
    missing = post(client, "/me/questionnaires/face", {"date": "2026-02-28"})
    assert missing.status_code == 422
    assert "You entered nothing" in missing.text
    done = post(client, "/me/practice", {"date": "2026-02-28", "minutes": "10"})
    assert done.status_code == 200
    assert count(app, Grading) == 1
    assert count(app, PracticeEntry) == 1
    assert "SAQ" in client.get("/me/questionnaires").text


def test_patient_cannot_open_clinician_pages(client: TestClient) -> None:
    pid = link_patient(client)
    assert client.get(f"/patients/{pid}").status_code == 403
    assert client.get("/me/questionnaires/sunnybrook").status_code == 404


def test_unlinked_patient_account_gets_a_kind_welcome(client: TestClient) -> None:
    sign_in(client, "pat@example.org")
    words = text_of(client.get("/me").text)
    assert "not linked to a record yet" in words


def test_admin_sees_accounts_not_records(client: TestClient) -> None:
    sign_in(client, "admin@example.org")
    page = client.get("/account").text
    assert "doc@example.org" in page
    assert client.get("/patients").status_code == 403


# ----------------------------------------------------------------------------- assets


def test_every_asset_is_local(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    for path in ("/signin", "/patients", f"/patients/{pid}", f"/patients/{pid}/photos"):
        page = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', page), path
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200
    assert b"htmx" in htmx.content[:2000]
    assert client.get("/static/bellpath.css").status_code == 200


def page_routes(app: FastAPI) -> list[tuple[str, set[str]]]:
    """Every (path, methods) outside the API, included routers flattened."""
    found: list[tuple[str, set[str]]] = []
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:  # FastAPI's included routers
            for context in contexts():
                methods = getattr(context.original_route, "methods", None) or set()
                found.append((context.path, set(methods)))
        elif isinstance(route, APIRoute):
            found.append((route.path, set(route.methods or ())))
    return [(path, methods) for path, methods in found if not path.startswith("/api/")]


def test_every_page_form_needs_its_csrf_token(client: TestClient, app: FastAPI) -> None:
    """Enumerated from the app: a page route that changes something refuses a tokenless form."""
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    posts = [
        path
        for path, methods in page_routes(app)
        if "POST" in methods and path != "/signin"  # sign-in is checked by the tests above
    ]
    assert len(posts) >= 10
    for path in posts:
        url = path.replace("{patient_id}", str(pid)).replace("{scale}", "saq")
        reply = client.post(url, data={"date": "2026-02-20"})
        assert reply.status_code == 403, url
    assert count(app, Grading) == 0


def test_demo_clinic_seeds_once_and_shows_every_stage(client: TestClient, app: FastAPI) -> None:
    services = app.state.services
    assert seed_demo(services.sessions, services.passwords, today=TODAY) is True
    assert seed_demo(services.sessions, services.passwords, today=TODAY) is False
    sign_in(client, DEMO_CLINICIAN.email, DEMO_CLINICIAN.password)
    words = text_of(client.get("/patients").text)
    for phase in ("Acute", "Early", "Nerve regrowing", "Movement returning", "Plateau"):
        assert phase in words
    assert words.index("Frank Redflag") < words.index("Alex Acute")  # red flags first
    listing = client.get("/patients").text
    found = re.findall(r'href="/patients/(\d+)">\s*<span class="name">([^<]+)', listing)
    rows = {name: int(pid) for pid, name in found}
    dana = text_of(client.get(f"/patients/{rows['Dana Recovering']}").text)
    assert "Trajectory and outlook" in dana and "Movement began" in dana
    assert "Source: Peitersen" in dana
    eve = client.get(f"/patients/{rows['Eve Plateau']}").text
    assert "Synkinesis (unwanted linked movements)" in eve
    assert "/chart/saq.svg" in eve and "/chart/face.svg" in eve


def test_an_entry_made_by_mistake_can_be_removed(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    lab = {"analyte": "b12", "value": "150", "unit": "pg/mL", "specimen": "serum"}
    page = post(client, f"/patients/{pid}/labs", lab).text
    assert "Vitamin B12 Deficient" in text_of(page)
    found = re.search(rf'action="(/patients/{pid}/entries/lab/\d+/delete)"', page)
    assert found
    reply = client.post(found.group(1), data={"csrf_token": csrf(page)})
    assert "The entry was removed" in reply.text
    assert "Vitamin B12 Not tested" in text_of(reply.text)
    assert count(app, LabEntry) == 0
    assert (
        client.post(
            f"/patients/{pid}/entries/moon/1/delete", data={"csrf_token": csrf(page)}
        ).status_code
        == 404
    )


def test_another_clinician_cannot_remove_or_see_entries(client: TestClient, app: FastAPI) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    post(client, f"/patients/{pid}/labs", {"analyte": "b12", "value": "150", "unit": "pg/mL"})
    client.post("/signout", data={"csrf_token": csrf(client.get("/patients").text)})
    sign_in(client, "other@example.org")
    token = csrf(client.get("/patients").text)
    assert client.get(f"/patients/{pid}").status_code == 404
    reply = client.post(f"/patients/{pid}/entries/lab/1/delete", data={"csrf_token": token})
    assert reply.status_code == 404
    assert "nothing here, or it is not yours to see" in reply.text
    assert count(app, LabEntry) == 1


def test_clinical_details_link_the_patient_account_and_change_onset(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    data = {"onset": "2026-02-28", "patient_email": "pat@example.org"}
    reply = post(client, f"/patients/{pid}/clinical", data)
    assert reply.status_code == 200, text_of(reply.text)
    assert "Acute (first 3 days)" in text_of(reply.text)  # day 1 after the corrected onset
    form = client.get(f"/patients/{pid}/clinical").text
    assert 'value="pat@example.org"' in form
    unknown = post(
        client, f"/patients/{pid}/clinical", {"onset": "2026-02-26", "patient_email": "x@y.org"}
    )
    assert unknown.status_code == 422
    assert "active patient account" in unknown.text


def test_patient_adds_a_selfie_and_sees_only_their_own(client: TestClient, app: FastAPI) -> None:
    link_patient(client)
    page = client.get("/me/photos").text
    assert 'capture="user"' in page
    reply = client.post(
        "/me/photos",
        data={"csrf_token": csrf(page), "expression": "smile", "taken_on": "2026-02-28"},
        files={"photo": ("selfie.jpg", jpeg_bytes(), "image/jpeg")},
    )
    assert reply.status_code == 200
    assert "Brow height" in text_of(reply.text)
    photo = re.search(r"/me/photos/(\d+)", str(reply.url))
    assert photo
    assert client.get(f"/me/photos/{photo.group(1)}/overlay").status_code == 200
    assert client.get(f"/me/photos/{int(photo.group(1)) + 1}").status_code == 404
    assert count(app, Photo) == 1


@pytest.mark.parametrize("finding", ["hearing_loss", "trauma"])
def test_new_red_flags_are_accepted_by_the_form_and_shown(client: TestClient, finding: str) -> None:
    # NICE CKS: hearing loss on the affected side and trauma need urgent referral.
    sign_in(client, "doc@example.org")
    pid = add_patient(client, findings=[finding])
    words = text_of(client.get(f"/patients/{pid}").text)
    label = {"hearing_loss": "Hearing loss on the weak side", "trauma": "Followed an injury"}
    assert label[finding] in words
    assert words.index("Red flags: urgent assessment") < words.index("Guidance to discuss")


def test_a_clinician_records_a_red_flags_cause_as_excluded(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client, findings=["parotid_mass"])
    assert "not shown until a doctor has checked it" in text_of(client.get(f"/patients/{pid}").text)
    page = text_of(client.get(f"/patients/{pid}/findings").text)
    assert "Lump in the cheek (parotid)" in page
    row = client.get(f"/api/v1/patients/{pid}/findings").json()[0]
    fid, today = int(row["id"]), row["noted_on"]  # the app's own today
    url = f"/patients/{pid}/findings/{fid}/exclusion"
    token = csrf(client.get(f"/patients/{pid}/findings").text)
    refused = client.post(url, data={"excluded_on": "2999-01-01", "csrf_token": token})
    assert refused.status_code == 422
    assert "Nothing was saved" in text_of(refused.text)
    token = csrf(client.get(f"/patients/{pid}/findings").text)
    saved = client.post(url, data={"excluded_on": today, "csrf_token": token})
    assert saved.status_code == 200, text_of(saved.text)
    words = text_of(saved.text)
    assert "parotid mass" in words and "was excluded" in words
    assert "Red flags: urgent assessment" not in words
    again = text_of(client.get(f"/patients/{pid}/findings").text)
    assert f"Other cause excluded on {today}" in again


def test_pregnant_is_recorded_on_the_clinical_page(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    pid = add_patient(client)
    reply = post(client, f"/patients/{pid}/clinical", {"pregnant": "1"})
    assert reply.status_code == 200, text_of(reply.text)
    assert 'name="pregnant" value="1" checked' in client.get(f"/patients/{pid}/clinical").text


def test_patient_page_puts_a_suspected_stroke_first_in_plain_words(client: TestClient) -> None:
    sign_in(client, "doc@example.org")
    add_patient(client, patient_email="pat@example.org", findings=["limb_weakness"])
    token = csrf(client.get("/patients").text)
    client.post("/signout", data={"csrf_token": token})
    sign_in(client, "pat@example.org")
    words = text_of(client.get("/me").text)
    assert "Call the emergency services now" in words
    assert words.index("Call the emergency services now") < words.index("What is happening")
    for bells in ("steroid", "What to expect", "in 100", "regrow"):
        assert bells not in words, bells
