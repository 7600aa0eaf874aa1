"""Taking in parsed announcements: each stored with its event, once, atomically;
announcements arriving together share one transaction (group commit)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

import structlog
from prometheus_client import Counter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
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


def _rows(
    parsed: ParsedAnnouncement, source: SourceRef, traceparent: str | None
) -> tuple[Announcement, OutboxEntry]:
    event = ingested_event(parsed, source)
    now = datetime.now(UTC)
    document = parsed.document
    announcement = Announcement(
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
    outbox = OutboxEntry(
        event_id=event.id,
        topic=TOPIC_INGESTED,
        key=parsed.document_key,
        payload=event.model_dump_json(),
        traceparent=traceparent,
        created_at=now,
    )
    return announcement, outbox


@dataclass
class _Pending:
    parsed: ParsedAnnouncement
    source: SourceRef
    traceparent: str | None
    done: asyncio.Future[bool]  # True: stored now; False: known already


class GroupCommitter:
    """Announcements arriving together are stored in one transaction.

    A commit is the cost of intake (one fsync on SQLite, one round trip on
    PostgreSQL), so one writer task stores everything queued meanwhile in one
    go, and keeps going while more arrive; each caller still returns only once
    its own rows are committed, so a 202 keeps meaning "durable".
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], max_batch: int = 100) -> None:
        self._sessions = sessions
        self._max_batch = max_batch
        self._queue: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, parsed: ParsedAnnouncement, source: SourceRef) -> bool:
        pending = _Pending(parsed, source, current_traceparent(), asyncio.get_running_loop().create_future())
        self._queue.append(pending)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await pending.done

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            try:
                try:
                    created = await self._store(batch)
                except IntegrityError:
                    # Another process on the same database stored one of them in
                    # between: one transaction each, so the others still go in.
                    created = [await self._store_one(p) for p in batch]
            except Exception as exc:  # the database is away: every caller hears it
                for p in batch:
                    if not p.done.done():
                        p.done.set_exception(exc)
                continue
            for p, stored in zip(batch, created, strict=True):
                if not p.done.done():  # a caller may have gone (client disconnected)
                    p.done.set_result(stored)

    async def _store(self, batch: list[_Pending]) -> list[bool]:
        ids = {p.parsed.announcement_id for p in batch}
        async with self._sessions() as session:
            known = set(
                (await session.exec(select(Announcement.id).where(col(Announcement.id).in_(ids)))).all()
            )
            created: list[bool] = []
            for p in batch:
                ident = p.parsed.announcement_id
                if ident in known:
                    created.append(False)
                    continue
                known.add(ident)  # the same text twice in one batch: the first one counts
                session.add_all(_rows(p.parsed, p.source, p.traceparent))
                created.append(True)
            await session.commit()
        return created

    async def _store_one(self, pending: _Pending) -> bool:
        async with self._sessions() as session:
            session.add_all(_rows(pending.parsed, pending.source, pending.traceparent))
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
                return False
        return True


_committers: WeakKeyDictionary[async_sessionmaker[AsyncSession], GroupCommitter] = WeakKeyDictionary()


async def take_in(
    sessions: async_sessionmaker[AsyncSession], parsed: ParsedAnnouncement, source: SourceRef
) -> IntakeResult:
    """Store the announcement and its outbox event atomically; a known one is a no-op."""
    committer = _committers.get(sessions)
    if committer is None:
        committer = _committers[sessions] = GroupCommitter(sessions)
    created = await committer.submit(parsed, source)
    TAKEN_IN.labels(source=source.kind, outcome="accepted" if created else "duplicate").inc()
    if created:
        log.info("announcement_taken_in", announcement_id=parsed.announcement_id, source=source.kind)
    return IntakeResult(parsed.announcement_id, parsed.document_key, created=created)
