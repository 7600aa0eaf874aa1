"""Taking in one parsed announcement: stored with its event, once, in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from prometheus_client import Counter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from services.ingest.models import Announcement, OutboxEntry
from services.ingest.parsing import ParsedAnnouncement
from shared.events import TOPIC_INGESTED, TYPE_INGESTED, AnnouncementIngested, IngestedEvent, SourceRef
from shared.kafka import current_traceparent

log = structlog.get_logger()

TAKEN_IN = Counter(
    "ingest_announcements_total", "Announcements received, by source and outcome", ["source", "outcome"]
)

EVENT_NAMESPACE = uuid.UUID("0f6f3f8e-2c1d-4a7b-8e55-7d1c9b2a6e41")


@dataclass(frozen=True)
class IntakeResult:
    announcement_id: str
    document_key: str
    created: bool


def ingested_event(parsed: ParsedAnnouncement, source: SourceRef) -> IngestedEvent:
    """The ingested event; its id derives from the announcement id, so it is stable."""
    return IngestedEvent(
        id=str(uuid.uuid5(EVENT_NAMESPACE, parsed.announcement_id)),
        source="/hoptac/ingest",
        type=TYPE_INGESTED,
        subject=parsed.announcement_id,
        data=AnnouncementIngested(
            announcement_id=parsed.announcement_id,
            document_key=parsed.document_key,
            source=source,
            language=parsed.language,
            title=parsed.title,
            text=parsed.text,
            published_at=parsed.published_at,
            document=parsed.document,
            issued_on=parsed.issued_on,
        ),
    )


async def take_in(
    sessions: async_sessionmaker[AsyncSession], parsed: ParsedAnnouncement, source: SourceRef
) -> IntakeResult:
    """Store the announcement and its outbox event atomically; a known one is a no-op."""
    result = IntakeResult(parsed.announcement_id, parsed.document_key, created=False)
    # No look-up first: the primary key decides, so a known announcement costs
    # one failed insert and a new one a single round trip.
    async with sessions() as session:
        event = ingested_event(parsed, source)
        now = datetime.now(UTC)
        document = parsed.document
        session.add(
            Announcement(
                id=parsed.announcement_id,
                document_key=parsed.document_key,
                source_kind=source.kind,
                source_url=source.url,
                filename=source.filename,
                language=parsed.language,
                title=parsed.title,
                text=parsed.text,
                source_text=parsed.source_text,
                published_at=parsed.published_at,
                document_number=document.number if document else None,
                document_kind=document.kind if document else None,
                issuer=document.issuer if document else None,
                issued_on=parsed.issued_on,
                created_at=now,
            )
        )
        session.add(
            OutboxEntry(
                event_id=event.id,
                topic=TOPIC_INGESTED,
                key=parsed.document_key,
                payload=event.model_dump_json(),
                traceparent=current_traceparent(),
                created_at=now,
            )
        )
        try:
            await session.commit()
        except IntegrityError:
            # Taken in before (or by a concurrent request a moment ago).
            await session.rollback()
            TAKEN_IN.labels(source=source.kind, outcome="duplicate").inc()
            return result
    TAKEN_IN.labels(source=source.kind, outcome="accepted").inc()
    log.info("announcement_taken_in", announcement_id=parsed.announcement_id, source=source.kind)
    return IntakeResult(parsed.announcement_id, parsed.document_key, created=True)
