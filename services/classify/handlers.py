"""classify's one handler: an ingested announcement in, a classified one out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from services.classify.classifier import Classifier
from services.classify.models import ClassificationRecord
from shared.events import (
    TOPIC_CLASSIFIED,
    TYPE_CLASSIFIED,
    AnnouncementClassified,
    ClassifiedEvent,
    IngestedEvent,
)
from shared.kafka import EventProducer

log = structlog.get_logger()

CLASSIFIED = Counter("classify_announcements_total", "Announcements classified, by outcome", ["outcome"])
SECTOR_TAGS = Counter("classify_sector_tags_total", "Sector tags emitted", ["sector"])

# Event ids derive from (announcement, classifier version): re-classifying the
# same announcement with the same code after a crash re-emits the same id, which
# downstream consumers drop as a duplicate.
EVENT_NAMESPACE = uuid.UUID("5b0e3f1e-9a4c-4d8e-9f57-0c1c2a3b4d5e")


def classified_event_id(announcement_id: str, version: str) -> str:
    return str(uuid.uuid5(EVENT_NAMESPACE, f"{announcement_id}/{version}"))


class ClassifyHandlers:
    def __init__(
        self, *, sessions: async_sessionmaker[AsyncSession], producer: EventProducer, classifier: Classifier
    ) -> None:
        self._sessions = sessions
        self._producer = producer
        self._classifier = classifier

    async def on_announcement_ingested(self, event: IngestedEvent) -> None:
        announcement = event.data
        version = self._classifier.version
        async with self._sessions() as session:
            done = await session.get(ClassificationRecord, (announcement.announcement_id, version))
        if done is not None:
            CLASSIFIED.labels(outcome="duplicate").inc()
            log.info("announcement_already_classified", announcement_id=announcement.announcement_id)
            return

        result = self._classifier.classify(announcement.text, announcement.title, announcement.language)
        classified = AnnouncementClassified(
            announcement=announcement,
            sectors=result.sectors,
            localities=result.localities,
            commitments=result.commitments,
            classifier_version=version,
        )
        out = ClassifiedEvent(
            id=classified_event_id(announcement.announcement_id, version),
            source="/hoptac/classify",
            type=TYPE_CLASSIFIED,
            subject=announcement.announcement_id,
            data=classified,
        )
        partners = classified.partners()
        # Key by partner: every event of one agreement lands on one partition, in order.
        key = partners[0].slug if partners else announcement.document_key
        # Produce (acknowledged) before recording: a crash in between re-produces
        # the same event id, never loses it.
        await self._producer.publish(TOPIC_CLASSIFIED, out, key)
        async with self._sessions() as session:
            session.add(
                ClassificationRecord(
                    announcement_id=announcement.announcement_id,
                    classifier_version=version,
                    event_id=out.id,
                    sectors=",".join(s.id for s in result.sectors),
                    partners=",".join(p.slug for p in partners),
                    created_at=datetime.now(UTC),
                )
            )
            await session.commit()
        CLASSIFIED.labels(outcome="classified").inc()
        for sector in result.sectors:
            SECTOR_TAGS.labels(sector=sector.id).inc()
