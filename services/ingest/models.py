from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, model_validator
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from shared.db import AwareDateTime
from shared.events import Language


class Announcement(SQLModel, table=True):
    """An announcement as taken in: cleaned text, source text and metadata."""

    __tablename__ = "ingest_announcements"

    id: str = SQLField(primary_key=True, max_length=64)
    document_key: str = SQLField(index=True, max_length=200)
    source_kind: str = SQLField(max_length=16)
    source_url: str | None = None
    filename: str | None = None
    language: str | None = SQLField(default=None, max_length=8)
    title: str | None = None
    text: str
    source_text: str
    published_at: datetime | None = SQLField(default=None, sa_type=AwareDateTime)
    document_number: str | None = SQLField(default=None, max_length=100)
    document_kind: str | None = SQLField(default=None, max_length=50)
    issuer: str | None = None
    issued_on: date | None = None
    created_at: datetime = SQLField(sa_type=AwareDateTime)


class OutboxEntry(SQLModel, table=True):
    """An event written in the same transaction as its announcement; sent_at is
    set only once Kafka acknowledged it."""

    __tablename__ = "ingest_outbox"

    id: int | None = SQLField(default=None, primary_key=True)
    event_id: str = SQLField(unique=True, max_length=64)
    topic: str = SQLField(max_length=200)
    key: str = SQLField(max_length=200)
    payload: str
    traceparent: str | None = SQLField(default=None, max_length=64)
    created_at: datetime = SQLField(sa_type=AwareDateTime)
    sent_at: datetime | None = SQLField(default=None, sa_type=AwareDateTime)


# ---------------------------------------------------------------- HTTP schemas


class AnnouncementIn(BaseModel):
    """An announcement posted as JSON: exactly one of text or html."""

    text: str | None = Field(None, description="Text copied from a page")
    html: str | None = Field(None, description="A whole HTML page")
    source_url: str | None = Field(None, max_length=2000)
    language: Language | None = Field(None, description="Declared language; checked against the text")
    published_at: datetime | None = Field(None, description="Used when the page itself states no time")

    @model_validator(mode="after")
    def _one_body(self) -> AnnouncementIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class Accepted(BaseModel):
    id: str
    status: str = Field(description="'accepted' (new) or 'duplicate' (already taken in)")
    document_key: str
    location: str


class BatchItemResult(BaseModel):
    index: int
    status: str = Field(description="accepted, duplicate or rejected")
    id: str | None = None
    error: dict[str, str] | None = None


class BatchResult(BaseModel):
    accepted: int
    duplicates: int
    rejected: int
    items: list[BatchItemResult]


class AnnouncementOut(BaseModel):
    id: str
    document_key: str
    source_kind: str
    source_url: str | None
    language: str | None
    title: str | None
    published_at: datetime | None
    document_number: str | None
    document_kind: str | None
    issuer: str | None
    issued_on: date | None
    text: str
    created_at: datetime


# ---------------------------------------------------------------- feeds


class Feed(SQLModel, table=True):
    """An RSS/Atom feed polled for new announcements, with what its last poll gave."""

    __tablename__ = "ingest_feeds"

    id: int | None = SQLField(default=None, primary_key=True)
    url: str = SQLField(unique=True, max_length=2000)
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = SQLField(default=None, sa_type=AwareDateTime)
    # ok, not_modified, or the failure's reason (unreachable, timeout, http_status, not_a_feed, too_large)
    last_status: str | None = SQLField(default=None, max_length=32)
    last_error: str | None = None
    error_count: int = 0  # failed polls in a row; 0 after a good one
    created_at: datetime = SQLField(sa_type=AwareDateTime)


class FeedItem(SQLModel, table=True):
    """A feed entry already handled: written only once its page was taken in (or
    refused for good), so an entry interrupted half-way is taken again."""

    __tablename__ = "ingest_feed_items"

    feed_id: int = SQLField(primary_key=True, foreign_key="ingest_feeds.id")
    item_key: str = SQLField(primary_key=True, max_length=600)  # entry id, else its link
    link: str | None = None
    announcement_id: str | None = SQLField(default=None, max_length=64)
    outcome: str = SQLField(max_length=16)  # accepted, duplicate or rejected
    reason: str | None = None
    seen_at: datetime = SQLField(sa_type=AwareDateTime)
