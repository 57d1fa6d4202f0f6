"""Regenerate the screenshots of the main pages in docs/img, at phone and desktop width.

``python -m bellpath.web.screenshots [--out docs/img]`` seeds the demonstration clinic in a
temporary folder (dated 1 Mar 2026, so the pictures do not change from day to day), serves it on a
free port of 127.0.0.1, signs in as the demo clinician and the demo patient in Debian's chromium
(Playwright, a development dependency) and saves the top of each main page (what a person sees
without scrolling) as ``phone-<page>.png`` (390 x 844) and ``desktop-<page>.png`` (1100 x 800).
The images are reduced to 64 colours so that they stay small in the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["PAGES", "SIZES", "main"]

TODAY = dt.date(2026, 3, 1)
"""The demo clinic's "today" in the pictures."""

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

SIZES = {"phone": (390, 844), "desktop": (1100, 800)}
"""Viewport of each kind of screen, CSS pixels."""

PAGES: dict[str, tuple[str, str]] = {
    "patients": ("clinician", "/patients"),
    "timeline": ("clinician", "Dana Recovering"),
    "grading": ("clinician", "/gradings/house_brackmann"),
    "home": ("patient", "/me"),
}
"""Picture name -> (who signs in, address; a patient's name opens their timeline, a path starting
with /gradings is on that patient's timeline)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def demo_server(folder: Path) -> Iterator[str]:
    """The demo clinic on a free loopback port, seeded as of :data:`TODAY`; yields its address."""
    import uvicorn  # noqa: PLC0415  (only this tool serves)

    from bellpath.settings import load_settings  # noqa: PLC0415
    from bellpath.web.app import create_app  # noqa: PLC0415
    from bellpath.web.demo import seed_demo  # noqa: PLC0415

    settings = load_settings(data_dir=folder, environment="development", argon2_time_cost=1)
    app = create_app(settings)
    app.state.today = lambda: TODAY
    seed_demo(app.state.services.sessions, app.state.services.passwords, today=TODAY)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the demo server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _small_png(shot: bytes) -> bytes:
    from PIL import Image  # noqa: PLC0415

    with Image.open(io.BytesIO(shot)) as img:
        reduced = img.convert("RGB").quantize(colors=64)
    out = io.BytesIO()
    reduced.save(out, "PNG", optimize=True)
    return out.getvalue()


def _sign_in(page: Any, base: str, who: str) -> None:
    from bellpath.web.demo import DEMO_CLINICIAN, DEMO_PATIENT  # noqa: PLC0415

    account = DEMO_CLINICIAN if who == "clinician" else DEMO_PATIENT
    page.goto(base + "/signin")
    page.get_by_label("E-mail").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _open(page: Any, base: str, where: str, timeline: str) -> None:
    if where.startswith("/gradings"):
        page.goto(timeline + where)
    elif where.startswith("/"):
        page.goto(base + where)
    else:
        page.goto(base + "/patients")
        page.get_by_role("link", name=where).click()
        page.wait_for_url("**/patients/*")
    for img in page.locator("main img").all():
        img.evaluate("i => i.complete || new Promise(r => { i.onload = r; i.onerror = r; })")


def take(base: str, out: Path) -> list[Path]:
    """Save every page of :data:`PAGES` at every size of :data:`SIZES` into ``out``."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (a development tool)

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for who in ("clinician", "patient"):
            context = browser.new_context(device_scale_factor=1)
            page = context.new_page()
            _sign_in(page, base, who)
            page.goto(base + "/patients")
            timeline = ""
            if who == "clinician":
                page.get_by_role("link", name="Dana Recovering").click()
                page.wait_for_url("**/patients/*")
                timeline = page.url
            for name, (reader, where) in PAGES.items():
                if reader != who:
                    continue
                for kind, (width, height) in SIZES.items():
                    page.set_viewport_size({"width": width, "height": height})
                    _open(page, base, where, timeline)
                    path = out / f"{kind}-{name}.png"
                    path.write_bytes(_small_png(page.screenshot()))
                    written.append(path)
            context.close()
        browser.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the screenshots; print each file written."""
    parser = argparse.ArgumentParser(prog="python -m bellpath.web.screenshots")
    parser.add_argument("--out", type=Path, default=Path("docs/img"), help="folder (docs/img)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, demo_server(Path(folder)) as base:
        for path in take(base, args.out):
            print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
