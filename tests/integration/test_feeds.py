"""Feed polling against a real HTTP server on 127.0.0.1, the real database
(SQLite and PostgreSQL) and the real broker.

Cycles are driven with ``FeedPoller.poll_once`` in an app whose lifespan runs
the outbox relay but no poller of its own, so each test knows exactly which
cycles ran; one test checks the real app's background poller too.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from pydantic import ValidationError
from sqlmodel import select

from hoptac.infra.kafka import free_port
from services.ingest.app import MIGRATIONS, build_app
from services.ingest.feeds import FeedPoller, Fetched, FetchError, read_feed
from services.ingest.feeds_api import router as feeds_router
from services.ingest.models import Announcement, FeedItem, OutboxEntry
from services.ingest.outbox import OutboxRelay
from services.ingest.settings import Settings
from shared.app import create_app
from shared.events import TOPIC_INGESTED, IngestedEvent
from shared.runtime import Runtime, service_runtime
from tests.ingest.pages import Seed, html_page, seeds

T = TypeVar("T")

# ---------------------------------------------------------------- the feed site


@dataclass
class Resource:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: bool = True  # answer If-None-Match with 304 when it matches
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # instead of body: this many bytes, no Content-Length
    declared_length: int | None = None  # a Content-Length to claim (the body is not sent)
    fail_times: int = 0  # answer 503 this many times first
    last_modified: str | None = None  # sent, and If-Modified-Since equal to it gets 304
    redirect_to: str | None = None  # answer 301 with this Location


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class FeedSite:
    base: str
    resources: dict[str, Resource] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    aborted: set[str] = field(default_factory=set)  # paths whose client hung up mid-body
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits_on(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]


def _handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.hits.append(
                    Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                )
                resource = site.resources.get(self.path)
                failing = resource is not None and resource.fail_times > 0
                if resource is not None and failing:
                    resource.fail_times -= 1
            try:
                self._answer(resource, failing)
            except (BrokenPipeError, ConnectionResetError):
                site.aborted.add(self.path)

        def _answer(self, resource: Resource | None, failing: bool) -> None:
            if resource is None or failing:
                self.send_error(404 if resource is None else 503)
                return
            if resource.delay:
                time.sleep(resource.delay)
            if resource.redirect_to:
                self.send_response(301)
                self.send_header("Location", resource.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if resource.status != 200:
                self.send_error(resource.status)
                return
            tag = '"' + hashlib.sha256(resource.body).hexdigest()[:16] + '"'
            unchanged = (resource.etag and self.headers.get("If-None-Match") == tag) or (
                resource.last_modified and self.headers.get("If-Modified-Since") == resource.last_modified
            )
            if unchanged:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", resource.content_type)
            if resource.etag:
                self.send_header("ETag", tag)
            if resource.last_modified:
                self.send_header("Last-Modified", resource.last_modified)
            if resource.stream_bytes:
                self.end_headers()
                chunk = b"<item>" + b"x" * 65530
                for _ in range(resource.stream_bytes // len(chunk)):
                    self.wfile.write(chunk)
                return
            length = resource.declared_length or len(resource.body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            if resource.declared_length is None:
                self.wfile.write(resource.body)

    return Handler


@pytest.fixture
def site() -> Iterator[FeedSite]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(FeedSite("")))
    server.block_on_close = False
    feed_site = FeedSite(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(feed_site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield feed_site
    finally:
        server.shutdown()
        server.server_close()


def rss(site: FeedSite, pages: list[str], title: str = "Hanoi news") -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{site.url(p)}</link><guid>{site.url(p)}</guid>"
        f"<pubDate>Mon, 0{i + 1} Jun 2020 08:00:00 +0700</pubDate></item>"
        for i, p in enumerate(pages)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{site.base}</link><description>news</description>{items}</channel></rss>"
    ).encode()


def atom(site: FeedSite, pages: list[str]) -> bytes:
    entries = "".join(
        f"<entry><title>Entry {i}</title><id>urn:hoptac:test:{p}</id>"
        f'<link rel="alternate" href="{escape(p)}"/><updated>2021-03-0{i + 1}T08:00:00Z</updated></entry>'
        for i, p in enumerate(pages)  # relative links: resolved against the feed's URL
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Cổng thông tin</title><id>urn:hoptac:test</id><updated>2021-03-09T00:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def serve_seed_pages(site: FeedSite) -> list[str]:
    """One page per seed: the seed's article in <article>, nav, related news, footer."""
    paths = []
    for index, seed in enumerate(seeds()):
        path = f"/news/{index}.html"
        site.resources[path] = Resource(page_bytes(seed))
        paths.append(path)
    return paths


def page_bytes(seed: Seed) -> bytes:
    return html_page(seed).encode("utf-8")


# ---------------------------------------------------------------- the app


@dataclass
class FeedApp:
    client: TestClient
    poller: FeedPoller

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.client.app.state.runtime  # type: ignore[attr-defined]
        return runtime

    def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run a coroutine function in the app's own event loop."""
        portal = self.client.portal
        assert portal is not None
        return portal.call(func, *args)

    def poll(self) -> None:
        self.call(self.poller.poll_once, self.runtime)


def _settings(database_url: str, kafka_bootstrap: str, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": kafka_bootstrap,
        "database_url": database_url,
        "data_dir": tmp_path,
        "feed_timeout_seconds": 5,
        "feed_host_min_interval_seconds": 0,
        "feed_interval_seconds": 3600,
    }
    values.update(overrides)
    return Settings(**values)


@contextlib.contextmanager
def feed_app(settings: Settings) -> Iterator[FeedApp]:
    """ingest's feed routes and outbox relay on the real runtime; cycles run by the test."""
    relay = OutboxRelay()

    async def relay_outbox(runtime: Runtime) -> None:
        await relay.run(runtime)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app, service="ingest", settings=settings, migrations=MIGRATIONS, background=(relay_outbox,)
        ):
            yield

    app = create_app(service="ingest", lifespan=lifespan)
    app.include_router(feeds_router)
    poller = FeedPoller(settings, wake_outbox=relay.wake)
    with TestClient(app) as client:
        handle = FeedApp(client, poller)
        try:
            yield handle
        finally:
            handle.call(poller.aclose)


def add_feed(app: FeedApp, url: str) -> dict[str, Any]:
    response = app.client.post("/feeds", json={"url": url})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def feeds_by_url(app: FeedApp) -> dict[str, dict[str, Any]]:
    response = app.client.get("/feeds")
    assert response.status_code == 200, response.text
    return {feed["url"]: feed for feed in response.json()}


async def _announcements(runtime: Runtime) -> list[Announcement]:
    async with runtime.sessions() as session:
        return list((await session.exec(select(Announcement))).all())


async def _feed_items(runtime: Runtime) -> list[FeedItem]:
    async with runtime.sessions() as session:
        return list((await session.exec(select(FeedItem))).all())


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def _end_offsets(bootstrap: str) -> dict[TopicPartition, int]:
    """Where the ingested topic ends now: the test reads only what comes after."""
    consumer = AIOKafkaConsumer(TOPIC_INGESTED, bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        async with asyncio.timeout(20):
            while not consumer.assignment():
                await consumer.getmany(timeout_ms=100)
        partitions = list(consumer.assignment())
        await consumer.seek_to_end(*partitions)
        return {tp: await consumer.position(tp) for tp in partitions}
    finally:
        await consumer.stop()


async def _events_since(
    bootstrap: str, start: dict[TopicPartition, int], ids: set[str], wait: float = 20
) -> dict[str, list[IngestedEvent]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    found: dict[str, list[IngestedEvent]] = {}
    try:
        consumer.assign(list(start))
        for partition, offset in start.items():
            consumer.seek(partition, offset)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                while set(found) != ids:
                    await _collect(consumer, ids, found)
        await _collect(consumer, ids, found)  # and nothing more in what follows
    finally:
        await consumer.stop()
    return found


async def _collect(consumer: AIOKafkaConsumer, ids: set[str], found: dict[str, list[IngestedEvent]]) -> None:
    for records in (await consumer.getmany(timeout_ms=500)).values():
        for record in records:
            event = IngestedEvent.model_validate_json(record.value)
            if event.data.announcement_id in ids:
                found.setdefault(event.data.announcement_id, []).append(event)


# ---------------------------------------------------------------- settings


def test_feeds_setting_takes_comma_separated_or_json_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_FEEDS", " https://a.example/rss , HTTP://B.Example/atom.xml,,")
    assert Settings().feeds == ["https://a.example/rss", "http://b.example/atom.xml"]
    monkeypatch.setenv("INGEST_FEEDS", json.dumps(["https://a.example/rss", "https://a.example/rss"]))
    assert Settings().feeds == ["https://a.example/rss"]
    monkeypatch.delenv("INGEST_FEEDS")
    assert Settings().feeds == []
    for bad in ("ftp://a.example/rss", "a.example/rss", "https://", "https://a.example:99999/"):
        monkeypatch.setenv("INGEST_FEEDS", bad)
        with pytest.raises(ValidationError, match="not an http"):
            Settings()


# ---------------------------------------------------------------- feed documents


def _fetched(body: bytes, content_type: str = "application/rss+xml") -> Fetched:
    return Fetched(200, body, content_type, None, None, "https://news.example/feeds/rss.xml")


def test_read_feed_keys_links_and_times() -> None:
    long_guid = "tag:news.example," + "x" * 600
    body = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>a</title><link>/a.html</link><pubDate>Tue, 02 Jun 2020 08:00:00 +0700</pubDate></item>
    <item><title>b</title><guid isPermaLink="false">{long_guid}</guid><link>https://news.example/b</link></item>
    <item><title>c</title><guid>urn:c</guid></item>
    <item><title>d</title><link>javascript:alert(1)</link></item>
    <item><title>e</title></item>
    </channel></rss>""".encode()
    a, b, c, d = read_feed(_fetched(body))
    # No guid: keyed by the link, made absolute against the feed's URL.
    assert (a.key, a.link) == ("https://news.example/a.html", "https://news.example/a.html")
    assert a.published_at is not None
    assert a.published_at.isoformat() == "2020-06-02T01:00:00+00:00"  # aware, UTC
    assert (b.key[:7], len(b.key), b.published_at) == ("sha256:", 71, None)
    assert (c.key, c.link) == ("urn:c", None)
    assert (d.key, d.link) == ("javascript:alert(1)", None)  # known, but never fetched


def test_read_feed_refuses_what_is_not_a_feed() -> None:
    for body, content_type in (
        (b"<html><body><p>Hello</p></body></html>", "text/html"),
        (b"\x00\x01 {not xml", "application/xml"),
        (b"", "application/rss+xml"),
    ):
        with pytest.raises(FetchError) as caught:
            read_feed(_fetched(body, content_type))
        assert caught.value.reason == "not_a_feed"
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert read_feed(_fetched(empty)) == []


def test_read_feed_never_opens_a_file_named_by_the_body(tmp_path: Path) -> None:
    local = tmp_path / "feed.xml"
    local.write_bytes(rss(FeedSite("https://local.example"), ["/secret.html"]))
    with pytest.raises(FetchError):
        read_feed(_fetched(str(local).encode()))


# ---------------------------------------------------------------- polling


def test_items_are_taken_in_once_and_published(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    site.resources["/rss.xml"] = Resource(rss(site, pages[:3]), "application/rss+xml")
    site.resources["/atom.xml"] = Resource(atom(site, pages[3:]), "application/atom+xml")
    accepted_before = metric("ingest_feed_items_total", outcome="accepted")
    with feed_app(_settings(database_url, kafka_bootstrap, tmp_path)) as app:
        add_feed(app, site.url("/rss.xml"))
        add_feed(app, site.url("/atom.xml"))
        # The topic outlives the test (and holds these seeds from other runs).
        start = asyncio.run(_end_offsets(kafka_bootstrap))
        app.poll()

        stored = app.call(_announcements, app.runtime)
        assert sorted(a.source_url for a in stored) == sorted(site.url(p) for p in pages)
        assert {a.source_kind for a in stored} == {"feed"}
        assert metric("ingest_feed_items_total", outcome="accepted") - accepted_before == len(pages)
        items = app.call(_feed_items, app.runtime)
        assert {i.outcome for i in items} == {"accepted"}
        assert {i.announcement_id for i in items} == {a.id for a in stored}
        # Atom entries are keyed by their id, RSS ones by their guid.
        assert {i.item_key for i in items if i.item_key.startswith("urn:")} == {
            f"urn:hoptac:test:{p}" for p in pages[3:]
        }
        feeds = feeds_by_url(app)
        assert feeds[site.url("/rss.xml")]["last_status"] == "ok"
        assert feeds[site.url("/rss.xml")]["items_taken_in"] == 3
        assert feeds[site.url("/atom.xml")]["items_taken_in"] == len(pages) - 3

        # Second cycle: conditional requests, 304, no page asked for again.
        app.poll()
        for feed_path in ("/rss.xml", "/atom.xml"):
            hits = site.hits_on(feed_path)
            assert len(hits) == 2
            assert "if-none-match" not in hits[0].headers
            assert hits[1].headers["if-none-match"].startswith('"')
        assert all(len(site.hits_on(p)) == 1 for p in pages)
        assert feeds_by_url(app)[site.url("/rss.xml")]["last_status"] == "not_modified"
        assert len(app.call(_announcements, app.runtime)) == len(pages)

        events = asyncio.run(_events_since(kafka_bootstrap, start, {a.id for a in stored}))
        assert set(events) == {a.id for a in stored}
        for announcement in stored:
            (event,) = events[announcement.id]
            assert event.data.source.kind == "feed"
            assert event.data.source.url == announcement.source_url


def test_restart_takes_no_item_twice(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    site.resources["/rss.xml"] = Resource(rss(site, pages[:3]), "application/rss+xml", etag=False)
    settings = _settings(database_url, kafka_bootstrap, tmp_path)
    with feed_app(settings) as app:
        add_feed(app, site.url("/rss.xml"))
        app.poll()
        first = {a.id for a in app.call(_announcements, app.runtime)}
    assert len(first) == 3

    # The feed now lists one more entry; the server ignores validators, so the
    # restarted poller sees every entry again and must know the old ones.
    site.resources["/rss.xml"] = Resource(rss(site, pages[:4]), "application/rss+xml", etag=False)
    with feed_app(settings) as restarted:
        restarted.poll()
        restarted.poll()
        after = restarted.call(_announcements, restarted.runtime)
        items = restarted.call(_feed_items, restarted.runtime)
    assert len(site.hits_on("/rss.xml")) == 3
    assert [len(site.hits_on(p)) for p in pages[:4]] == [1, 1, 1, 1]
    assert len(after) == 4
    assert first < {a.id for a in after}
    assert sorted(i.link or "" for i in items) == sorted(site.url(p) for p in pages[:4])


def test_entry_taken_in_but_not_recorded_is_taken_again_as_a_duplicate(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    """The state a crash between take_in and the item's record leaves behind."""
    pages = serve_seed_pages(site)
    site.resources["/rss.xml"] = Resource(rss(site, pages[:2]), "application/rss+xml", etag=False)
    with feed_app(_settings(database_url, kafka_bootstrap, tmp_path)) as app:
        add_feed(app, site.url("/rss.xml"))
        app.poll()
        app.call(_forget_item, app.runtime, site.url(pages[0]))
        app.poll()
        items = {i.link: i for i in app.call(_feed_items, app.runtime)}
        announcements = app.call(_announcements, app.runtime)
        outbox = app.call(_outbox, app.runtime)
    assert [len(site.hits_on(p)) for p in pages[:2]] == [2, 1]
    assert items[site.url(pages[0])].outcome == "duplicate"
    assert items[site.url(pages[0])].announcement_id in {a.id for a in announcements}
    assert (len(announcements), len(outbox)) == (2, 2)


async def _forget_item(runtime: Runtime, link: str) -> None:
    async with runtime.sessions() as session:
        for item in (await session.exec(select(FeedItem).where(FeedItem.link == link))).all():
            await session.delete(item)
        await session.commit()


async def _outbox(runtime: Runtime) -> list[OutboxEntry]:
    async with runtime.sessions() as session:
        return list((await session.exec(select(OutboxEntry))).all())


def test_last_modified_is_sent_back(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    stamp = "Wed, 03 Jun 2020 01:00:00 GMT"
    site.resources["/rss.xml"] = Resource(
        rss(site, pages[:1]), "application/rss+xml", etag=False, last_modified=stamp
    )
    with feed_app(_settings(database_url, kafka_bootstrap, tmp_path)) as app:
        add_feed(app, site.url("/rss.xml"))
        app.poll()
        app.poll()
        feed = feeds_by_url(app)[site.url("/rss.xml")]
    first, second = site.hits_on("/rss.xml")
    assert "if-modified-since" not in first.headers
    assert (second.headers["if-modified-since"], "if-none-match" in second.headers) == (stamp, False)
    assert (feed["last_status"], feed["items_taken_in"]) == ("not_modified", 1)


def test_entry_whose_page_failed_is_taken_next_cycle(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    site.resources[pages[0]].fail_times = 1
    site.resources["/rss.xml"] = Resource(rss(site, pages[:2]), "application/rss+xml")
    site.resources["/gone.xml"] = Resource(
        rss(site, ["/missing.html"]).replace(
            b"</channel>", b"<item><guid>urn:no-link</guid></item></channel>"
        ),
        "application/rss+xml",
    )
    deferred_before = metric("ingest_feed_items_total", outcome="deferred")
    with feed_app(_settings(database_url, kafka_bootstrap, tmp_path)) as app:
        add_feed(app, site.url("/rss.xml"))
        add_feed(app, site.url("/gone.xml"))
        app.poll()
        assert [i.link for i in app.call(_feed_items, app.runtime) if i.feed_id == 1] == [site.url(pages[1])]
        assert metric("ingest_feed_items_total", outcome="deferred") - deferred_before == 1

        app.poll()
        # No validator was kept after the incomplete cycle: the feed is read again whole.
        assert "if-none-match" not in site.hits_on("/rss.xml")[1].headers
        items = {i.link: i for i in app.call(_feed_items, app.runtime)}
        assert items[site.url(pages[0])].outcome == "accepted"
        assert len(site.hits_on(pages[1])) == 1
        # A 404 page is refused for good, not asked for every cycle.
        missing = items[site.url("/missing.html")]
        assert (missing.outcome, missing.reason) == ("rejected", "http_status: HTTP 404")
        assert len(site.hits_on("/missing.html")) == 1
        no_link = items[None]
        assert (no_link.item_key, no_link.outcome, no_link.reason) == ("urn:no-link", "rejected", "no_link")

        app.poll()
        assert site.hits_on("/rss.xml")[2].headers["if-none-match"].startswith('"')
        assert len(app.call(_announcements, app.runtime)) == 2


def test_announcement_posted_then_served_by_a_feed_is_one(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    site.resources["/rss.xml"] = Resource(rss(site, pages[1:2]), "application/rss+xml")
    settings = _settings(database_url, kafka_bootstrap, tmp_path)
    with TestClient(build_app(settings)) as client:
        posted = client.post(
            "/announcements",
            content=site.resources[pages[1]].body,
            headers={"content-type": "text/html; charset=utf-8", "x-source-url": "https://hanoi.example/a"},
        )
        assert posted.status_code == 202, posted.text
    duplicates_before = metric("ingest_feed_items_total", outcome="duplicate")
    with feed_app(settings) as app:
        add_feed(app, site.url("/rss.xml"))
        app.poll()
        stored = app.call(_announcements, app.runtime)
        (item,) = app.call(_feed_items, app.runtime)
        feed = feeds_by_url(app)[site.url("/rss.xml")]
    assert [(a.id, a.source_kind) for a in stored] == [(posted.json()["id"], "http")]
    assert (item.outcome, item.announcement_id) == ("duplicate", posted.json()["id"])
    assert metric("ingest_feed_items_total", outcome="duplicate") - duplicates_before == 1
    assert (feed["items_taken_in"], feed["items"]) == (0, {"duplicate": 1})


def test_failing_feeds_are_recorded_and_do_not_stop_a_good_one(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    max_bytes = 128 * 1024
    site.resources["/good.xml"] = Resource(rss(site, pages[:2]), "application/rss+xml")
    site.resources["/slow.xml"] = Resource(rss(site, pages[2:3]), "application/rss+xml", delay=1.5)
    site.resources["/page.html"] = Resource(page_bytes(seeds()[0]), "text/html")
    site.resources["/broken.xml"] = Resource(b"\x00\x01 not xml at all {", "application/xml")
    site.resources["/huge.xml"] = Resource(content_type="application/rss+xml", stream_bytes=16 * 1024 * 1024)
    site.resources["/declared.xml"] = Resource(content_type="application/rss+xml", declared_length=10**9)
    site.resources["/error.xml"] = Resource(status=503)
    expected = {
        site.url("/good.xml"): "ok",
        f"http://127.0.0.1:{free_port()}/down.xml": "unreachable",
        site.url("/slow.xml"): "timeout",
        site.url("/page.html"): "not_a_feed",
        site.url("/broken.xml"): "not_a_feed",
        site.url("/huge.xml"): "too_large",
        site.url("/declared.xml"): "too_large",
        site.url("/error.xml"): "http_status",
    }
    reasons = ("unreachable", "timeout", "not_a_feed", "too_large", "http_status")
    before = {r: metric("ingest_feed_errors_total", reason=r) for r in reasons}
    settings = _settings(
        database_url, kafka_bootstrap, tmp_path, feed_timeout_seconds=0.5, feed_max_bytes=max_bytes
    )
    with feed_app(settings) as app:
        for url in expected:
            add_feed(app, url)
        app.poll()
        feeds = feeds_by_url(app)
        assert {url: feed["last_status"] for url, feed in feeds.items()} == expected
        assert {r: metric("ingest_feed_errors_total", reason=r) - before[r] for r in reasons} == {
            "unreachable": 1,
            "timeout": 1,
            "not_a_feed": 2,
            "too_large": 2,
            "http_status": 1,
        }
        good = feeds[site.url("/good.xml")]
        assert (good["items_taken_in"], good["error_count"], good["last_error"]) == (2, 0, None)
        assert feeds[site.url("/error.xml")]["last_error"] == "HTTP 503"
        assert all(f["error_count"] == 1 and f["last_polled_at"] for f in feeds.values() if f is not good)
        assert len(app.call(_announcements, app.runtime)) == 2
        assert site.hits_on(pages[2]) == []  # the slow feed's entry was never reached

        # Retried next cycle; the slow feed answers in time now and gets taken in.
        site.resources["/slow.xml"].delay = 0
        app.poll()
        feeds = feeds_by_url(app)
        assert feeds[site.url("/slow.xml")]["last_status"] == "ok"
        assert feeds[site.url("/slow.xml")]["error_count"] == 0
        assert feeds[site.url("/huge.xml")]["error_count"] == 2
    # The streamed body was abandoned at the limit, not read whole.
    assert "/huge.xml" in site.aborted


def test_requests_to_one_host_are_spaced(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    site.resources["/rss.xml"] = Resource(rss(site, pages[:2]), "application/rss+xml")
    site.resources["/atom.xml"] = Resource(atom(site, pages[2:3]), "application/atom+xml")
    site.resources["/old-atom.xml"] = Resource(redirect_to="/atom.xml")
    settings = _settings(database_url, kafka_bootstrap, tmp_path, feed_host_min_interval_seconds=0.3)
    with feed_app(settings) as app:
        add_feed(app, site.url("/rss.xml"))
        add_feed(app, site.url("/old-atom.xml"))
        app.poll()
        assert len(app.call(_announcements, app.runtime)) == 3
    times = sorted(hit.at for hit in site.hits)
    # two feeds (one behind a redirect: each hop waits its turn), three pages
    assert [h.path for h in site.hits].count("/atom.xml") == 1
    assert len(times) == 6
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.3


# ---------------------------------------------------------------- the HTTP edge


def test_post_feeds_validates_and_refuses_duplicates(
    database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    with TestClient(build_app(_settings(database_url, kafka_bootstrap, tmp_path))) as client:
        created = client.post("/feeds", json={"url": "https://Hanoi.Example/rss?x=1"})
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["url"] == "https://hanoi.example/rss?x=1"
        assert (body["last_polled_at"], body["error_count"], body["items_taken_in"]) == (None, 0, 0)

        again = client.post("/feeds", json={"url": "HTTPS://hanoi.example/rss?x=1"})
        assert again.status_code == 409
        assert again.headers["content-type"] == "application/problem+json"
        assert again.json()["type"].endswith("/feed-exists")

        for bad in ({"url": "ftp://hanoi.example/rss"}, {"url": "not a url"}, {"url": "https://"}, {}):
            refused = client.post("/feeds", json=bad)
            assert refused.status_code == 422, bad
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["status"] == 422
        assert "http(s)" in client.post("/feeds", json={"url": "mailto:a@b.c"}).json()["detail"]

        listed = client.get("/feeds").json()
        assert [f["url"] for f in listed] == ["https://hanoi.example/rss?x=1"]


def test_service_polls_configured_feeds_in_the_background(
    site: FeedSite, database_url: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    pages = serve_seed_pages(site)
    site.resources["/rss.xml"] = Resource(rss(site, pages[:2]), "application/rss+xml")
    settings = _settings(database_url, kafka_bootstrap, tmp_path, feeds=[site.url("/rss.xml")])
    with TestClient(build_app(settings)) as client:
        deadline = time.monotonic() + 30
        listed: list[dict[str, Any]] = []
        # The configured feed is registered, then polled, by the start-up cycle.
        while time.monotonic() < deadline:
            listed = client.get("/feeds").json()
            if listed and listed[0]["last_status"] is not None:
                break
            time.sleep(0.2)
        (feed,) = listed
        assert (feed["url"], feed["last_status"], feed["items_taken_in"]) == (site.url("/rss.xml"), "ok", 2)
        assert {len(site.hits_on(p)) for p in pages[:2]} == {1}
