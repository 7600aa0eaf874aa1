"""notify: departments subscribe; matching announcements reach them once, signed."""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI, Response
from sqlmodel import col, select

from services.notify.delivery import Deliverer
from services.notify.handlers import NotifyHandlers
from services.notify.models import (
    Alert,
    AlertOut,
    Subscription,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionOut,
)
from services.notify.settings import Settings
from shared.app import create_app
from shared.events import TOPIC_CLASSIFIED, ClassifiedEvent
from shared.kafka import Route
from shared.problems import Problem
from shared.runtime import Runtime, SessionDep, service_runtime

MIGRATIONS = Path(__file__).parent / "migrations"
DEPARTMENTS_FILE = Path(__file__).parent / "data" / "departments.yaml"


@cache
def departments() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(DEPARTMENTS_FILE.read_text(encoding="utf-8"))
    return {d["id"]: d for d in data["departments"]}


def _out(sub: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=sub.id,
        department=sub.department,
        channel=sub.channel,
        url=sub.url,
        email=sub.email,
        sectors=json.loads(sub.sectors),
        localities=json.loads(sub.localities),
        active=sub.active,
        created_at=sub.created_at,
    )


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    deliverer = Deliverer(settings)

    def routes(runtime: Runtime) -> Mapping[str, Route]:
        handlers = NotifyHandlers(sessions=runtime.sessions, producer=runtime.producer)

        async def on_classified(event: ClassifiedEvent) -> None:
            await handlers.on_announcement_classified(event)
            deliverer.wake.set()

        return {TOPIC_CLASSIFIED: Route(ClassifiedEvent, on_classified)}

    async def deliver(runtime: Runtime) -> None:
        await deliverer.run(runtime)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app,
            service="notify",
            settings=settings,
            migrations=MIGRATIONS,
            routes=routes,
            background=(deliver,),
        ):
            yield

    app = create_app(service="notify", lifespan=lifespan)

    @app.get("/departments", tags=["subscriptions"])
    async def list_departments() -> list[dict[str, Any]]:
        """Departments that may subscribe, with the sectors each follows by default."""
        return list(departments().values())

    @app.post("/subscriptions", status_code=201, tags=["subscriptions"])
    async def create_subscription(
        body: SubscriptionIn, session: SessionDep, response: Response
    ) -> SubscriptionCreated:
        """Subscribe a department to sectors and/or localities (any of each list)."""
        department = departments().get(body.department)
        if department is None:
            raise Problem(
                422,
                "unknown-department",
                "Unknown department",
                f"'{body.department}' is not a department id; see GET /departments",
            )
        sectors = list(body.sectors) or list(department["sectors"])
        if not sectors and not body.localities:
            raise Problem(
                422, "empty-subscription", "Empty subscription", "name at least one sector or locality"
            )
        sub = Subscription(
            id=str(uuid.uuid4()),
            department=body.department,
            channel=body.channel,
            url=str(body.url) if body.url else None,
            email=str(body.email) if body.email else None,
            secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode(),
            sectors=json.dumps(sectors),
            localities=json.dumps(body.localities),
            created_at=datetime.now(UTC),
        )
        session.add(sub)
        await session.commit()
        response.headers["Location"] = f"/subscriptions/{sub.id}"
        return SubscriptionCreated(**_out(sub).model_dump(), secret=sub.secret)

    @app.get("/subscriptions", tags=["subscriptions"])
    async def list_subscriptions(session: SessionDep) -> list[SubscriptionOut]:
        rows = await session.exec(select(Subscription).order_by(col(Subscription.created_at)))
        return [_out(s) for s in rows.all()]

    async def _get(session: SessionDep, subscription_id: str) -> Subscription:
        sub = await session.get(Subscription, subscription_id)
        if sub is None:
            raise Problem(
                404, "subscription-not-found", "Subscription not found", f"no subscription {subscription_id}"
            )
        return sub

    @app.get("/subscriptions/{subscription_id}", tags=["subscriptions"])
    async def get_subscription(subscription_id: str, session: SessionDep) -> SubscriptionOut:
        return _out(await _get(session, subscription_id))

    @app.delete("/subscriptions/{subscription_id}", status_code=204, tags=["subscriptions"])
    async def delete_subscription(subscription_id: str, session: SessionDep) -> None:
        """Deactivate: no new alerts; past alerts stay for the record."""
        sub = await _get(session, subscription_id)
        sub.active = False
        session.add(sub)
        await session.commit()

    @app.get("/subscriptions/{subscription_id}/alerts", tags=["subscriptions"])
    async def list_alerts(subscription_id: str, session: SessionDep) -> list[AlertOut]:
        """What was raised for this subscription and where its delivery stands."""
        await _get(session, subscription_id)
        rows = await session.exec(
            select(Alert).where(col(Alert.subscription_id) == subscription_id).order_by(col(Alert.created_at))
        )
        return [AlertOut.model_validate(a, from_attributes=True) for a in rows.all()]

    return app
