"""No input gives a server error: impossible ids, NaN, deep nesting, nulls, missing dates, races,
oversized bodies. Every refusal has the documented error shape."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bellpath.web.limits import MAX_ID

from .conftest import ONSET, Clinic

SHAPE = {"error", "message"}


def _refusal(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= SHAPE
    if field is not None:
        assert body["field"] == field, body
    return body


@pytest.mark.parametrize("big", [2**63, 2**64 + 5, -(2**63) - 1, MAX_ID + 1])
def test_ids_beyond_any_record_are_404_on_api_and_pages(clinic: Clinic, big: int) -> None:
    a = clinic.auth("a")
    pid = clinic.patient_id
    for method, url in [
        ("GET", f"/api/v1/patients/{big}"),
        ("PATCH", f"/api/v1/patients/{big}"),
        ("DELETE", f"/api/v1/patients/{big}"),
        ("GET", f"/api/v1/patients/{pid}/gradings/{big}"),
        ("GET", f"/api/v1/patients/{pid}/photos/{big}/image"),
        ("GET", f"/api/v1/users/{big}"),
        ("GET", f"/patients/{big}"),
    ]:
        response = clinic.client.request(method, url, headers=a, json={})
        _refusal(response, 404)


def test_the_largest_id_is_an_ordinary_not_found(clinic: Clinic) -> None:
    response = clinic.client.get(f"/api/v1/patients/{MAX_ID}", headers=clinic.auth("a"))
    _refusal(response, 404)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_are_refused_naming_the_field(clinic: Clinic, number: str) -> None:
    body = '{"analyte": "b12", "value": %s, "unit": "pg/mL"}' % number  # noqa: UP031
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/labs",
        headers={**clinic.auth("a"), "content-type": "application/json"},
        content=body,
    )
    _refusal(response, 422, "value")


def test_nested_items_are_refused_past_the_depth_limit(clinic: Clinic) -> None:
    deep = "[" * 500 + "]" * 500
    body = '{"date": "%s", "scale": "eface", "items": {"x": %s}}' % (dt.date.today(), deep)  # noqa: UP031
    response = clinic.client.post(
        f"/api/v1/patients/{clinic.patient_id}/gradings",
        headers={**clinic.auth("a"), "content-type": "application/json"},
        content=body,
    )
    assert "nests deeper" in str(_refusal(response, 422, "body")["message"])


@pytest.mark.parametrize("where", ["patient", "episode"])
@pytest.mark.parametrize(
    ("grading", "field"),
    [
        ({"scale": "house_brackmann", "grade": 3}, "gradings.0.date"),
        ({"date": "2026-13-01", "scale": "house_brackmann", "grade": 3}, "gradings.0.date"),
        ({"date": "2026-01-01", "grade": 3}, "gradings.0.scale"),
    ],
    ids=["no-date", "bad-date", "no-scale"],
)
def test_a_grading_without_date_inside_a_new_record_is_422(
    clinic: Clinic, where: str, grading: dict[str, object], field: str
) -> None:
    if where == "patient":
        url, body = "/api/v1/patients", {"name": "New One", "onset": str(ONSET)}
    else:
        url = f"/api/v1/patients/{clinic.patient_id}/episodes"
        body = {"onset": str(dt.date.today())}
    response = clinic.client.post(
        url, headers=clinic.auth("a"), json={**body, "gradings": [grading]}
    )
    _refusal(response, 422, field)


@pytest.mark.parametrize("name", ["onset", "recovered"])
def test_null_for_a_required_episode_field_is_refused(clinic: Clinic, name: str) -> None:
    response = clinic.client.patch(
        f"/api/v1/patients/{clinic.patient_id}",
        headers=clinic.auth("a"),
        json={"episode": {name: None}},
    )
    _refusal(response, 422, f"episode.{name}")
    # a null for an optional field still clears it
    cleared = clinic.client.patch(
        f"/api/v1/patients/{clinic.patient_id}",
        headers=clinic.auth("a"),
        json={"episode": {"severity": None}},
    )
    assert cleared.status_code == 200


def test_a_change_racing_a_delete_ends_in_404_or_409(clinic: Clinic) -> None:
    client: TestClient = clinic.client
    a = clinic.auth("a")
    statuses: list[int] = []
    for round_ in range(6):
        made = client.post(
            "/api/v1/patients", headers=a, json={"name": f"Race {round_}", "onset": str(ONSET)}
        )
        pid = made.json()["id"]

        def change(pid: int = pid) -> None:
            for _ in range(3):
                statuses.append(
                    client.patch(
                        f"/api/v1/patients/{pid}", headers=a, json={"episode": {"age": 40}}
                    ).status_code
                )

        def remove(pid: int = pid) -> None:
            statuses.append(client.delete(f"/api/v1/patients/{pid}", headers=a).status_code)

        threads = [threading.Thread(target=change), threading.Thread(target=remove)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert set(statuses) <= {200, 204, 404, 409}, statuses
    assert 204 in statuses


def test_the_openapi_document_lists_the_error_codes_and_shape(clinic: Clinic) -> None:
    doc = clinic.client.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"401", "404", "413", "422"} <= codes, (method, path)
            ref = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorBody"), (method, path)
