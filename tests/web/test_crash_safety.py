"""Crash safety: ``kill -9`` of the server while clients write at once; afterwards every write
the server acknowledged (201) is in the database. SQLite always; PostgreSQL when it answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from bellpath.auth.accounts import create_user
from bellpath.auth.passwords import PasswordService
from bellpath.records.db import make_engine, make_session_factory, migrate, transaction
from bellpath.records.models import PracticeEntry, Role

from ..records.conftest import POSTGRES_URL, postgres_unreachable

pytestmark = pytest.mark.slow

PASSWORD = "several quiet harbour lights"
WRITERS = 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'crash.sqlite3'}"
        return
    reason = postgres_unreachable()
    if reason is not None:
        pytest.skip(reason)
    schema = f"bp_crash_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _start(url: str, folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BELLPATH_ENVIRONMENT": "test",
        "BELLPATH_ARGON2_TIME_COST": "1",
        "BELLPATH_ARGON2_MEMORY_KIB": "64",
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2] / "src"), *sys.path]),
    }
    command = [sys.executable, "-m", "bellpath", "serve", "--port", str(port)]
    command += ["--database", url, "--data-dir", str(folder)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError(f"the server did not start: {server.stderr}")


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_acknowledged_write_survives_kill_9(tmp_path: Path, kind: str) -> None:
    with _database(kind, tmp_path) as url:
        engine = make_engine(url)
        migrate(engine)
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            create_user(
                session,
                email="crash@clinic.org",
                password=PASSWORD,
                role=Role.CLINICIAN,
                passwords=PasswordService(time_cost=1, memory_kib=64),
            )
        port = _free_port()
        server = _start(url, tmp_path, port)
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            token = httpx.post(
                f"{base}/auth/token", data={"username": "crash@clinic.org", "password": PASSWORD}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            made = httpx.post(
                f"{base}/patients", headers=headers, json={"name": "Crash", "onset": "2026-01-05"}
            )
            assert made.status_code == 201, made.text
            url_log = f"{base}/patients/{made.json()['id']}/practice-log"
            acknowledged: list[int] = []
            lock = threading.Lock()

            def write(writer: int) -> None:
                with httpx.Client(headers=headers, timeout=10) as client:
                    for n in range(10_000):
                        body = {"date": "2026-02-01", "minutes": 10, "note": f"{writer}-{n}"}
                        try:
                            reply = client.post(url_log, json=body)
                        except httpx.HTTPError:
                            return  # the server is gone
                        if reply.status_code == 201:
                            with lock:
                                acknowledged.append(reply.json()["id"])

            threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 30
            while len(acknowledged) < 150 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)
            for thread in threads:
                thread.join(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
            if server.stderr is not None:
                server.stderr.close()
        assert len(acknowledged) >= 50
        engine.dispose()
        engine = make_engine(url)  # a fresh connection, as after a restart
        with engine.connect() as conn:
            stored = set(conn.scalars(select(PracticeEntry.id)))
        engine.dispose()
        missing = sorted(set(acknowledged) - stored)
        assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"
