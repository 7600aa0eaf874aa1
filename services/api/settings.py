from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment: API_PORT, API_HOST, plus the common ones."""

    model_config = SettingsConfigDict(env_prefix="API_", extra="ignore", populate_by_name=True)

    port: int = 8000
