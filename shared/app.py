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
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

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


class _TraceAndCount(BaseHTTPMiddleware):
    def __init__(self, app: Any, service: str) -> None:
        super().__init__(app)
        self.service = service

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service=self.service)
        start_trace(request.headers.get("traceparent"))
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        metrics.HTTP_REQUESTS.labels(self.service, request.method, path, str(response.status_code)).inc()
        return response
