"""The live mirror in a real browser, fed a synthetic face through Chromium's fake camera.

Two clips are made from the astronaut's face (:mod:`bellpath.face.synthetic`) warped by known
millimetres, as raw Y4M (Chromium's fake camera loops the file): rest, then a smile in which the
healthy left corner moves 6 mm and the affected right corner 60 % of that, then rest. In the
second clip the right eye also narrows by 5 mm during the smile (linked movement, synkinesis).
A patient signs in, starts the mirror, smiles twice (the clip does), and finishes; the test reads
the figures the server sent (Playwright sees the WebSocket frames), the prompt on the page, and
the session the page POSTs to the practice log (intercepted: the endpoint is another branch's).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn

from bellpath.auth.accounts import create_user
from bellpath.case import Severity, Side
from bellpath.face.live import NARROWING_PROMPT_PCT
from bellpath.face.synthetic import SyntheticFace, astronaut_face
from bellpath.records.db import transaction
from bellpath.records.inputs import EpisodeFields
from bellpath.records.models import Role
from bellpath.records.patients import create_patient
from bellpath.settings import load_settings
from bellpath.video.synthetic import expected_excursion, render
from bellpath.web.app import create_app

from .test_browser_pages import ARGS, CHROMIUM, _free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")

TODAY = dt.date(2026, 3, 1)
PATIENT = ("rita@example.org", "a long test password")
AFFECTED = Side.RIGHT
HEALTHY = Side.LEFT
HEALTHY_SMILE_MM = 6.0
AFFECTED_FRACTION = 0.6
SYNKINESIS_MM = 5.0
"""The right eye's aperture narrows by this much at the smile's peak (about half of it)."""
FPS = 15
CLIP_SIDE = 480
"""The clip's frames are 480 x 480: the page sends them as they are (its largest side)."""
REST_S, RISE_S, HOLD_S, FALL_S, AFTER_S = 2.0, 0.5, 1.0, 0.5, 1.0
"""One loop of the clip: 3 s of rest across the loop's seam, more than the 1.5 s the baseline
needs; the smile's hold (1 s) is too short to be taken for rest."""


def _envelope(t: float) -> float:
    a, b = REST_S, REST_S + RISE_S
    c, d = b + HOLD_S, b + HOLD_S + FALL_S
    if t < a or t >= d:
        return 0.0
    if t < b:
        return 0.5 - 0.5 * math.cos(math.pi * (t - a) / RISE_S)
    if t <= c:
        return 1.0
    return 0.5 + 0.5 * math.cos(math.pi * (t - c) / FALL_S)


def write_y4m(path: Path, face: SyntheticFace, *, synkinesis_mm: float) -> Path:
    """Render one loop of the clip as raw Y4M (I420), frame by frame."""
    import cv2  # noqa: PLC0415 - heavy

    n = round((REST_S + RISE_S + HOLD_S + FALL_S + AFTER_S) * FPS)
    cache: dict[float, bytes] = {}
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{CLIP_SIDE} H{CLIP_SIDE} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for i in range(n):
            env = round(_envelope(i / FPS), 4)
            if env not in cache:
                amounts = {
                    f"smile.{HEALTHY.value}": HEALTHY_SMILE_MM * env,
                    f"smile.{AFFECTED.value}": HEALTHY_SMILE_MM * AFFECTED_FRACTION * env,
                    f"eye.{AFFECTED.value}": synkinesis_mm * env,
                }
                rgb = render(face, amounts)
                small = cv2.resize(rgb, (CLIP_SIDE, CLIP_SIDE), interpolation=cv2.INTER_AREA)
                i420 = cv2.cvtColor(small, cv2.COLOR_RGB2YUV_I420)  # Y, then U, then V planes
                cache[env] = np.ascontiguousarray(i420, dtype=np.uint8).tobytes()
            out.write(b"FRAME\n" + cache[env])
    return path


@pytest.fixture(scope="module")
def face() -> SyntheticFace:
    return astronaut_face(3.0)


@pytest.fixture(scope="module")
def true_ratio(face: SyntheticFace) -> float:
    affected = expected_excursion(face, "smile", AFFECTED, HEALTHY_SMILE_MM * AFFECTED_FRACTION)
    return affected / expected_excursion(face, "smile", HEALTHY, HEALTHY_SMILE_MM)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("live-data")
    settings = load_settings(
        data_dir=data, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings)
    app.state.today = lambda: TODAY
    services = app.state.services
    with transaction(services.sessions) as session:
        doctor = create_user(
            session,
            email="doc@example.org",
            password=PATIENT[1],
            role=Role.CLINICIAN,
            passwords=services.passwords,
        )
        create_user(
            session,
            email=PATIENT[0],
            password=PATIENT[1],
            role=Role.PATIENT,
            passwords=services.passwords,
            name="Rita Right",
        )
        create_patient(
            session,
            actor=doctor,
            name="Rita Right",
            patient_email=PATIENT[0],
            episode=EpisodeFields(
                onset=TODAY - dt.timedelta(days=120),
                affected_side=AFFECTED,
                severity=Severity.INCOMPLETE,
            ),
        )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def run_session(base_url: str, clip: Path) -> dict[str, Any]:
    """Sign in, practise two smiles in front of the fake camera, finish; what was seen."""
    args = [
        *ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={clip}",
    ]
    figures: list[dict[str, Any]] = []
    saved: list[tuple[dict[str, Any], dict[str, str]]] = []
    problems: list[str] = []

    def on_socket(ws: Any) -> None:
        def frame(payload: str | bytes) -> None:
            if isinstance(payload, str):
                message = json.loads(payload)
                if message.get("type") == "figures":
                    figures.append(message)

        ws.on("framereceived", frame)

    def save(route: Any) -> None:
        saved.append((json.loads(route.request.post_data or "{}"), route.request.headers))
        route.fulfill(status=201, content_type="application/json", body='{"id": 1}')

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.set_default_timeout(30_000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("websocket", on_socket)
        page.route("**/me/practice/sessions", save)
        page.goto(base_url + "/signin")
        page.get_by_label("E-mail").fill(PATIENT[0])
        page.get_by_label("Password").fill(PATIENT[1])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/me")
        page.get_by_role("link", name="Practise with the live mirror").click()
        page.wait_for_url("**/me/practice/live")
        assert page.get_by_text("no picture or video is stored").is_visible()
        page.get_by_label("Smile", exact=False).first.check()
        started = time.monotonic()
        page.get_by_role("button", name="Start the camera").click()
        reps = page.locator("#fig-reps")
        while reps.inner_text().strip() in ("0", "1"):
            assert time.monotonic() - started < 40, "two smiles were not counted in 40 s"
            time.sleep(0.2)
        seconds = time.monotonic() - started
        prompts = page.locator("#live").get_attribute("data-prompts") or ""
        csrf = page.locator("#live").get_attribute("data-csrf")
        page.get_by_role("button", name="Finish and save").click()
        page.get_by_text("Saved to your practice log.").wait_for()
        browser.close()
    assert problems == []
    assert len(saved) == 1
    payload, headers = saved[0]
    assert headers.get("x-csrf-token") == csrf
    return {"figures": figures, "payload": payload, "prompts": prompts, "seconds": seconds}


def peak_ratios(figures: list[dict[str, Any]]) -> list[float]:
    """The live ratio on frames where the healthy side is near the top of its movement."""
    moving = [f for f in figures if f.get("ratio") is not None]
    top = max(f["healthy_mm"] for f in moving)
    return [f["ratio"] for f in moving if f["healthy_mm"] >= 0.9 * top]


def check_payload(payload: dict[str, Any]) -> dict[str, Any]:
    assert set(payload) == {"date", "duration_s", "affected_side", "exercises"}
    assert payload["date"] == TODAY.isoformat()
    assert payload["affected_side"] == "right"
    assert isinstance(payload["duration_s"], int)
    assert payload["duration_s"] >= 5
    [smile] = payload["exercises"]
    assert smile["movement"] == "smile"
    assert smile["repetitions"] >= 2
    assert isinstance(smile["narrowing_prompts"], int)
    assert isinstance(smile["overpower_prompts"], int)
    return dict(smile)


def test_clean_smile_figures_and_no_prompt(
    base_url: str, face: SyntheticFace, true_ratio: float, tmp_path: Path
) -> None:
    seen = run_session(base_url, write_y4m(tmp_path / "clean.y4m", face, synkinesis_mm=0.0))
    ratios = peak_ratios(seen["figures"])
    assert ratios, "no figures at the smile's peak"
    for ratio in ratios:
        assert 0.9 * true_ratio <= ratio <= 1.1 * true_ratio, (ratio, true_ratio)
    assert all(f["prompt"] is None or f["prompt"]["kind"] != "narrowing" for f in seen["figures"])
    assert "narrowing" not in seen["prompts"]
    smile = check_payload(seen["payload"])
    assert 0.9 * true_ratio <= smile["ratio"] <= 1.1 * true_ratio
    assert smile["narrowing_prompts"] == 0
    assert smile["eye_narrowing_pct"] < NARROWING_PROMPT_PCT
    rate = len(seen["figures"]) / seen["seconds"]
    print(f"clean clip: {rate:.1f} figures a second, peak ratios {ratios}, truth {true_ratio:.3f}")


def test_linked_eye_narrowing_prompts(base_url: str, face: SyntheticFace, tmp_path: Path) -> None:
    seen = run_session(
        base_url, write_y4m(tmp_path / "synkinesis.y4m", face, synkinesis_mm=SYNKINESIS_MM)
    )
    narrowing = [f for f in seen["figures"] if f["prompt"] and f["prompt"]["kind"] == "narrowing"]
    assert narrowing, "the narrowing prompt never appeared"
    assert "narrowing" in seen["prompts"]  # and the page showed it
    assert all(f["eye_narrowing_pct"] > NARROWING_PROMPT_PCT for f in narrowing)
    smile = check_payload(seen["payload"])
    assert smile["narrowing_prompts"] >= 2
    assert smile["eye_narrowing_pct"] > NARROWING_PROMPT_PCT
