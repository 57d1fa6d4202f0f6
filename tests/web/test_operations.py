"""Operations: readiness probe, JSON request log without health data, Prometheus metrics."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bellpath.cli import app as cli
from bellpath.records.db import downgrade
from bellpath.web.app import create_app
from bellpath.web.observability import ACCESS_LOGGER, JsonFormatter

from .conftest import Clinic, fake_measurer, make_settings, png

SENSITIVE = {
    "name": "Zed Quillfeather",
    "note": "my cheek twitched at the bakery",
    "lab": "193.7",
}
"""A name, a note and a lab value that must never reach a log line."""


def write_sensitive_record(clinic: Clinic) -> None:
    a = clinic.auth("a")
    today = dt.date.today().isoformat()
    made = clinic.client.post(
        "/api/v1/patients",
        headers=a,
        json={"name": SENSITIVE["name"], "onset": today, "severity": "complete"},
    )
    assert made.status_code == 201, made.text
    base = f"/api/v1/patients/{made.json()['id']}"
    lab = {"analyte": "b12", "value": float(SENSITIVE["lab"]), "unit": "pg/mL", "date": today}
    assert clinic.client.post(f"{base}/labs", headers=a, json=lab).status_code == 201
    practice = {"date": today, "minutes": 5, "note": SENSITIVE["note"]}
    assert clinic.client.post(f"{base}/practice-log", headers=a, json=practice).status_code == 201
    bad = clinic.client.post(f"{base}/labs", headers=a, json={**lab, "unit": SENSITIVE["note"]})
    assert bad.status_code == 422  # an error path logs nothing of the body either
    assert clinic.client.get(f"{base}/assessment", headers=a).status_code == 200


def test_readyz_says_ready_and_names_each_check(clinic: Clinic) -> None:
    assert clinic.client.get("/healthz").json() == {"status": "ok"}
    ready = clinic.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "data_dir": "ok"},
    }


def test_readyz_is_503_when_the_data_folder_or_schema_is_not_right(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = make_settings(data, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    app = create_app(settings, measurer=fake_measurer)
    with TestClient(app) as client:
        shutil.rmtree(data)
        gone = client.get("/readyz")
        assert gone.status_code == 503
        assert gone.json()["checks"]["data_dir"].startswith("not writable")
        data.mkdir()
        downgrade(app.state.engine, "-1")
        old = client.get("/readyz")
        assert old.status_code == 503
        assert "restart bellpath serve to migrate" in old.json()["checks"]["migrations"]


def test_each_request_is_one_json_line_without_health_data(
    clinic: Clinic, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bellpath"):
        write_sensitive_record(clinic)
        echoed = clinic.client.get("/healthz", headers={"X-Request-ID": "probe-42"})
    assert echoed.headers["x-request-id"] == "probe-42"
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == ACCESS_LOGGER]
    assert len(lines) == 6
    entries = [json.loads(line) for line in lines]
    assert {e["route"] for e in entries} >= {
        "/api/v1/patients",
        "/api/v1/patients/{patient_id}/labs",
        "/api/v1/patients/{patient_id}/assessment",
        "/healthz",
    }
    assert [e["status"] for e in entries] == [201, 201, 201, 422, 200, 200]
    assert entries[-1]["request_id"] == "probe-42"
    assert len({e["request_id"] for e in entries}) == 6
    for entry in entries:
        assert set(entry) >= {"ts", "level", "request_id", "method", "route", "status"}
        assert entry["duration_ms"] >= 0
    everything = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    for value in SENSITIVE.values():
        assert value not in everything


def metric(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_are_off_by_default(clinic: Clinic) -> None:
    assert clinic.client.get("/metrics").status_code == 404


def test_metrics_count_requests_assessments_and_photo_analyses(tmp_path: Path) -> None:
    from .conftest import seed  # noqa: PLC0415

    app = create_app(make_settings(tmp_path, metrics_enabled=True), measurer=fake_measurer)
    clinic = seed(app)
    with clinic.client as client:
        write_sensitive_record(clinic)
        base = f"/api/v1/patients/{clinic.patient_id}/photos"
        sent = client.post(
            base,
            headers=clinic.auth("a"),
            files={"file": ("x.png", png(), "image/png")},
            data={"taken_on": dt.date.today().isoformat()},
        )
        assert sent.status_code == 201
        blank = client.post(
            base,
            headers=clinic.auth("a"),
            files={"file": ("x.png", png(face=False), "image/png")},
            data={"taken_on": dt.date.today().isoformat()},
        )
        assert blank.status_code == 422
        assessment = f"/api/v1/patients/{clinic.patient_id}/assessment"
        for _ in range(2):  # the second is served from the assessment cache
            assert client.get(assessment, headers=clinic.auth("a")).status_code == 200
        text = client.get("/metrics").text
    route = "/api/v1/patients/{patient_id}/assessment"
    assert metric(text, "bellpath_http_requests_total", route=route, status="200") == 3
    assert metric(text, "bellpath_http_request_duration_seconds_count", route=route) == 3
    assert metric(text, "bellpath_assessments_total", source="computed") >= 1
    assert metric(text, "bellpath_assessments_total", source="cache") >= 1
    assert metric(text, "bellpath_media_analyses_total", kind="photo", outcome="ok") == 1
    assert metric(text, "bellpath_media_analyses_total", kind="photo", outcome="refused") == 1
    for value in SENSITIVE.values():
        assert value not in text


def test_serve_reports_its_settings_without_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("bellpath.cli.serve.uvicorn.run", lambda web, **kw: seen.update(kw))
    secret = "s3cret-" + "x" * 40
    url = "postgresql+psycopg://clinic:dbpassword@127.0.0.1:1/none"
    monkeypatch.setenv("BELLPATH_SECRET_KEY", secret)
    monkeypatch.setenv("BELLPATH_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(
        "bellpath.web.app.create_app", lambda settings: None
    )  # no database needed to report the settings
    with caplog.at_level(logging.INFO, logger="bellpath"):
        result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--database", url])
    assert result.exit_code == 0, result.output
    (record,) = [r for r in caplog.records if r.getMessage() == "settings"]
    line = JsonFormatter().format(record)
    reported = json.loads(line)["settings"]
    assert reported["secret_key"] == "<set>"
    assert reported["data_dir"] == str(tmp_path)
    assert reported["metrics_enabled"] is False
    assert "dbpassword" not in line
    assert secret not in line
    assert "127.0.0.1:1/none" in reported["database_url"]
    assert seen["log_config"] is None
