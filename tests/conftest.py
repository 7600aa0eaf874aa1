"""Session-wide real infrastructure: an Apache Kafka broker and a PostgreSQL server.

Setting KAFKA_BOOTSTRAP_SERVERS (or HOPTAC_TEST_POSTGRES_URL) points the suite
at an existing one instead of starting its own.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest

from hoptac.infra.kafka import LocalKafka, ensure_jars, free_port
from hoptac.infra.postgres import LocalPostgres


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real single-node KRaft broker for the whole session."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    ensure_jars()
    broker = LocalKafka(tmp_path_factory.mktemp("kafka"), port=free_port(), controller_port=free_port())
    broker.start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture
def fresh_kafka(tmp_path: Path) -> Iterator[LocalKafka]:
    """A broker of the test's own, for end-to-end runs whose topics must start empty."""
    ensure_jars()
    broker = LocalKafka(tmp_path / "kafka", port=free_port(), controller_port=free_port())
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL server for the session; yields its base URL (database hoptac)."""
    external = os.environ.get("HOPTAC_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    # Not under pytest's tmp dir: that one is private to root, and the server
    # runs as the postgres user.
    workdir = Path(tempfile.mkdtemp(prefix="hoptac-pg-"))
    server = LocalPostgres(workdir, port=free_port())
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


async def _create_database(base_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = base_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def database_url_postgres(postgres_server: str) -> str:
    """A fresh, empty PostgreSQL database."""
    # A thread of its own: the test's event loop may already run in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _create_database(postgres_server)).result()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each engine the project supports."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'hoptac.db'}"
    url: str = request.getfixturevalue("database_url_postgres")
    return url
