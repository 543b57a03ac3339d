"""The web application: the JSON API, its OpenAPI document, the live stream and the pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import smolny
from smolny.service.app import Smolny
from smolny.web import acts, api, counting, live, pages, problems


def create_app(service: Smolny, *, close_on_shutdown: bool = False) -> FastAPI:
    """A FastAPI application serving `service`."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if close_on_shutdown:
            service.close()

    app = FastAPI(
        title="smolny",
        version=smolny.__version__,
        description="Councils, congresses and their committees, with a verifiable record.",
        lifespan=lifespan,
    )
    app.state.smolny = service
    problems.install(app)
    app.include_router(api.router)
    app.include_router(acts.router)
    app.include_router(counting.router)
    app.include_router(live.router)
    app.include_router(pages.router)
    return app
