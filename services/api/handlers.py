"""api builds its own state from classified events only."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from services.api.models import AgreementLink, ClassifiedAnnouncement
from shared.events import AnnouncementClassified, ClassifiedEvent

log = structlog.get_logger()

APPLIED = Counter(
    "api_events_applied_total", "Classified events applied to the read model, by outcome", ["outcome"]
)


SUB_UNITS = {"district", "ward"}


def agreement_partners(data: AnnouncementClassified) -> set[str]:
    """The partners whose agreement an announcement belongs to.

    A district taking part beside its province or city (Chanthabuly within the
    Hanoi-Vientiane cooperation) is part of that agreement, not one of its own;
    a district named alone is its own partner.
    """
    partners = data.partners()
    main = {p.slug for p in partners if p.level not in SUB_UNITS}
    return main or {p.slug for p in partners}


class ApiHandlers:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def on_announcement_classified(self, event: ClassifiedEvent) -> None:
        data = event.data
        announcement_id = data.announcement.announcement_id
        async with self._sessions() as session:
            current = await session.get(ClassifiedAnnouncement, announcement_id)
            if current is not None and current.event_id == event.id:
                APPLIED.labels(outcome="duplicate").inc()
                return
            if current is None:
                current = ClassifiedAnnouncement(
                    announcement_id=announcement_id,
                    event_id=event.id,
                    classifier_version=data.classifier_version,
                    document_key=data.announcement.document_key,
                    payload=data.model_dump_json(),
                    received_at=datetime.now(UTC),
                )
                outcome = "applied"
            else:
                # A re-classification replaces the previous tags of that announcement.
                current.event_id = event.id
                current.classifier_version = data.classifier_version
                current.payload = data.model_dump_json()
                current.received_at = datetime.now(UTC)
                await session.exec(
                    delete(AgreementLink).where(col(AgreementLink.announcement_id) == announcement_id)
                )
                outcome = "reclassified"
            session.add(current)
            await session.flush()
            for partner in agreement_partners(data):
                session.add(AgreementLink(partner_slug=partner, announcement_id=announcement_id))
            await session.commit()
        APPLIED.labels(outcome=outcome).inc()
        log.info(
            "agreement_updated", announcement_id=announcement_id, partners=[p.slug for p in data.partners()]
        )
