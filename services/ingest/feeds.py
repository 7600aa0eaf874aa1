"""Feed polling: RSS/Atom feeds fetched politely, each new entry's page taken in once.

Every cycle polls each known feed with a conditional request (ETag /
Last-Modified), a whole-request timeout and a size limit enforced while the body
streams in. Each entry not yet in ingest_feed_items has its page fetched (same
limits), parsed and handed to ``take_in`` like any other input; the entry is
recorded only after that, so an interruption half-way takes it again, and
take_in's identity on the text keeps that from making a duplicate.

A feed that fails (down, slow, not a feed, too large) is logged, counted and
stored on its row, and retried next cycle; it never stops the other feeds.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import hashlib
import io
import math
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import structlog
from prometheus_client import Counter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.ingest.intake import take_in
from services.ingest.models import Feed, FeedItem
from services.ingest.parsing import IngestError, parse
from services.ingest.settings import Settings, check_http_url
from shared.events import SourceRef
from shared.runtime import Runtime, pause

log = structlog.get_logger()

FeedErrorReason = Literal["unreachable", "timeout", "http_status", "not_a_feed", "too_large"]

FEED_ERRORS = Counter("ingest_feed_errors_total", "Feed polls that failed, by reason", ["reason"])
FEED_ITEMS = Counter(
    "ingest_feed_items_total",
    "Feed entries handled: accepted, duplicate, rejected (for good) or deferred (page failed, retried)",
    ["outcome"],
)

USER_AGENT = "HopTac-ingest/1 (feed poller)"
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
PAGE_ACCEPT = "text/html, application/xhtml+xml, application/pdf;q=0.9, text/plain;q=0.8, */*;q=0.1"
CONCURRENT_FEEDS = 4
MAX_REDIRECTS = 5
# Keys longer than this are stored hashed: the column is part of the primary key.
MAX_ITEM_KEY_BYTES = 500


class FetchError(Exception):
    def __init__(self, reason: FeedErrorReason, detail: str, *, status: int | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.status = reason, detail, status

    @property
    def permanent(self) -> bool:
        """A page that will not get better by asking again (client errors, redirects
        to nowhere, too large)."""
        if self.reason == "too_large":
            return True
        return self.status is not None and 300 <= self.status < 500 and self.status not in (408, 429)


@dataclass(frozen=True)
class Fetched:
    status: int  # 200-299, or 304
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    url: str  # after redirects


@dataclass(frozen=True)
class FeedEntry:
    key: str
    link: str | None
    published_at: datetime | None


class HostGate:
    """Politeness: one request at a time per host, the next one starting at least
    ``min_interval`` seconds after the previous one ended."""

    def __init__(self, min_interval: float) -> None:
        self._min_interval = min_interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_end: dict[str, float] = {}

    @contextlib.asynccontextmanager
    async def turn(self, url: str) -> AsyncIterator[None]:
        host = urlsplit(url).hostname or ""
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._last_end.get(host, -math.inf) + self._min_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._last_end[host] = time.monotonic()


async def register_feed(sessions: async_sessionmaker[AsyncSession], url: str) -> Feed | None:
    """Add a feed to poll; None when it is already known."""
    async with sessions() as session:
        existing = (await session.exec(select(Feed).where(Feed.url == url))).first()
        if existing is not None:
            return None
        feed = Feed(url=url, created_at=datetime.now(UTC))
        session.add(feed)
        try:
            await session.commit()
        except IntegrityError:
            # Registered at the same moment by another request or replica.
            await session.rollback()
            return None
        await session.refresh(feed)
        return feed


class FeedPoller:
    def __init__(self, settings: Settings, *, wake_outbox: Callable[[], None]) -> None:
        self._settings = settings
        self._wake_outbox = wake_outbox
        self._gate = HostGate(settings.feed_host_min_interval_seconds)
        self._http: httpx.AsyncClient | None = None
        self._cycle = asyncio.Lock()

    async def run(self, runtime: Runtime) -> None:
        """Register the configured feeds, then poll every interval until stopped."""
        registered = False
        try:
            while not runtime.stop.is_set():
                try:
                    if not registered:
                        for url in self._settings.feeds:
                            await register_feed(runtime.sessions, url)
                        registered = True
                    await self.poll_once(runtime)
                except Exception:
                    # e.g. the database away: the next cycle tries again.
                    log.exception("feed_cycle_failed")
                await pause(runtime.stop, self._settings.feed_interval_seconds)
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def poll_once(self, runtime: Runtime) -> None:
        """One cycle over every known feed; failures are recorded per feed, never raised."""
        async with self._cycle:
            async with runtime.sessions() as session:
                feeds = (await session.exec(select(Feed).order_by(col(Feed.id)))).all()
            limit = asyncio.Semaphore(CONCURRENT_FEEDS)

            async def guarded(feed: Feed) -> None:
                async with limit:
                    try:
                        await self._poll_feed(runtime, feed)
                    except Exception:
                        log.exception("feed_poll_crashed", feed_url=feed.url)

            await asyncio.gather(*(guarded(feed) for feed in feeds))

    # ------------------------------------------------------------------ one feed

    async def _poll_feed(self, runtime: Runtime, feed: Feed) -> None:
        assert feed.id is not None
        headers = {"Accept": FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            fetched = await self._fetch(feed.url, headers)
            if fetched.status == 304:
                await self._record_poll(runtime, feed.id, "not_modified")
                return
            entries = await asyncio.to_thread(read_feed, fetched)
        except FetchError as exc:
            FEED_ERRORS.labels(reason=exc.reason).inc()
            log.warning("feed_poll_failed", feed_url=feed.url, reason=exc.reason, detail=exc.detail)
            await self._record_poll(runtime, feed.id, exc.reason, error=exc.detail)
            return
        complete = await self._take_entries(runtime, feed, entries)
        # The validators are kept only once every entry was handled: otherwise the
        # next poll would get 304 and never come back to the deferred ones.
        validators = (fetched.etag, fetched.last_modified) if complete else None
        await self._record_poll(runtime, feed.id, "ok", validators=validators)

    async def _take_entries(self, runtime: Runtime, feed: Feed, entries: Sequence[FeedEntry]) -> bool:
        assert feed.id is not None
        keys = [entry.key for entry in entries]
        async with runtime.sessions() as session:
            known = set(
                (
                    await session.exec(
                        select(FeedItem.item_key).where(
                            FeedItem.feed_id == feed.id, col(FeedItem.item_key).in_(keys)
                        )
                    )
                ).all()
            )
        complete = True
        seen: set[str] = set()
        # Feeds list the newest first: take the oldest first, as they were published.
        for entry in reversed(entries):
            if entry.key in known or entry.key in seen:
                continue
            if runtime.stop.is_set():
                return False  # shutting down: the rest waits for the next start
            seen.add(entry.key)
            complete &= await self._take_entry(runtime, feed, entry)
        return complete

    async def _take_entry(self, runtime: Runtime, feed: Feed, entry: FeedEntry) -> bool:
        """Take one entry's page in; False when it must be tried again next cycle."""
        assert feed.id is not None
        if entry.link is None:
            await self._record_item(runtime, feed.id, entry, "rejected", reason="no_link")
            return True
        try:
            page = await self._fetch(entry.link, {"Accept": PAGE_ACCEPT})
        except FetchError as exc:
            log.warning(
                "feed_item_fetch_failed",
                feed_url=feed.url,
                link=entry.link,
                reason=exc.reason,
                detail=exc.detail,
                retried=not exc.permanent,
            )
            if not exc.permanent:
                FEED_ITEMS.labels(outcome="deferred").inc()
                return False
            await self._record_item(runtime, feed.id, entry, "rejected", reason=f"{exc.reason}: {exc.detail}")
            return True
        try:
            parsed = await asyncio.to_thread(
                parse,
                page.body,
                # No type given: plain text, which parse still recognises as HTML by its look.
                content_type=page.content_type or "text/plain",
                published_at=entry.published_at,
            )
        except IngestError as exc:
            log.info("feed_item_rejected", feed_url=feed.url, link=entry.link, reason=exc.code)
            await self._record_item(runtime, feed.id, entry, "rejected", reason=f"{exc.code}: {exc}")
            return True
        result = await take_in(runtime.sessions, parsed, SourceRef(kind="feed", url=entry.link))
        if result.created:
            self._wake_outbox()
        await self._record_item(
            runtime,
            feed.id,
            entry,
            "accepted" if result.created else "duplicate",
            announcement_id=result.announcement_id,
        )
        return True

    # ------------------------------------------------------------------ HTTP

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(
                timeout=httpx.Timeout(self._settings.feed_timeout_seconds),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT},
            )
        return self._http

    async def _fetch(self, url: str, headers: dict[str, str]) -> Fetched:
        # Redirects are followed here, not by httpx, so that each hop waits its host's turn.
        for _ in range(MAX_REDIRECTS + 1):
            async with self._gate.turn(url):
                try:
                    # httpx's timeouts are per read: a server trickling bytes would never trip them.
                    async with asyncio.timeout(self._settings.feed_timeout_seconds):
                        answer = await self._stream(url, headers)
                except (TimeoutError, httpx.TimeoutException) as exc:
                    raise FetchError(
                        "timeout", f"no complete answer within {self._settings.feed_timeout_seconds} s"
                    ) from exc
                except httpx.RequestError as exc:
                    raise FetchError("unreachable", f"{type(exc).__name__}: {exc}"[:500]) from exc
            if isinstance(answer, Fetched):
                return answer
            url = answer
        raise FetchError("http_status", f"more than {MAX_REDIRECTS} redirects")

    async def _stream(self, url: str, headers: dict[str, str]) -> Fetched | str:
        """The answer, or where a redirect points."""
        limit = self._settings.feed_max_bytes
        async with self._client().stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Fetched(304, b"", None, None, None, str(response.url))
            if response.is_redirect:
                try:
                    return check_http_url(urljoin(str(response.url), response.headers["location"]))
                except ValueError as exc:
                    raise FetchError(
                        "http_status",
                        f"HTTP {response.status_code} to an unusable location",
                        status=response.status_code,
                    ) from exc
            if not response.is_success:
                raise FetchError("http_status", f"HTTP {response.status_code}", status=response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError("too_large", f"declares {declared} bytes; the limit is {limit}")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchError("too_large", f"more than {limit} bytes")
            return Fetched(
                response.status_code,
                bytes(body),
                response.headers.get("content-type"),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
                str(response.url),
            )

    # ------------------------------------------------------------------ records

    async def _record_poll(
        self,
        runtime: Runtime,
        feed_id: int,
        status: str,
        *,
        error: str | None = None,
        validators: tuple[str | None, str | None] | None = None,
    ) -> None:
        async with runtime.sessions() as session:
            feed = await session.get(Feed, feed_id)
            if feed is None:
                return
            feed.last_polled_at = datetime.now(UTC)
            feed.last_status = status
            feed.last_error = error
            feed.error_count = feed.error_count + 1 if error is not None else 0
            if validators is not None:
                feed.etag, feed.last_modified = validators
            session.add(feed)
            await session.commit()

    async def _record_item(
        self,
        runtime: Runtime,
        feed_id: int,
        entry: FeedEntry,
        outcome: Literal["accepted", "duplicate", "rejected"],
        *,
        reason: str | None = None,
        announcement_id: str | None = None,
    ) -> None:
        FEED_ITEMS.labels(outcome=outcome).inc()
        async with runtime.sessions() as session:
            session.add(
                FeedItem(
                    feed_id=feed_id,
                    item_key=entry.key,
                    link=entry.link,
                    announcement_id=announcement_id,
                    outcome=outcome,
                    reason=reason[:1000] if reason else None,
                    seen_at=datetime.now(UTC),
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                # Another poller (a second replica) recorded it first: same outcome.
                await session.rollback()


# ---------------------------------------------------------------- feed documents


def read_feed(fetched: Fetched) -> list[FeedEntry]:
    """The entries of an RSS or Atom document; FetchError("not_a_feed") for anything else."""
    headers = {"content-location": fetched.url}
    if fetched.content_type:
        headers["content-type"] = fetched.content_type
    # A stream, never bytes: feedparser would open a local file named by the body.
    document: Any = feedparser.parse(io.BytesIO(fetched.body), response_headers=headers)
    if not document.get("entries") and (document.get("bozo") or not document.get("version")):
        problem = document.get("bozo_exception")
        raise FetchError("not_a_feed", f"not RSS or Atom: {problem or 'no feed element'}"[:500])
    entries: list[FeedEntry] = []
    for raw in document.get("entries", []):
        given_link = str(raw.get("link") or "").strip()
        link = _entry_link(given_link, fetched.url)
        # An entry with an unusable link is still keyed, so it is recorded (rejected) once.
        key = str(raw.get("id") or "").strip() or link or given_link
        if not key:
            continue
        entries.append(FeedEntry(key=_item_key(key), link=link, published_at=_entry_time(raw)))
    return entries


def _entry_link(link: str, base: str) -> str | None:
    """The entry's page as an absolute http(s) URL, or None."""
    if not link:
        return None
    try:
        return check_http_url(urljoin(base, link))
    except ValueError:
        return None


def _item_key(key: str) -> str:
    if len(key.encode("utf-8")) <= MAX_ITEM_KEY_BYTES:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def _entry_time(raw: Any) -> datetime | None:
    """feedparser gives UTC struct_times; made aware here."""
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, TypeError):
        return None
