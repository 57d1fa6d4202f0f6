"""Photos know their expression: the upload asks for it, checks it against the face, no guess."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bellpath.case import Side
from bellpath.face.expression_check import REST_TEETH_SHOW_MAX_MM, expression_mismatch
from bellpath.face.expressions import Expression
from bellpath.records.models import Photo
from bellpath.web.app import create_app

from .conftest import PASSWORD, Clinic, fake_analyser, fake_measurer, make_settings, png, seed


def smiling_measurer(
    data: bytes, expression: Expression | None, side: Side | None
) -> dict[str, Any]:
    """The fake pipeline, on a face that shows 9 mm of teeth (a smile)."""
    measured = fake_measurer(data, expression, side)
    measured["measures"]["dental_show"] = {"value": 9.0}
    return measured


@pytest.fixture
def smiling(tmp_path: Path) -> Iterator[Clinic]:
    app = create_app(
        make_settings(tmp_path), measurer=smiling_measurer, video_analyser=fake_analyser
    )
    seeded = seed(app)
    with seeded.client:
        yield seeded


def _sign_in(clinic: Clinic) -> str:
    client = clinic.client
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert token is not None
    data = {"email": "a@clinic.org", "password": PASSWORD, "csrf_token": token.group(1)}
    page = client.post("/signin", data=data)
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert fresh is not None
    return fresh.group(1)


def _expressions(clinic: Clinic) -> list[str]:
    with clinic.services.sessions() as s:
        return [p.expression for p in s.scalars(select(Photo).order_by(Photo.id))]


def _upload(clinic: Clinic, token: str, **fields: str) -> Any:
    path = f"/patients/{clinic.patient_id}/photos"
    data = {"csrf_token": token, "taken_on": clinic_today(), **fields}
    files = {"photo": ("face.png", png(), "image/png")}
    return clinic.client.post(path, data=data, files=files)


def clinic_today() -> str:
    import datetime as dt  # noqa: PLC0415  (the seeded clinic uses the real today)

    return dt.date.today().isoformat()


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(
    ("expression", "teeth", "flagged"),
    [
        (Expression.REST, 9.0, True),  # a smile labelled rest
        (Expression.REST, REST_TEETH_SHOW_MAX_MM, False),  # the bound itself still fits rest
        (Expression.REST, 1.0, False),  # lips relaxed, a little incisor showing
        (Expression.SMILE, 9.0, False),  # a smile shows teeth
        (Expression.PUCKER, 9.0, True),  # a pucker has the lips together
    ],
    ids=["smile-as-rest", "at-the-bound", "rest", "smile", "open-pucker"],
)
def test_the_check_names_a_label_the_face_does_not_fit(
    expression: Expression, teeth: float, flagged: bool
) -> None:
    measured = {"measures": {"dental_show": {"value": teeth, "unit": "mm"}}}
    why = expression_mismatch(expression, measured)
    assert (why is not None) is flagged
    if why:
        assert "smile" in why and expression.label in why
    assert expression_mismatch(expression, {"measures": {}}) is None  # nothing measured: no guess


def test_the_form_asks_for_the_expression_and_has_no_default(clinic: Clinic) -> None:
    token = _sign_in(clinic)
    page = clinic.client.get(f"/patients/{clinic.patient_id}/photos").text
    select_html = re.search(r'<select id="f-expression".*?</select>', page, re.S)
    assert select_html is not None
    assert "selected" not in select_html.group(0)
    before = _expressions(clinic)
    reply = _upload(clinic, token)
    assert reply.status_code == 422
    assert "Expression: please choose one of" in _text(reply.text)
    assert _expressions(clinic) == before  # nothing stored, never a silent "rest"


def test_a_smile_uploaded_as_rest_is_flagged_until_confirmed(smiling: Clinic) -> None:
    token = _sign_in(smiling)
    before = _expressions(smiling)
    flagged = _upload(smiling, token, expression="rest")
    assert flagged.status_code == 422
    words = _text(flagged.text)
    assert "looks like a smile or an open mouth (teeth showing about 9 mm), not at rest" in words
    assert 'name="expression_confirmed"' in flagged.text
    assert _expressions(smiling) == before
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', flagged.text)
    assert fresh is not None
    as_smile = _upload(smiling, fresh.group(1), expression="smile")
    assert as_smile.status_code == 200, _text(as_smile.text)[:3000]
    kept = _upload(smiling, fresh.group(1), expression="rest", expression_confirmed="1")
    assert kept.status_code == 200
    assert _expressions(smiling) == [*before, "smile", "rest"]
