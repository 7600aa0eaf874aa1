"""202 means durable: announcements accepted while the broker is down all reach
Kafka, each once, when it comes back."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient

from hoptac.infra.kafka import LocalKafka, free_port
from services.ingest.app import build_app
from services.ingest.settings import Settings
from shared.events import TOPIC_INGESTED, IngestedEvent
from tests.kafka_reading import at_least, read_records
from tests.paths import SEEDS

ARTICLE = (SEEDS / "001_eb83c2ed4bce341d.txt").read_text(encoding="utf-8")


def test_accepted_while_the_broker_is_down_then_relayed_once(database_url: str, tmp_path: Path) -> None:
    broker = LocalKafka(tmp_path / "kafka", port=free_port(), controller_port=free_port())
    settings = Settings(
        kafka_bootstrap_servers=broker.bootstrap, database_url=database_url, data_dir=tmp_path
    )
    try:
        with TestClient(build_app(settings)) as client:
            ids = []
            for n in range(100):
                text = ARTICLE.replace("Ha Tinh Province.", f"Ha Tinh Province (copy {n}).")
                response = client.post("/announcements", json={"text": text})
                assert response.status_code == 202, response.text
                ids.append(response.json()["id"])
            assert len(set(ids)) == 100
            assert client.get("/readyz").json()["checks"]["kafka"] != "ok"

            broker.start()
            records = asyncio.run(read_records(broker.bootstrap, TOPIC_INGESTED, at_least(100), wait=60))
            events = [IngestedEvent.model_validate_json(r.value) for r in records]
            per_announcement = Counter(e.data.announcement_id for e in events)
            assert set(per_announcement) == set(ids)
            assert set(per_announcement.values()) == {1}
            assert "ingest_outbox_pending 0.0" in client.get("/metrics").text
    finally:
        broker.stop()
