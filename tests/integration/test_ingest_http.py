"""ingest's HTTP edge against a real database (SQLite and PostgreSQL) and the real broker."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.ingest.app import build_app
from services.ingest.settings import Settings
from shared.events import TOPIC_INGESTED, IngestedEvent
from tests.kafka_reading import read_records
from tests.paths import SEEDS

SEED_000 = (SEEDS / "000_d355ec78f3586d46.txt").read_text(encoding="utf-8")


@pytest.fixture
def client(kafka_bootstrap: str, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        database_url=database_url,
        data_dir=tmp_path,
        max_body_bytes=64 * 1024,
    )
    with TestClient(build_app(settings)) as test_client:
        yield test_client


def _problem(response: object) -> dict[str, object]:
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert {"type", "title", "status"} <= body.keys()
    return body


def test_text_post_is_accepted_once_and_published(client: TestClient, kafka_bootstrap: str) -> None:
    unique = SEED_000.replace("Dong Nai calls on", f"Dong Nai (ref {uuid.uuid4().hex}) calls on")
    first = client.post("/announcements", json={"text": unique, "source_url": "https://example.org/a"})
    assert first.status_code == 202, first.text
    body = first.json()
    assert first.headers["location"] == f"/announcements/{body['id']}"
    assert body["status"] == "accepted"
    assert body["document_key"] == "doc:2265-TB/TU"

    again = client.post("/announcements", content=unique.encode(), headers={"content-type": "text/plain"})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert again.json()["status"] == "duplicate"

    stored = client.get(body["location"]).json()
    assert stored["document_number"] == "2265-TB/TU"
    assert stored["published_at"] in ("2019-10-24T21:31:00+07:00", "2019-10-24T14:31:00Z")

    def about(records: list[object]) -> list[IngestedEvent]:
        events = [IngestedEvent.model_validate_json(r.value) for r in records]  # type: ignore[attr-defined]
        return [e for e in events if e.data.announcement_id == body["id"]]

    events = about(
        asyncio.run(read_records(kafka_bootstrap, TOPIC_INGESTED, lambda rs: bool(about(rs)), wait=15))
    )
    assert len(events) == 1
    assert events[0].data.title == "Hanoi, Dong Nai seek further cooperation"
    assert "Latest news" not in events[0].data.text


def test_bad_input_gets_specific_problems(client: TestClient) -> None:
    assert _problem(client.post("/announcements", json={"text": "   \n "}))["status"] == 422
    both = _problem(client.post("/announcements", json={"text": "a", "html": "<p>b</p>"}))
    assert "exactly one" in str(both["detail"])
    invalid = _problem(
        client.post("/announcements", content=b"{oops", headers={"content-type": "application/json"})
    )
    assert invalid["title"] == "Invalid JSON"
    unsupported = client.post("/announcements", content=b"x", headers={"content-type": "image/png"})
    assert unsupported.status_code == 415
    assert "image/png" in str(_problem(unsupported)["detail"])
    too_big = client.post(
        "/announcements", content=b"a" * (65 * 1024), headers={"content-type": "text/plain"}
    )
    assert too_big.status_code == 413
    _problem(too_big)
    assert client.get("/announcements/nope").status_code == 404


def test_batch_reports_each_item(client: TestClient) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    items = [{"text": p.read_text(encoding="utf-8")} for p in seeds[:2]] + [
        {"text": ""},
        {"text": seeds[0].read_text()},
    ]
    response = client.post("/announcements:batch", content=json.dumps({"items": items}))
    assert response.status_code == 200, response.text
    result = response.json()
    assert [i["status"] for i in result["items"]][2:] == ["rejected", "duplicate"]
    assert result["rejected"] == 1
    assert result["items"][2]["error"]["code"] == "empty"


def test_readiness_and_metrics(client: TestClient) -> None:
    deadline = time.monotonic() + 20  # Kafka connects in the background after start-up
    ready = client.get("/readyz")
    while ready.status_code != 200 and time.monotonic() < deadline:
        assert ready.json()["checks"]["database"] == "ok"
        time.sleep(0.2)
        ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "kafka": "ok"}
    client.post("/announcements", json={"text": ""})
    metrics = client.get("/metrics").text
    assert (
        'hoptac_http_requests_total{method="POST",route="/announcements",service="ingest",status="422"}'
        in metrics
    )
