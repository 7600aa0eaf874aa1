"""Ingest's parsing: raw announcement (text, HTML or PDF) -> cleaned article + trustworthy metadata.

Pure functions, no I/O. ``parse`` is the entry point the app and the CLI call.

Language: detected from the cleaned text (share of Vietnamese-only letters). When the
detection is confident it wins over ``declared_language``; when it is not (short or
mixed text) the declared language is used, then the page's ``<html lang>``; else None.

Publication time: the page's own stamp (in or around the headline, a labelled
"Cập nhật:" / "Published:" line, or an article:published_time meta tag); the
caller's ``published_at`` only when the page states none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from services.ingest.cleaning import (
    MIN_ARTICLE_WORDS,
    Article,
    assemble,
    extractor_mask,
    find_article,
    split_lines,
)
from services.ingest.dates import HANOI_TZ, parse_iso
from services.ingest.decoding import (
    check_not_mojibake,
    decode_bytes,
    parse_content_type,
    pdf_text,
    sniff_html,
)
from services.ingest.errors import IngestError
from services.ingest.html_text import RenderedPage, render
from services.ingest.metadata import detect_language, find_document, language_tag, publication_stamp
from services.ingest.offsets import OffsetMap, identity_map
from shared.events import DocumentRef
from shared.text import fold, normalize

__all__ = ["IngestError", "OffsetMap", "ParsedAnnouncement", "announcement_id", "parse"]


@dataclass(frozen=True)
class ParsedAnnouncement:
    source_text: str  # the input decoded and normalised: what offsets refer to
    text: str  # the article alone (headline, lead, body, byline), normalised
    offsets: OffsetMap  # text -> source_text
    title: str | None
    language: Literal["en", "vi"] | None
    published_at: datetime | None  # aware, Asia/Ho_Chi_Minh
    document: DocumentRef | None
    issued_on: date | None
    announcement_id: str
    document_key: str


def announcement_id(text: str) -> str:
    """Identity of an announcement: its normalised text, whitespace collapsed, hashed."""
    return _hash_normalized(normalize(text))


def _hash_normalized(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]


def document_key(document: DocumentRef | None, ann_id: str) -> str:
    """Renditions of one document share it: ``doc:2265-TB/TU`` (QĐ and QD alike)."""
    if document is None:
        return f"ann:{ann_id}"
    return "doc:" + fold(document.number).upper()


def parse(
    raw: str | bytes,
    *,
    content_type: str = "text/plain",
    declared_language: str | None = None,
    published_at: datetime | None = None,
) -> ParsedAnnouncement:
    """Clean an announcement and read its metadata; raises IngestError for unusable input."""
    media = parse_content_type(content_type)
    kind = media.kind
    if kind == "pdf":
        if isinstance(raw, str):
            raise IngestError("invalid_pdf", "A PDF must be sent as bytes, not as text.")
        decoded = pdf_text(raw)
    elif isinstance(raw, bytes):
        decoded = decode_bytes(raw, media.charset, html=kind == "html")
    else:
        decoded = raw
    if not decoded.strip():
        raise IngestError("empty", "The document is empty (no text in it).")
    check_not_mojibake(decoded)
    source = normalize(decoded)
    if kind == "text" and sniff_html(source):
        kind = "html"

    page: RenderedPage | None = None
    if kind == "html":
        page = render(source)
        to_source = page.offsets
        article = _html_article(source, page)
    else:
        to_source = identity_map(len(source))
        article = find_article(split_lines(source))
    if article is None or not article.has_body_words(MIN_ARTICLE_WORDS):
        raise IngestError(
            "no_article",
            f"No article found: after removing page chrome fewer than {MIN_ARTICLE_WORDS} words of prose remain.",
        )
    text, to_rendered = assemble(article)
    offsets = to_rendered if page is None else to_rendered.compose(to_source)

    title = article.title

    stamp = publication_stamp(article)
    # published_at is a stamp with its minute; a date alone ("12 April 2018") is no time of
    # publication, but it still gives the year of the dates in the text.
    published = stamp.at if stamp and stamp.has_time else None
    dated = published or (stamp.at if stamp else None)
    if published is None and page is not None and page.published_meta:
        published = parse_iso(page.published_meta)
    if published is None and published_at is not None:
        published = _to_hanoi(published_at)

    language = detect_language(text) or language_tag(declared_language)
    if language is None and page is not None:
        language = language_tag(page.lang)

    facts = find_document(text, published or dated)
    # Kept lines are slices of the normalised source; entities are normalised one by one.
    ann_id = _hash_normalized(text)
    return ParsedAnnouncement(
        source_text=source,
        text=text,
        offsets=offsets,
        title=title,
        language=language,
        published_at=published,
        document=facts.document,
        issued_on=facts.issued_on,
        announcement_id=ann_id,
        document_key=document_key(facts.document, ann_id),
    )


def _to_hanoi(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=HANOI_TZ)
    return moment.astimezone(HANOI_TZ)


def _html_article(source: str, page: RenderedPage) -> Article | None:
    """trafilatura picks the article's lines; the line rules trim what it lets through."""
    # Imported here: trafilatura is heavy and only HTML input needs it.
    import trafilatura

    lines = split_lines(page.text)
    extracted = trafilatura.extract(source, include_comments=False, include_tables=True, deduplicate=False)
    # trafilatura decodes entities itself: then its text needs normalising like ours.
    if extracted and page.entities_beyond_ascii:
        extracted = normalize(extracted)
    allowed = extractor_mask(lines, extracted) if extracted else None
    title_index = None
    if page.h1:
        title_index = next(
            (i for i, line in enumerate(lines) if " ".join(line.text.split()) == page.h1), None
        )
    article = find_article(lines, allowed=allowed, title_index=title_index)
    if article is None and allowed is not None:
        article = find_article(lines, title_index=title_index)
    return article
