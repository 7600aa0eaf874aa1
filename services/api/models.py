from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

from shared.db import AwareDateTime
from shared.events import Commitment, LocalityTag


class ClassifiedAnnouncement(SQLModel, table=True):
    """The latest classified event of each announcement, as received."""

    __tablename__ = "api_announcements"

    announcement_id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    classifier_version: str = Field(max_length=128)
    document_key: str = Field(index=True, max_length=200)
    payload: str  # the event's data (AnnouncementClassified) as JSON
    received_at: datetime = Field(sa_type=AwareDateTime)


class AgreementLink(SQLModel, table=True):
    """Which announcements concern which partner: one agreement per partner."""

    __tablename__ = "api_agreement_links"

    partner_slug: str = Field(primary_key=True, max_length=100)
    announcement_id: str = Field(
        primary_key=True, max_length=64, foreign_key="api_announcements.announcement_id"
    )


# ---------------------------------------------------------------- HTTP schemas


class SectorSummary(BaseModel):
    id: str
    documents: int
    best_score: float


class AgreementSummary(BaseModel):
    partner: LocalityTag
    documents: int
    sectors: list[SectorSummary]
    first_activity: date | None
    last_activity: date | None


class Rendition(BaseModel):
    announcement_id: str
    language: str | None
    title: str | None
    published_at: datetime | None
    source_url: str | None


class DocumentOut(BaseModel):
    document_key: str
    number: str | None
    kind: str | None
    issuer: str | None
    issued_on: date | None
    renditions: list[Rendition]


class SectorDetail(BaseModel):
    id: str
    best_score: float
    announcements: list[str]
    evidence: list[str]


class CommitmentOut(Commitment):
    announcement_id: str


class TimelineEntry(BaseModel):
    on: date
    what: str
    announcement_id: str
    title: str | None


class AgreementDetail(BaseModel):
    partner: LocalityTag
    host: list[LocalityTag]
    documents: list[DocumentOut]
    sectors: list[SectorDetail]
    commitments: list[CommitmentOut]
    timeline: list[TimelineEntry]
