"""Pure logic of notify: which subscription matches, and the webhook signature."""

import json
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.notify.delivery import signed_headers
from services.notify.handlers import alert_id, matches
from services.notify.models import Subscription
from shared.events import (
    AnnouncementClassified,
    AnnouncementIngested,
    LocalityTag,
    SectorTag,
    SourceRef,
    Successor,
)


def _subscription(sectors: list[str], localities: list[str]) -> Subscription:
    return Subscription(
        id="s1", department="health", channel="webhook", url="http://x", secret="whsec_" + "A" * 32,
        sectors=json.dumps(sectors), localities=json.dumps(localities), created_at=datetime.now(UTC),
    )  # fmt: skip


def _classified(sectors: list[str], partner: LocalityTag) -> AnnouncementClassified:
    return AnnouncementClassified(
        announcement=AnnouncementIngested(
            announcement_id="a1",
            document_key="ann:a1",
            source=SourceRef(kind="http"),
            language="vi",
            title="t",
            text="x",
            published_at=None,
            document=None,
            issued_on=None,
        ),
        sectors=[SectorTag(id=s, score=1.0, evidence=[]) for s in sectors],
        localities=[partner],
        commitments=[],
        classifier_version="v",
    )


HUNG_YEN = LocalityTag(slug="hung-yen", name="Hưng Yên", role="partner", level="province", country="VN")
HA_GIANG = LocalityTag(
    slug="ha-giang", name="Hà Giang", role="partner", level="province", country="VN",
    successor=Successor(slug="tuyen-quang", name="Tuyên Quang"),
)  # fmt: skip


def test_sector_subscription_matches_on_any_common_sector() -> None:
    assert matches(_subscription(["health", "agriculture"], []), _classified(["health"], HUNG_YEN)) == (
        ["health"],
        [],
    )
    assert matches(_subscription(["health"], []), _classified(["investment"], HUNG_YEN)) is None


def test_locality_filter_applies_with_sectors() -> None:
    sub = _subscription(["health"], ["hung-yen"])
    assert matches(sub, _classified(["health"], HUNG_YEN)) == (["health"], ["hung-yen"])
    assert matches(sub, _classified(["health"], HA_GIANG)) is None


def test_locality_matches_through_the_successor_of_a_merged_province() -> None:
    assert matches(_subscription([], ["tuyen-quang"]), _classified(["health"], HA_GIANG)) == (
        [],
        ["tuyen-quang"],
    )


def test_alert_id_is_stable_per_pair() -> None:
    assert alert_id("s1", "a1") == alert_id("s1", "a1") != alert_id("s1", "a2")


def test_signature_verifies_with_the_standard_webhooks_reference_and_fails_when_tampered() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"alert_id": "x"}'
    headers = signed_headers(secret, "msg_1", body, datetime.now(UTC))
    assert Webhook(secret).verify(body, headers) == {"alert_id": "x"}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace("x", "y"), headers)
