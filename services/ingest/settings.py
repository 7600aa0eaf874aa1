from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from shared.settings import ServiceSettings

MAX_URL_LENGTH = 2000


def check_http_url(value: str) -> str:
    """An absolute http(s) URL with a host, scheme and host lower-cased (so one feed
    has one spelling); ValueError for anything else."""
    url = value.strip()
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() for c in url):
        raise ValueError(f"not an http(s) URL: {value!r}")
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise ValueError(f"not an http(s) URL: {value!r} ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r}")
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = f"{userinfo}{at}{hostport.lower()}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


class Settings(ServiceSettings):
    """Environment: INGEST_PORT, INGEST_MAX_BODY_BYTES, INGEST_FEEDS..., plus the common ones."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", extra="ignore", populate_by_name=True)

    port: int = 8001
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024, description="Larger bodies get 413")
    max_batch: int = Field(500, ge=1, le=5000)
    outbox_batch: int = Field(200, ge=1)
    # NoDecode: INGEST_FEEDS may be a comma-separated list as well as JSON.
    feeds: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="RSS/Atom feed URLs polled (comma-separated or a JSON list)"
    )
    feed_interval_seconds: float = Field(300, gt=0, description="Pause between two polling cycles")
    feed_timeout_seconds: float = Field(10, gt=0, description="Whole-request limit per feed or page")
    feed_max_bytes: int = Field(2 * 1024 * 1024, ge=1024, description="Larger feeds and pages are dropped")
    feed_host_min_interval_seconds: float = Field(
        1.0, ge=0, description="Politeness: minimum pause between two requests to one host"
    )

    @field_validator("feeds", mode="before")
    @classmethod
    def _split_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part for part in text.split(",") if part.strip()]
        return value

    @field_validator("feeds")
    @classmethod
    def _feed_urls(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(check_http_url(url) for url in value))
