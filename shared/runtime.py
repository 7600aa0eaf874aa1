"""What every service process owns between start and stop: database, producer,
consumer loop and background tasks, opened in order and closed in reverse.

The broker may be down when a service starts (or go away later): the Kafka
side then retries in the background while HTTP keeps serving and /readyz says
what is missing, instead of the process crashing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import structlog
from aiokafka.errors import KafkaError
from fastapi import Depends, FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.db import create_engine, database_url, migrate, ping, session_factory
from shared.events import TOPIC_INGESTED
from shared.kafka import ConsumerLoop, EventProducer, Route, ensure_topics
from shared.logging import configure_logging
from shared.settings import ServiceSettings

log = structlog.get_logger()


@dataclass
class Runtime:
    service: str
    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    producer: EventProducer
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    kafka_ready: asyncio.Event = field(default_factory=asyncio.Event)


RoutesFactory = Callable[[Runtime], Mapping[str, Route]]
BackgroundTask = Callable[[Runtime], Coroutine[Any, Any, None]]


@contextlib.asynccontextmanager
async def service_runtime(
    app: FastAPI,
    *,
    service: str,
    settings: ServiceSettings,
    migrations: Path,
    routes: RoutesFactory | None = None,
    background: tuple[BackgroundTask, ...] = (),
) -> AsyncIterator[Runtime]:
    """Open the service's resources; on exit, stop consuming cleanly and close them."""
    configure_logging(service, settings.log_level)
    engine = create_engine(database_url(settings, service), service)
    await migrate(engine, service, migrations)
    runtime = Runtime(
        service=service,
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        producer=EventProducer(settings.kafka_bootstrap_servers, client_id=f"hoptac-{service}"),
    )

    async def kafka_probe() -> None:
        if not runtime.kafka_ready.is_set():
            raise ConnectionError("not connected to Kafka yet")
        await runtime.producer.partitions_for(TOPIC_INGESTED)

    app.state.runtime = runtime
    app.state.probes.update({"database": lambda: ping(engine), "kafka": kafka_probe})
    tasks = [asyncio.create_task(_kafka_side(runtime, routes), name=f"{service}-kafka")]
    tasks += [asyncio.create_task(job(runtime), name=f"{service}-{job.__name__}") for job in background]
    log.info("service_started", port=settings.port)
    try:
        yield runtime
    finally:
        runtime.stop.set()
        # In-flight messages finish and are committed; then the group is left.
        done, pending = await asyncio.wait(tasks, timeout=20)
        for task in pending:
            task.cancel()
        for task in done:
            if not task.cancelled() and task.exception():
                log.error("task_failed", task=task.get_name(), error=repr(task.exception()))
        await runtime.producer.stop()
        await engine.dispose()
        log.info("service_stopped")


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, or less if the service is told to stop meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def _kafka_side(runtime: Runtime, routes: RoutesFactory | None) -> None:
    """Connect (retrying while the broker is away), then consume until stopped."""
    delay = 0.5
    while not runtime.stop.is_set():
        try:
            await ensure_topics(runtime.settings.kafka_bootstrap_servers)
            await runtime.producer.start()
            runtime.kafka_ready.set()
            break
        except (KafkaError, OSError) as exc:
            log.warning("kafka_unavailable", error=repr(exc), retry_in=delay)
            await pause(runtime.stop, delay)
            delay = min(delay * 2, 5.0)
    if routes is None or runtime.stop.is_set():
        return
    loop = ConsumerLoop(
        bootstrap=runtime.settings.kafka_bootstrap_servers,
        group=runtime.service,
        routes=routes(runtime),
        producer=runtime.producer,
    )
    while not runtime.stop.is_set():
        try:
            await loop.run(runtime.stop)
        except KafkaError as exc:
            log.warning("consumer_interrupted", error=repr(exc))
            await pause(runtime.stop, 2)


async def _db_session(request: Request) -> AsyncIterator[AsyncSession]:
    runtime: Runtime = request.app.state.runtime
    async with runtime.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_db_session)]
