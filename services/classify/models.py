from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from shared.db import AwareDateTime


class ClassificationRecord(SQLModel, table=True):
    """One announcement classified by one classifier version: the dedupe key."""

    __tablename__ = "classify_results"

    announcement_id: str = Field(primary_key=True, max_length=64)
    classifier_version: str = Field(primary_key=True, max_length=128)
    event_id: str = Field(max_length=64)
    sectors: str  # comma-separated ids, for operators reading the table
    partners: str
    created_at: datetime = Field(sa_type=AwareDateTime)
