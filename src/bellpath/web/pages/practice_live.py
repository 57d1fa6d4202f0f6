"""The live mirror: a practice session in front of the camera, measured as it happens (issue 19).

``GET /me/practice/live`` (the patient) and ``GET /patients/{id}/practice/live`` (a clinician of the
record) show the page; the page's script (``static/practice_live.js``) sends downscaled JPEG
frames over the WebSocket beside it and draws the figures that come back.

The WebSocket checks the same session cookie as the pages, that the account may see the record
(the patient themself, or a clinician of the care team) and that the connection comes from a page
of this server (``Origin``). Each frame is measured in memory, in a worker thread of its own per
connection (MediaPipe never blocks the event loop), with one frame in flight: the page sends the
next frame only once the last answer is in, so frames are dropped, never queued. Frames are never
stored or logged; only the session's numbers are kept, and only when the person saves them.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from bellpath import clock
from bellpath.auth.tokens import TokenKind
from bellpath.camera.live_frames import LiveFrame, LiveFrameReader
from bellpath.case import Assessment, Side
from bellpath.errors import BellpathError, PhotoError
from bellpath.face.live import LIVE_MOVEMENTS, PROMPT_TEXT, FrameFigures, other_side
from bellpath.face.live_session import LiveSession
from bellpath.records.models import Role, User
from bellpath.records.patients import get_patient, patient_assessment
from bellpath.vocab.expressions import Expression
from bellpath.vocab.notice import NOTICE
from bellpath.web.deps import CurrentClinician, CurrentUser, SessionDep
from bellpath.web.pages._common import today_of
from bellpath.web.pages._render import Viewer, render
from bellpath.web.pages.me import own_patient_id
from bellpath.web.security import SESSION_COOKIE, Services

__all__ = [
    "MAX_LIVE_SESSIONS",
    "MOVEMENT_CUES",
    "SAVE_URL",
    "figures_message",
    "new_reader",
    "router",
]

router = APIRouter(include_in_schema=False)

SAVE_URL = "/me/practice/sessions"
"""Where the page saves a session (JSON, ``X-CSRF-Token``); the practice log's endpoint."""

MAX_LIVE_SESSIONS = 4
"""Live mirrors one server process measures at once (each holds a MediaPipe graph and a core)."""

POLICY_VIOLATION = 1008
"""WebSocket close code for a refused connection (RFC 6455 section 7.4.1)."""

MOVEMENT_CUES: dict[Expression, str] = {
    Expression.SMILE: "Smile slowly and gently, lips closed, keeping your eyes soft.",
    Expression.PUCKER: "Push your lips forward slowly, as if to blow out a candle, eyes relaxed.",
    Expression.BROW_RAISE: "Lift your eyebrows gently, as if mildly surprised, then let go.",
    Expression.GENTLE_CLOSURE: "Close your eyes slowly and softly, as if falling asleep.",
}
"""What to do for each movement, in plain words (small, slow, symmetric: Diels 2000)."""


@dataclass(frozen=True, slots=True)
class _Record:
    patient_id: int
    affected_side: Side | None
    assessment: Assessment
    patient_name: str | None


def _record(session: Any, user: User, patient_id: int, request: Request) -> _Record:
    patient = get_patient(session, actor=user, patient_id=patient_id)
    assessed = patient_assessment(
        session, actor=user, patient_id=patient_id, as_of=today_of(request)
    )
    return _Record(patient_id, assessed.case.affected_side, assessed.assessment, patient.name)


def _page(request: Request, user: User, record: _Record, *, self_view: bool) -> Response:
    base = "/me" if self_view else f"/patients/{record.patient_id}"
    ctx = {
        "record": record,
        "view": {"assessment": record.assessment},
        "self_view": self_view,
        "nav": "me" if self_view else "patients",
        "back_url": base,
        "ws_path": f"{base}/practice/live/ws",
        "save_url": SAVE_URL if self_view else None,
        "today": today_of(request).isoformat(),
        "movements": [(m, MOVEMENT_CUES[m]) for m in LIVE_MOVEMENTS],
        "affected": record.affected_side,
        "healthy": other_side(record.affected_side) if record.affected_side else None,
        "live_notice": NOTICE,
    }
    return render(request, "practice_live.html", ctx, viewer=Viewer.of(user))


@router.get("/me/practice/live")
def my_live_mirror(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """The live mirror for the signed-in patient."""
    record = _record(session, user, own_patient_id(session, user), request)
    return _page(request, user, record, self_view=True)


@router.get("/patients/{patient_id}/practice/live")
def patient_live_mirror(
    request: Request, patient_id: int, session: SessionDep, user: CurrentClinician
) -> Response:
    """The live mirror for a clinician with the patient (nothing is saved from this view)."""
    return _page(request, user, _record(session, user, patient_id, request), self_view=False)


# ----------------------------------------------------------------------------- the WebSocket


def _same_origin(websocket: WebSocket) -> bool:
    """Whether the page that opened the socket was served by this host (browsers always send
    ``Origin`` on a WebSocket; a page of another site cannot forge it). The scheme is not
    compared: behind a TLS proxy the page is ``https`` while the socket reaches bellpath as
    ``ws``."""
    origin = urlsplit(websocket.headers.get("origin") or "")
    host = websocket.headers.get("host")
    return bool(host) and origin.scheme in {"http", "https"} and origin.netloc == host


def _authorise(websocket: WebSocket, patient_id: int | None) -> tuple[Side | None, str | None]:
    """The record's affected side for the cookie's account, or why the connection is refused.

    ``patient_id=None``: the patient's own record; else a clinician's patient.
    """
    services: Services = websocket.app.state.services
    token = websocket.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None, "sign in first"
    with services.sessions() as session, session.begin():
        user = services.tokens.resolve(session, token=token, kind=TokenKind.SESSION)
        if user is None or user.must_change_password:
            return None, "sign in first"
        try:
            if patient_id is None:
                pid = own_patient_id(session, user)
            elif user.role is Role.CLINICIAN:
                pid = get_patient(session, actor=user, patient_id=patient_id).id
            else:
                return None, "this needs a clinician account"
            source = getattr(websocket.app.state, "today", None)  # the app's one clock
            today = source() if source is not None else clock.today()
            assessed = patient_assessment(session, actor=user, patient_id=pid, as_of=today)
        except BellpathError:
            return None, "no such record"
        return assessed.case.affected_side, None


def _side_json(figures: FrameFigures, side: Side) -> dict[str, float]:
    values = figures.excursion.side(side)
    return {
        "mouth_corner": round(values.mouth_corner, 1),
        "brow": round(values.brow, 1),
        "eye_aperture": round(values.eye_aperture, 1),
    }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def figures_message(
    live: LiveSession, frame: LiveFrame, figures: FrameFigures | None
) -> dict[str, Any]:
    """The answer to one frame (what the page draws)."""
    if frame.reading is None:
        state = "no_face" if frame.faces == 0 else ("many_faces" if frame.faces > 1 else "no_scale")
    else:
        state = "rest" if live.baseline is None else "measuring"
    out: dict[str, Any] = {
        "type": "figures",
        "state": state,
        "baseline_progress": round(live.baseline_progress, 2),
        "movement": live.movement.value,
        "outlines": frame.outlines,
        "repetitions": live.logs[live.movement].reps.count,
    }
    if figures is not None:
        out |= {
            "affected": _side_json(figures, figures.affected_side),
            "healthy": _side_json(figures, other_side(figures.affected_side)),
            "affected_mm": round(figures.affected_mm, 1),
            "healthy_mm": round(figures.healthy_mm, 1),
            "ratio": _rounded(figures.ratio, 2),
            "eye_narrowing_pct": _rounded(figures.eye_narrowing_pct, 0),
        }
    prompt = live.prompt
    out["prompt"] = {"kind": prompt.value, "text": PROMPT_TEXT[prompt]} if prompt else None
    return out


def _control(live: LiveSession, text: str, started: float) -> dict[str, Any] | None:
    """Apply a control message from the page; the answer to send, if any."""
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        message = None
    if not isinstance(message, dict):
        return {"type": "error", "message": "a control message must be a JSON object"}
    if "movement" in message:
        allowed = [m.value for m in LIVE_MOVEMENTS]
        if message["movement"] not in allowed:
            return {
                "type": "error",
                "field": "movement",
                "message": f"'movement' must be one of {', '.join(allowed)} "
                f"(got {message['movement']!r})",
            }
        live.set_movement(Expression(message["movement"]))
    if message.get("rest"):
        live.restart_baseline()
    if message.get("finish"):
        return {"type": "summary", "summary": live.summary(duration_s=time.monotonic() - started)}
    return None


def new_reader() -> LiveFrameReader:
    """A frame reader with the photo detector (the same landmarks as ``bellpath photo``)."""
    from bellpath.camera.pipeline import default_detector  # noqa: PLC0415 - heavy (MediaPipe)

    return LiveFrameReader(default_detector())


async def _measure(websocket: WebSocket, side: Side) -> None:
    """Answer frames until the page closes the connection."""
    loop = asyncio.get_running_loop()
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bellpath-live")
    reader = await loop.run_in_executor(worker, new_reader)  # MediaPipe lives in its thread
    live = LiveSession(side)
    started = time.monotonic()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            data, text = message.get("bytes"), message.get("text")
            if data is not None:
                taken = time.monotonic() - started
                try:
                    frame = await loop.run_in_executor(worker, reader.read, data)
                except PhotoError as exc:
                    await websocket.send_json({"type": "error", "message": exc.message})
                    continue
                figures = live.update(taken, frame.reading)
                await websocket.send_json(figures_message(live, frame, figures))
            elif text is not None:
                answer = _control(live, text, started)
                if answer is not None:
                    await websocket.send_json(answer)
    except WebSocketDisconnect:
        return
    finally:
        await loop.run_in_executor(worker, reader.close)
        worker.shutdown(wait=False)


async def _serve(websocket: WebSocket, patient_id: int | None) -> None:
    if not _same_origin(websocket):
        await websocket.close(code=POLICY_VIOLATION)
        return
    side, refusal = await run_in_threadpool(_authorise, websocket, patient_id)
    if refusal is not None:
        await websocket.close(code=POLICY_VIOLATION, reason=refusal)
        return
    state = websocket.app.state
    if getattr(state, "live_sessions", 0) >= MAX_LIVE_SESSIONS:
        await websocket.close(code=1013, reason="too many live mirrors open; try again soon")
        return
    await websocket.accept()
    if side is None:
        message = "the affected side is not in your record yet; please ask your clinician to add it"
        await websocket.send_json({"type": "error", "field": "affected_side", "message": message})
        await websocket.close(code=POLICY_VIOLATION)
        return
    state.live_sessions = getattr(state, "live_sessions", 0) + 1
    try:
        await _measure(websocket, side)
    finally:
        state.live_sessions -= 1


@router.websocket("/me/practice/live/ws")
async def my_live_socket(websocket: WebSocket) -> None:
    """Frames in, figures out: the patient's own record."""
    await _serve(websocket, None)


@router.websocket("/patients/{patient_id}/practice/live/ws")
async def patient_live_socket(websocket: WebSocket, patient_id: int) -> None:
    """Frames in, figures out: a clinician's patient."""
    await _serve(websocket, patient_id)
