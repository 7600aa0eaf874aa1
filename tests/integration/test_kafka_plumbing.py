"""shared/kafka.py against the real broker: commit after handling, dead letters,
retries of transient errors, restart without reprocessing, trace propagation."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaConsumer

from shared.events import TYPE_INGESTED, AnnouncementIngested, IngestedEvent, SourceRef, dead_letter_topic
from shared.kafka import (
    ConsumerLoop,
    EventProducer,
    PermanentError,
    Route,
    TopicSpec,
    ensure_topics,
    start_trace,
)


def _event(marker: str) -> IngestedEvent:
    return IngestedEvent(
        source="/test",
        type=TYPE_INGESTED,
        subject=marker,
        data=AnnouncementIngested(
            announcement_id=marker, document_key=f"ann:{marker}", source=SourceRef(kind="http"), language="en",
            title=marker, text="text", published_at=None, document=None, issued_on=None,
        ),
    )  # fmt: skip


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[EventProducer]:
    producer = EventProducer(kafka_bootstrap, client_id="test")
    await producer.start()
    yield producer
    await producer.stop()


async def _drain(bootstrap: str, topic: str, expected: int, wait: float = 20) -> list[object]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    records: list[object] = []
    try:
        async with asyncio.timeout(wait):
            while len(records) < expected:
                batch = await consumer.getmany(timeout_ms=200)
                for rs in batch.values():
                    records.extend(rs)
    finally:
        await consumer.stop()
    return records


async def _run_until(loop: ConsumerLoop, done: asyncio.Event, wait: float = 30) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        async with asyncio.timeout(wait):
            await done.wait()
    finally:
        stop.set()
        await task


async def test_handles_commits_dead_letters_and_resumes_without_reprocessing(
    kafka_bootstrap: str, producer: EventProducer
) -> None:
    topic, group = f"test.in.{uuid.uuid4().hex[:8]}", f"g{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic), TopicSpec(dead_letter_topic(group))])

    start_trace("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    await producer.publish(topic, _event("good-1"), key="k")
    await producer.send_raw(topic, b"{not json", b"k", [])
    await producer.publish(topic, _event("reject-me"), key="k")
    await producer.publish(topic, _event("flaky"), key="k")
    await producer.publish(topic, _event("good-2"), key="k")

    handled: list[str] = []
    flaky_failures = 0
    done = asyncio.Event()

    async def handler(event: IngestedEvent) -> None:
        nonlocal flaky_failures
        marker = event.data.announcement_id
        if marker == "reject-me":
            raise PermanentError("announcement says nothing")
        if marker == "flaky" and flaky_failures < 2:
            flaky_failures += 1
            raise ConnectionError("database away")  # transient: retried, never dead-lettered
        handled.append(marker)
        if marker == "good-2":
            done.set()

    routes = {topic: Route(IngestedEvent, handler)}
    await _run_until(
        ConsumerLoop(bootstrap=kafka_bootstrap, group=group, routes=routes, producer=producer), done
    )
    assert handled == ["good-1", "flaky", "good-2"]
    assert flaky_failures == 2

    letters = await _drain(kafka_bootstrap, dead_letter_topic(group), expected=2)
    by_reason = {dict(r.headers)["hoptac-dlq-reason"].decode(): r for r in letters}  # type: ignore[attr-defined]
    assert set(by_reason) == {"invalid_event", "rejected"}
    invalid = dict(by_reason["invalid_event"].headers)  # type: ignore[attr-defined]
    assert by_reason["invalid_event"].value == b"{not json"  # type: ignore[attr-defined]
    assert invalid["hoptac-dlq-original-topic"].decode() == topic
    assert invalid["hoptac-dlq-original-offset"] == b"1"
    assert b"Invalid JSON" in invalid["hoptac-dlq-detail"]
    assert b"announcement says nothing" in dict(by_reason["rejected"].headers)["hoptac-dlq-detail"]  # type: ignore[attr-defined]
    # The dead letter continues the trace of the message it carries.
    assert invalid["traceparent"].decode().split("-")[1] == "0af7651916cd43dd8448eb211c80319c"

    # A new consumer in the same group starts after the committed offsets.
    await producer.publish(topic, _event("good-3"), key="k")
    handled.clear()
    done = asyncio.Event()

    async def second(event: IngestedEvent) -> None:
        handled.append(event.data.announcement_id)
        done.set()

    routes = {topic: Route(IngestedEvent, second)}
    await _run_until(
        ConsumerLoop(bootstrap=kafka_bootstrap, group=group, routes=routes, producer=producer), done
    )
    assert handled == ["good-3"]


async def test_a_handler_that_keeps_failing_is_dead_lettered_after_its_attempts(
    kafka_bootstrap: str, producer: EventProducer
) -> None:
    topic, group = f"test.in.{uuid.uuid4().hex[:8]}", f"g{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic), TopicSpec(dead_letter_topic(group))])
    await producer.publish(topic, _event("boom"), key="k")
    await producer.publish(topic, _event("after"), key="k")
    attempts = 0
    done = asyncio.Event()

    async def handler(event: IngestedEvent) -> None:
        nonlocal attempts
        if event.data.announcement_id == "boom":
            attempts += 1
            raise ValueError("bug in handler")
        done.set()

    loop = ConsumerLoop(
        bootstrap=kafka_bootstrap,
        group=group,
        routes={topic: Route(IngestedEvent, handler)},
        producer=producer,
    )
    await _run_until(loop, done)
    assert attempts == 3
    [letter] = await _drain(kafka_bootstrap, dead_letter_topic(group), expected=1)
    headers = dict(letter.headers)  # type: ignore[attr-defined]
    assert headers["hoptac-dlq-reason"] == b"handler_error"
    assert headers["hoptac-dlq-detail"] == b"ValueError: bug in handler"
