"""Database engines and Alembic migrations, the same for every service.

Each service owns its own schema: on PostgreSQL a schema named after the
service (set as the connection's search_path), on SQLite its own file
(``data/<service>.db``) unless DATABASE_URL names one. Table names are unique
across services anyway, so one SQLite file shared by all also works.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from sqlalchemy import DateTime, TypeDecorator, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.settings import ServiceSettings


class AwareDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on every engine: SQLite keeps no offset, so values
    are stored in UTC and handed back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: HopTac stores aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)


def database_url(settings: ServiceSettings, service: str) -> str:
    """The service's database URL: DATABASE_URL, or a SQLite file in the data dir."""
    if settings.database_url:
        return settings.database_url.replace("{service}", service)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{(settings.data_dir / f'{service}.db').resolve()}"


def is_postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


def create_engine(url: str, service: str) -> AsyncEngine:
    """An async engine whose connections see only the service's own schema."""
    if url.startswith("postgresql"):
        return create_async_engine(
            url,
            pool_pre_ping=True,
            connect_args={"server_settings": {"search_path": service}},
        )
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the API read while a consumer writes; busy_timeout waits out locks.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def migrate(engine: AsyncEngine, service: str, migrations: Path) -> None:
    """Bring the service's schema to the newest Alembic revision."""
    if is_postgres(engine):
        async with engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{service}"'))
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, service, migrations)


def _upgrade(connection: Connection, service: str, migrations: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["connection"] = connection
    config.attributes["version_table"] = f"alembic_version_{service}"
    command.upgrade(config, "head")


def run_migrations(context: Any) -> None:
    """Body of every service's migrations/env.py (``context`` is ``alembic.context``)."""
    env: EnvironmentContext = context
    attributes = env.config.attributes
    env.configure(connection=attributes["connection"], version_table=attributes["version_table"])
    with env.begin_transaction():
        env.run_migrations()


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
