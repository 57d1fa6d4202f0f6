"""One clock: the settings give the server its "today", and every route and page reads it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.conftest import make_settings, seed

from bellpath import clock
from bellpath.web.app import create_app

FROZEN = dt.date.today() + dt.timedelta(days=10)  # after every seeded entry


def test_the_default_clock_is_the_system_date() -> None:
    assert clock.today() == dt.date.today()
    assert clock.now_utc().tzinfo is dt.UTC


def test_settings_freeze_today(tmp_path: Path) -> None:
    assert make_settings(tmp_path, today=FROZEN).clock()() == FROZEN
    assert make_settings(tmp_path).clock() is clock.today


def test_the_api_and_the_app_share_the_settings_clock(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, today=FROZEN), measurer=None)
    assert app.state.today() == FROZEN
    clinic = seed(app)
    response = TestClient(app).get(
        f"/api/v1/patients/{clinic.patient_id}/assessment", headers=clinic.auth("a")
    )
    assert response.status_code == 200
    assert json.loads(response.text)["as_of"] == FROZEN.isoformat()
