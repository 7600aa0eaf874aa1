from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Environment: NOTIFY_PORT, NOTIFY_SMTP_*, NOTIFY_WEBHOOK_TIMEOUT..., plus the common ones."""

    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", populate_by_name=True)

    port: int = 8003
    webhook_timeout: float = Field(10.0, gt=0)
    max_attempts: int = Field(8, ge=1, description="Deliveries given up after this many failures")
    retry_base_seconds: float = Field(2.0, gt=0, description="Backoff: base * 2^attempt, capped at one hour")
    delivery_poll_seconds: float = Field(0.5, gt=0)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "hoptac@hanoi.gov.vn"
    allow_private_webhook_urls: bool = Field(
        True,
        description="Departments' receivers sit on the city network; set false to refuse loopback/private",
    )
