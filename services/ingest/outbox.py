"""The outbox relay: sends stored events to Kafka in order, marks each sent only
after the broker acknowledged it. With the broker down, events wait in the
database and flow as soon as it is back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import structlog
from aiokafka.errors import KafkaError
from prometheus_client import Gauge
from sqlmodel import col, func, select

from services.ingest.models import OutboxEntry
from shared.runtime import Runtime, pause

log = structlog.get_logger()

OUTBOX_PENDING = Gauge("ingest_outbox_pending", "Events stored but not yet acknowledged by Kafka")


class OutboxRelay:
    def __init__(self, batch: int = 200, linger_seconds: float = 0.02) -> None:
        self._batch = batch
        # After a wake-up, wait this long so one relay transaction marks many
        # events sent: under load, a commit per event would halve intake.
        self._linger = linger_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was written: look now rather than at the next tick."""
        self._wake.set()

    async def run(self, runtime: Runtime) -> None:
        delay = 0.5
        while not runtime.stop.is_set():
            if not runtime.kafka_ready.is_set():
                await pause(runtime.stop, 0.5)
                continue
            self._wake.clear()  # before reading: a write during the batch wakes the next one
            try:
                sent = await self._relay_batch(runtime)
                delay = 0.5
            except KafkaError as exc:
                log.warning("outbox_relay_failed", error=repr(exc), retry_in=delay)
                await pause(runtime.stop, delay)
                delay = min(delay * 2, 10.0)
                continue
            if sent < self._batch:
                waiter = asyncio.create_task(self._wake.wait())
                stopper = asyncio.create_task(runtime.stop.wait())
                await asyncio.wait({waiter, stopper}, timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
                stopper.cancel()
                await pause(runtime.stop, self._linger)

    async def _relay_batch(self, runtime: Runtime) -> int:
        async with runtime.sessions() as session:
            pending = (
                await session.exec(
                    select(OutboxEntry)
                    .where(col(OutboxEntry.sent_at).is_(None))
                    .order_by(col(OutboxEntry.id))
                    .limit(self._batch)
                )
            ).all()
            # Hand the whole batch to the producer, then wait for every ack, then
            # mark them sent in one transaction. A crash in between re-sends some
            # events with their same ids, which consumers drop; none is lost.
            acks = [
                await runtime.producer.enqueue(
                    entry.topic, entry.payload.encode(), entry.key.encode(), [], traceparent=entry.traceparent
                )
                for entry in pending
            ]
            await asyncio.gather(*acks)
            now = datetime.now(UTC)
            for entry in pending:
                entry.sent_at = now
                session.add(entry)
            await session.commit()
            remaining = (
                await session.exec(select(func.count()).where(col(OutboxEntry.sent_at).is_(None)))
            ).one()
            OUTBOX_PENDING.set(remaining)
        return len(pending)
