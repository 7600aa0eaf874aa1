"""The whole pipeline as real processes on a broker of its own, and a webhook receiver."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from hoptac.infra.kafka import LocalKafka, free_port
from hoptac.stack import ServiceProcess, make_services, start_all, stop_all

T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], timeout: float = 60.0, what: str = "condition") -> T:
    """Poll ``probe`` until it returns something truthy; bounded, never a blind sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class WebhookReceiver:
    url: str
    deliveries: list[Delivery] = field(default_factory=list)


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"])).decode()
            with lock:
                receiver.deliveries.append(
                    Delivery(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()


@dataclass
class Pipeline:
    services: dict[str, ServiceProcess]
    bootstrap: str
    http: httpx.Client

    def url(self, service: str) -> str:
        return self.services[service].url

    def post_text(self, path: Path) -> httpx.Response:
        response = self.http.post(
            f"{self.url('ingest')}/announcements",
            content=path.read_bytes(),
            headers={"content-type": "text/plain; charset=utf-8"},
        )
        assert response.status_code in (200, 202), response.text
        return response

    def agreements(self) -> list[dict[str, Any]]:
        response = self.http.get(f"{self.url('api')}/agreements")
        assert response.status_code == 200, response.text
        result: list[dict[str, Any]] = response.json()
        return result

    def metric(self, service: str, line_start: str) -> float:
        text = self.http.get(f"{self.url(service)}/metrics").text
        for line in text.splitlines():
            if line.startswith(line_start):
                return float(line.rsplit(" ", 1)[1])
        return 0.0


@pytest.fixture(params=["sqlite", "postgres"])
def pipeline(request: pytest.FixtureRequest, fresh_kafka: LocalKafka, tmp_path: Path) -> Iterator[Pipeline]:
    if request.param == "sqlite":
        database_url = f"sqlite+aiosqlite:///{tmp_path}/{{service}}.db"
    else:
        database_url = request.getfixturevalue("database_url_postgres")
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": fresh_kafka.bootstrap,
        "DATABASE_URL": database_url,
        "HOPTAC_DATA_DIR": str(tmp_path / "data"),
        "NOTIFY_DELIVERY_POLL_SECONDS": "0.2",
    }
    ports = {name: free_port() for name in ("api", "ingest", "classify", "notify")}
    services = make_services(env, tmp_path / "logs", ports)
    start_all(services)
    with httpx.Client(timeout=30) as http:
        try:
            yield Pipeline(services, fresh_kafka.bootstrap, http)
        finally:
            stop_all(services)


def gold() -> dict[str, dict[str, Any]]:
    from tests.paths import GOLD

    return {d["file"]: d for d in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]}
