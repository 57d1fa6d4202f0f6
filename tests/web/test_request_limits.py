"""Limits before reading, through a real server (uvicorn) and a raw socket: a body announced too
large is refused at once, a chunked body is cut off at the limit, and nothing is stored."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from bellpath.web.app import create_app
from bellpath.web.limits import json_problem

from .conftest import Clinic, fake_analyser, fake_measurer, make_settings, seed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Clinic, int]]:
    settings = make_settings(tmp_path, max_upload_bytes=20_000, max_body_bytes=8192)
    app = create_app(settings, measurer=fake_measurer, video_analyser=fake_analyser)
    clinic = seed(app)
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
    yield clinic, port
    server.should_exit = True
    thread.join(timeout=10)


def _exchange(port: int, head: str, body_parts: list[bytes]) -> tuple[int, dict[str, object]]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head.encode())
        for part in body_parts:
            try:
                conn.sendall(part)
            except OSError:  # the server answered and closed: stop sending
                break
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    header, _, rest = data.partition(b"\r\n\r\n")
    status = int(header.split()[1])
    start, end = rest.find(b"{"), rest.rfind(b"}")
    return status, json.loads(rest[start : end + 1]) if start >= 0 else {}


def _head(clinic: Clinic, path: str, extra: str) -> str:
    token = clinic.token("a")
    return (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n{extra}\r\n"
    )


def test_a_body_announced_too_large_is_refused_before_it_is_sent(
    served: tuple[Clinic, int],
) -> None:
    clinic, port = served
    path = f"/api/v1/patients/{clinic.patient_id}/photos"
    head = _head(
        clinic,
        path,
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {2**30}\r\n",
    )
    started = time.monotonic()
    status, body = _exchange(port, head, [])  # not one byte of the 1 GiB is sent
    assert status == 413
    assert body["error"] == "too_large"
    assert time.monotonic() - started < 5


def test_a_chunked_body_is_cut_off_at_the_limit(served: tuple[Clinic, int]) -> None:
    clinic, port = served
    path = f"/api/v1/patients/{clinic.patient_id}/photos"
    head = _head(
        clinic,
        path,
        "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n",
    )
    chunk = b"a" * 16384
    opening = (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\n"
    )
    parts = [b"%x\r\n%s\r\n" % (len(opening), opening)]
    parts += [b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(200)]  # 3 MiB, unending
    status, body = _exchange(port, head, parts)
    assert status == 413
    assert body["error"] == "too_large"
    listed = clinic.client.get(path, headers=clinic.auth("a")).json()
    assert len(listed) == 1  # only the seeded photo


def test_json_bodies_have_their_own_smaller_limit(served: tuple[Clinic, int]) -> None:
    clinic, port = served
    payload = json.dumps({"name": "x" * 10_000, "onset": "2026-01-01"}).encode()
    head = _head(
        clinic,
        "/api/v1/patients",
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n",
    )
    status, body = _exchange(port, head, [payload])
    assert status == 413
    assert body["field"] == "body"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (b'{"a": [1, 2, {"b": NaN}]}', "a.2.b"),
        (b'{"v": -Infinity}', "v"),
        (b'{"v": 1e400}', "v"),
        (b'{"s": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', None),
        (b"[" * 40 + b"]" * 40, "body"),
        (b"not json", None),
    ],
)
def test_json_problems_name_the_field(text: bytes, field: str | None) -> None:
    found = json_problem(text, max_depth=32)
    assert (found[0] if found else None) == field
