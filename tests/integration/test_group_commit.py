"""Group commit in ingest's intake, on SQLite and PostgreSQL: concurrent arrivals
share transactions, and each announcement is still stored once with its event."""

from __future__ import annotations

import asyncio

from sqlmodel import func, select

from services.ingest.app import MIGRATIONS
from services.ingest.intake import GroupCommitter, take_in
from services.ingest.models import Announcement, OutboxEntry
from services.ingest.parsing import parse
from shared.db import create_engine, migrate, session_factory
from shared.events import SourceRef
from tests.paths import SEEDS


async def test_concurrent_arrivals_are_stored_once_each(database_url: str) -> None:
    engine = create_engine(database_url, "ingest")
    await migrate(engine, "ingest", MIGRATIONS)
    sessions = session_factory(engine)
    seeds = [parse(p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    try:
        # Seed 0 is known before; then all five arrive at once, seed 1 three times.
        assert (await take_in(sessions, seeds[0], SourceRef(kind="file"))).created
        arrivals = [*seeds, seeds[1], seeds[1]]
        results = await asyncio.gather(*(take_in(sessions, p, SourceRef(kind="http")) for p in arrivals))
        created = [r.announcement_id for r in results if r.created]
        assert sorted(created) == sorted(p.announcement_id for p in seeds[1:])
        assert [r.created for r in results[:1]] == [False]

        async with sessions() as session:
            announcements = (await session.exec(select(func.count()).select_from(Announcement))).one()
            events = (await session.exec(select(func.count()).select_from(OutboxEntry))).one()
        assert announcements == events == 5
    finally:
        await engine.dispose()


async def test_a_database_error_reaches_every_waiting_caller() -> None:
    engine = create_engine("sqlite+aiosqlite:////nonexistent-dir/x.db", "ingest")
    committer = GroupCommitter(session_factory(engine))
    seed = parse((SEEDS / "000_d355ec78f3586d46.txt").read_bytes())
    outcomes = await asyncio.gather(
        committer.submit(seed, SourceRef(kind="http")),
        committer.submit(seed, SourceRef(kind="http")),
        return_exceptions=True,
    )
    assert all(isinstance(o, Exception) for o in outcomes)
    await engine.dispose()
