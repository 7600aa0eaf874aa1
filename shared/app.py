"""The FastAPI shell every service shares: health, readiness, metrics, errors, tracing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import metrics
from shared.kafka import start_trace
from shared.problems import install_problem_handlers, problem_response

Probe = Callable[[], Awaitable[None]]
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Any]]


def create_app(*, service: str, lifespan: Lifespan, version: str = "1") -> FastAPI:
    """A service app with /healthz, /readyz and /metrics.

    The lifespan registers readiness probes in ``app.state.probes`` (name ->
    async callable that raises when the dependency is unreachable).
    """
    app = FastAPI(title=f"HopTac {service}", version=version, lifespan=lifespan)
    app.state.probes = {}
    install_problem_handlers(app)
    app.add_middleware(_TraceAndCount, service=service)

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is up and serving."""
        return {"status": "ok", "service": service}

    @app.get("/readyz", tags=["operations"], response_model=None)
    async def readyz(request: Request) -> dict[str, Any] | JSONResponse:
        """Every dependency (broker, database) answers."""
        probes: dict[str, Probe] = request.app.state.probes
        checks: dict[str, str] = {}
        for name, probe in probes.items():
            try:
                await asyncio.wait_for(probe(), timeout=3)
                checks[name] = "ok"
            except Exception as exc:
                checks[name] = f"{type(exc).__name__}: {exc}"[:200] or "failed"
        if not probes or any(v != "ok" for v in checks.values()):
            return problem_response(
                request, 503, "not-ready", "Not ready", "a dependency is unreachable", checks=checks
            )
        return {"status": "ready", "checks": checks}

    @app.get("/metrics", tags=["operations"], include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


class _TraceAndCount:
    """Plain ASGI middleware (cheaper than BaseHTTPMiddleware on every request):
    opens a trace from the request's traceparent and counts the response."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service=self.service)
        headers = dict(scope.get("headers") or [])
        parent = headers.get(b"traceparent")
        start_trace(parent.decode("latin-1") if parent else None)
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")
            metrics.HTTP_REQUESTS.labels(self.service, scope["method"], path, str(status)).inc()
