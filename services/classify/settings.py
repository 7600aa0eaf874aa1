from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment: CLASSIFY_PORT, CLASSIFY_HOST, plus the common ones."""

    model_config = SettingsConfigDict(env_prefix="CLASSIFY_", extra="ignore", populate_by_name=True)

    port: int = 8002
    group: str = "classify"
