"""A bounded schemathesis run over the whole API (SQLite, every check, fixed seed).

It must find no server error, no undocumented status code and no answer that breaks the documented
schema. ``make fuzz`` runs the same with many more examples (``BELLPATH_FUZZ_EXAMPLES``).
Schema-valid input that a clinical rule refuses (an onset in the future, a unit the lab does not
use) answers 422 by design, so 422 counts as an accepted answer to schema-valid data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig

from bellpath.web.app import create_app

from .conftest import fake_analyser, fake_measurer, make_settings, seed

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("BELLPATH_FUZZ_EXAMPLES", "4"))
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
CONFIG = {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}


def _run_operation(operation: Any, headers: dict[str, str], failures: list[str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        try:
            case.call_and_validate(headers=headers)
        except BaseException as exc:
            found = getattr(exc, "exceptions", [exc])
            failures.extend(f"{operation.label}: {str(f).splitlines()[0]}" for f in found)

    run()


@pytest.mark.parametrize("who", ["a", "me"])
def test_the_api_never_fails_and_answers_as_documented(tmp_path: Path, who: str) -> None:
    app = create_app(make_settings(tmp_path), measurer=fake_measurer, video_analyser=fake_analyser)
    clinic = seed(app)
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", app, config=SchemathesisConfig.from_dict(CONFIG)
    )
    failures: list[str] = []
    for result in schema.get_all_operations():
        _run_operation(result.ok(), clinic.auth(who), failures)  # type: ignore[union-attr]
    assert failures == []
