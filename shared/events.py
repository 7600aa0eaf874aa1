"""The public Kafka contract: CloudEvents 1.0 envelopes and their data, versioned.

Integrators read these topics directly, so every change here is a contract change:
add optional fields within a version, bump ``.v1`` -> ``.v2`` (new type and topic)
for anything else. ``hoptac schemas`` exports the JSON Schemas to docs/schemas/.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SPECVERSION = "1.0"

# Topics: one per event family, versioned with the event type.
TOPIC_INGESTED = "hoptac.announcements.ingested.v1"
TOPIC_CLASSIFIED = "hoptac.announcements.classified.v1"
TOPIC_ALERTS = "hoptac.alerts.v1"

TYPE_INGESTED = "hoptac.announcement.ingested.v1"
TYPE_CLASSIFIED = "hoptac.announcement.classified.v1"
TYPE_ALERT = "hoptac.alert.raised.v1"


def dead_letter_topic(group: str) -> str:
    """Each consumer group has its own dead-letter topic: ``hoptac.dlq.<group>.v1``."""
    return f"hoptac.dlq.{group}.v1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# The 16 sector ids of the taxonomy (services/classify/data/sectors.yaml holds
# their names and lexicons; a test keeps the two in step). Part of the contract.
SECTOR_IDS: tuple[str, ...] = (
    "party_building",
    "public_administration",
    "digital_government",
    "urban_planning",
    "investment",
    "industry_trade",
    "agriculture",
    "health",
    "education_training",
    "culture_sports_tourism",
    "social_welfare",
    "science_technology",
    "security_defense",
    "finance_budget",
    "transport_logistics",
    "natural_resources_environment",
)

# ---------------------------------------------------------------- shared parts
Language = Literal["en", "vi"]
LocalityRole = Literal["host", "partner", "mentioned"]
LocalityLevel = Literal["province", "district", "ward", "foreign_city", "country"]
Actor = Literal["hanoi", "partner", "both"]


class Span(_Model):
    """A piece of the cleaned text: ``text == cleaned[start:end]``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class DocumentRef(_Model):
    """The official document an announcement reports, when it says so."""

    number: str = Field(description="Official number, e.g. '2265-TB/TU'")
    kind: str | None = Field(None, description="announcement, conclusion, resolution, directive, plan...")
    issuer: str | None = Field(None, description="Issuing body, e.g. 'Hanoi Party Committee'")


class SourceRef(_Model):
    kind: Literal["http", "file", "feed"]
    url: str | None = None
    filename: str | None = None


class SectorTag(_Model):
    id: str
    score: float
    evidence: list[Span]


class Successor(_Model):
    slug: str
    name: str


class LocalityTag(_Model):
    slug: str
    name: str
    role: LocalityRole
    level: LocalityLevel
    country: str = Field(description="ISO 3166-1 alpha-2")
    successor: Successor | None = Field(None, description="Unit it merged into in a reorganisation")
    evidence: list[Span] = Field(default_factory=list)


class Commitment(_Model):
    text: str
    start: int
    end: int
    actor: Actor
    sectors: list[str]


# ---------------------------------------------------------------- event data
class AnnouncementIngested(_Model):
    """An announcement taken in, cleaned and described by ingest."""

    announcement_id: str = Field(description="Derived from the normalised cleaned text")
    document_key: str = Field(description="Links renditions of one official document")
    source: SourceRef
    language: Language | None
    title: str | None
    text: str = Field(description="Cleaned article text (NFC, canonical tone placement)")
    published_at: datetime | None
    document: DocumentRef | None
    issued_on: date | None


class AnnouncementClassified(_Model):
    """Ingested announcement plus its tags; what api and notify consume."""

    announcement: AnnouncementIngested
    sectors: list[SectorTag]
    localities: list[LocalityTag]
    commitments: list[Commitment]
    classifier_version: str

    def partners(self) -> list[LocalityTag]:
        return [loc for loc in self.localities if loc.role == "partner"]


class AlertRaised(_Model):
    """A subscription matched an announcement; delivery is notify's job."""

    alert_id: str
    subscription_id: str
    department: str
    channel: Literal["webhook", "email"]
    announcement_id: str
    title: str | None
    matched_sectors: list[str]
    matched_localities: list[str]


DataT = TypeVar("DataT", bound=BaseModel)


class CloudEvent(BaseModel, Generic[DataT]):
    """CloudEvents 1.0, structured mode, JSON."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    specversion: Literal["1.0"] = "1.0"
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    data: DataT


IngestedEvent = CloudEvent[AnnouncementIngested]
ClassifiedEvent = CloudEvent[AnnouncementClassified]
AlertEvent = CloudEvent[AlertRaised]

EVENT_TYPES: dict[str, tuple[str, type[CloudEvent[Any]]]] = {
    TYPE_INGESTED: (TOPIC_INGESTED, IngestedEvent),
    TYPE_CLASSIFIED: (TOPIC_CLASSIFIED, ClassifiedEvent),
    TYPE_ALERT: (TOPIC_ALERTS, AlertEvent),
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of each event type, keyed by CloudEvents type."""
    return {etype: model.model_json_schema() for etype, (_, model) in EVENT_TYPES.items()}
