"""shared/kafka.py against the real broker: commit after handling, dead letters,
retries of transient errors, restart without reprocessing, trace propagation."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

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
from tests.kafka_reading import at_least, read_records


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

    letters = await read_records(kafka_bootstrap, dead_letter_topic(group), at_least(2), settle=0)
    by_reason = {dict(r.headers)["hoptac-dlq-reason"].decode(): r for r in letters}
    assert set(by_reason) == {"invalid_event", "rejected"}
    invalid = dict(by_reason["invalid_event"].headers)
    assert by_reason["invalid_event"].value == b"{not json"
    assert invalid["hoptac-dlq-original-topic"].decode() == topic
    assert invalid["hoptac-dlq-original-offset"] == b"1"
    assert b"Invalid JSON" in invalid["hoptac-dlq-detail"]
    assert b"announcement says nothing" in dict(by_reason["rejected"].headers)["hoptac-dlq-detail"]
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
    [letter] = await read_records(kafka_bootstrap, dead_letter_topic(group), at_least(1), settle=0)
    headers = dict(letter.headers)
    assert headers["hoptac-dlq-reason"] == b"handler_error"
    assert headers["hoptac-dlq-detail"] == b"ValueError: bug in handler"
