"""The suite-wide log scan catches a leak (so its silence means something)."""

from __future__ import annotations

import logging

from .conftest import _SCANNER, FORBIDDEN, forbidden_in


def test_a_logged_name_is_caught_and_a_clean_line_is_not() -> None:
    assert forbidden_in('{"event": "request", "route": "/api/v1/patients"}') == []
    assert forbidden_in('{"event": "x", "name": "Ann Example"}') == ["Ann Example"]
    before = len(_SCANNER.leaks)
    logging.getLogger("bellpath.test").info("request", extra={"route": "/healthz"})
    assert len(_SCANNER.leaks) == before
    record = logging.makeLogRecord({"msg": "patient %s", "args": (FORBIDDEN[0],)})
    assert forbidden_in(_SCANNER.format(record))
