from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field, HttpUrl, field_validator, model_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from shared.db import AwareDateTime
from shared.events import SECTOR_IDS


class Subscription(SQLModel, table=True):
    """A department's standing request: alert me about these sectors/localities."""

    __tablename__ = "notify_subscriptions"

    id: str = SQLField(primary_key=True, max_length=64)
    department: str = SQLField(index=True, max_length=100)
    channel: str = SQLField(max_length=16)
    url: str | None = None
    email: str | None = None
    secret: str = SQLField(max_length=100)
    sectors: str  # JSON list
    localities: str  # JSON list
    active: bool = True
    created_at: datetime = SQLField(sa_type=AwareDateTime)


class Alert(SQLModel, table=True):
    """One (subscription, announcement) match; the unique pair is what makes
    alerts exactly-once in effect, whatever Kafka redelivers."""

    __tablename__ = "notify_alerts"
    __table_args__ = (UniqueConstraint("subscription_id", "announcement_id", name="uq_notify_alert_pair"),)

    id: str = SQLField(primary_key=True, max_length=64)
    subscription_id: str = SQLField(foreign_key="notify_subscriptions.id", max_length=64)
    announcement_id: str = SQLField(max_length=64)
    payload: str  # the JSON body delivered
    status: str = SQLField(default="pending", index=True, max_length=16)  # pending, delivered, failed
    attempts: int = 0
    next_attempt_at: datetime = SQLField(sa_type=AwareDateTime)
    last_error: str | None = None
    delivered_at: datetime | None = SQLField(default=None, sa_type=AwareDateTime)
    created_at: datetime = SQLField(sa_type=AwareDateTime)


# ---------------------------------------------------------------- HTTP schemas

SectorId = Literal[
    "party_building", "public_administration", "digital_government", "urban_planning", "investment",
    "industry_trade", "agriculture", "health", "education_training", "culture_sports_tourism",
    "social_welfare", "science_technology", "security_defense", "finance_budget", "transport_logistics",
    "natural_resources_environment",
]  # fmt: skip
assert set(SectorId.__args__) == set(SECTOR_IDS)  # type: ignore[attr-defined]


class SubscriptionIn(BaseModel):
    department: str = Field(description="A department id from GET /departments")
    channel: Literal["webhook", "email"] = "webhook"
    url: HttpUrl | None = Field(None, description="Webhook receiver (channel webhook)")
    email: EmailStr | None = Field(None, description="Recipient (channel email)")
    sectors: list[SectorId] = Field(
        default_factory=list, description="Any of these; empty: the department's defaults"
    )
    localities: list[str] = Field(
        default_factory=list, description="Locality slugs, any of these; empty: any"
    )

    @field_validator("localities")
    @classmethod
    def _slugs(cls, value: list[str]) -> list[str]:
        for slug in value:
            if not slug or not all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in slug):
                raise ValueError(
                    f"'{slug}' is not a locality slug (ASCII lower case and hyphens, e.g. 'hung-yen')"
                )
        return value

    @model_validator(mode="after")
    def _channel_target(self) -> SubscriptionIn:
        if self.channel == "webhook" and self.url is None:
            raise ValueError("a webhook subscription needs 'url'")
        if self.channel == "email" and self.email is None:
            raise ValueError("an email subscription needs 'email'")
        return self


class SubscriptionOut(BaseModel):
    id: str
    department: str
    channel: str
    url: str | None
    email: str | None
    sectors: list[str]
    localities: list[str]
    active: bool
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="Standard Webhooks signing secret (whsec_...); shown once")


class AlertOut(BaseModel):
    id: str
    announcement_id: str
    status: str
    attempts: int
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
