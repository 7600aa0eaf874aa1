"""The visible text of an HTML page, with a map from every char back into the markup.

trafilatura decides *which* text is the article, but it does not say where that text
sits in the page; this renderer gives the page's text line by line with offsets, so
the article lines trafilatura picks can be located in the source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from services.ingest.offsets import OffsetMap, OffsetMapBuilder
from shared.text import normalize

_TOKEN = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<skip><(?P<skipname>script|style|noscript|template|svg|head|iframe|object|select|textarea)\b[^>]*>.*?(?:</(?P=skipname)\s*>|\Z))"
    r"|(?P<decl><![^>]*>|<\?[^>]*>)"
    r"|(?P<tag></?(?P<name>[A-Za-z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<text>[^<&\s]+(?: [^<&\s]+)*)"  # words and the single spaces between them: one piece
    r"|(?P<space>\s+)"
    r"|(?P<stray>[<&])",
    re.DOTALL | re.IGNORECASE,
)

# Elements that start a new paragraph / a new line in the rendered text.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "label",
        "button",
        "input",
        "option",
        "legend",
    ]
)
_LINE_BREAKS = frozenset({"br"})

_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.DOTALL | re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.DOTALL | re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z-]+)", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_TIME_TAG = re.compile(r"<time\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")

# Machine-readable publication times a page may state in its markup.
_PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dcterms.issued",
        "date",
    }
)


@dataclass(frozen=True)
class RenderedPage:
    text: str
    offsets: OffsetMap  # rendered text -> source
    h1: str | None
    head_title: str | None
    lang: str | None
    published_meta: str | None  # raw value of a published-time meta/time tag
    # An entity decoded to a non-ASCII char ("&#224;", "&nbsp;"): text decoded from this page
    # (ours or trafilatura's) may need normalising again.
    entities_beyond_ascii: bool


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(tag)
    }


def _inner_text(fragment: str) -> str:
    return " ".join(normalize(html.unescape(_TAGS.sub(" ", fragment))).split())


def _published_meta(source: str) -> str | None:
    for match in _META.finditer(source):
        attrs = _attrs(match.group(0))
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and attrs.get("content"):
            return attrs["content"].strip()
    for match in _TIME_TAG.finditer(source):
        attrs = _attrs(match.group(0))
        if attrs.get("itemprop", "").lower() == "datepublished" or "pubdate" in attrs:
            value = attrs.get("datetime")
            if value:
                return value.strip()
    return None


_WORD = re.compile(r"\S+")


def _renormalize(text: str, offsets: OffsetMap) -> tuple[str, OffsetMap]:
    """Entities decoded one by one can leave a word unnormalised ("ho&#224;" -> "hoà"):
    normalise those words again, each standing for its whole source range."""
    if normalize(text) == text:
        return text, offsets
    fixed = OffsetMapBuilder()
    parts: list[str] = []
    pos = 0
    for match in _WORD.finditer(text):
        word = normalize(match.group(0))
        if word == match.group(0):
            continue
        parts.append(text[pos : match.start()])
        fixed.copy(pos, match.start())
        parts.append(word)
        fixed.add(len(word), match.start(), match.end(), linear=False)
        pos = match.end()
    parts.append(text[pos:])
    fixed.copy(pos, len(text))
    return "".join(parts), fixed.build().compose(offsets)


def render(source: str) -> RenderedPage:
    """Visible text of ``source`` (already normalised), one block per paragraph."""
    builder = OffsetMapBuilder()
    parts: list[str] = []
    newlines = 2  # newlines at the end of the output so far: no leading blank lines
    beyond_ascii = False

    def newline(count: int, at: int) -> None:
        nonlocal newlines
        if newlines >= count:
            return
        add = count - newlines
        parts.append("\n" * add)
        builder.add(add, at, at, linear=False)
        newlines = count

    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        start, end = match.span()
        if kind in ("text", "stray"):
            parts.append(match.group(0))
            builder.copy(start, end)
            newlines = 0
        elif kind == "space":
            if newlines == 0:
                parts.append(" ")
                builder.add(1, start, end, linear=end - start == 1 and source[start] == " ")
        elif kind == "entity":
            decoded = html.unescape(match.group(0))
            beyond_ascii = beyond_ascii or not decoded.isascii()
            value = normalize(decoded)
            if value.isspace():
                if newlines == 0:
                    parts.append(" ")
                    builder.add(1, start, end, linear=False)
            elif value:
                parts.append(value)
                builder.add(len(value), start, end, linear=value == match.group(0))
                newlines = 0
        elif kind == "tag":
            name = match.group("name").lower()
            if name in _LINE_BREAKS:
                newline(1, start)
            elif name in _BLOCKS:
                newline(2, start)
        elif kind == "skip" and match.group("skipname").lower() != "head":
            newline(1, start)
    text, offsets = "".join(parts), builder.build()
    if beyond_ascii:
        text, offsets = _renormalize(text, offsets)
    h1 = _H1.search(source)
    title = _TITLE.search(source)
    lang = _HTML_LANG.search(source[:4096])
    return RenderedPage(
        text=text,
        offsets=offsets,
        h1=_inner_text(h1.group(1)) if h1 else None,
        head_title=_inner_text(title.group(1)) if title else None,
        lang=lang.group(1).lower() if lang else None,
        published_meta=_published_meta(source),
        entities_beyond_ascii=beyond_ascii,
    )
