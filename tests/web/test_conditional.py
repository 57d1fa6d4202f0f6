"""Web speed: ETag/304 on the assessment, lists, timeline and charts; history paging; static
files under hashed names; a photo being measured does not hold up other pages."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from bellpath.case import Side
from bellpath.face.expressions import Expression
from bellpath.records.assessments import cache_for, compute_assessment
from bellpath.records.db import transaction
from bellpath.records.models import Grading, Patient, User
from bellpath.records.patients import current_episode
from bellpath.web.app import create_app
from bellpath.web.pages import ROUTERS
from bellpath.web.pages._views import HISTORY_PAGE
from bellpath.web.static_assets import IMMUTABLE

from .conftest import PASSWORD, Clinic, fake_analyser, fake_measurer, make_settings, png, seed


def _sign_in(client: TestClient | httpx.Client, email: str) -> None:
    client.cookies.clear()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/signin", data=data).status_code in {200, 303}


def _add_grading(clinic: Clinic, composite: int = 50) -> None:
    body = {"date": dt.date.today().isoformat(), "scale": "sunnybrook"}
    body["items"] = {"composite": composite}  # type: ignore[assignment]
    url = f"/api/v1/patients/{clinic.patient_id}/gradings"
    assert clinic.client.post(url, json=body, headers=clinic.auth("a")).status_code == 201


def test_assessment_answers_304_until_the_record_changes(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/assessment"
    first = clinic.client.get(url, headers=clinic.auth("a"))
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('"')
    assert first.headers["cache-control"] == "private, no-cache"
    assert "last-modified" in first.headers
    again = clinic.client.get(url, headers={**clinic.auth("a"), "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    _add_grading(clinic)
    changed = clinic.client.get(url, headers={**clinic.auth("a"), "If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    with transaction(clinic.services.sessions) as s:
        episode = current_episode(s, patient=s.get_one(Patient, clinic.patient_id))
        fresh = compute_assessment(s, episode.id, dt.date.today())[1]
    assert changed.json() == fresh.model_dump(mode="json")
    other_day = clinic.client.get(
        url, params={"as_of": dt.date.today().isoformat()}, headers=clinic.auth("a")
    )
    assert other_day.headers["etag"] == changed.headers["etag"]  # as_of today = the default


def test_304_needs_access_to_the_record(clinic: Clinic) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/assessment"
    tag = clinic.client.get(url, headers=clinic.auth("a")).headers["etag"]
    stranger = clinic.client.get(url, headers={**clinic.auth("b"), "If-None-Match": tag})
    assert stranger.status_code == 404


@pytest.mark.parametrize(
    "kind", ["gradings", "labs", "complications", "findings", "practice-log", "photos", "videos"]
)
def test_entry_lists_answer_304_until_a_write(clinic: Clinic, kind: str) -> None:
    url = f"/api/v1/patients/{clinic.patient_id}/{kind}"
    first = clinic.client.get(url, headers=clinic.auth("a"))
    tag = first.headers["etag"]
    assert first.status_code == 200 and first.json()
    assert (
        clinic.client.get(url, headers={**clinic.auth("a"), "If-None-Match": tag}).status_code
        == 304
    )
    windowed = clinic.client.get(url, params={"limit": 1}, headers=clinic.auth("a"))
    assert windowed.headers["etag"] != tag  # another query, another tag
    _add_grading(clinic)
    after = clinic.client.get(url, headers={**clinic.auth("a"), "If-None-Match": tag})
    assert after.status_code == 200


def test_the_practice_log_json_is_kept_per_version_and_reader(clinic: Clinic) -> None:
    # The log's JSON is made once per version of the record; a new entry shows at once, a window
    # gets its own answer, and a clinician off the care team gets a 404, never the kept JSON.
    url = f"/api/v1/patients/{clinic.patient_id}/practice-log"
    first = clinic.client.get(url, headers=clinic.auth("a"))
    again = clinic.client.get(url, headers=clinic.auth("a"))
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == "application/json"
    assert clinic.client.get(url, headers=clinic.auth("b")).status_code == 404
    body = {"date": first.json()[-1]["date"], "minutes": 41, "exercises": ["smile"]}
    assert clinic.client.post(url, json=body, headers=clinic.auth("a")).status_code == 201
    after = clinic.client.get(url, headers=clinic.auth("a"))
    assert len(after.json()) == len(first.json()) + 1
    assert 41 in [entry["minutes"] for entry in after.json()]
    assert after.headers["etag"] != first.headers["etag"]
    one = clinic.client.get(url, params={"limit": 1}, headers=clinic.auth("a"))
    assert len(one.json()) == 1


def test_patient_list_answers_304_until_any_record_changes(clinic: Clinic) -> None:
    url = "/api/v1/patients"
    tag = clinic.client.get(url, headers=clinic.auth("a")).headers["etag"]
    assert (
        clinic.client.get(url, headers={**clinic.auth("a"), "If-None-Match": tag}).status_code
        == 304
    )
    change = {"name": "Ann Changed"}
    patched = clinic.client.patch(
        f"{url}/{clinic.patient_id}", json=change, headers=clinic.auth("a")
    )
    assert patched.status_code == 200
    after = clinic.client.get(url, headers={**clinic.auth("a"), "If-None-Match": tag})
    assert after.status_code == 200 and after.json()[0]["name"] == "Ann Changed"


def test_timeline_and_patient_list_pages_revalidate(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    for url in (f"/patients/{clinic.patient_id}", "/patients"):
        page = clinic.client.get(url)
        tag = page.headers["etag"]
        assert page.status_code == 200
        again = clinic.client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        _add_grading(clinic)
        assert clinic.client.get(url, headers={"If-None-Match": tag}).status_code == 200


def test_the_patient_page_answers_304_until_the_record_changes(clinic: Clinic) -> None:
    _sign_in(clinic.client, "me@home.org")
    first = clinic.client.get("/me")
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('"')
    assert first.headers["cache-control"] == "private, no-cache"
    assert "15 minutes in all" in first.text  # the seeded practice
    again = clinic.client.get("/me", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    token = re.search(r'name="csrf_token" value="([^"]+)"', first.text)
    assert token is not None
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    logged = clinic.client.post(
        "/me/practice",
        data={"csrf_token": token.group(1), "date": yesterday, "minutes": "20"},
        follow_redirects=False,
    )
    assert logged.status_code == 303
    changed = clinic.client.get("/me", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert "35 minutes in all" in changed.text  # fresh: the new practice is counted


def test_another_patient_never_gets_the_304(clinic: Clinic) -> None:
    _sign_in(clinic.client, "me@home.org")
    tag = clinic.client.get("/me").headers["etag"]
    _sign_in(clinic.client, "stranger@home.org")  # no record linked: the welcome page
    other = clinic.client.get("/me", headers={"If-None-Match": tag})
    assert other.status_code == 200 and "not linked to a record yet" in other.text


def test_the_rendered_timeline_is_kept_until_the_record_changes(clinic: Clinic) -> None:
    _sign_in(clinic.client, "a@clinic.org")
    url = f"/patients/{clinic.patient_id}"
    first = clinic.client.get(url)
    with transaction(clinic.services.sessions) as s:
        pages = cache_for(s).derived
    hits = pages.stats.hits
    second = clinic.client.get(url)
    assert second.text == first.text and pages.stats.hits == hits + 1
    _add_grading(clinic, 77)
    third = clinic.client.get(url)
    assert third.headers["etag"] != first.headers["etag"]
    assert "composite 77" in third.text and "composite 77" not in first.text


def test_timeline_pages_through_a_long_history(clinic: Clinic) -> None:
    today = dt.date.today()
    with transaction(clinic.services.sessions) as s:
        episode = current_episode(s, patient=s.get_one(Patient, clinic.patient_id))
        s.add_all(
            Grading(
                episode_id=episode.id,
                date=today - dt.timedelta(days=d),
                scale="sunnybrook",
                items={"composite": 30 + d % 40},
            )
            for d in range(1, 60)
        )
    _sign_in(clinic.client, "a@clinic.org")
    rows: list[str] = []
    page, older = 1, True
    while older:
        html = clinic.client.get(f"/patients/{clinic.patient_id}", params={"page": page}).text
        shown = re.findall(r'/entries/(\w+/\d+)/delete"', html)
        assert len(shown) <= HISTORY_PAGE
        rows += shown
        older = 'rel="next"' in html
        assert ('rel="prev"' in html) == (page > 1)
        page += 1
    # Every entry once: 60 gradings, 1 lab, 1 complication, 1 finding, 1 photo.
    assert len(rows) == len(set(rows)) == 64
    assert page - 1 == 2
    first = clinic.client.get(f"/patients/{clinic.patient_id}").text
    dates = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", first)
    assert dates == sorted(dates, reverse=True)  # the latest first
    assert (
        clinic.client.get(f"/patients/{clinic.patient_id}", params={"page": 0}).status_code == 422
    )


def test_charts_are_cached_images_with_validators(clinic: Clinic) -> None:
    _add_grading(clinic)
    _sign_in(clinic.client, "a@clinic.org")
    url = f"/patients/{clinic.patient_id}/chart/sunnybrook.svg"
    first = clinic.client.get(url)
    assert first.status_code == 200 and first.headers["content-type"].startswith("image/svg")
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert clinic.client.get(url, headers={"If-None-Match": tag}).status_code == 304
    assert clinic.client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert clinic.client.get(url).content == first.content  # the same drawing, from the cache
    _add_grading(clinic, 80)
    redrawn = clinic.client.get(url, headers={"If-None-Match": tag})
    assert redrawn.status_code == 200 and redrawn.content != first.content


def test_static_files_have_hashed_names_and_a_long_lifetime(clinic: Clinic) -> None:
    html = clinic.client.get("/signin").text
    css = re.search(r'href="(/static/bellpath\.[0-9a-f]{12}\.css)"', html)
    js = re.search(r'src="(/static/htmx\.min\.[0-9a-f]{12}\.js)"', html)
    assert css and js
    for url in (css.group(1), js.group(1)):
        reply = clinic.client.get(url)
        assert reply.status_code == 200 and reply.headers["cache-control"] == IMMUTABLE
    assert clinic.client.get("/static/bellpath.000000000000.css").status_code == 404
    plain = clinic.client.get("/static/bellpath.css")
    assert plain.status_code == 200 and "immutable" not in plain.headers["cache-control"]


# --------------------------------------------------------------------------- no blocking


def test_form_handlers_run_in_the_thread_pool() -> None:
    """Every page's form handler is a plain ``def`` (the form is parsed by a dependency), so its
    database and CPU work runs in the thread pool, never on the event loop."""
    posts = [
        route
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in (route.methods or set())
    ]
    assert len(posts) > 10
    assert [r.path for r in posts if inspect.iscoroutinefunction(r.endpoint)] == []


@pytest.mark.slow
def test_a_photo_being_measured_does_not_stall_the_timeline(tmp_path: Path) -> None:
    """The measurer holds the upload until a timeline view has been answered: if measuring ran
    on the event loop, the view could not be answered and the upload would time out."""
    released = threading.Event()
    measuring = threading.Event()

    def gated_measurer(data: bytes, expression: Expression | None, side: Side | None) -> Any:
        measuring.set()
        released.wait(30)
        return fake_measurer(data, expression, side)

    app = create_app(make_settings(tmp_path), measurer=gated_measurer, video_analyser=fake_analyser)
    clinic = seed(app)
    with transaction(clinic.services.sessions) as s:
        assert s.get(User, clinic.users["a"]) is not None
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        with (
            httpx.Client(base_url=base, timeout=60) as uploader,
            httpx.Client(base_url=base, timeout=20) as viewer,
        ):
            _sign_in(uploader, "a@clinic.org")
            _sign_in(viewer, "a@clinic.org")
            page = uploader.get(f"/patients/{clinic.patient_id}/photos").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token is not None
            result: dict[str, int] = {}

            def upload() -> None:
                reply = uploader.post(
                    f"/patients/{clinic.patient_id}/photos",
                    data={
                        "csrf_token": token.group(1),
                        "taken_on": dt.date.today().isoformat(),
                        "expression": "rest",
                    },
                    files={"photo": ("face.png", png(), "image/png")},
                )
                result["status"] = reply.status_code

            sender = threading.Thread(target=upload)
            sender.start()
            assert measuring.wait(20), "the upload never reached the measurer"
            view = viewer.get(f"/patients/{clinic.patient_id}")  # while the photo is measured
            assert view.status_code == 200 and not released.is_set()
            released.set()
            sender.join(30)
            assert result.get("status") in {200, 303}
    finally:
        released.set()
        server.should_exit = True
        thread.join(10)


def test_an_api_read_in_progress_holds_no_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One read of the practice log is held inside its route; another audited read of the same
    record must still be answered. The audit event of a read is written when the read has been
    answered: before, it was written first and held SQLite's one write lock for the whole read,
    so the second read waited for the busy timeout and failed ("database is locked")."""
    import bellpath.web.api.practice as practice_api  # noqa: PLC0415

    held = threading.Event()
    release = threading.Event()
    real_list = practice_api.list_entries  # type: ignore[attr-defined]

    def slow_list(*args: Any, **kwargs: Any) -> Any:
        held.set()
        release.wait(30)
        return real_list(*args, **kwargs)

    monkeypatch.setattr(practice_api, "list_entries", slow_list)
    app = create_app(make_settings(tmp_path), measurer=fake_measurer, video_analyser=fake_analyser)
    clinic = seed(app)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}/api/v1/patients/{clinic.patient_id}"
        headers = clinic.auth("a")
        result: dict[str, int] = {}

        def read_the_log() -> None:
            reply = httpx.get(f"{base}/practice-log", headers=headers, timeout=60)
            result["log"] = reply.status_code

        reader = threading.Thread(target=read_the_log)
        reader.start()
        assert held.wait(20), "the first read never reached its route"
        other = httpx.get(f"{base}/gradings", headers=headers, timeout=20)
        assert other.status_code == 200 and not release.is_set()
        release.set()
        reader.join(30)
        assert result.get("log") == 200
    finally:
        release.set()
        server.should_exit = True
        thread.join(10)
