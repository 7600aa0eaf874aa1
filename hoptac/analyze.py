"""Offline analysis: the services' own parsing and classification, on files."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from services.classify.classifier import Classifier
from services.ingest.parsing import IngestError, ParsedAnnouncement, parse

CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}


def content_type_for(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "text/plain")


@cache
def classifier() -> Classifier:
    return Classifier()


def analyze_parsed(parsed: ParsedAnnouncement) -> dict[str, Any]:
    """The analysis of one parsed announcement as a JSON-ready dict."""
    result = classifier().classify(parsed.text, parsed.title, parsed.language)
    document = parsed.document
    return {
        "announcement_id": parsed.announcement_id,
        "document_key": parsed.document_key,
        "language": parsed.language,
        "title": parsed.title,
        "document_number": document.number if document else None,
        "document_kind": document.kind if document else None,
        "issuer": document.issuer if document else None,
        "published_at": parsed.published_at.isoformat() if parsed.published_at else None,
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else None,
        "localities": [loc.model_dump(mode="json") for loc in result.localities],
        "sectors": [s.model_dump(mode="json") for s in result.sectors],
        "commitments": [c.model_dump(mode="json") for c in result.commitments],
        "classifier_version": result.version,
    }


def analyze_file(path: Path) -> dict[str, Any]:
    """Analysis of one file; raises OSError or IngestError with a clear message."""
    parsed = parse(path.read_bytes(), content_type=content_type_for(path))
    return {"file": str(path), **analyze_parsed(parsed)}


def explain(analysis: dict[str, Any]) -> str:
    """Human-readable tags with their evidence."""
    lines = [f"{analysis['file']}: {analysis['title']!r} [{analysis['language']}]"]
    lines.append(
        f"  document {analysis['document_number'] or '-'} issued {analysis['issued_on'] or '-'}"
        f" published {analysis['published_at'] or '-'}"
    )
    for loc in analysis["localities"]:
        quotes = ", ".join(repr(e["text"]) for e in loc["evidence"][:3])
        lines.append(f"  {loc['role']:<9} {loc['slug']:<20} {loc['level']:<12} {quotes}")
    for sector in analysis["sectors"]:
        quotes = ", ".join(repr(e["text"]) for e in sector["evidence"][:4])
        lines.append(f"  sector    {sector['id']:<30} {sector['score']:>6.2f}  {quotes}")
    for commitment in analysis["commitments"]:
        lines.append(
            f"  commits   [{commitment['actor']}] {commitment['text'][:100]!r} -> {commitment['sectors']}"
        )
    return "\n".join(lines)


__all__ = ["IngestError", "analyze_file", "analyze_parsed", "explain"]
