"""Consolidating an agreement's state from the announcements that concern it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.api.models import (
    AgreementDetail,
    AgreementLink,
    AgreementSummary,
    ClassifiedAnnouncement,
    CommitmentOut,
    DocumentOut,
    Rendition,
    SectorDetail,
    SectorSummary,
    TimelineEntry,
)
from shared.events import AnnouncementClassified, LocalityTag


async def _announcements_by_partner(
    session: AsyncSession, partner_slug: str | None = None
) -> dict[str, list[AnnouncementClassified]]:
    query = select(AgreementLink.partner_slug, ClassifiedAnnouncement.payload).join(
        ClassifiedAnnouncement,
        col(ClassifiedAnnouncement.announcement_id) == col(AgreementLink.announcement_id),
    )
    if partner_slug is not None:
        query = query.where(col(AgreementLink.partner_slug) == partner_slug)
    grouped: dict[str, list[AnnouncementClassified]] = defaultdict(list)
    for slug, payload in (await session.exec(query)).all():
        grouped[slug].append(AnnouncementClassified.model_validate_json(payload))
    return grouped


def _partner(slug: str, items: list[AnnouncementClassified]) -> LocalityTag:
    tags = [loc for item in items for loc in item.partners() if loc.slug == slug]
    return tags[0].model_copy(update={"evidence": []})


def _day(item: AnnouncementClassified) -> date | None:
    a = item.announcement
    return a.issued_on or (a.published_at.date() if a.published_at else None)


def _sector_summaries(items: list[AnnouncementClassified]) -> list[SectorSummary]:
    counts: dict[str, int] = defaultdict(int)
    best: dict[str, float] = defaultdict(float)
    for item in items:
        for sector in item.sectors:
            counts[sector.id] += 1
            best[sector.id] = max(best[sector.id], sector.score)
    return [SectorSummary(id=s, documents=counts[s], best_score=round(best[s], 3)) for s in sorted(counts)]


async def list_agreements(session: AsyncSession) -> list[AgreementSummary]:
    out = []
    for slug, items in sorted((await _announcements_by_partner(session)).items()):
        days = [d for d in map(_day, items) if d]
        out.append(
            AgreementSummary(
                partner=_partner(slug, items),
                documents=len({i.announcement.document_key for i in items}),
                sectors=_sector_summaries(items),
                first_activity=min(days, default=None),
                last_activity=max(days, default=None),
            )
        )
    return out


async def agreement_detail(session: AsyncSession, partner_slug: str) -> AgreementDetail | None:
    items = (await _announcements_by_partner(session, partner_slug)).get(partner_slug)
    if not items:
        return None
    items.sort(key=lambda i: (_day(i) or date.min, i.announcement.announcement_id))

    documents: dict[str, DocumentOut] = {}
    for item in items:
        a = item.announcement
        doc = documents.setdefault(
            a.document_key,
            DocumentOut(
                document_key=a.document_key,
                number=a.document.number if a.document else None,
                kind=a.document.kind if a.document else None,
                issuer=a.document.issuer if a.document else None,
                issued_on=a.issued_on,
                renditions=[],
            ),
        )
        doc.renditions.append(
            Rendition(
                announcement_id=a.announcement_id,
                language=a.language,
                title=a.title,
                published_at=a.published_at,
                source_url=a.source.url,
            )
        )

    sectors: dict[str, SectorDetail] = {}
    for item in items:
        for tag in item.sectors:
            detail = sectors.setdefault(
                tag.id, SectorDetail(id=tag.id, best_score=0, announcements=[], evidence=[])
            )
            detail.best_score = round(max(detail.best_score, tag.score), 3)
            detail.announcements.append(item.announcement.announcement_id)
            for span in tag.evidence:
                if span.text not in detail.evidence:
                    detail.evidence.append(span.text)

    timeline: list[TimelineEntry] = []
    for item in items:
        a = item.announcement
        if a.issued_on:
            number = a.document.number if a.document else "document"
            timeline.append(
                TimelineEntry(
                    on=a.issued_on, what=f"{number} issued", announcement_id=a.announcement_id, title=a.title
                )
            )
        if a.published_at:
            timeline.append(
                TimelineEntry(
                    on=a.published_at.date(),
                    what="announcement published",
                    announcement_id=a.announcement_id,
                    title=a.title,
                )
            )
    timeline.sort(key=lambda t: t.on)

    hosts = {
        loc.slug: loc.model_copy(update={"evidence": []})
        for i in items
        for loc in i.localities
        if loc.role == "host"
    }
    return AgreementDetail(
        partner=_partner(partner_slug, items),
        host=list(hosts.values()),
        documents=list(documents.values()),
        sectors=sorted(sectors.values(), key=lambda s: s.id),
        commitments=[
            CommitmentOut(**c.model_dump(), announcement_id=i.announcement.announcement_id)
            for i in items
            for c in i.commitments
        ],
        timeline=timeline,
    )
