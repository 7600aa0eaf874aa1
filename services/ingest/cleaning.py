"""Finding the article in a page's text: headline, lead, body and byline, without chrome.

Works line by line on text copied from a page (or rendered from HTML):

* the body starts at the first prose line (a sentence, or a long paragraph);
* the headline is the nearest headline-like line above it (menus, breadcrumbs, stamps
  and share buttons are skipped);
* the body ends at the first end marker ("Latest news", "Tin liên quan", a comment
  form...), and after its last prose line only a byline may follow;
* share buttons, widgets and inline "Read more" boxes inside are dropped.

The markers live in data/chrome.yaml. Kept lines are copied verbatim, so every char
of the cleaned text maps back to the page.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from services.ingest.dates import Stamp, byline_stamp, stamp_line, trailing_stamp
from services.ingest.lexicon import chrome, line_key, metadata, prefix_key
from services.ingest.offsets import OffsetMap, OffsetMapBuilder

_CHROME = chrome()
_METADATA = metadata()

# A line with at least this many words is prose even without a full stop (copied
# paragraphs are sometimes cut mid-sentence); headlines are shorter.
PROSE_MIN_WORDS = 30
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 40
# Fewer words than this in the body (headline aside) is not an article.
MIN_ARTICLE_WORDS = 20
# How far above the first prose line the headline may stand (non-empty lines).
TITLE_LOOKBACK = 6
# Sources that hard-wrap paragraphs cut them at 60-80 chars; a shorter line ends a paragraph.
WRAPPED_ROW_MIN_CHARS = 50
# "Topic | Topic | Topic | Topic": a bar of links, however long, is not prose.
MENU_BAR_MIN_BARS = 3
# An inline box of related links holds a handful of headlines; a longer list is the page's.
BOX_MAX_HEADLINES = 8
# Headlines of other stories set between paragraphs with no "Tin liên quan" above them: two
# or more lines of this many words, one under the other (see _unlabelled_link_runs).
LINK_RUN_MIN_WORDS = 6
LINK_RUN_MAX_WORDS = 25

_PART_SPLIT = re.compile(r"\s*[|•·>»›/]\s*|\s{2,}")
_BREADCRUMB = re.compile(r"\S\s*[>»›]\s*\S")
_DIGIT = re.compile(r"\d")


class Kind(enum.Enum):
    PROSE = "prose"
    OTHER = "other"  # headline, sub-heading, caption, byline, list item...
    END = "end"  # end marker: the article stops before it
    DROP = "drop"  # chrome line dropped where it stands
    BLOCK = "block"  # inline link box: dropped with the headlines under it
    NAV = "nav"  # menu / breadcrumb
    STAMP = "stamp"  # publication date line


@dataclass(frozen=True)
class Line:
    start: int  # offsets of the stripped line in the text it was split from
    end: int
    text: str
    blank_before: bool  # an empty line separates it from the previous non-empty line


def split_lines(text: str) -> list[Line]:
    """The text's non-empty lines, stripped; a paragraph hard-wrapped by its source
    (a line cut mid-sentence, the next one going on in lower case) is one line."""
    lines: list[Line] = []
    pos = 0
    blank = False
    last_row = ""  # the previous physical line, stripped
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            end = start + len(stripped)
            if lines and not blank and _wraps_into(last_row, stripped):
                joined = lines[-1]
                lines[-1] = Line(joined.start, end, text[joined.start : end], joined.blank_before)
            else:
                lines.append(Line(start, end, stripped, blank))
            blank = False
            last_row = stripped
        else:
            blank = True
        pos += len(raw) + 1
    return lines


def _wraps_into(row: str, following: str) -> bool:
    """``following`` carries on the sentence ``row`` was cut in: ``row`` is as long as
    wrapped rows are and ends mid-sentence, and either ``following`` opens in lower case
    or ``row`` stops on a comma or a word no sentence (nor headline) ends on ("of", "the").
    A row of any length ending on "the" or "of" was cut: a caption may push the wrap early."""
    last_word = row.rsplit(" ", 1)[-1]
    if last_word.lower() in _METADATA.en_never_last_words and " " in row and following[0].isalpha():
        return True
    if len(row) < WRAPPED_ROW_MIN_CHARS or row.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS or row.endswith(" |"):
        return False
    if following[0].islower():
        return True
    return row.endswith(",") or last_word in _METADATA.en_function_words


def word_count(text: str) -> int:
    return len(text.split())


_CLOSERS = "\"')]»”’"
_ENDS_ON_INITIALS = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")
_SENTENCE_ENDS = ".;…:!?"


def is_prose(text: str) -> bool:
    # Long lines: counting spaces is enough (and cheaper than splitting a paragraph).
    words = text.count(" ") + 1 if len(text) > 300 else word_count(text)
    # The last char before any closing quotes/brackets: ". ; … ./." end a sentence, and
    # ": ! ?" do in a line long enough. (rstrip instead of a regex anchored at "$",
    # which the regex engine tries at every position of a paragraph.)
    core = text.rstrip(_CLOSERS)
    last = core[-1] if core and core[-1] in _SENTENCE_ENDS else None
    if last == "." and _ENDS_ON_INITIALS.search(core):
        last = None  # "... ties with Washington D.C.": a headline may end so, a paragraph rarely
    if last is None:
        return words >= PROSE_MIN_WORDS and not _names_not_sentence(text)
    # Any sentence end qualifies a line this long, capitalised or not.
    if last in "!?":
        return words >= 8
    if last == ":":
        return words >= 6
    return words >= 3


# Lines of many capitalised words are no sentence: a menu or ticker copied as one line ("Trang
# chủ Tin tức Chính trị ...", "WORDS ON THE STREET 70th anniversary of ..."), where most words
# are capitalised, or a bar of topics run together ("70th anniversary of Hanoi's Liberation Day
# Vietnam - Asia 2023 Smart City Summit Hanoi celebrates 15 years of ..."), where a good share
# are and no comma or stop stands, as one always does in a paragraph of thirty words.
MENU_MIN_CAPITALISED = 0.6
TOPIC_RUN_MIN_CAPITALISED = 0.4
_CLAUSE_MARKS = re.compile(r"[,.;:!?…]")


def _names_not_sentence(text: str) -> bool:
    """Numbers and dashes count as neither capitalised nor not."""
    words = [w for w in text.split() if w[0].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    if capitalised > MENU_MIN_CAPITALISED * len(words):
        return True
    return capitalised > TOPIC_RUN_MIN_CAPITALISED * len(words) and not _CLAUSE_MARKS.search(text)


def _is_nav(parts: list[str]) -> bool:
    """Every part of a line (split at _PART_SPLIT) is a menu word."""
    kept = [p for p in parts if p.strip(" -")]
    return bool(kept) and all(line_key(p) in _CHROME.nav_words for p in kept)


_BLOCK_PREFIXES = tuple(marker + ":" for marker in _CHROME.drop_blocks)
COUNTER_LINE_MAX_CHARS = 100
_COUNTER = re.compile(
    r"\d[\d.,]*\s*(?:" + "|".join(re.escape(w) for w in _CHROME.counter_words) + r")\b", re.IGNORECASE
)
# No word boundary after the words: aggregators run the next label on ("23 phút trướcBài gốc").
_RELATIVE_TIME = re.compile(
    r"\d+\s*(?:" + "|".join(re.escape(w) for w in _CHROME.relative_time_words) + ")", re.IGNORECASE
)
# A media player's position and length ("0:00 / 0:00"), left by an audio or video version.
_PLAYER_TIMES = re.compile(r"(?:\d{1,2}:)?\d{1,2}:\d{2}\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2}")


def classify(text: str) -> Kind:
    """What a line is (see Kind)."""
    # Markers are short: long lines skip the exact-line lookups, prefixes need only the head.
    key = line_key(text) if len(text) <= _CHROME.longest_marker else ""
    head = prefix_key(text[:80])
    if (
        key in _CHROME.end_lines
        or head.startswith(_CHROME.end_prefixes)
        or line_key(text[-80:]).endswith(_CHROME.end_suffixes)
    ):
        return Kind.END
    if key in _CHROME.drop_lines or (len(text) <= COUNTER_LINE_MAX_CHARS and _is_furniture(text)):
        return Kind.DROP
    if key in _CHROME.drop_blocks:
        return Kind.BLOCK
    if head.startswith(_BLOCK_PREFIXES):
        return Kind.DROP
    if len(text) <= 180 and _DIGIT.search(text) and stamp_line(text) is not None:
        return Kind.STAMP
    if _is_menu_bar(text) or is_caption(text):
        return Kind.OTHER
    if is_prose(text):
        return Kind.PROSE
    split = _PART_SPLIT.split(text)
    if _is_nav(split):
        return Kind.NAV
    parts = [p for p in split if p]
    if len(parts) >= 2 and all(line_key(p) in _CHROME.drop_lines for p in parts):
        return Kind.DROP  # a row of share buttons copied as one line
    if _button_row(text):
        return Kind.DROP
    if _BREADCRUMB.search(text) and all(word_count(p) <= 6 for p in re.split(r"[>»›]", text)):
        return Kind.NAV
    return Kind.OTHER


def _is_furniture(text: str) -> bool:
    """A counter, a relative time opening the line or a player's times: a short line's widgets."""
    return bool(_COUNTER.search(text) or _RELATIVE_TIME.match(text) or _PLAYER_TIMES.fullmatch(text))


def _is_menu_bar(text: str) -> bool:
    parts = text.split(" | ")
    return len(parts) > MENU_BAR_MIN_BARS and not any(p.rstrip().endswith(".") for p in parts)


_CAPTION = re.compile(
    r"(?:^|[\s(.])(?:"
    + "|".join(re.escape(label) for label in _CHROME.caption_labels)
    + r")\s*:\s*[^.:;]{1,60}\)?\s*\|?$"
)


def is_caption(text: str) -> bool:
    """A photo caption: a line closing on a photo credit ("... vùng lũ. Ảnh: Báo Gia Lai")."""
    return _CAPTION.search(text[-90:]) is not None


BUTTON_ROW_MAX_WORDS = 10
_BUTTON_MAX_WORDS = 4  # the longest drop line ("Sao chép liên kết", "Send to friend")


def _button_row(text: str) -> bool:
    """Buttons run together with single spaces ("Chia sẻ Zalo", "Share Facebook Twitter"):
    the line reads whole as a sequence of drop lines, longest first."""
    words = text.split()
    if len(words) < 2 or len(words) > BUTTON_ROW_MAX_WORDS:
        return False
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _BUTTON_MAX_WORDS), i, -1):
            if line_key(" ".join(words[i:j])) in _CHROME.drop_lines:
                i = j
                break
        else:
            return False
    return True


class LineKinds:
    """Kinds of a text's lines, classified on first use: the chrome after an article is rarely read."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self._lines = lines
        self._kinds: list[Kind | None] = [None] * len(lines)

    def __getitem__(self, index: int) -> Kind:
        kind = self._kinds[index]
        if kind is None:
            kind = self._kinds[index] = classify(self._lines[index].text)
        return kind

    def __len__(self) -> int:
        return len(self._kinds)


def is_headline(text: str) -> bool:
    # A line ending in a comma is a paragraph cut off (copied leads often are), never a headline;
    # nor is a byline carrying the stamp ("Son Nguyen - Lien Ha 11:35, 2023/06/02").
    words = word_count(text)
    return (
        HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
        and not text.startswith(("-", "+", "•", "*", "|"))
        # A dateline cut from its lead ("VIETNAM, April 28 -"), a link or caption ending on
        # a bar ("Tăng cường hợp tác ... New Zealand |").
        and not text.rstrip().endswith((",", "-", "–", "—", "|"))
        and not _is_menu_bar(text)
        and not _filed_credit(text)
        and byline_stamp(text) is None
        and not is_caption(text)
        # Labelled captions read as sentences in the body; only the headline must skip them.
        and not prefix_key(text[:30]).startswith(_CHROME.caption_prefixes)
        and not _sentence_inside(text)
    )


def _sentence_inside(text: str) -> bool:
    """A sentence ends inside the line ("... meet in Hanoi. (Source: VNA)"): a caption or
    a lead, not a headline. Two lower-case letters before the stop spare "St. Petersburg"."""
    at = text.find(". ")
    while 0 <= at < len(text) - 2:
        if text[at - 2 : at].isalpha() and text[at - 2 : at].islower():
            return True
        at = text.find(". ", at + 2)
    return False


_BULLETS = ("- ", "• ", "* ", "+ ", "– ")


def _has_words(text: str) -> bool:
    # Letters: a line of digits under the headline is a player's or a counter's ("0:00").
    return any(ch.isalpha() for ch in text)


def _name_like(text: str) -> bool:
    tokens = text.split()
    return 1 <= len(tokens) <= 5 and all(t[0].isupper() or t[0] in "(" for t in tokens)


def _filed_credit(text: str) -> bool:
    """A byline or source credit with where it was filed in brackets: "Lê Chiên (từ Ulan
    Bator)", "Angola Press Agency (Luanda)"."""
    head, bracket, place = text.rstrip().partition(" (")
    if not bracket or not place.endswith(")") or "(" in place:
        return False
    words = place[:-1].split()
    if words and words[0].lower() in _CHROME.filed_from_words:
        words = words[1:]
    return bool(words) and all(w[0].isupper() for w in words) and _name_like(head) and word_count(head) <= 4


def is_byline(text: str) -> bool:
    """``By Tran Huong``, ``H. Hải``, ``Theo TTXVN``, ``(Bài và ảnh: Thu Hằng)``."""
    if len(text) > 60 or _DIGIT.search(text) or text.rstrip().endswith((",", ";")):
        return False
    inner = text.strip("() ")
    key = line_key(inner)
    if not key or key in _CHROME.nav_words:
        return False
    for label in _CHROME.byline_labels:
        if key.startswith(label + " ") or key.startswith(label + ":"):
            rest = inner[len(label) :].lstrip(" :")
            return bool(rest) and word_count(rest) <= 6 and rest[0].isupper()
    return _name_like(inner) and word_count(inner) <= 4


@dataclass(frozen=True)
class Article:
    """Which lines of a text make the article."""

    lines: Sequence[Line]
    kinds: LineKinds
    title_index: int | None
    title_end: int | None  # end offset of the headline without its trailing stamp
    title_stamp: Stamp | None
    body_start: int  # index of the first prose line
    end_index: int  # index of the first line after the article region (end marker or len)
    kept: tuple[int, ...]  # line indices kept, headline (or its kicker) first
    kicker_index: int | None = None  # a line over the headline that opens it ("Hà Nội với X, Y:")

    @property
    def title(self) -> str | None:
        """The headline without its trailing stamp, after its kicker if it has one."""
        if self.title_index is None or self.title_end is None:
            return None
        line = self.lines[self.title_index]
        headline = line.text[: self.title_end - line.start]
        if self.kicker_index is None:
            return headline
        return f"{self.lines[self.kicker_index].text.strip()} {headline}"

    @property
    def head_zone(self) -> range:
        """Lines around the headline where the page states its publication time."""
        top = self.title_index if self.title_index is not None else self.body_start
        return range(max(0, top - 3), self.body_start)

    def body_words(self) -> int:
        return sum(word_count(self.lines[i].text) for i in self.kept if i != self.title_index)

    def has_body_words(self, minimum: int) -> bool:
        """body_words() >= minimum, counting only as far as needed (the lead usually suffices)."""
        count = 0
        for i in self.kept:
            if i != self.title_index:
                count += word_count(self.lines[i].text)
                if count >= minimum:
                    return True
        return minimum <= 0


def find_article(
    lines: Sequence[Line],
    *,
    allowed: Sequence[bool] | None = None,
    title_index: int | None = None,
) -> Article | None:
    """The article's lines, or None when no line reads as prose.

    ``allowed`` restricts the article to lines an extractor picked (HTML); bylines and
    stamps are still looked for outside it. ``title_index`` fixes the headline (an <h1>).
    """
    n = len(lines)
    ok = list(allowed) if allowed is not None else [True] * n
    kinds = LineKinds(lines)
    first = title_index + 1 if title_index is not None else 0
    body_start = next((i for i in range(first, n) if ok[i] and kinds[i] is Kind.PROSE), None)
    if body_start is None:
        return None

    kicker_index = None
    if title_index is None:
        headline = _headline_under_kicker(lines, kinds, ok, body_start, stamped=True)
        if headline is None and _find_title(lines, kinds, ok, body_start) is None:
            headline = _headline_under_kicker(lines, kinds, ok, body_start, stamped=False)
        if headline is not None:
            kicker_index, title_index = body_start, headline
            body_start = next((i for i in range(headline + 1, n) if ok[i] and kinds[i] is Kind.PROSE), n)
            if body_start == n:
                return None
        else:
            title_index = _find_title(lines, kinds, ok, body_start)
    title_end = title_stamp = None
    if title_index is not None:
        line = lines[title_index]
        found = trailing_stamp(line.text)
        cut = len(line.text)
        if found:
            cut, title_stamp = found
        cut = len(line.text[:cut].rstrip(" -|–,"))
        half = cut // 2
        if cut % 2 and line.text[half] == " " and line.text[:half] == line.text[half + 1 : cut]:
            cut = half  # the headline copied twice on one line (a page's title and its heading)
        title_end = line.start + cut if cut else None
        if title_end is None:
            title_index = None

    boxes: set[int] = set()
    end_index = n
    for i in range(body_start, n):
        if ok[i] and kinds[i] is Kind.END:
            if not _inline_box(lines, kinds, ok, i):
                end_index = i
                break
            boxes.add(i)
    kept: list[int] = [] if kicker_index is None else [kicker_index]
    if title_index is not None:
        kept.append(title_index)
        # Between headline and body: sub-headline, author line; not stamps or buttons.
        kept.extend(
            i
            for i in range(title_index + 1, body_start)
            if ok[i]
            and kinds[i] in (Kind.OTHER, Kind.PROSE)
            and _has_words(lines[i].text)
            # Bulleted lines under a headline are a box of links, not a sub-headline; so is
            # a strip of links opening on a bar ("| Hà Nội lập mới ... |").
            and not lines[i].text.startswith((*_BULLETS, "|"))
        )
    links = _unlabelled_link_runs(lines, kinds, body_start, end_index)
    in_block = False
    last_prose = body_start
    for i in range(body_start, end_index):
        if i in links:
            continue
        kind = Kind.BLOCK if i in boxes else kinds[i]
        if kind is Kind.BLOCK:
            in_block = True
            continue
        if in_block:
            if kind is Kind.OTHER and word_count(lines[i].text) <= 25:
                continue
            in_block = False
        if not ok[i] or kind in (Kind.DROP, Kind.STAMP, Kind.BLOCK):
            continue
        if kind is Kind.NAV and len(_PART_SPLIT.split(lines[i].text)) > 1:
            continue
        kept.append(i)
        if kind is Kind.PROSE:
            last_prose = i
    kept = [i for i in kept if i <= last_prose]
    byline = _find_byline(lines, kinds, last_prose, end_index)
    if byline is not None:
        kept.append(byline)
    return Article(
        lines, kinds, title_index, title_end, title_stamp, body_start, end_index, tuple(kept), kicker_index
    )


def _inline_box(lines: Sequence[Line], kinds: LineKinds, ok: Sequence[bool], index: int) -> bool:
    """Whether the end line at ``index`` opens a box of links inside the article rather
    than the page's foot: a box line ("Tin liên quan") whose few short headlines are
    followed by a paragraph that goes on into more article (another paragraph, a
    byline, an end marker or the end of the text), not into another headline as a
    list of teasers with their leads does."""
    n = len(lines)
    if line_key(lines[index].text) not in _CHROME.box_lines:
        return False
    i = index + 1
    headlines = 0
    while i < n and kinds[i] is not Kind.PROSE:
        if kinds[i] is Kind.END or headlines >= BOX_MAX_HEADLINES:
            return False
        if kinds[i] is Kind.OTHER:
            if word_count(lines[i].text) > 25:
                return False
            headlines += 1
        i += 1
    if i >= n or not ok[i] or headlines == 0:
        return False
    after = next((j for j in range(i + 1, n) if kinds[j] not in (Kind.DROP, Kind.STAMP)), n)
    return after == n or kinds[after] in (Kind.PROSE, Kind.END) or is_byline(lines[after].text)


_NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+|[a-zđ])[.)]\s")


def _unlabelled_link_runs(lines: Sequence[Line], kinds: LineKinds, start: int, end: int) -> set[int]:
    """Lines of the body that are headlines of other stories set between its paragraphs
    without a "Tin liên quan" above them: two or more headline-like lines (capitalised,
    6-25 words, no sentence end, no bullet or numbering) one directly under the other,
    standing apart from the paragraphs around them (or at least from the one after). A sub-heading stands alone, and the
    items of a list follow a line ending with ":" or carry markers, so neither is taken."""

    def headline_like(i: int) -> bool:
        text = lines[i].text
        return (
            kinds[i] is Kind.OTHER
            and LINK_RUN_MIN_WORDS <= word_count(text) <= LINK_RUN_MAX_WORDS
            and text[0].isupper()
            and not text.startswith(_BULLETS)
            and not _NUMBERED.match(text)
            and text.rstrip(_CLOSERS)[-1:] not in _SENTENCE_ENDS
        )

    # A page copied with no empty line between its paragraphs shows nothing standing apart:
    # there, a run is taken on its lines alone.
    spaced = any(line.blank_before for line in lines[start:end])

    def apart(i: int) -> bool:
        return lines[i].blank_before or not spaced

    found: set[int] = set()
    i = start
    while i < end:
        if headline_like(i) and lines[i - 1].text.endswith(":"):
            # The items of a list: all of them stay.
            i += 1
            while i < end and headline_like(i) and (not spaced or not lines[i].blank_before):
                i += 1
            continue
        # Some sites hang the run right under a paragraph: it must stand apart after it.
        opens = headline_like(i) and (apart(i) or kinds[i - 1] is Kind.PROSE)
        j = i + 1
        while opens and j < end and headline_like(j) and (not spaced or not lines[j].blank_before):
            j += 1
        if opens and j - i >= 2 and (j == len(lines) or apart(j)):
            found.update(range(i, j))
            i = j
        else:
            i += 1
    return found


def _headline_under_kicker(
    lines: Sequence[Line], kinds: LineKinds, ok: Sequence[bool], index: int, *, stamped: bool
) -> int | None:
    """The headline under a kicker: "Hà Nội với Tuyên Quang, Yên Bái:" and on the next line
    "Bài 1: Đưa tinh thần hợp tác ... (14:25 01/05/2019)". Ending on a colon, the kicker reads
    as the sentence that starts the body; the page's stamp after the next line shows that
    line is the headline, and the kicker opens it. Unstamped (asked only when no headline
    stands above the kicker), the line must be followed by the lead."""
    kicker = lines[index].text
    after = index + 1
    if not kicker.endswith(":") or not is_headline(kicker) or after >= len(lines):
        return None
    if not ok[after] or kinds[after] is Kind.PROSE:
        return None
    if stamped:
        found = trailing_stamp(lines[after].text)
        if lines[after].blank_before or not found:
            return None
        headline = lines[after].text[: found[0]].rstrip(" -–—|")
    else:
        lead = after + 1
        if lead >= len(lines) or not ok[lead] or kinds[lead] is not Kind.PROSE:
            return None
        headline = lines[after].text
    return after if is_headline(headline) and not headline.startswith(_BULLETS) else None


def _find_title(lines: Sequence[Line], kinds: LineKinds, ok: Sequence[bool], body_start: int) -> int | None:
    looked = 0
    for i in range(body_start - 1, -1, -1):
        if looked >= TITLE_LOOKBACK or kinds[i] is Kind.END:
            return None
        if kinds[i] is Kind.DROP:  # widgets (a player, share buttons) put no distance
            continue
        looked += 1
        if not ok[i] or kinds[i] in (Kind.STAMP, Kind.NAV, Kind.BLOCK):
            continue
        text = lines[i].text
        found = trailing_stamp(text)
        if found:
            text = text[: found[0]].rstrip(" -–—|")
        if kinds[i] is not Kind.PROSE and is_headline(text):
            return i
    return None


def _find_byline(lines: Sequence[Line], kinds: LineKinds, last_prose: int, end_index: int) -> int | None:
    """A byline right after the last paragraph (looked for even outside ``allowed``)."""
    candidates = list(range(last_prose + 1, min(end_index, last_prose + 4)))
    for pos, i in enumerate(candidates[:2]):
        if kinds[i] in (Kind.END, Kind.PROSE):
            return None
        if kinds[i] is not Kind.OTHER or not is_byline(lines[i].text):
            continue
        # A run of short capitalised lines is a list (a footer of city names), not a byline.
        has_label = line_key(lines[i].text).split(" ")[0] in {
            lb.split(" ")[0] for lb in _CHROME.byline_labels
        }
        following = candidates[pos + 1 : pos + 2]
        if (
            not has_label
            and following
            and kinds[following[0]] is Kind.OTHER
            and _name_like(lines[following[0]].text)
        ):
            return None
        return i
    return None


def assemble(article: Article) -> tuple[str, OffsetMap]:
    """The cleaned text (kept lines, verbatim) and its map into the split text."""
    builder = OffsetMapBuilder()
    parts: list[str] = []
    previous: int | None = None
    previous_end = 0
    for i in article.kept:
        line = article.lines[i]
        end = article.title_end if i == article.title_index and article.title_end is not None else line.end
        if previous is not None:
            adjacent = i == previous + 1 and not line.blank_before
            sep = "\n" if adjacent else "\n\n"
            parts.append(sep)
            builder.add(len(sep), previous_end, line.start, linear=False)
        parts.append(line.text[: end - line.start])
        builder.copy(line.start, end)
        previous, previous_end = i, end
    return "".join(parts), builder.build()


def extractor_mask(lines: Sequence[Line], extracted: str) -> list[bool]:
    """Which lines an extractor (trafilatura) kept, matched on whitespace-collapsed text."""
    kept_lines = {" ".join(x.split()) for x in extracted.split("\n") if x.strip()}
    flat = " ".join(extracted.split())
    mask = []
    for line in lines:
        key = " ".join(line.text.split())
        mask.append(key in kept_lines or (word_count(key) >= 6 and key in flat))
    return mask
