"""api's read model on SQLite and PostgreSQL: renditions of one document, re-classification,
duplicates, districts within their province's agreement."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from fastapi.testclient import TestClient

from services.api.app import build_app
from services.api.handlers import ApiHandlers
from services.api.settings import Settings
from shared.events import (
    TYPE_CLASSIFIED,
    AnnouncementClassified,
    AnnouncementIngested,
    ClassifiedEvent,
    Commitment,
    DocumentRef,
    LocalityTag,
    SectorTag,
    SourceRef,
    Span,
)
from shared.runtime import Runtime

HANOI = LocalityTag(slug="ha-noi", name="Hanoi", role="host", level="province", country="VN")
DONG_NAI = LocalityTag(slug="dong-nai", name="Dong Nai", role="partner", level="province", country="VN")
BIEN_HOA = LocalityTag(slug="bien-hoa", name="Bien Hoa", role="partner", level="district", country="VN")
ICT = timezone(timedelta(hours=7))


def _event(
    language: str,
    sectors: list[str],
    *,
    version: str = "v1",
    extra: tuple[LocalityTag, ...] = (),
) -> ClassifiedEvent:
    announcement_id = f"{language}-{uuid.uuid4().hex[:8]}"
    return ClassifiedEvent(
        id=str(uuid.uuid4()),
        source="/test",
        type=TYPE_CLASSIFIED,
        subject=announcement_id,
        data=AnnouncementClassified(
            announcement=AnnouncementIngested(
                announcement_id=announcement_id, document_key="doc:2265-TB/TU", source=SourceRef(kind="http", url=f"https://x/{language}"),
                language=language, title=f"title {language}", text="...", published_at=datetime(2019, 10, 24, 21, 31, tzinfo=ICT),
                document=DocumentRef(number="2265-TB/TU", kind="announcement", issuer="Hanoi Party Committee"), issued_on=date(2019, 10, 22),
            ),
            sectors=[SectorTag(id=s, score=1.5, evidence=[Span(text=s, start=0, end=len(s))]) for s in sectors],
            localities=[HANOI, DONG_NAI, *extra],
            commitments=[Commitment(text="Hanoi will support", start=0, end=18, actor="hanoi", sectors=sectors[:1])],
            classifier_version=version,
        ),
    )  # fmt: skip


def test_renditions_reclassification_and_duplicates(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    settings = Settings(kafka_bootstrap_servers=kafka_bootstrap, database_url=database_url, data_dir=tmp_path)
    app = build_app(settings)
    with TestClient(app) as client:
        runtime: Runtime = app.state.runtime
        handlers = ApiHandlers(sessions=runtime.sessions)
        english = _event("en", ["investment"], extra=(BIEN_HOA,))
        vietnamese = _event("vi", ["investment", "health"])

        async def apply(*events: ClassifiedEvent) -> None:
            for event in events:
                await handlers.on_announcement_classified(event)

        portal = client.portal
        assert portal is not None
        portal.call(apply, english, vietnamese, english)  # the repeated event changes nothing

        [summary] = client.get("/agreements").json()  # Bien Hoa rides on Dong Nai's agreement
        assert summary["partner"]["slug"] == "dong-nai"
        assert summary["documents"] == 1
        assert {s["id"]: s["documents"] for s in summary["sectors"]} == {"investment": 2, "health": 1}
        assert summary["first_activity"] == summary["last_activity"] == "2019-10-22"

        detail = client.get("/agreements/dong-nai").json()
        [document] = detail["documents"]
        assert document["number"] == "2265-TB/TU"
        assert sorted(r["language"] for r in document["renditions"]) == ["en", "vi"]
        assert len(detail["commitments"]) == 2
        assert [t["what"] for t in detail["timeline"]] == ["2265-TB/TU issued"] * 2 + [
            "announcement published"
        ] * 2

        # A new classifier version of the Vietnamese rendition replaces its tags.
        reclassified = _event("vi", ["agriculture"], version="v2")
        reclassified = reclassified.model_copy(
            update={
                "data": reclassified.data.model_copy(update={"announcement": vietnamese.data.announcement})
            }
        )
        portal.call(apply, reclassified)
        sectors = {s["id"] for s in client.get("/agreements/dong-nai").json()["sectors"]}
        assert sectors == {"investment", "agriculture"}
        assert client.get("/agreements/bien-hoa").status_code == 404
