"""Shared test settings, and the scan of every log line the suite writes for health data.

A handler on the root logger sees every record of the whole run (bellpath's own at INFO) and
formats it as ``bellpath serve`` would; a line holding one of the names, notes or lab values the
tests write into records fails the run at the end, naming the line.
"""

from __future__ import annotations

import logging
import os

import pytest
from hypothesis import HealthCheck, settings

from bellpath.web.observability import JsonFormatter

settings.register_profile(
    "ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

FORBIDDEN = (
    "Ann Example",  # tests/web/conftest.py PATIENT_NAME
    "Bea Example",  # tests/web/test_api_patients.py
    "felt tired",  # a practice note in the seeded clinic
    "Zed Quillfeather",  # tests/web/test_operations.py SENSITIVE
    "my cheek twitched at the bakery",
    "193.7",
)


def forbidden_in(line: str) -> list[str]:
    """The forbidden values found in one log line."""
    return [value for value in FORBIDDEN if value in line]


class LineScanner(logging.Handler):
    """Formats every record and keeps those that hold a forbidden value."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines = 0
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a record that cannot be formatted is still scanned, raw
            line = repr(record.__dict__)
        self.lines += 1
        if forbidden_in(line):
            self.leaks.append(line)


_SCANNER = LineScanner()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(_SCANNER)
    logging.getLogger("bellpath").setLevel(logging.INFO)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """Under pytest-xdist: gather what each worker's scan found."""
    found = getattr(node, "workeroutput", {}).get("log_leaks", [])
    _SCANNER.leaks.extend(found)
    _SCANNER.lines += getattr(node, "workeroutput", {}).get("log_lines", 0)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.getLogger().removeHandler(_SCANNER)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput["log_leaks"] = _SCANNER.leaks[:20]
        workeroutput["log_lines"] = _SCANNER.lines
        return
    if _SCANNER.leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"health data in {len(_SCANNER.leaks)} of {_SCANNER.lines} log line(s), e.g. "
                f"{_SCANNER.leaks[0][:300]}",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
