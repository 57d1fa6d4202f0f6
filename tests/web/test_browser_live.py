"""The live mirror in a real browser, fed a synthetic face through Chromium's fake camera.

Two clips are made from the astronaut's face (:mod:`bellpath.camera.synthetic`) warped by known
millimetres, as raw Y4M (Chromium's fake camera loops the file): rest, then a smile in which the
healthy left corner moves 6 mm and the affected right corner 60 % of that, then rest. In the
second clip the right eye also narrows by 5 mm during the smile (linked movement, synkinesis). In
the third the sides are exchanged (a weaker LEFT corner, for a patient with the left side
affected: issue 19).
A patient signs in, starts the mirror, smiles twice (the clip does), and finishes; the test reads
the figures the server sent (Playwright sees the WebSocket frames), the prompt on the page, and
the session the page POSTs to the practice log (intercepted: the endpoint is another branch's).

The clips and the server run in child processes (``live_clips.py``): MediaPipe in this process
would stall the photo upload of a later browser test.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bellpath.face.live import NARROWING_PROMPT_PCT

from .test_browser_pages import ARGS, CHROMIUM, _free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api")

HELPER = Path(__file__).with_name("live_clips.py")
TODAY = "2026-03-01"
"""The server's today (live_clips.TODAY)."""
PATIENT = ("rita@example.org", "a long test password")
"""The patient account live_clips.py makes (right side affected, no warning sign)."""
LEFT_PATIENT = ("leo@example.org", "a long test password")
"""Its second patient account (left side affected)."""


def _child_env() -> dict[str, str]:
    """This process's environment, with bellpath's source on the path (as pytest has it)."""
    import bellpath  # noqa: PLC0415

    src = str(Path(bellpath.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``{"clean": path, "synkinesis": path, "true_ratio": float}``, made in a child process."""
    folder = tmp_path_factory.mktemp("live-clips")
    done = subprocess.run(
        [sys.executable, str(HELPER), "clips", str(folder)],
        check=True,
        capture_output=True,
        text=True,
        env=_child_env(),
        timeout=300,
    )
    made: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return made


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """bellpath served by a child process on a free port."""
    data = tmp_path_factory.mktemp("live-data")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, str(HELPER), "serve", str(port), str(data)],
        env=_child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None, "the test server stopped"
        assert time.monotonic() < deadline, "the test server did not start"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def run_session(base_url: str, clip: Path, patient: tuple[str, str] = PATIENT) -> dict[str, Any]:
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
        # Seen on its way, then stored by the real route: the record is checked on /me below.
        saved.append((json.loads(route.request.post_data or "{}"), route.request.headers))
        route.continue_()

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.set_default_timeout(30_000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("websocket", on_socket)
        page.route("**/me/practice/sessions", save)
        page.goto(base_url + "/signin")
        page.get_by_label("E-mail").fill(patient[0])
        page.get_by_label("Password").fill(patient[1])
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
        page.goto(base_url + "/me")
        progress = page.locator("#practice-progress").inner_text()
        browser.close()
    assert problems == []
    assert len(saved) == 1
    payload, headers = saved[0]
    assert headers.get("x-csrf-token") == csrf
    return {
        "figures": figures,
        "payload": payload,
        "prompts": prompts,
        "seconds": seconds,
        "progress": progress,
    }


def stored_smile_ratio(progress: str) -> float:
    """The weekly smile ratio /me shows from the stored sessions ("moved 56% as far ...")."""
    assert "This week you practised on 1 of 7 days" in progress, progress
    found = re.search(r"mile on the weaker side moved (\d+)% as far as the other side", progress)
    assert found, progress
    return int(found.group(1)) / 100


def peak_ratios(figures: list[dict[str, Any]]) -> list[float]:
    """The live ratio on frames where the healthy side is near the top of its movement."""
    moving = [f for f in figures if f.get("ratio") is not None]
    top = max(f["healthy_mm"] for f in moving)
    return [f["ratio"] for f in moving if f["healthy_mm"] >= 0.9 * top]


def check_payload(payload: dict[str, Any], affected: str = "right") -> dict[str, Any]:
    assert set(payload) == {"date", "duration_s", "affected_side", "exercises"}
    assert payload["date"] == TODAY
    assert payload["affected_side"] == affected
    assert isinstance(payload["duration_s"], int)
    assert payload["duration_s"] >= 5
    [smile] = payload["exercises"]
    assert smile["movement"] == "smile"
    assert smile["repetitions"] >= 2
    assert isinstance(smile["narrowing_prompts"], int)
    assert isinstance(smile["overpower_prompts"], int)
    return dict(smile)


def test_clean_smile_figures_and_no_prompt(base_url: str, clips: dict[str, Any]) -> None:
    true_ratio = clips["true_ratio"]
    seen = run_session(base_url, Path(clips["clean"]))
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
    # The session was stored: /me's weekly progress reads it back (both clips have this smile).
    assert 0.9 * true_ratio <= stored_smile_ratio(seen["progress"]) <= 1.1 * true_ratio
    rate = len(seen["figures"]) / seen["seconds"]
    print(f"clean clip: {rate:.1f} figures a second, peak ratios {ratios}, truth {true_ratio:.3f}")


def test_linked_eye_narrowing_prompts(base_url: str, clips: dict[str, Any]) -> None:
    seen = run_session(base_url, Path(clips["synkinesis"]))
    narrowing = [f for f in seen["figures"] if f["prompt"] and f["prompt"]["kind"] == "narrowing"]
    assert narrowing, "the narrowing prompt never appeared"
    assert "narrowing" in seen["prompts"]  # and the page showed it
    assert all(f["eye_narrowing_pct"] > NARROWING_PROMPT_PCT for f in narrowing)
    smile = check_payload(seen["payload"])
    assert smile["narrowing_prompts"] >= 2
    assert smile["eye_narrowing_pct"] > NARROWING_PROMPT_PCT
    # Stored too: /me's weekly progress reads the day's sessions back.
    assert 0 < stored_smile_ratio(seen["progress"]) <= 1


def test_a_weaker_left_side_reads_as_well(base_url: str, clips: dict[str, Any]) -> None:
    # Issue 19: the same smile with the sides exchanged, for a patient with the left side
    # affected; the mouth corners are measured from the resting lower-lip midline.
    true_ratio = clips["true_ratio_left"]
    seen = run_session(base_url, Path(clips["weaker_left"]), LEFT_PATIENT)
    ratios = peak_ratios(seen["figures"])
    assert ratios, "no figures at the smile's peak"
    for ratio in ratios:
        assert 0.9 * true_ratio <= ratio <= 1.1 * true_ratio, (ratio, true_ratio)
    smile = check_payload(seen["payload"], affected="left")
    assert 0.9 * true_ratio <= smile["ratio"] <= 1.1 * true_ratio
    assert 0.9 * true_ratio <= stored_smile_ratio(seen["progress"]) <= 1.1 * true_ratio
    print(f"weaker-left clip: peak ratios {ratios}, truth {true_ratio:.3f}")
