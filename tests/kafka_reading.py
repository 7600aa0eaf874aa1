"""Reading a topic from the start in tests: until a condition holds, then a
little longer, so that "exactly N" can be asserted and not just "at least"."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer

Records = list[Any]  # aiokafka's ConsumerRecord (untyped)


async def read_records(
    bootstrap: str, topic: str, until: Callable[[Records], bool], wait: float = 30, settle: float = 1.5
) -> Records:
    """Every record of ``topic`` from the earliest offset, once ``until(records)``
    holds (bounded by ``wait`` seconds) and ``settle`` more seconds have passed."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    records: Records = []
    try:
        async with asyncio.timeout(wait):
            while not until(records):
                for batch in (await consumer.getmany(timeout_ms=300)).values():
                    records.extend(batch)
        for batch in (await consumer.getmany(timeout_ms=int(settle * 1000))).values():
            records.extend(batch)
    finally:
        await consumer.stop()
    return records


def at_least(count: int) -> Callable[[Records], bool]:
    return lambda records: len(records) >= count
