"""Kafka plumbing every service uses: topics, an idempotent producer, and a
consumer loop that commits only after the handler's effects are durable and
moves what it cannot process to the group's dead-letter topic.
"""

from __future__ import annotations

import asyncio
import contextvars
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, KafkaError
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from shared import metrics
from shared.events import TOPIC_ALERTS, TOPIC_CLASSIFIED, TOPIC_INGESTED, CloudEvent, dead_letter_topic

log = structlog.get_logger()

Headers = list[tuple[str, bytes]]

# ------------------------------------------------------------------ topics


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int = 3
    configs: Mapping[str, str] = field(default_factory=dict)


_EVENT_CONFIGS = {
    "cleanup.policy": "delete",
    "retention.ms": str(30 * 24 * 3600 * 1000),  # 30 days: integrators can replay a month
    "max.message.bytes": str(8 * 1024 * 1024),  # announcements carry their text
}
_DLQ_CONFIGS = {
    "cleanup.policy": "delete",
    "retention.ms": str(90 * 24 * 3600 * 1000),  # dead letters wait for a human
    "max.message.bytes": str(8 * 1024 * 1024),
}
CONSUMER_GROUPS = ("classify", "notify", "api")

TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(TOPIC_INGESTED, configs=_EVENT_CONFIGS),
    TopicSpec(TOPIC_CLASSIFIED, configs=_EVENT_CONFIGS),
    TopicSpec(TOPIC_ALERTS, configs=_EVENT_CONFIGS),
    *(TopicSpec(dead_letter_topic(group), configs=_DLQ_CONFIGS) for group in CONSUMER_GROUPS),
)


async def ensure_topics(
    bootstrap: str, topics: Sequence[TopicSpec] = TOPICS, replication: int = 1
) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t.name not in existing]
        if not missing:
            return []
        response = await admin.create_topics(
            [NewTopic(t.name, t.partitions, replication, topic_configs=dict(t.configs)) for t in missing]
        )
        for topic, code, *rest in response.topic_errors:
            if code not in (0, 36):  # 36: TOPIC_ALREADY_EXISTS (another service won the race)
                raise KafkaError(f"cannot create topic {topic}: error {code} {rest}")
        return [t.name for t in missing]
    finally:
        await admin.close()


# ------------------------------------------------------------------ tracing

_traceparent: contextvars.ContextVar[str | None] = contextvars.ContextVar("traceparent", default=None)


def _child_traceparent(parent: str | None) -> str:
    """W3C traceparent for a new span, in the parent's trace when there is one."""
    parts = parent.split("-") if parent else []
    if len(parts) == 4 and len(parts[1]) == 32 and parts[1] != "0" * 32:
        trace_id, flags = parts[1], parts[3]
    else:
        trace_id, flags = secrets.token_hex(16), "01"
    return f"00-{trace_id}-{secrets.token_hex(8)}-{flags}"


def current_traceparent() -> str | None:
    return _traceparent.get()


def start_trace(parent: str | None = None) -> str:
    """Open a span (from an HTTP request's or a message's traceparent) for this task."""
    value = _child_traceparent(parent)
    _traceparent.set(value)
    structlog.contextvars.bind_contextvars(trace_id=value.split("-")[1])
    return value


# ------------------------------------------------------------------ producer


class EventProducer:
    """Idempotent producer (acks=all); every send waits for the broker's ack."""

    def __init__(self, bootstrap: str, client_id: str) -> None:
        self._bootstrap = bootstrap
        self._client_id = client_id
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        """Connect; may be called again after a failed attempt."""
        producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            max_request_size=8 * 1024 * 1024,
        )
        try:
            await producer.start()
        except BaseException:
            await producer.stop()
            raise
        self._producer = producer

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def partitions_for(self, topic: str) -> set[int]:
        """Fetches fresh metadata: a cheap check that the broker answers."""
        if self._producer is None:
            raise KafkaConnectionError("producer not started")
        partitions: set[int] = await self._producer.partitions_for(topic)
        return partitions

    async def publish(self, topic: str, event: CloudEvent[Any], key: str) -> None:
        """Send one CloudEvent (structured mode) and wait until it is acknowledged."""
        await self.send_raw(topic, event.model_dump_json().encode(), key.encode(), [])
        log.info("event_published", topic=topic, event_id=event.id, event_type=event.type, key=key)

    async def send_raw(self, topic: str, value: bytes, key: bytes | None, headers: Headers) -> None:
        await (await self.enqueue(topic, value, key, headers))

    async def enqueue(
        self, topic: str, value: bytes, key: bytes | None, headers: Headers, traceparent: str | None = None
    ) -> asyncio.Future[Any]:
        """Hand one record to the producer's batch; await the returned future for the ack.

        Lets a caller send many records and wait once (the outbox relay), while
        ``send_raw`` waits for each.
        """
        if self._producer is None:
            raise KafkaConnectionError("producer not started")
        own = [(k, v) for k, v in headers if k != "traceparent"]
        own.append(("traceparent", _child_traceparent(traceparent or current_traceparent()).encode()))
        own.append(("content-type", b"application/cloudevents+json"))
        future: asyncio.Future[Any] = await self._producer.send(topic, value=value, key=key, headers=own)
        future.add_done_callback(partial(_count_published, topic))
        return future


def _count_published(topic: str, future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is None:
        metrics.EVENTS_PUBLISHED.labels(topic=topic).inc()


# ------------------------------------------------------------------ consumer


class PermanentError(Exception):
    """The message itself is wrong: retrying will not help, dead-letter it."""


# Errors that say "the world is down", not "this message is bad": the consumer
# waits and retries the same message instead of dead-lettering it.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    KafkaConnectionError,
    OperationalError,
    ConnectionError,
    TimeoutError,
)

Handler = Callable[[Any], Awaitable[None]]


@dataclass
class Route:
    """What to do with one input topic: its event model and its handler."""

    model: type[CloudEvent[Any]]
    handler: Handler


class ConsumerLoop:
    """At-least-once consumer with manual commits and a dead-letter topic.

    For each record: parse and validate the CloudEvent, run the handler, and
    only then commit the record's offset. A record that cannot be parsed, or
    whose handler raises anything but a transient error, goes to
    ``hoptac.dlq.<group>.v1`` with the reason and its origin in headers, and the
    loop moves on. Transient errors (database or broker down) are retried with
    backoff without committing, so nothing is lost or skipped.
    """

    def __init__(
        self,
        *,
        bootstrap: str,
        group: str,
        routes: Mapping[str, Route],
        producer: EventProducer,
        max_attempts: int = 3,
    ) -> None:
        self.group = group
        self.routes = dict(routes)
        self._producer = producer
        self._max_attempts = max_attempts
        self._bootstrap = bootstrap
        self._consumer: AIOKafkaConsumer | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; then commit what is done and leave the group."""
        self._consumer = AIOKafkaConsumer(
            *self.routes,
            bootstrap_servers=self._bootstrap,
            group_id=self.group,
            client_id=f"hoptac-{self.group}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
        )
        await self._consumer.start()
        log.info("consumer_started", group=self.group, topics=list(self.routes))
        try:
            while not stop.is_set():
                batch = await self._consumer.getmany(timeout_ms=300, max_records=50)
                for tp, records in batch.items():
                    for record in records:
                        await self._process(tp, record, stop)
                        if stop.is_set():
                            break
                    if stop.is_set():
                        break
        finally:
            await self._consumer.stop()  # leaves the group so partitions move at once
            log.info("consumer_stopped", group=self.group)

    async def _process(self, tp: TopicPartition, record: ConsumerRecord, stop: asyncio.Event) -> None:
        route = self.routes[record.topic]
        headers = list(record.headers or ())
        parent = next((v.decode(errors="replace") for k, v in headers if k == "traceparent"), None)
        start_trace(parent)
        structlog.contextvars.bind_contextvars(
            topic=record.topic, partition=record.partition, offset=record.offset
        )
        try:
            try:
                event = route.model.model_validate_json(record.value or b"")
            except ValidationError as exc:
                await self._dead_letter(record, "invalid_event", _validation_summary(exc))
                return
            structlog.contextvars.bind_contextvars(event_id=event.id)
            await self._handle_with_retries(route, event, record, stop)
        finally:
            structlog.contextvars.unbind_contextvars("topic", "partition", "offset", "event_id", "trace_id")

    async def _handle_with_retries(
        self, route: Route, event: CloudEvent[Any], record: ConsumerRecord, stop: asyncio.Event
    ) -> None:
        attempt = 0
        delay = 0.2
        while True:
            attempt += 1
            started = asyncio.get_running_loop().time()
            try:
                await route.handler(event)
            except PermanentError as exc:
                await self._dead_letter(record, "rejected", str(exc))
                return
            except TRANSIENT_ERRORS as exc:
                metrics.HANDLER_RETRIES.labels(group=self.group).inc()
                log.warning("handler_transient_error", error=repr(exc), attempt=attempt)
                if stop.is_set():
                    return  # not committed: redelivered after restart
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            except Exception as exc:
                metrics.HANDLER_RETRIES.labels(group=self.group).inc()
                log.exception("handler_failed", attempt=attempt)
                if attempt < self._max_attempts:
                    await asyncio.sleep(delay)
                    delay *= 2
                    continue
                await self._dead_letter(record, "handler_error", f"{type(exc).__name__}: {exc}")
                return
            metrics.HANDLER_SECONDS.labels(group=self.group).observe(
                asyncio.get_running_loop().time() - started
            )
            await self._commit(record)
            metrics.EVENTS_CONSUMED.labels(group=self.group, topic=record.topic, outcome="handled").inc()
            return

    async def _commit(self, record: ConsumerRecord) -> None:
        assert self._consumer is not None
        await self._consumer.commit({TopicPartition(record.topic, record.partition): record.offset + 1})

    async def _dead_letter(self, record: ConsumerRecord, reason: str, detail: str) -> None:
        headers: Headers = list(record.headers or ())
        headers += [
            ("hoptac-dlq-reason", reason.encode()),
            ("hoptac-dlq-detail", detail[:2000].encode()),
            ("hoptac-dlq-original-topic", record.topic.encode()),
            ("hoptac-dlq-original-partition", str(record.partition).encode()),
            ("hoptac-dlq-original-offset", str(record.offset).encode()),
            ("hoptac-dlq-consumer-group", self.group.encode()),
            ("hoptac-dlq-failed-at", datetime.now(UTC).isoformat().encode()),
        ]
        # The dead letter must be acknowledged before the offset moves past it.
        await self._producer.send_raw(dead_letter_topic(self.group), record.value or b"", record.key, headers)
        await self._commit(record)
        metrics.EVENTS_CONSUMED.labels(group=self.group, topic=record.topic, outcome="dead_lettered").inc()
        metrics.DEAD_LETTERS.labels(group=self.group, reason=reason).inc()
        log.warning("event_dead_lettered", reason=reason, detail=detail[:300])


def _validation_summary(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "(message)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)
