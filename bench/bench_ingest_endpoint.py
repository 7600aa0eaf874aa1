"""Accepted announcements per second at POST /announcements (parse + dedupe check +
announcement and outbox rows in one transaction, relay running against a real
broker), beside a bare FastAPI endpoint that only inserts the same announcement
row: the ceiling. Both in-process over ASGI, same SQLite engine settings, same
client concurrency, measured side by side in one run.

    python bench/bench_ingest_endpoint.py [--n 400] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from hoptac.infra.kafka import LocalKafka, free_port
from services.ingest.app import MIGRATIONS, build_app
from services.ingest.models import Announcement
from services.ingest.settings import Settings
from shared.db import create_engine, migrate, session_factory

SEEDS = sorted((Path(__file__).resolve().parents[1] / "hoptac" / "samples").glob("*.txt"))


def _texts(n: int) -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in SEEDS]
    # Distinct announcements: a number in the first paragraph changes the identity.
    out = []
    for i in range(n):
        text = base[i % len(base)]
        first, _, rest = text.partition("\n\n")
        out.append(f"{first}\n\nHNP - (bản {i}) {rest}")
    return out


async def _drive(client: httpx.AsyncClient, path: str, texts: list[str], concurrency: int) -> float:
    queue = list(texts)
    statuses: list[int] = []

    async def worker() -> None:
        while queue:
            text = queue.pop()
            response = await client.post(path, json={"text": text})
            statuses.append(response.status_code)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    accepted = sum(s in (201, 202) for s in statuses)
    if accepted != len(texts):
        raise SystemExit(f"{path}: only {accepted} of {len(texts)} accepted: {sorted(set(statuses))}")
    return len(texts) / elapsed


class Body(BaseModel):
    text: str


def _bare_app(db_url: str) -> tuple[FastAPI, Callable[[], Awaitable[None]]]:
    """The ceiling: validate JSON, hash, insert the announcement row. Nothing else."""
    engine = create_engine(db_url, "ingest")
    sessions = session_factory(engine)
    app = FastAPI()

    @app.post("/bare", status_code=202)
    async def bare(body: Body) -> dict[str, str]:
        ident = hashlib.sha256(body.text.encode()).hexdigest()[:32]
        async with sessions() as session:
            session.add(
                Announcement(
                    id=ident, document_key=f"ann:{ident}", source_kind="http", text=body.text,
                    source_text=body.text, created_at=datetime.now(UTC),
                )
            )  # fmt: skip
            await session.commit()
        return {"id": ident}

    async def setup() -> None:
        await migrate(engine, "ingest", MIGRATIONS)

    return app, setup


async def main(n: int, concurrency: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="hoptac-bench-"))
    texts, warmup = _texts(n + 20)[:n], _texts(n + 20)[n:]
    with LocalKafka(work / "kafka", port=free_port(), controller_port=free_port()) as broker:
        settings = Settings(
            kafka_bootstrap_servers=broker.bootstrap,
            database_url=f"sqlite+aiosqlite:///{work / 'ingest.db'}",
            data_dir=work,
            log_level="WARNING",
        )
        ingest = build_app(settings)
        bare, setup = _bare_app(f"sqlite+aiosqlite:///{work / 'bare.db'}")
        await setup()
        async with ingest.router.lifespan_context(ingest):
            transport = httpx.ASGITransport(app=ingest)
            async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
                await _drive(client, "/announcements", warmup, 4)
                ingest_rate = await _drive(client, "/announcements", texts, concurrency)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=bare), base_url="http://bare"
        ) as client:
            await _drive(client, "/bare", warmup, 4)
            bare_rate = await _drive(client, "/bare", texts, concurrency)

    print(
        f"POST /announcements, {n} distinct announcements, concurrency {concurrency}, SQLite, in-process ASGI"
    )
    print(f"| {'endpoint':<48} | {'accepted/s':>10} | {'vs ceiling':>10} |")
    print(f"|{'-' * 50}|{'-' * 12}|{'-' * 12}|")
    print(
        f"| {'ingest (parse + outbox, relay to Kafka running)':<48} | {ingest_rate:>10.0f} | {ingest_rate / bare_rate:>9.0%} |"
    )
    print(f"| {'bare FastAPI insert of the same row (ceiling)':<48} | {bare_rate:>10.0f} | {'100%':>10} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(main(args.n, args.concurrency))
