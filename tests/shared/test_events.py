import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.events import (
    EVENT_TYPES,
    SECTOR_IDS,
    TOPIC_CLASSIFIED,
    TYPE_INGESTED,
    AnnouncementIngested,
    IngestedEvent,
    SourceRef,
    dead_letter_topic,
    json_schemas,
)


def _ingested() -> IngestedEvent:
    return IngestedEvent(
        source="/hoptac/ingest",
        type=TYPE_INGESTED,
        subject="abc",
        data=AnnouncementIngested(
            announcement_id="abc",
            document_key="doc:2265-TB/TU",
            source=SourceRef(kind="http"),
            language="en",
            title="Hanoi, Dong Nai seek further cooperation",
            text="...",
            published_at=datetime(2019, 10, 24, 14, 31, tzinfo=UTC),
            document=None,
            issued_on=None,
        ),
    )


def test_events_are_structured_cloudevents_1_0() -> None:
    body = json.loads(_ingested().model_dump_json())
    assert body["specversion"] == "1.0"
    assert body["datacontenttype"] == "application/json"
    assert {"id", "source", "type", "time", "subject", "data"} <= body.keys()
    assert body["type"].endswith(".v1")


def test_round_trip_and_rejection_of_a_wrong_envelope() -> None:
    event = _ingested()
    assert IngestedEvent.model_validate_json(event.model_dump_json()) == event
    broken = json.loads(event.model_dump_json())
    broken["specversion"] = "0.3"
    with pytest.raises(ValidationError):
        IngestedEvent.model_validate(broken)


def test_every_event_type_exports_a_json_schema_naming_its_data() -> None:
    schemas = json_schemas()
    assert set(schemas) == set(EVENT_TYPES)
    for schema in schemas.values():
        assert "data" in schema["properties"]
        assert "specversion" in schema["required"] or "specversion" in schema["properties"]


def test_topic_names_are_versioned() -> None:
    assert TOPIC_CLASSIFIED == "hoptac.announcements.classified.v1"
    assert dead_letter_topic("classify") == "hoptac.dlq.classify.v1"


def test_the_contract_names_the_taxonomy_s_sector_ids() -> None:
    import yaml

    taxonomy = Path(__file__).resolve().parents[2] / "services" / "classify" / "data" / "sectors.yaml"
    ids = [s["id"] for s in yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["sectors"]]
    assert tuple(ids) == SECTOR_IDS
