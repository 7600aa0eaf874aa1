"""Properties: any input gives an announcement or an IngestError, and offsets always map back."""

from __future__ import annotations

import html
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.ingest.parsing import IngestError, ParsedAnnouncement, parse
from shared.text import normalize

from .pages import collapse, seeds

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CONTENT_TYPES = [
    "text/plain",
    "text/plain; charset=utf-8",
    "text/plain; charset=latin-1",
    "text/plain; charset=no-such-charset",
    "text/html",
    "text/html; charset=windows-1252",
    "application/pdf",
    "",
    "image/png",
]

PARAGRAPHS = [p for s in seeds() for p in s.paragraphs if len(p.split()) > 8]
HEADLINES = [s.title for s in seeds()]
CHROME_LINES = [
    "Latest news",
    "Tin liên quan",
    "Share",
    "Chia sẻ",
    "Trang chủ > Thời sự",
    "Home | Politics | Society",
    "Read more",
    "Xem thêm",
    "(21:31 24/10/2019)",
    "Cập nhật: 08:15, 13/07/2019",
    "By Tran Huong",
    "H. Hải",
    "Hải Phòng",
    "Tags: Hanoi",
    "© 2019 Hanoi Portal",
    "Bài viết hay? Hãy đánh giá bài viết",
]


def check(parsed: ParsedAnnouncement) -> None:
    """Every verbatim piece of the cleaned text is the source; every span maps inside the source."""
    n = len(parsed.text)
    assert parsed.offsets.length == n
    assert normalize(parsed.text) == parsed.text
    for start, src_start, length in parsed.offsets.segments():
        assert parsed.text[start : start + length] == parsed.source_text[src_start : src_start + length]
    previous = (0, 0)
    for start in range(0, n, max(1, n // 40)):
        s, e = parsed.offsets.to_source(start, min(n, start + 7))
        assert 0 <= s <= e <= len(parsed.source_text)
        assert s >= previous[0]
        previous = (s, e)


def attempt(raw: str | bytes, content_type: str = "text/plain") -> ParsedAnnouncement | IngestError:
    """The announcement, or the IngestError raised; any other exception fails the test."""
    try:
        return parse(raw, content_type=content_type)
    except IngestError as err:
        return err


def parse_or_refuse(raw: str | bytes, content_type: str) -> None:
    result = attempt(raw, content_type)
    if isinstance(result, IngestError):
        assert result.code in {"empty", "no_article", "undecodable", "unsupported_media_type", "invalid_pdf"}
        assert str(result)
    else:
        check(result)


@_SETTINGS
@given(st.text(), st.sampled_from(CONTENT_TYPES))
def test_any_text_is_parsed_or_refused(raw: str, content_type: str) -> None:
    parse_or_refuse(raw, content_type)


@_SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(CONTENT_TYPES))
def test_any_bytes_are_parsed_or_refused(raw: bytes, content_type: str) -> None:
    parse_or_refuse(raw, content_type)


@_SETTINGS
@given(st.lists(st.sampled_from([*PARAGRAPHS, *CHROME_LINES, *HEADLINES, "", "<p>", "&amp;"]), max_size=12))
def test_page_like_text_is_parsed_or_refused(lines: list[str]) -> None:
    parse_or_refuse("\n".join(lines), "text/plain")
    parse_or_refuse("".join(f"<p>{line}</p>" for line in lines), "text/html")


_whitespace = st.sampled_from([" ", "  ", "\u00a0", "\t", " \u200b"])
_breaks = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n\n"])


@st.composite
def copied_pages(draw: st.DrawFn) -> str:
    """A headline, seed paragraphs and chrome lines, with messy whitespace and maybe NFD."""
    body = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6))
    extra = draw(st.lists(st.sampled_from(CHROME_LINES), max_size=4))
    lines = [draw(st.sampled_from(HEADLINES)), *body]
    for line in extra:
        lines.insert(draw(st.integers(0, len(lines))), line)
    out = []
    for line in lines:
        words = line.split(" ")
        out.append(draw(_whitespace).join(words) if draw(st.booleans()) else line)
    text = "".join(line + draw(_breaks) for line in out)
    return unicodedata.normalize("NFD", text) if draw(st.booleans()) else text


@_SETTINGS
@given(copied_pages(), st.randoms(use_true_random=False))
def test_spans_of_cleaned_text_map_back_to_the_same_words(page: str, rng: object) -> None:
    import random

    assert isinstance(rng, random.Random)
    parsed = attempt(page)
    if isinstance(parsed, IngestError):
        assert parsed.code == "no_article"
        return
    check(parsed)
    # A span within a kept line: the source slice, whitespace-collapsed, is the cleaned slice.
    for start, _src, length in parsed.offsets.segments():
        a = rng.randrange(length)
        b = rng.randrange(a, length) + 1
        s, e = parsed.offsets.to_source(start + a, start + b)
        assert collapse(parsed.source_text[s:e]) == collapse(parsed.text[start + a : start + b])
    # And the id does not depend on the whitespace or the Unicode form the page came in.
    assert parse(normalize(page)).announcement_id == parsed.announcement_id


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=2, max_size=5))
    parts = [f"<h1>{html.escape(draw(st.sampled_from(HEADLINES)))}</h1>"]
    for para in paragraphs:
        words = para.split(" ")
        encoded = []
        for word in words:
            style = draw(st.integers(0, 4))
            if style == 0:
                word = "".join(f"&#{ord(c)};" if not c.isascii() else c for c in word)
            elif style == 1:
                word = f"<b>{html.escape(word)}</b>"
            else:
                word = html.escape(word)
            encoded.append(word)
        parts.append("<p>" + draw(st.sampled_from([" ", "\n  ", " &nbsp;"])).join(encoded) + "</p>")
    chrome = "".join(f"<li><a href='#'>{html.escape(c)}</a></li>" for c in CHROME_LINES[:6])
    return f"<html><body><nav><ul>{chrome}</ul></nav><article>{''.join(parts)}</article></body></html>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages())
def test_html_chars_map_to_their_markup(page: str) -> None:
    parsed = attempt(page, "text/html")
    if isinstance(parsed, IngestError):
        assert parsed.code == "no_article"
        return
    check(parsed)
    for i, char in enumerate(parsed.text):
        if char.isspace():
            continue
        s, e = parsed.offsets.to_source(i, i + 1)
        markup = normalize(html.unescape(parsed.source_text[s:e]))
        # A char maps to its own markup, or to the word re-normalised around it ("ho&#224;").
        assert markup == char or (char in markup and " " not in markup.strip())
