"""End to end: real broker, four services as real processes, real HTTP receivers."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from standardwebhooks.webhooks import Webhook

from hoptac.analyze import analyze_file
from shared.events import TOPIC_CLASSIFIED, TOPIC_INGESTED, ClassifiedEvent, dead_letter_topic
from tests.e2e.conftest import Pipeline, WebhookReceiver, gold, wait_for
from tests.kafka_reading import at_least, read_records
from tests.paths import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
PARTNERS = {"dong-nai", "ha-tinh", "vientiane", "da-nang", "hung-yen"}


def _subscribe(pipeline: Pipeline, body: dict[str, Any]) -> dict[str, Any]:
    response = pipeline.http.post(f"{pipeline.url('notify')}/subscriptions", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    assert created["secret"].startswith("whsec_")
    return created


def test_five_announcements_flow_to_alerts_and_agreements(
    pipeline: Pipeline, webhook_receiver: WebhookReceiver
) -> None:
    labels = gold()
    agriculture = _subscribe(
        pipeline,
        {
            "department": "agriculture-environment",
            "sectors": ["agriculture"],
            "url": f"{webhook_receiver.url}/agri",
        },
    )
    laos_desk = _subscribe(
        pipeline,
        {
            "department": "external-relations",
            "localities": ["vientiane"],
            "url": f"{webhook_receiver.url}/laos",
        },
    )
    finance = _subscribe(
        pipeline,
        {
            "department": "finance",
            "sectors": ["finance_budget"],
            "localities": ["da-nang"],
            "url": f"{webhook_receiver.url}/fin",
        },
    )
    # From the gold labels: which seeds each subscription must hear about, and only those.
    expected = {
        "/agri": {f for f, d in labels.items() if "agriculture" in d["sectors"]["required"]},
        "/laos": {f for f, d in labels.items() if "vientiane" in d["localities"]["partners"]},
        "/fin": {
            f
            for f, d in labels.items()
            if "finance_budget" in d["sectors"]["required"] and "da-nang" in d["localities"]["partners"]
        },
    }
    assert expected == {
        "/agri": {"001_eb83c2ed4bce341d.txt", "004_4b381de25149f7a0.txt"},
        "/laos": {"002_30953af65393e7d4.txt"},
        "/fin": {"003_52dc07803a82ee4d.txt"},
    }

    ids = {path.name: pipeline.post_text(path).json()["id"] for path in SEED_FILES}
    wait_for(lambda: len(pipeline.agreements()) >= 5, what="five agreements")
    agreements = pipeline.agreements()
    assert {a["partner"]["slug"] for a in agreements} == PARTNERS

    # The API serves what the classifier (run offline, same code) says of each seed.
    by_partner = {a["partner"]["slug"]: a for a in agreements}
    for path in SEED_FILES:
        offline = analyze_file(path)
        partner = labels[path.name]["localities"]["partners"][0]
        served = {s["id"] for s in by_partner[partner]["sectors"]}
        assert served == {s["id"] for s in offline["sectors"]}

    expected_count = sum(len(v) for v in expected.values())
    wait_for(lambda: len(webhook_receiver.deliveries) >= expected_count, what="webhook deliveries")
    # Nothing more arrives: each alert once.
    with pytest.raises(AssertionError):
        wait_for(
            lambda: len(webhook_receiver.deliveries) > expected_count, timeout=3, what="an extra delivery"
        )

    secrets = {"/agri": agriculture["secret"], "/laos": laos_desk["secret"], "/fin": finance["secret"]}
    received: dict[str, set[str]] = {path: set() for path in expected}
    for delivery in webhook_receiver.deliveries:
        payload = Webhook(secrets[delivery.path]).verify(delivery.body, delivery.headers)
        assert payload["alert_id"] == delivery.headers["webhook-id"]
        name = next(n for n, i in ids.items() if i == payload["announcement"]["id"])
        received[delivery.path].add(name)
    assert received == expected
    assert len({d.headers["webhook-id"] for d in webhook_receiver.deliveries}) == expected_count

    detail = pipeline.http.get(f"{pipeline.url('api')}/agreements/ha-tinh").json()
    assert detail["partner"]["slug"] == "ha-tinh"
    assert [d["number"] for d in detail["documents"]] == ["1980-TB/TU"]
    assert {h["slug"] for h in detail["host"]} == {"ha-noi"}
    assert detail["commitments"], "Ha Tinh's announcement states commitments"
    assert any(t["what"] == "announcement published" for t in detail["timeline"])
    missing = pipeline.http.get(f"{pipeline.url('api')}/agreements/atlantis")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"

    assert pipeline.metric("classify", 'classify_announcements_total{outcome="classified"}') == 5
    alerts = pipeline.http.get(f"{pipeline.url('notify')}/subscriptions/{agriculture['id']}/alerts").json()
    assert [a["status"] for a in alerts] == ["delivered", "delivered"]


def test_classify_restarted_processes_nothing_twice_and_loses_nothing(pipeline: Pipeline) -> None:
    first, rest = SEED_FILES[:2], SEED_FILES[2:]
    for path in first:
        pipeline.post_text(path)
    wait_for(lambda: len(pipeline.agreements()) == 2, what="two agreements")
    wait_for(
        lambda: pipeline.metric("classify", 'classify_announcements_total{outcome="classified"}') == 2,
        what="commit",
    )

    classify = pipeline.services["classify"]
    # SIGTERM: finish, commit, leave the group. uvicorn re-raises the signal once
    # shut down, so the exit status is the signal's.
    assert classify.stop() in (0, -15)
    log = classify.log_path.read_text()
    assert '"event": "consumer_stopped"' in log
    assert '"event": "service_stopped"' in log
    for path in rest:  # accepted while classify is away: they wait on the topic
        pipeline.post_text(path)
    classify.start()
    classify.wait_ready()

    wait_for(lambda: len(pipeline.agreements()) == 5, what="five agreements after the restart")
    assert pipeline.metric("classify", 'classify_announcements_total{outcome="classified"}') == 3
    assert pipeline.metric("classify", 'classify_announcements_total{outcome="duplicate"}') == 0

    records = asyncio.run(read_records(pipeline.bootstrap, TOPIC_CLASSIFIED, at_least(5)))
    per_announcement = Counter(
        ClassifiedEvent.model_validate_json(r.value).data.announcement.announcement_id for r in records
    )
    assert len(per_announcement) == 5
    assert set(per_announcement.values()) == {1}


async def _produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=b"poison")
    finally:
        await producer.stop()


def test_poison_messages_are_dead_lettered_and_the_pipeline_keeps_flowing(pipeline: Pipeline) -> None:
    poison = [b"\xff not json at all", json.dumps({"specversion": "1.0", "type": "x", "data": {}}).encode()]
    asyncio.run(_produce(pipeline.bootstrap, TOPIC_INGESTED, poison))
    asyncio.run(_produce(pipeline.bootstrap, TOPIC_CLASSIFIED, poison))

    for group, origin in (
        ("classify", TOPIC_INGESTED),
        ("notify", TOPIC_CLASSIFIED),
        ("api", TOPIC_CLASSIFIED),
    ):
        letters = asyncio.run(read_records(pipeline.bootstrap, dead_letter_topic(group), at_least(2)))
        assert len(letters) == 2, group
        for letter, original in zip(letters, poison, strict=True):
            headers = dict(letter.headers)
            assert letter.value == original
            assert headers["hoptac-dlq-reason"] == b"invalid_event"
            assert headers["hoptac-dlq-original-topic"] == origin.encode()
            assert headers["hoptac-dlq-detail"]

    pipeline.post_text(SEED_FILES[3])
    agreements = wait_for(lambda: pipeline.agreements(), what="the next announcement to flow")
    assert [a["partner"]["slug"] for a in agreements] == ["da-nang"]
    assert (
        pipeline.metric("classify", 'hoptac_dead_letters_total{group="classify",reason="invalid_event"}') == 2
    )


def test_samples_are_the_seeds() -> None:
    samples = Path(__file__).resolve().parents[2] / "hoptac" / "samples"
    assert sorted(p.name for p in samples.glob("*.txt")) == [p.name for p in SEED_FILES]
