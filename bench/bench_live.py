"""Live mirror: figures a second and latency from frame to figure, against the detector alone.

Frames: the astronaut's face (:func:`bellpath.camera.synthetic.astronaut_face`, scale 3) smiling and
resting, downscaled to 480 x 480 and encoded as quality-80 JPEGs, as the page sends them.

* **baseline**: one MediaPipe face-mesh inference on the decoded frame (what any landmark-based
  mirror must pay at least);
* **server work**: what the server does per frame: decode, the photo detector (MediaPipe on the
  frame and its mirror, lids and brows refined), iris calibration, the measures, the session step
  (baseline, figures, repetitions, prompt) and the JSON answer;
* **round trip**: the full loop over a real WebSocket to uvicorn on 127.0.0.1 (cookie and Origin
  checked), one frame in flight as the page does: send a frame, wait for its figures, send the next.

Run: ``taskset -c 0 .venv/bin/python -m bench.bench_live`` (one core: server, worker thread and
client share it).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bellpath.camera.live_frames import LiveFrameReader, decode_jpeg
from bellpath.camera.mediapipe_detector import MediaPipeDetector
from bellpath.case import Severity, Side
from bellpath.face.live_session import LiveSession
from bellpath.web.pages.practice_live import new_reader

N_FRAMES = 45
ROUNDS = 3
SIDE = 480
PASSWORD = "benchmark password"  # noqa: S105  (throwaway accounts in a temp folder)
TARGET_FPS = 10.0
"""Figures a second the live mirror must reach (issue 19)."""


def make_frames() -> list[bytes]:
    """``N_FRAMES`` JPEGs: rest, a smile rising and falling, rest."""
    import cv2  # noqa: PLC0415 - heavy

    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415
    from bellpath.video.synthetic import render  # noqa: PLC0415

    face = astronaut_face(3.0)
    frames = []
    for i in range(N_FRAMES):
        env = float(np.sin(np.pi * i / N_FRAMES) ** 2)
        rgb = render(face, {"smile.left": 6.0 * env, "smile.right": 3.6 * env})
        small = cv2.resize(rgb, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
        ok, buf = cv2.imencode(".jpg", small[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 80])
        assert ok
        frames.append(buf.tobytes())
    return frames


def _latencies(step: Callable[[bytes], object], frames: list[bytes]) -> list[float]:
    """Seconds per frame over ``ROUNDS`` passes (after one warm-up frame)."""
    step(frames[0])
    out = []
    for _ in range(ROUNDS):
        for frame in frames:
            start = time.perf_counter()
            step(frame)
            out.append(time.perf_counter() - start)
    return out


def _server_step(reader: LiveFrameReader) -> Callable[[bytes], object]:
    from bellpath.web.pages.practice_live import figures_message  # noqa: PLC0415

    live = LiveSession(Side.RIGHT)
    clock = [0.0]

    def step(jpeg: bytes) -> object:
        clock[0] += 0.1
        frame = reader.read(jpeg)
        figures = live.update(clock[0], frame.reading)
        return json.dumps(figures_message(live, frame, figures))

    return step


def _serve(folder: Path) -> tuple[str, str, Callable[[], None]]:
    """uvicorn with a patient's record on a free port: ``(ws url, cookie, stop)``."""
    import socket  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415

    from bellpath.auth.accounts import create_user  # noqa: PLC0415
    from bellpath.auth.tokens import TokenKind  # noqa: PLC0415
    from bellpath.records.db import transaction  # noqa: PLC0415
    from bellpath.records.inputs import EpisodeFields  # noqa: PLC0415
    from bellpath.records.models import Role  # noqa: PLC0415
    from bellpath.records.patients import create_patient  # noqa: PLC0415
    from bellpath.settings import load_settings  # noqa: PLC0415
    from bellpath.web.app import create_app  # noqa: PLC0415
    from bellpath.web.security import SESSION_COOKIE  # noqa: PLC0415

    settings = load_settings(
        data_dir=folder, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings, measurer=None, video_analyser=None)
    services = app.state.services
    today = dt.date(2026, 3, 1)
    app.state.today = lambda: today
    with transaction(services.sessions) as session:
        doctor, patient = (
            create_user(
                session,
                email=email,
                password=PASSWORD,
                role=role,
                passwords=services.passwords,
            )
            for email, role in (
                ("doc@example.org", Role.CLINICIAN),
                ("pat@example.org", Role.PATIENT),
            )
        )
        create_patient(
            session,
            actor=doctor,
            name="Bench Patient",
            patient_email="pat@example.org",
            episode=EpisodeFields(
                onset=today - dt.timedelta(days=100),
                affected_side=Side.RIGHT,
                severity=Severity.INCOMPLETE,
            ),
        )
        token = services.tokens.open(session, user=patient, kind=TokenKind.SESSION)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return f"ws://127.0.0.1:{port}/me/practice/live/ws", f"{SESSION_COOKIE}={token}", stop


def _round_trips(url: str, cookie: str, frames: list[bytes]) -> list[float]:
    from websockets.sync.client import connect  # noqa: PLC0415
    from websockets.typing import Origin  # noqa: PLC0415

    origin = Origin(url.replace("ws://", "http://").split("/me/")[0])
    out = []
    with connect(url, origin=origin, additional_headers={"Cookie": cookie}) as ws:
        ws.send(frames[0])
        json.loads(ws.recv())  # warm-up (the worker's detector starts here)
        for _ in range(ROUNDS):
            for frame in frames:
                start = time.perf_counter()
                ws.send(frame)
                answer = json.loads(ws.recv())
                out.append(time.perf_counter() - start)
                assert answer["type"] == "figures", answer
    return out


def _row(name: str, seconds: list[float], base: float) -> str:
    median = statistics.median(seconds)
    p95 = sorted(seconds)[int(0.95 * (len(seconds) - 1))]
    rate = len(seconds) / sum(seconds)
    return f"{name:<44}{rate:>9.1f}{1000 * median:>11.1f}{1000 * p95:>9.1f}{median / base:>10.2f}x"


def main() -> None:
    frames = make_frames()
    images = [decode_jpeg(f) for f in frames]
    mesh = MediaPipeDetector(static_image_mode=True, max_faces=2)
    reader = new_reader()
    try:
        lookup = {id(f): img for f, img in zip(frames, images, strict=True)}
        base = _latencies(lambda f: mesh.detect(lookup[id(f)]), frames)
        decode = _latencies(decode_jpeg, frames)
        server = _latencies(_server_step(reader), frames)
    finally:
        mesh.close()
        reader.close()
    with tempfile.TemporaryDirectory() as tmp:
        url, cookie, stop = _serve(Path(tmp))
        try:
            trips = _round_trips(url, cookie, frames)
        finally:
            stop()
    b = statistics.median(base)
    print(f"{len(frames)} frames of {SIDE} x {SIDE} px (JPEG q80), {ROUNDS} passes")
    print(f"{'step':<44}{'frames/s':>9}{'median ms':>11}{'p95 ms':>9}{'vs base':>11}")
    print(_row("baseline: 1 MediaPipe inference", base, b))
    print(_row("JPEG decode only", decode, b))
    print(_row("server work per frame (photo detector)", server, b))
    print(_row("WebSocket round trip, one frame in flight", trips, b))
    rate = len(trips) / sum(trips)
    verdict = "met" if rate >= TARGET_FPS else "MISSED"
    print(f"figures a second over the WebSocket: {rate:.1f} (target >= {TARGET_FPS}: {verdict})")


if __name__ == "__main__":
    main()
