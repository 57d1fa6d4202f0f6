"""The video upload form on the timeline and the patient's page; refused uploads store nothing."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import func, select

from bellpath.records.models import Video

from .conftest import PASSWORD, Clinic, fake_video, png


def _sign_in(clinic: Clinic, email: str) -> str:
    """Sign in through the page; the CSRF token of the new session."""
    client = clinic.client
    client.cookies.clear()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    page = client.post("/signin", data=data)
    assert page.status_code == 200
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert fresh is not None
    return fresh.group(1)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _videos(clinic: Clinic) -> int:
    with clinic.services.sessions() as s:
        return s.scalar(select(func.count()).select_from(Video)) or 0


def _form(html: str, action: str) -> str:
    match = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S)
    assert match is not None, f"no form posting to {action}"
    return match.group(0)


def test_the_timeline_and_the_patients_page_offer_the_upload_form(clinic: Clinic) -> None:
    _sign_in(clinic, "a@clinic.org")
    timeline = clinic.client.get(f"/patients/{clinic.patient_id}").text
    form = _form(timeline, f"/patients/{clinic.patient_id}/videos")
    assert 'enctype="multipart/form-data"' in form
    assert re.search(r'<input[^>]*name="video"[^>]*accept="video/\*"[^>]*capture', form)
    assert 'name="csrf_token"' in form
    assert 'name="recorded_on"' in form
    _sign_in(clinic, "me@home.org")
    mine = _form(clinic.client.get("/me").text, "/me/videos")
    assert 'accept="video/*"' in mine and 'name="csrf_token"' in mine


def test_a_clinician_upload_fills_the_latest_video_card(clinic: Clinic) -> None:
    token = _sign_in(clinic, "a@clinic.org")
    before = _videos(clinic)
    done = clinic.client.post(
        f"/patients/{clinic.patient_id}/videos",
        data={"csrf_token": token, "recorded_on": "2026-11-01"},
        files={"video": ("exercises.mp4", fake_video(), "video/mp4")},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/patients/{clinic.patient_id}?saved=video#latest-video"
    assert _videos(clinic) == before + 1
    page = _text(clinic.client.get(done.headers["location"]).text)
    card = page[page.index("Latest video") :]
    assert "(latest of 2)" in card
    assert "commissure excursion +5.0 mm +2.0 mm 0.40" in card
    assert "Ocular-oral synkinesis not detected (index 4)" in card
    assert "video itself deleted" in page  # the saved notice says what was kept


def test_a_refused_upload_shows_the_message_next_to_the_field(clinic: Clinic) -> None:
    token = _sign_in(clinic, "a@clinic.org")
    before = _videos(clinic)
    refused = clinic.client.post(
        f"/patients/{clinic.patient_id}/videos",
        data={"csrf_token": token, "recorded_on": "2026-11-01"},
        files={"video": ("exercises.mp4", png(), "video/mp4")},
    )
    assert refused.status_code == 422
    field = re.search(r'<p class="field-error" id="video-error"[^>]*>(.*?)</p>', refused.text)
    assert field is not None
    assert "not a video bellpath can read" in unescape(field.group(1))
    assert "Nothing was saved." in refused.text
    assert 'aria-invalid="true"' in _form(refused.text, f"/patients/{clinic.patient_id}/videos")
    assert _videos(clinic) == before


def test_no_file_and_a_future_date_are_named(clinic: Clinic) -> None:
    token = _sign_in(clinic, "me@home.org")
    refused = clinic.client.post(
        "/me/videos", data={"csrf_token": token, "recorded_on": "2999-01-01"}
    )
    assert refused.status_code == 422
    text = _text(refused.text)
    assert "please choose or record a video" in text
    assert "Recorded on" in text and "2999-01-01" in text


def test_the_patient_adds_a_video_from_their_page(clinic: Clinic) -> None:
    token = _sign_in(clinic, "me@home.org")
    before = _videos(clinic)
    done = clinic.client.post(
        "/me/videos",
        data={"csrf_token": token, "recorded_on": "2026-11-01"},
        files={"video": ("me.mp4", fake_video(), "video/mp4")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/me?saved=video#latest-video"
    assert _videos(clinic) == before + 1
    page = _text(clinic.client.get("/me").text)
    assert "Open-mouth smile: the side affected by the palsy moved about 40% as much" in page
    listing = _text(clinic.client.get("/me/videos").text)
    assert "Videos so far" in listing and "Remove" not in listing


def test_the_videos_page_lists_summaries_the_clinician_can_remove(clinic: Clinic) -> None:
    token = _sign_in(clinic, "a@clinic.org")
    page = clinic.client.get(f"/patients/{clinic.patient_id}/videos").text
    video_id = clinic.entries["video_id"]
    action = f"/patients/{clinic.patient_id}/entries/video/{video_id}/delete"
    assert action in page
    assert "6 s smile not detected" in _text(page)
    removed = clinic.client.post(action, data={"csrf_token": token}, follow_redirects=False)
    assert removed.status_code == 303
    assert _videos(clinic) == 0
