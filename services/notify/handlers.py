"""notify's handler: match a classified announcement against subscriptions and
record one alert per match; delivery.py sends them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notify.models import Alert, Subscription
from shared.events import (
    TOPIC_ALERTS,
    TYPE_ALERT,
    AlertEvent,
    AlertRaised,
    AnnouncementClassified,
    ClassifiedEvent,
)
from shared.kafka import EventProducer

log = structlog.get_logger()

ALERTS_RAISED = Counter("notify_alerts_raised_total", "Alerts recorded for delivery", ["channel"])
ALERT_NAMESPACE = uuid.UUID("9d3c1e52-7b0a-4f6e-a1c4-2e8f5d7b9c30")


def alert_id(subscription_id: str, announcement_id: str) -> str:
    """Stable per pair: it is also the webhook-id receivers deduplicate on."""
    return str(uuid.uuid5(ALERT_NAMESPACE, f"{subscription_id}/{announcement_id}"))


def matches(
    subscription: Subscription, classified: AnnouncementClassified
) -> tuple[list[str], list[str]] | None:
    """The sectors and localities through which ``subscription`` matches, or None."""
    wanted_sectors = set(json.loads(subscription.sectors))
    wanted_places = set(json.loads(subscription.localities))
    sectors = sorted({s.id for s in classified.sectors} & wanted_sectors) if wanted_sectors else []
    places: set[str] = set()
    for loc in classified.localities:
        names = {loc.slug} | ({loc.successor.slug} if loc.successor else set())
        places |= names & wanted_places
    if wanted_sectors and not sectors:
        return None
    if wanted_places and not places:
        return None
    return sectors, sorted(places)


def alert_body(
    alert: str,
    subscription: Subscription,
    classified: AnnouncementClassified,
    hits: tuple[list[str], list[str]],
) -> dict[str, object]:
    a = classified.announcement
    return {
        "type": "hoptac.alert.v1",
        "alert_id": alert,
        "department": subscription.department,
        "subscription_id": subscription.id,
        "matched": {"sectors": hits[0], "localities": hits[1]},
        "announcement": {
            "id": a.announcement_id,
            "title": a.title,
            "language": a.language,
            "published_at": a.published_at.isoformat() if a.published_at else None,
            "document_number": a.document.number if a.document else None,
            "issued_on": a.issued_on.isoformat() if a.issued_on else None,
            "source_url": a.source.url,
            "partners": [p.slug for p in classified.partners()],
            "sectors": [
                {"id": s.id, "score": s.score, "evidence": [e.text for e in s.evidence[:3]]}
                for s in classified.sectors
            ],
        },
    }


class NotifyHandlers:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], producer: EventProducer) -> None:
        self._sessions = sessions
        self._producer = producer

    async def on_announcement_classified(self, event: ClassifiedEvent) -> None:
        classified = event.data
        announcement_id = classified.announcement.announcement_id
        raised: list[AlertEvent] = []
        async with self._sessions() as session:
            subscriptions = (await session.exec(select(Subscription).where(col(Subscription.active)))).all()
            now = datetime.now(UTC)
            for subscription in subscriptions:
                hits = matches(subscription, classified)
                if hits is None:
                    continue
                ident = alert_id(subscription.id, announcement_id)
                if await session.get(Alert, ident) is not None:
                    continue  # redelivered event: this alert exists already
                session.add(
                    Alert(
                        id=ident,
                        subscription_id=subscription.id,
                        announcement_id=announcement_id,
                        payload=json.dumps(
                            alert_body(ident, subscription, classified, hits), ensure_ascii=False
                        ),
                        next_attempt_at=now,
                        created_at=now,
                    )
                )
                ALERTS_RAISED.labels(channel=subscription.channel).inc()
                raised.append(
                    AlertEvent(
                        id=ident,
                        source="/hoptac/notify",
                        type=TYPE_ALERT,
                        subject=announcement_id,
                        data=AlertRaised(
                            alert_id=ident,
                            subscription_id=subscription.id,
                            department=subscription.department,
                            channel="email" if subscription.channel == "email" else "webhook",
                            announcement_id=announcement_id,
                            title=classified.announcement.title,
                            matched_sectors=hits[0],
                            matched_localities=hits[1],
                        ),
                    )
                )
            partners = classified.partners()
            key = partners[0].slug if partners else classified.announcement.document_key
            # Published before the commit: a crash in between re-runs the handler,
            # which re-publishes the same alert ids (consumers drop duplicates)
            # rather than losing them.
            for alert in raised:
                await self._producer.publish(TOPIC_ALERTS, alert, key)
            await session.commit()
        if raised:
            log.info("alerts_raised", announcement_id=announcement_id, count=len(raised))
