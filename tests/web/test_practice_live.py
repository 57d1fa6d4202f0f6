"""The live mirror page and its WebSocket: who may connect, what a frame gives, the summary.

The detector is a stand-in that answers from the frame's brightness (dark: the resting face,
bright: a smile with known millimetres), so these tests check the wiring; the real detector on a
real face runs in the browser test (test_browser_live.py).
"""

from __future__ import annotations

import io
import re
import time
from typing import Any

import numpy as np
import pytest
from PIL import Image
from starlette.websockets import WebSocketDisconnect

from bellpath.auth.tokens import TokenKind
from bellpath.camera.live_frames import LiveFrameReader
from bellpath.case import Severity, Side
from bellpath.face.indices import MOUTH_CORNER
from bellpath.face.landmarks import FaceLandmarks
from bellpath.face.live import reading_from_measures
from bellpath.face.measures import measure_face
from bellpath.face.testing import place, shift, symmetric_face
from bellpath.records.db import transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import User
from bellpath.records.patients import create_patient
from bellpath.web.pages import practice_live
from bellpath.web.security import SESSION_COOKIE

from .conftest import ONSET, Clinic

ORIGIN = {"origin": "http://testserver"}
REST_FACE = place(symmetric_face(), image_size=(1000, 1000))
SMILE_FACE = place(
    shift(
        shift(symmetric_face(), [MOUTH_CORNER[Side.RIGHT]], dy=1.2, dx=-3.0),
        [MOUTH_CORNER[Side.LEFT]],
        dy=1.6,
        dx=4.0,
    ),
    image_size=(1000, 1000),
)


class BrightnessDetector:
    """Dark frame: the resting face; bright frame: a smile (right corner 3 mm out, left 4 mm)."""

    def detect(self, image: Any) -> list[FaceLandmarks]:
        return [SMILE_FACE if float(np.mean(image)) > 128 else REST_FACE]

    def close(self) -> None:
        pass


def jpeg(level: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.full((48, 64, 3), level, dtype=np.uint8)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(practice_live, "new_reader", lambda: LiveFrameReader(BrightnessDetector()))


def as_user(clinic: Clinic, who: str) -> None:
    clinic.client.cookies.clear()
    clinic.client.cookies.set(SESSION_COOKIE, clinic.token(who, TokenKind.SESSION))


def link_clean_record(clinic: Clinic) -> int:
    """Give the 'stranger' account a record of its own: right side, no warning signs."""
    with transaction(clinic.services.sessions) as s:
        doctor = s.get(User, clinic.users["a"])
        assert doctor is not None
        patient = create_patient(
            s,
            actor=doctor,
            name="Rita Right",
            patient_email="stranger@home.org",
            episode=EpisodeFields(
                onset=ONSET, affected_side=Side.RIGHT, severity=Severity.INCOMPLETE
            ),
        )
        return patient.id


def refused(clinic: Clinic, path: str, headers: dict[str, str] | None = None) -> int:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        clinic.client.websocket_connect(path, headers=ORIGIN if headers is None else headers) as ws,
    ):
        ws.receive_json()
    return closed.value.code


# ----------------------------------------------------------------------------- the page


def test_the_page_says_how_frames_are_handled_and_links_from_me(clinic: Clinic) -> None:
    link_clean_record(clinic)
    as_user(clinic, "stranger")
    assert 'href="/me/practice/live"' in clinic.client.get("/me").text
    page = clinic.client.get("/me/practice/live")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "no picture or video is stored, logged or sent anywhere else" in text
    assert "bellpath informs and supports your clinician" in text  # the one notice
    assert 'data-ws-path="/me/practice/live/ws"' in text
    assert 'data-save-url="/me/practice/sessions"' in text
    assert 'data-affected="right"' in text
    assert re.search(r'src="/static/practice_live\.[0-9a-f]{12}\.js"', text)
    assert "<script>" not in text  # the page's CSP allows no inline script
    for movement in ("smile", "pucker", "brow_raise", "gentle_closure"):
        assert f'value="{movement}"' in text


def test_red_flags_come_first_and_hold_the_practice(clinic: Clinic) -> None:
    as_user(clinic, "me")  # Ann's record notes a possible tick bite: a warning sign
    page = clinic.client.get("/me/practice/live").text
    assert page.index("red-flags") < page.index("<h1>Live mirror</h1>")
    assert 'id="live-paused"' in page
    assert "live-video" not in page
    assert 'href="/me/practice/live"' not in clinic.client.get("/me").text


def test_a_clinician_opens_it_for_a_patient_without_saving(clinic: Clinic) -> None:
    pid = link_clean_record(clinic)
    as_user(clinic, "a")
    page = clinic.client.get(f"/patients/{pid}/practice/live").text
    assert f'data-ws-path="/patients/{pid}/practice/live/ws"' in page
    assert 'data-save-url=""' in page
    as_user(clinic, "b")  # not on the care team
    assert clinic.client.get(f"/patients/{pid}/practice/live").status_code == 404


# ----------------------------------------------------------------------------- who may connect


def test_the_socket_needs_a_session_the_right_person_and_this_origin(
    clinic: Clinic, fake_reader: None
) -> None:
    pid = link_clean_record(clinic)
    clinic.client.cookies.clear()
    assert refused(clinic, "/me/practice/live/ws") == practice_live.POLICY_VIOLATION
    as_user(clinic, "stranger")
    evil = {"origin": "http://evil.example"}
    assert refused(clinic, "/me/practice/live/ws", evil) == practice_live.POLICY_VIOLATION
    assert refused(clinic, "/me/practice/live/ws", {}) == practice_live.POLICY_VIOLATION
    for origin in ("null", "http://testserver.evil.example", "file://testserver"):
        code = refused(clinic, "/me/practice/live/ws", {"origin": origin})
        assert code == practice_live.POLICY_VIOLATION, origin
    assert refused(clinic, f"/patients/{pid}/practice/live/ws") == practice_live.POLICY_VIOLATION
    as_user(clinic, "b")
    assert refused(clinic, f"/patients/{pid}/practice/live/ws") == practice_live.POLICY_VIOLATION
    as_user(clinic, "a")
    behind_tls = {"origin": "https://testserver"}  # a TLS proxy in front: the page is https
    path = f"/patients/{pid}/practice/live/ws"
    with clinic.client.websocket_connect(path, headers=behind_tls) as ws:
        ws.send_bytes(jpeg(20))
        assert ws.receive_json()["state"] == "rest"


# ----------------------------------------------------------------------------- a session


def test_a_session_measures_prompts_and_sums_up(clinic: Clinic, fake_reader: None) -> None:
    link_clean_record(clinic)  # the right side is affected
    as_user(clinic, "stranger")
    truth_rest = reading_from_measures(measure_face(REST_FACE, affected_side=None))
    truth_smile = reading_from_measures(measure_face(SMILE_FACE, affected_side=None))
    healthy = truth_smile.left.mouth_corner - truth_rest.left.mouth_corner
    affected = truth_smile.right.mouth_corner - truth_rest.right.mouth_corner
    with clinic.client.websocket_connect("/me/practice/live/ws", headers=ORIGIN) as ws:
        ws.send_text('{"movement": "snarl"}')
        error = ws.receive_json()
        assert error["field"] == "movement"
        assert "smile, pucker, brow_raise, gentle_closure" in error["message"]
        ws.send_bytes(b"not a picture")
        assert "JPEG" in ws.receive_json()["message"]
        ws.send_text('{"movement": "smile"}')
        start = time.monotonic()
        answer: dict[str, Any] = {}
        while time.monotonic() - start < 5 and answer.get("state") != "measuring":
            ws.send_bytes(jpeg(20))
            answer = ws.receive_json()
        assert answer["state"] == "measuring"
        assert answer["affected_mm"] == 0.0
        for _ in range(2):  # two smiles
            for level in (230, 230, 230, 230, 20, 20):
                ws.send_bytes(jpeg(level))
                answer = ws.receive_json()
        ws.send_bytes(jpeg(230))
        smiling = ws.receive_json()
        assert smiling["healthy_mm"] == pytest.approx(healthy, abs=0.05)
        assert smiling["affected_mm"] == pytest.approx(affected, abs=0.05)
        assert smiling["ratio"] == pytest.approx(affected / healthy, abs=0.01)
        assert smiling["repetitions"] == 2
        assert set(smiling["outlines"]) >= {"lid_upper_right", "brow_left", "lip_upper", "iris"}
        ws.send_text('{"finish": true}')
        summary = ws.receive_json()
    assert summary["type"] == "summary"
    body = summary["summary"]
    assert body["affected_side"] == "right"
    assert isinstance(body["duration_s"], int)
    [smile] = body["exercises"]
    assert set(smile) == {
        "movement",
        "repetitions",
        "affected_mm",
        "healthy_mm",
        "ratio",
        "eye_narrowing_pct",
        "narrowing_prompts",
        "overpower_prompts",
    }
    assert smile["movement"] == "smile"
    assert smile["repetitions"] == 2
    assert smile["ratio"] == pytest.approx(affected / healthy, abs=0.01)
    assert smile["eye_narrowing_pct"] == pytest.approx(0.0, abs=0.01)
    assert smile["narrowing_prompts"] == 0


def test_a_busy_server_says_so(clinic: Clinic, fake_reader: None) -> None:
    link_clean_record(clinic)
    as_user(clinic, "stranger")
    clinic.app.state.live_sessions = practice_live.MAX_LIVE_SESSIONS
    assert refused(clinic, "/me/practice/live/ws") == 1013  # try again later (RFC 6455)
    clinic.app.state.live_sessions = 0
    with clinic.client.websocket_connect("/me/practice/live/ws", headers=ORIGIN) as ws:
        ws.send_bytes(jpeg(20))
        assert ws.receive_json()["state"] == "rest"
    assert clinic.app.state.live_sessions == 0  # given back when the page closed
