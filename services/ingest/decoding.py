"""From what the caller hands us (str or bytes + a Content-Type) to one decoded str.

Bytes are decoded by the declared charset, else as UTF-8, else by charset detection;
text that is unsure or reads as mojibake is refused rather than stored wrong.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import Literal

import charset_normalizer

from services.ingest.errors import IngestError

MediaKind = Literal["text", "html", "pdf"]

_MEDIA_KINDS: dict[str, MediaKind] = {
    "text/plain": "text",
    "text/markdown": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
}

# Servers often declare Latin-1 by default while sending UTF-8: decoding the UTF-8
# bytes as Latin-1 never fails and produces mojibake, so valid UTF-8 wins over these.
_WESTERN_DEFAULTS = {"iso-8859-1", "latin-1", "latin1", "cp1252", "windows-1252", "ascii", "us-ascii"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)

# UTF-8 lead byte read as a Western single-byte char, followed by a continuation byte so read.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00c6\u00e1\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

# Charset detection must be this sure (chaos 0 = clean) before we accept its reading.
_MAX_CHAOS = 0.1


@dataclass(frozen=True)
class MediaType:
    kind: MediaKind
    charset: str | None


def parse_content_type(content_type: str) -> MediaType:
    """``text/html; charset="utf-8"`` -> MediaType("html", "utf-8")."""
    main, *params = (content_type or "text/plain").split(";")
    essence = main.strip().lower() or "text/plain"
    kind = _MEDIA_KINDS.get(essence)
    if kind is None:
        raise IngestError(
            "unsupported_media_type",
            f"Content type {essence!r} is not supported; send text/plain, text/html or application/pdf.",
        )
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return MediaType(kind, charset)


def sniff_html(text: str) -> bool:
    """A document that starts like an HTML page, whatever it was labelled."""
    return _HTML_SNIFF.match(text[:4096]) is not None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(raw: bytes, declared: str | None, *, html: bool) -> str:
    """Decode page bytes; raises IngestError("undecodable") when no reading is trustworthy."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = _try(raw, encoding)
            if text is not None:
                return text
    if declared is None and html:
        meta = _META_CHARSET.search(raw[:4096])
        declared = meta.group(1).decode("ascii").lower() if meta else None
    codec = _known_codec(declared)
    utf8 = _try(raw, "utf-8")
    if codec is not None:
        if utf8 is not None and codec in {_known_codec(n) for n in _WESTERN_DEFAULTS} and not raw.isascii():
            return utf8
        text = _try(raw, codec)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    best = charset_normalizer.from_bytes(raw).best()
    text = str(best) if best is not None and best.chaos <= _MAX_CHAOS else None
    if text is None or not _mostly_latin(text):
        raise IngestError(
            "undecodable",
            "The bytes are not UTF-8 and their character encoding could not be recognised with confidence; "
            "declare the charset in the Content-Type.",
        )
    return text


def _mostly_latin(text: str) -> bool:
    """Announcements are English or Vietnamese: a guess that reads as another script is wrong."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff")
    return not letters or latin >= 0.95 * len(letters)


def check_not_mojibake(text: str) -> None:
    """Refuse text that was already decoded with the wrong charset (UTF-8 read as Latin-1)."""
    if text.isascii():  # a constant-time flag in CPython: ASCII text has no mojibake
        return
    hits = len(_MOJIBAKE.findall(text))
    if hits >= 3 or (hits and hits * 200 >= len(text)) or text.count("\ufffd") >= 3:
        raise IngestError(
            "undecodable",
            "The text looks like UTF-8 decoded with the wrong character set (mojibake such as 'Ã' or 'á»'); "
            "send the original bytes or the correctly decoded text.",
        )


def pdf_text(raw: bytes) -> str:
    """The text layer of a PDF, pages separated by blank lines."""
    # pypdf is imported here: it is heavy, and only PDF input needs it.
    from pypdf import PdfReader

    if not raw.lstrip()[:5] == b"%PDF-":
        raise IngestError("invalid_pdf", "The document is labelled application/pdf but is not a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                "invalid_pdf", "The PDF is encrypted with a password; send an unprotected copy."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files; all mean the same here
        raise IngestError("invalid_pdf", f"The PDF could not be read: {exc.__class__.__name__}.") from exc
    return "\n\n".join(pages)
