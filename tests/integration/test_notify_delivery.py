"""notify against the real broker and database: retries until delivered, once,
signed; e-mail through a real SMTP server; bad subscriptions refused."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook

from hoptac.infra.kafka import free_port
from services.notify.app import build_app
from services.notify.settings import Settings
from shared.events import (
    TOPIC_CLASSIFIED,
    TYPE_CLASSIFIED,
    AnnouncementClassified,
    AnnouncementIngested,
    ClassifiedEvent,
    LocalityTag,
    SectorTag,
    SourceRef,
)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def flaky_receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], str]]]]:
    """Answers 500 to the first delivery and 204 afterwards."""
    received: list[tuple[dict[str, str], str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"])).decode()
            received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(500 if len(received) == 1 else 204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def _classified(place: str) -> ClassifiedEvent:
    announcement_id = uuid.uuid4().hex
    return ClassifiedEvent(
        id=str(uuid.uuid4()),
        source="/test",
        type=TYPE_CLASSIFIED,
        subject=announcement_id,
        data=AnnouncementClassified(
            announcement=AnnouncementIngested(
                announcement_id=announcement_id, document_key=f"ann:{announcement_id}", source=SourceRef(kind="http"),
                language="en", title="Hanoi, Atlantis boost health cooperation", text="...", published_at=None,
                document=None, issued_on=None,
            ),
            sectors=[SectorTag(id="health", score=3.0, evidence=[])],
            localities=[LocalityTag(slug=place, name="Atlantis", role="partner", level="province", country="VN")],
            commitments=[],
            classifier_version="test",
        ),
    )  # fmt: skip


async def _publish(bootstrap: str, event: ClassifiedEvent, times: int = 1) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for _ in range(times):
            await producer.send_and_wait(TOPIC_CLASSIFIED, event.model_dump_json().encode(), key=b"atlantis")
    finally:
        await producer.stop()


def _wait(probe: Any, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_webhook_retried_until_delivered_once_and_email_sent(
    kafka_bootstrap: str,
    database_url: str,
    tmp_path: Path,
    smtp: tuple[_Inbox, int],
    flaky_receiver: tuple[str, list[tuple[dict[str, str], str]]],
) -> None:
    inbox, smtp_port = smtp
    url, received = flaky_receiver
    place = f"atlantis-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        kafka_bootstrap_servers=kafka_bootstrap, database_url=database_url, data_dir=tmp_path,
        retry_base_seconds=0.2, delivery_poll_seconds=0.1, smtp_port=smtp_port,
    )  # fmt: skip
    with TestClient(build_app(settings)) as client:
        hook = client.post("/subscriptions", json={"department": "health", "localities": [place], "url": url})
        assert hook.status_code == 201, hook.text
        mail = client.post(
            "/subscriptions",
            json={
                "department": "health",
                "channel": "email",
                "email": "so-y-te@hanoi.gov.vn",
                "localities": [place],
            },
        )
        assert mail.status_code == 201, mail.text
        _wait(lambda: client.get("/readyz").status_code == 200, "readiness")

        event = _classified(place)
        asyncio.run(_publish(kafka_bootstrap, event, times=2))  # redelivered: still one alert each

        _wait(lambda: len(received) >= 2 and len(inbox.messages) >= 1, "webhook retry and e-mail")
        time.sleep(1.0)  # would a third POST or a second e-mail come? (none may)
        assert len(received) == 2
        assert len(inbox.messages) == 1
        (first_headers, first_body), (second_headers, second_body) = received
        assert first_headers["webhook-id"] == second_headers["webhook-id"]
        assert first_body == second_body
        payload = Webhook(hook.json()["secret"]).verify(second_body, second_headers)
        assert payload["announcement"]["id"] == event.data.announcement.announcement_id
        assert payload["matched"] == {"sectors": ["health"], "localities": [place]}

        alerts = client.get(f"/subscriptions/{hook.json()['id']}/alerts").json()
        assert [(a["status"], a["attempts"]) for a in alerts] == [("delivered", 2)]
        email = message_from_bytes(inbox.messages[0])
        assert email["To"] == "so-y-te@hanoi.gov.vn"
        assert "Atlantis" in email["Subject"]


def test_bad_subscriptions_are_refused_with_problems(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    settings = Settings(kafka_bootstrap_servers=kafka_bootstrap, database_url=database_url, data_dir=tmp_path)
    with TestClient(build_app(settings)) as client:
        cases = [
            ({"department": "ministry-of-magic", "url": "http://x.test/h"}, "Unknown department"),
            ({"department": "health"}, "Invalid request"),
            ({"department": "health", "url": "not a url"}, "Invalid request"),
            ({"department": "health", "sectors": ["astrology"], "url": "http://x.test/h"}, "Invalid request"),
            ({"department": "city-office", "url": "http://x.test/h"}, "Empty subscription"),
            ({"department": "health", "localities": ["Hà Nội"], "url": "http://x.test/h"}, "Invalid request"),
        ]
        for body, title in cases:
            response = client.post("/subscriptions", json=body)
            assert response.status_code == 422, body
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["title"] == title, (body, response.json())
        assert client.get("/subscriptions/nope").status_code == 404
        assert len(client.get("/departments").json()) >= 15
