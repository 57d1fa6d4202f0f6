"""Helpers of test_browser_live.py, run in their OWN processes (MediaPipe stays out of pytest's).

A process that has run MediaPipe leaves state behind that stalls a later photo upload in the
browser journey (the Makefile's note), so the clips (made with MediaPipe's landmarks of the
astronaut) and the server (which measures the frames) each run in a child process:

``python live_clips.py clips FOLDER``  writes ``clean.y4m``, ``synkinesis.y4m`` and
``weaker_left.y4m`` into FOLDER and prints ``{"clean": ..., "synkinesis": ..., "weaker_left": ...,
"true_ratio": ..., "true_ratio_left": ...}`` as JSON;
``python live_clips.py serve PORT FOLDER``  serves bellpath on 127.0.0.1:PORT with a patient
account (:data:`PATIENT`) whose record has the right side affected and no warning sign, and one
(:data:`LEFT_PATIENT`) with the left side affected.

The clip: rest, then a smile in which the healthy left mouth corner moves 6 mm and the affected
right one 60 % of that, then rest, as raw Y4M (I420) that Chromium's fake camera loops; in the
synkinesis clip the right eye also narrows by 5 mm during the smile. The weaker-left clip is the
clean one with the sides exchanged: the right corner moves 6 mm, the affected left one 60 % of that
(issue 19: a weaker left corner once read short).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path

import numpy as np

from bellpath.case import Severity, Side

TODAY = dt.date(2026, 3, 1)
PATIENT = ("rita@example.org", "a long test password")
LEFT_PATIENT = ("leo@example.org", "a long test password")
"""A second patient, with the LEFT side affected (the weaker-left clip)."""
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


def envelope(t: float) -> float:
    """Fraction of the smile at ``t`` seconds into the loop (cosine ramps, flat hold)."""
    a, b = REST_S, REST_S + RISE_S
    c, d = b + HOLD_S, b + HOLD_S + FALL_S
    if t < a or t >= d:
        return 0.0
    if t < b:
        return 0.5 - 0.5 * math.cos(math.pi * (t - a) / RISE_S)
    if t <= c:
        return 1.0
    return 0.5 + 0.5 * math.cos(math.pi * (t - c) / FALL_S)


def write_y4m(path: Path, *, synkinesis_mm: float, affected: Side = AFFECTED) -> Path:
    """Render one loop of the clip as raw Y4M (I420), frame by frame (``affected``: the weaker
    side; the other side's corner moves :data:`HEALTHY_SMILE_MM`)."""
    import cv2  # noqa: PLC0415 - heavy

    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415
    from bellpath.video.synthetic import render  # noqa: PLC0415

    healthy = Side.LEFT if affected is Side.RIGHT else Side.RIGHT
    face = astronaut_face(3.0)
    n = round((REST_S + RISE_S + HOLD_S + FALL_S + AFTER_S) * FPS)
    cache: dict[float, bytes] = {}
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{CLIP_SIDE} H{CLIP_SIDE} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for i in range(n):
            env = round(envelope(i / FPS), 4)
            if env not in cache:
                amounts = {
                    f"smile.{healthy.value}": HEALTHY_SMILE_MM * env,
                    f"smile.{affected.value}": HEALTHY_SMILE_MM * AFFECTED_FRACTION * env,
                    f"eye.{affected.value}": synkinesis_mm * env,
                }
                small = cv2.resize(
                    render(face, amounts), (CLIP_SIDE, CLIP_SIDE), interpolation=cv2.INTER_AREA
                )
                i420 = cv2.cvtColor(small, cv2.COLOR_RGB2YUV_I420)  # Y, then U, then V planes
                cache[env] = np.ascontiguousarray(i420, dtype=np.uint8).tobytes()
            out.write(b"FRAME\n" + cache[env])
    return path


def true_ratio(affected: Side = AFFECTED) -> float:
    """The affected over the healthy mouth corner's true excursion at the smile's peak."""
    from bellpath.camera.synthetic import astronaut_face  # noqa: PLC0415
    from bellpath.video.synthetic import expected_excursion  # noqa: PLC0415

    healthy = Side.LEFT if affected is Side.RIGHT else Side.RIGHT
    face = astronaut_face(3.0)
    weak = expected_excursion(face, "smile", affected, HEALTHY_SMILE_MM * AFFECTED_FRACTION)
    return weak / expected_excursion(face, "smile", healthy, HEALTHY_SMILE_MM)


def make_clips(folder: Path) -> dict[str, object]:
    """Both clips and the true ratio."""
    return {
        "clean": str(write_y4m(folder / "clean.y4m", synkinesis_mm=0.0)),
        "synkinesis": str(write_y4m(folder / "synkinesis.y4m", synkinesis_mm=SYNKINESIS_MM)),
        "weaker_left": str(
            write_y4m(folder / "weaker_left.y4m", synkinesis_mm=0.0, affected=Side.LEFT)
        ),
        "true_ratio": true_ratio(),
        "true_ratio_left": true_ratio(Side.LEFT),
    }


def serve(port: int, folder: Path) -> None:
    """bellpath on 127.0.0.1:``port`` with the patient's account and record."""
    import uvicorn  # noqa: PLC0415

    from bellpath.auth.accounts import create_user  # noqa: PLC0415
    from bellpath.records.db import transaction  # noqa: PLC0415
    from bellpath.records.inputs import EpisodeFields  # noqa: PLC0415
    from bellpath.records.models import Role  # noqa: PLC0415
    from bellpath.records.patients import create_patient  # noqa: PLC0415
    from bellpath.settings import load_settings  # noqa: PLC0415
    from bellpath.web.app import create_app  # noqa: PLC0415

    settings = load_settings(
        data_dir=folder, environment="test", argon2_time_cost=1, argon2_memory_kib=8
    )
    app = create_app(settings, measurer=None, video_analyser=None)
    app.state.today = lambda: TODAY
    services = app.state.services
    with transaction(services.sessions) as session:
        doctor, _, _ = (
            create_user(
                session, email=email, password=PATIENT[1], role=role, passwords=services.passwords
            )
            for email, role in (
                ("doc@example.org", Role.CLINICIAN),
                (PATIENT[0], Role.PATIENT),
                (LEFT_PATIENT[0], Role.PATIENT),
            )
        )
        for name, email, side in (
            ("Rita Right", PATIENT[0], AFFECTED),
            ("Leo Left", LEFT_PATIENT[0], Side.LEFT),
        ):
            create_patient(
                session,
                actor=doctor,
                name=name,
                patient_email=email,
                episode=EpisodeFields(
                    onset=TODAY - dt.timedelta(days=120),
                    affected_side=side,
                    severity=Severity.INCOMPLETE,
                ),
            )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    if sys.argv[1] == "clips":
        print(json.dumps(make_clips(Path(sys.argv[2]))))
    elif sys.argv[1] == "serve":
        serve(int(sys.argv[2]), Path(sys.argv[3]))
    else:  # pragma: no cover - only a mistyped command
        sys.exit(f"usage: {sys.argv[0]} clips FOLDER | serve PORT FOLDER")
