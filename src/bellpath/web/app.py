"""``create_app(settings) -> FastAPI``: the one factory of the web application.

It opens the database (migrating it to the newest schema), wires the services (passwords,
tokens, CSRF, login throttle, photo measurer), installs the error handlers and security headers,
and mounts the API (``/api/v1``) and the pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bellpath import __version__
from bellpath.auth.csrf import CsrfSigner
from bellpath.auth.passwords import PasswordService
from bellpath.auth.throttle import LoginThrottle
from bellpath.auth.tokens import TokenSigner
from bellpath.records.db import make_engine, make_session_factory, migrate
from bellpath.records.photos import PhotoMeasurer, pipeline_measurer
from bellpath.records.videos import VideoAnalyser, pipeline_analyser
from bellpath.settings import Settings, load_settings
from bellpath.vocab.notice import NOTICE
from bellpath.web.api import api_router
from bellpath.web.errors import install_error_handlers
from bellpath.web.pages import install_pages
from bellpath.web.security import SecurityHeadersMiddleware, Services

__all__ = ["USE_PIPELINE", "create_app"]


class _UsePipeline:
    """Marker: measure photos with ``bellpath.face.pipeline`` when it is installed."""


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
    engine = make_engine(settings.resolved_database_url)
    if run_migrations:
        migrate(engine)
    services = Services(
        settings=settings,
        sessions=make_session_factory(engine, photo_dir=settings.photo_dir),
        passwords=PasswordService(
            time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
        ),
        tokens=TokenSigner(
            settings.secret,
            session_max_age_s=settings.session_max_age_s,
            bearer_max_age_s=settings.token_max_age_s,
        ),
        csrf=CsrfSigner(settings.secret),
        throttle=LoginThrottle(
            max_failures=settings.login_max_failures, window_s=settings.login_window_s
        ),
        measurer=pipeline_measurer() if isinstance(measurer, _UsePipeline) else measurer,
        video_analyser=pipeline_analyser()
        if isinstance(video_analyser, _UsePipeline)
        else video_analyser,
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
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(api_router)

    @app.get("/healthz", tags=["meta"], include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness probe (no database access): also the benchmark's floor."""
        return {"status": "ok"}

    # Pages (server-rendered): one include line each, added by the pages module.
    install_pages(app)
    return app
