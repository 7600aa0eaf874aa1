"""ingest: takes announcements in over HTTP, stores them with their event, relays to Kafka."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Header, Request, Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from services.ingest.feeds import FeedPoller
from services.ingest.feeds_api import router as feeds_router
from services.ingest.intake import take_in
from services.ingest.models import (
    Accepted,
    Announcement,
    AnnouncementIn,
    AnnouncementOut,
    BatchItemResult,
    BatchResult,
)
from services.ingest.outbox import OutboxRelay
from services.ingest.parsing import IngestError, ParsedAnnouncement, parse
from services.ingest.settings import Settings
from shared.app import create_app
from shared.events import SourceRef
from shared.problems import Problem
from shared.runtime import Runtime, SessionDep, service_runtime

MIGRATIONS = Path(__file__).parent / "migrations"
RAW_TYPES = ("text/plain", "text/html", "application/pdf")


class BatchIn(BaseModel):
    items: list[AnnouncementIn] = Field(min_length=1)


def _problem_for(error: IngestError) -> Problem:
    if error.code == "unsupported_media_type":
        return Problem(415, error.code, "Unsupported media type", str(error))
    return Problem(422, error.code, "Announcement rejected", str(error))


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes the limit (never read whole)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem(
            413, "payload-too-large", "Payload too large", f"body of {declared} bytes exceeds {limit}"
        )
    size = 0
    chunks: list[bytes] = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, "payload-too-large", "Payload too large", f"body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json_item(item: AnnouncementIn) -> ParsedAnnouncement:
    if item.html is not None:
        return parse(
            item.html,
            content_type="text/html",
            declared_language=item.language,
            published_at=item.published_at,
        )
    assert item.text is not None
    return parse(
        item.text, content_type="text/plain", declared_language=item.language, published_at=item.published_at
    )


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    relay = OutboxRelay(batch=settings.outbox_batch)
    feed_poller = FeedPoller(settings, wake_outbox=relay.wake)

    async def relay_outbox(runtime: Runtime) -> None:
        await relay.run(runtime)

    async def poll_feeds(runtime: Runtime) -> None:
        await feed_poller.run(runtime)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app,
            service="ingest",
            settings=settings,
            migrations=MIGRATIONS,
            background=(relay_outbox, poll_feeds),
        ):
            yield

    app = create_app(service="ingest", lifespan=lifespan)
    app.include_router(feeds_router)

    def sessions(request: Request) -> async_sessionmaker[AsyncSession]:
        runtime: Runtime = request.app.state.runtime
        return runtime.sessions

    async def accept(
        request: Request, parsed: ParsedAnnouncement, source: SourceRef, response: Response
    ) -> Accepted:
        result = await take_in(sessions(request), parsed, source)
        location = f"/announcements/{result.announcement_id}"
        response.headers["Location"] = location
        response.status_code = 202 if result.created else 200
        if result.created:
            relay.wake()
        return Accepted(
            id=result.announcement_id,
            status="accepted" if result.created else "duplicate",
            document_key=result.document_key,
            location=location,
        )

    @app.post(
        "/announcements",
        status_code=202,
        tags=["ingest"],
        responses={200: {"description": "Already taken in"}, 413: {}, 415: {}, 422: {}},
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/json": {"schema": AnnouncementIn.model_json_schema()},
                    "text/plain": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                }
            }
        },
    )
    async def post_announcement(
        request: Request,
        response: Response,
        content_type: Annotated[str, Header()] = "",
        x_source_url: Annotated[str | None, Header()] = None,
        x_source_filename: Annotated[str | None, Header()] = None,
    ) -> Accepted:
        """Take in one announcement: JSON {text|html, source_url?, language?, published_at?}
        or a raw text/plain, text/html or application/pdf body."""
        media_type = content_type.split(";")[0].strip().lower()
        body = await _read_body(request, settings.max_body_bytes)
        try:
            if media_type == "application/json":
                try:
                    item = AnnouncementIn.model_validate_json(body)
                except ValidationError as exc:
                    raise _invalid_json(exc) from exc
                # In a worker thread: parsing is CPU work that may overlap other
                # requests' database round trips instead of stalling the loop.
                parsed = await asyncio.to_thread(_parse_json_item, item)
                source = SourceRef(kind="http", url=item.source_url)
            elif media_type in RAW_TYPES:
                parsed = await asyncio.to_thread(parse, body, content_type=content_type)
                # `hoptac ingest` names the file it read: same path, recorded as a file source.
                kind = "file" if x_source_filename else "http"
                source = SourceRef(kind=kind, url=x_source_url, filename=x_source_filename)
            else:
                raise Problem(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    f"Content-Type {media_type or '(none)'} is not one of application/json, {', '.join(RAW_TYPES)}",
                )
        except IngestError as exc:
            raise _problem_for(exc) from exc
        return await accept(request, parsed, source, response)

    @app.post("/announcements:batch", tags=["ingest"], response_model=BatchResult)
    async def post_batch(request: Request) -> BatchResult:
        """Up to INGEST_MAX_BATCH announcements as JSON {"items": [...]}, one result per item."""
        body = await _read_body(request, settings.max_body_bytes * 10)
        try:
            batch = BatchIn.model_validate_json(body)
        except ValidationError as exc:
            raise _invalid_json(exc) from exc
        if len(batch.items) > settings.max_batch:
            raise Problem(
                422,
                "batch-too-large",
                "Batch too large",
                f"{len(batch.items)} items; at most {settings.max_batch}",
            )
        results: list[BatchItemResult] = []
        for index, item in enumerate(batch.items):
            try:
                parsed = _parse_json_item(item)
            except IngestError as exc:
                results.append(
                    BatchItemResult(
                        index=index, status="rejected", error={"code": exc.code, "detail": str(exc)}
                    )
                )
                continue
            outcome = await take_in(sessions(request), parsed, SourceRef(kind="http", url=item.source_url))
            results.append(
                BatchItemResult(
                    index=index,
                    status="accepted" if outcome.created else "duplicate",
                    id=outcome.announcement_id,
                )
            )
        relay.wake()
        return BatchResult(
            accepted=sum(r.status == "accepted" for r in results),
            duplicates=sum(r.status == "duplicate" for r in results),
            rejected=sum(r.status == "rejected" for r in results),
            items=results,
        )

    @app.get("/announcements/{announcement_id}", tags=["ingest"])
    async def get_announcement(announcement_id: str, session: SessionDep) -> AnnouncementOut:
        row = await session.get(Announcement, announcement_id)
        if row is None:
            raise Problem(404, "not-found", "Not found", f"no announcement {announcement_id}")
        return AnnouncementOut.model_validate(row, from_attributes=True)

    return app


def _invalid_json(exc: ValidationError) -> Problem:
    errors = exc.errors()
    if errors and errors[0]["type"] == "json_invalid":
        return Problem(422, "invalid-json", "Invalid JSON", f"the body is not valid JSON: {errors[0]['msg']}")
    detail = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in errors[:5])
    return Problem(422, "invalid-request", "Invalid request", detail)
