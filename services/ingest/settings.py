from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment: INGEST_PORT, INGEST_MAX_BODY_BYTES, INGEST_FEEDS..., plus the common ones."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", extra="ignore", populate_by_name=True)

    port: int = 8001
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024, description="Larger bodies get 413")
    max_batch: int = Field(500, ge=1, le=5000)
    outbox_batch: int = Field(200, ge=1)
