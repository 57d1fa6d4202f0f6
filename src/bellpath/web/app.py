"""``create_app(settings) -> FastAPI``: the one factory of the web application.

It opens the database (migrating it to the newest schema), encrypts photos left plain by an older
bellpath, wires the services (passwords, tokens, CSRF, login throttle, photo measurer), installs
the error handlers, security headers and the request log, and mounts the API (``/api/v1``), the
pages, the probes (``/healthz``, ``/readyz``) and, when enabled, ``/metrics``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bellpath import __version__
from bellpath.auth.csrf import CsrfSigner
from bellpath.auth.passwords import PasswordService
from bellpath.auth.sessions import SessionStore
from bellpath.auth.throttle import LoginThrottle
from bellpath.auth.tokens import TokenKind
from bellpath.records.db import (
    PoolSize,
    make_engine,
    make_reading_factory,
    make_session_factory,
    migrate,
)
from bellpath.records.photo_keys import encrypt_plain_files
from bellpath.records.photos import PhotoMeasurer, pipeline_measurer
from bellpath.records.videos import VideoAnalyser, pipeline_analyser
from bellpath.settings import Settings, load_settings, photo_cipher
from bellpath.vocab.notice import NOTICE
from bellpath.web.api import api_router
from bellpath.web.date_style import DateStyleMiddleware
from bellpath.web.errors import install_error_handlers
from bellpath.web.limits import RequestLimits, RequestLimitsMiddleware
from bellpath.web.observability import Metrics, RequestLogMiddleware, counted
from bellpath.web.pages import install_pages
from bellpath.web.readiness import readiness
from bellpath.web.security import SecurityHeadersMiddleware, Services

__all__ = ["USE_PIPELINE", "create_app", "worker_app"]


class _UsePipeline:
    """Marker: measure photos with ``bellpath.camera.pipeline`` when it is installed."""


USE_PIPELINE = _UsePipeline()


def create_app(
    settings: Settings | None = None,
    *,
    measurer: PhotoMeasurer | _UsePipeline | None = USE_PIPELINE,
    video_analyser: VideoAnalyser | _UsePipeline | None = USE_PIPELINE,
    run_migrations: bool = True,
) -> FastAPI:
    """Build the bellpath web application.

    Parameters
    ----------
    settings
        Server settings; default :func:`bellpath.settings.load_settings` (the environment).
    measurer
        How photos are measured; default the photo pipeline. ``None`` stores photos unmeasured
        (after checking they are images). Tests pass a fake.
    video_analyser
        How uploaded videos are analysed; default :func:`bellpath.video.analysis.analyse_video`
        (only the summary is stored). ``None`` refuses video uploads. Tests pass a fake.
    run_migrations
        Bring the database to the newest schema on start (default).
    """
    settings = settings or load_settings()
    engine = make_engine(
        settings.resolved_database_url,
        pool=PoolSize(settings.database_pool_size, settings.database_max_overflow),
    )
    if run_migrations:
        migrate(engine)
    metrics = Metrics()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    cipher = photo_cipher(settings)
    encrypt_plain_files(settings.photo_dir, cipher)  # a data folder from before encryption
    sessions = make_session_factory(engine, photo_dir=settings.photo_dir, photo_cipher=cipher)
    services = Services(
        settings=settings,
        sessions=sessions,
        reading=make_reading_factory(sessions),
        passwords=PasswordService(
            time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
        ),
        tokens=SessionStore(
            idle_s={
                TokenKind.SESSION: settings.session_idle_s,
                TokenKind.BEARER: settings.token_idle_s,
            },
            absolute_s={
                TokenKind.SESSION: settings.session_max_age_s,
                TokenKind.BEARER: settings.token_max_age_s,
            },
        ),
        csrf=CsrfSigner(settings.secret),
        throttle=LoginThrottle(
            max_failures=settings.login_max_failures,
            address_max_failures=settings.login_address_max_failures,
            window_s=settings.login_window_s,
            delay_s=settings.login_delay_s,
            max_delay_s=settings.login_max_delay_s,
        ),
        measurer=counted(
            metrics,
            "photo",
            pipeline_measurer() if isinstance(measurer, _UsePipeline) else measurer,
        ),
        video_analyser=counted(
            metrics,
            "video",
            pipeline_analyser() if isinstance(video_analyser, _UsePipeline) else video_analyser,
        ),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="bellpath",
        version=__version__,
        description=(
            "Bell's palsy recovery records, staging and guidance for clinics and patients.\n\n"
            + NOTICE
        ),
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN: bellpath makes no
        # network requests, so only the OpenAPI document itself is served (/openapi.json).
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    app.state.engine = engine
    app.state.today = settings.clock()
    install_error_handlers(app)
    limits = RequestLimits.from_settings(settings)
    app.add_middleware(RequestLimitsMiddleware, limits=lambda: limits)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(DateStyleMiddleware, style=settings.date_style)
    app.add_middleware(RequestLogMiddleware, metrics=metrics)
    app.state.metrics = metrics
    app.include_router(api_router)

    @app.get("/healthz", tags=["meta"], include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness probe (no database access): also the benchmark's floor."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["meta"], include_in_schema=False)
    def readyz() -> JSONResponse:
        """Readiness: database reachable, schema current, data folder writable (503 if not)."""
        ready, checks = readiness(engine, settings.data_dir)
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    if settings.metrics_enabled:

        @app.get("/metrics", tags=["meta"], include_in_schema=False)
        def prometheus_metrics() -> Response:
            """Prometheus metrics (counts and timings only; off unless metrics_enabled)."""
            return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    # Pages (server-rendered): one include line each, added by the pages module.
    install_pages(app)
    return app


def worker_app() -> FastAPI:
    """The app of one ``bellpath serve --workers N`` process: settings from the environment.

    The parent process migrated the database before starting the workers, so they do not race
    to migrate it. Each worker has its own assessment cache; every cache key holds the record's
    version, which every write bumps in the database, so no worker serves a stale assessment.
    """
    from bellpath.web.observability import configure_json_logging  # noqa: PLC0415

    configure_json_logging()  # each worker logs JSON lines as the parent does
    return create_app(run_migrations=False)
