"""HTTP edge of feed polling: register feeds and see how their polls went."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, field_validator
from sqlmodel import col, func, select

from services.ingest.feeds import register_feed
from services.ingest.models import Feed, FeedItem
from services.ingest.settings import MAX_URL_LENGTH, check_http_url
from shared.problems import Problem
from shared.runtime import Runtime, SessionDep

router = APIRouter(tags=["feeds"])


class FeedIn(BaseModel):
    url: str = Field(max_length=MAX_URL_LENGTH, description="An RSS or Atom feed, http(s)")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return check_http_url(value)


class FeedOut(BaseModel):
    id: int
    url: str
    created_at: datetime
    last_polled_at: datetime | None
    last_status: str | None = Field(
        description="ok, not_modified, or why the last poll failed: unreachable, timeout, "
        "http_status, not_a_feed, too_large"
    )
    last_error: str | None
    error_count: int = Field(description="Failed polls in a row")
    items_taken_in: int = Field(description="Entries whose page became a new announcement")
    items: dict[str, int] = Field(description="Entries handled, by outcome (accepted, duplicate, rejected)")


def _feed_out(feed: Feed, items: dict[str, int]) -> FeedOut:
    assert feed.id is not None
    return FeedOut(
        id=feed.id,
        url=feed.url,
        created_at=feed.created_at,
        last_polled_at=feed.last_polled_at,
        last_status=feed.last_status,
        last_error=feed.last_error,
        error_count=feed.error_count,
        items_taken_in=items.get("accepted", 0),
        items=items,
    )


@router.post("/feeds", status_code=201, responses={409: {}, 422: {}})
async def post_feed(body: FeedIn, request: Request) -> FeedOut:
    """Register a feed; it is polled from the next cycle on (every INGEST_FEED_INTERVAL_SECONDS)."""
    runtime: Runtime = request.app.state.runtime
    feed = await register_feed(runtime.sessions, body.url)
    if feed is None:
        raise Problem(409, "feed-exists", "Feed already registered", f"{body.url} is already polled")
    return _feed_out(feed, {})


@router.get("/feeds")
async def list_feeds(session: SessionDep) -> list[FeedOut]:
    """Every feed with its last poll (time, status, error) and the entries taken from it."""
    feeds = (await session.exec(select(Feed).order_by(col(Feed.id)))).all()
    counts = (
        await session.exec(
            select(FeedItem.feed_id, FeedItem.outcome, func.count()).group_by(
                col(FeedItem.feed_id), col(FeedItem.outcome)
            )
        )
    ).all()
    by_feed: dict[int, dict[str, int]] = {}
    for feed_id, outcome, count in counts:
        by_feed.setdefault(feed_id, {})[outcome] = count
    return [_feed_out(feed, by_feed.get(feed.id or 0, {})) for feed in feeds]
