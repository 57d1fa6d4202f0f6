"""What an operator sees: one JSON log line per request, Prometheus metrics, the readiness probe.

The log line of a request holds a request id (the caller's ``X-Request-ID`` when it is a short
token, else a new one; sent back in the response), the method, the *route template*
(``/api/v1/patients/{patient_id}``, never the filled-in path or the query), the status and the
duration. Bodies, form fields, names, notes, lab values and photos are never logged.

Metrics (``/metrics``, only when the ``metrics_enabled`` setting is on) count requests by method,
route template and status, time them in a histogram, and count assessments (computed, or served
from a cache once one reports ``("assessment", "cache")``) and photo/video analyses by outcome.
Each app has its own registry, so two apps in one process never mix their numbers.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bellpath.observe import observing

__all__ = [
    "ACCESS_LOGGER",
    "JsonFormatter",
    "Metrics",
    "RequestLogMiddleware",
    "configure_json_logging",
    "counted",
]

ACCESS_LOGGER = "bellpath.web.access"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event, and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        body.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[0] is not None:
            body["error"] = record.exc_info[0].__name__  # the type only: messages may hold data
        return json.dumps(body, default=str, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (so a replaced stderr is never written closed)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_json_logging(level: int = logging.INFO) -> None:
    """Send bellpath's and uvicorn's logs to stderr as JSON lines (``bellpath serve``).

    Idempotent: a second call adds no second handler.
    """
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        root.addHandler(_StderrHandler())
    for name in ("bellpath", "uvicorn.error"):
        logging.getLogger(name).setLevel(level)


class Metrics:
    """The app's Prometheus registry and the instruments bellpath reports."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "bellpath_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "bellpath_http_request_duration_seconds",
            "Time to answer a request, by method and route template.",
            ["method", "route"],
            registry=self.registry,
        )
        self.assessments = Counter(
            "bellpath_assessments",
            "Assessments served, by source (computed, cache).",
            ["source"],
            registry=self.registry,
        )
        self.analyses = Counter(
            "bellpath_media_analyses",
            "Photo and video analyses, by kind and outcome (ok, refused).",
            ["kind", "outcome"],
            registry=self.registry,
        )

    def event(self, kind: str, label: str) -> None:
        """A core event (see :mod:`bellpath.observe`)."""
        if kind == "assessment":
            self.assessments.labels(source=label).inc()


def counted(metrics: Metrics, kind: str, analyse: Callable[..., Any] | None) -> Any:
    """``analyse`` (a photo measurer or video analyser), counting each call by outcome."""
    if analyse is None:
        return None

    def _counted(*args: Any) -> Any:
        try:
            result = analyse(*args)
        except Exception:
            metrics.analyses.labels(kind=kind, outcome="refused").inc()
            raise
        metrics.analyses.labels(kind=kind, outcome="ok").inc()
        return result

    return _counted


def _route_template(scope: Scope) -> str:
    """The matched route's template with every router prefix, or ``unmatched``."""
    path = getattr(scope.get("route"), "path", None)
    if not path:
        return "unmatched"
    # FastAPI >= 0.16x matches included routers lazily: the route's own path lacks the prefixes
    # of the routers above it, which the included router's context carries.
    included = (scope.get("fastapi") or {}).get("included_router")
    prefix = str(getattr(getattr(included, "include_context", None), "prefix", "") or "")
    return str(path) if str(path).startswith(prefix) else prefix + str(path)


class RequestLogMiddleware:
    """Logs one line per HTTP request and feeds the metrics (pure ASGI: streams stay streams)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else secrets.token_hex(8)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            with observing(self.metrics.event):
                await self.app(scope, receive, send_with_id)
        finally:
            duration = time.perf_counter() - start
            route = _route_template(scope)
            method = str(scope.get("method", ""))
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=route).observe(duration)
            self.log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(duration * 1000, 2),
                },
            )
