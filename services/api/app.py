"""api: the consolidated state of every agreement, built from classified events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.api.handlers import ApiHandlers
from services.api.models import AgreementDetail, AgreementSummary
from services.api.queries import agreement_detail, list_agreements
from services.api.settings import Settings
from shared.app import create_app
from shared.events import TOPIC_CLASSIFIED, ClassifiedEvent
from shared.kafka import Route
from shared.problems import Problem
from shared.runtime import Runtime, SessionDep, service_runtime

MIGRATIONS = Path(__file__).parent / "migrations"


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    def routes(runtime: Runtime) -> Mapping[str, Route]:
        handlers = ApiHandlers(sessions=runtime.sessions)
        return {TOPIC_CLASSIFIED: Route(ClassifiedEvent, handlers.on_announcement_classified)}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app, service="api", settings=settings, migrations=MIGRATIONS, routes=routes
        ):
            yield

    app = create_app(service="api", lifespan=lifespan)

    @app.get("/agreements", tags=["agreements"])
    async def get_agreements(session: SessionDep) -> list[AgreementSummary]:
        """Every partner Hanoi has an agreement with, with its documents and sectors."""
        return await list_agreements(session)

    @app.get("/agreements/{partner_slug}", tags=["agreements"])
    async def get_agreement(partner_slug: str, session: SessionDep) -> AgreementDetail:
        """One agreement: partner, documents and their renditions, sectors, commitments, timeline."""
        detail = await agreement_detail(session, partner_slug)
        if detail is None:
            raise Problem(
                404,
                "agreement-not-found",
                "Agreement not found",
                f"no agreement with partner '{partner_slug}'",
            )
        return detail

    return app
