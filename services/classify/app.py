"""classify: tags each ingested announcement with sectors, localities and commitments."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.classify.classifier import Classifier
from services.classify.handlers import ClassifyHandlers
from services.classify.settings import Settings
from shared.app import create_app
from shared.events import TOPIC_INGESTED, IngestedEvent
from shared.kafka import Route
from shared.runtime import Runtime, service_runtime

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    classifier = Classifier()

    def routes(runtime: Runtime) -> Mapping[str, Route]:
        handlers = ClassifyHandlers(
            sessions=runtime.sessions, producer=runtime.producer, classifier=classifier
        )
        return {TOPIC_INGESTED: Route(IngestedEvent, handlers.on_announcement_ingested)}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app, service="classify", settings=settings, migrations=MIGRATIONS, routes=routes
        ):
            yield

    app = create_app(service="classify", lifespan=lifespan)

    @app.get("/version", tags=["classify"])
    async def version() -> dict[str, str]:
        """The classifier version stamped on every classified event."""
        return {"classifier_version": classifier.version}

    return app
