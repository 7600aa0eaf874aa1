"""Metadata an announcement states about itself: language, publication time, document, issue date.

Every field is None unless the text says it; nothing is guessed from context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from services.ingest.cleaning import Article, Kind
from services.ingest.dates import (
    Stamp,
    byline_stamp,
    find_dates,
    parse_stamp,
    resolve,
    stamp_line,
    trailing_stamp,
)
from services.ingest.lexicon import lower_same_length, metadata
from shared.events import DocumentRef
from shared.text import fold

Language = Literal["en", "vi"]

_META = metadata()

# ------------------------------------------------------------------ language
# Letters only Vietnamese uses (with any tone mark), against all letters of the text.
_VI_LETTERS = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)
_WORD = re.compile(r"[^\W\d_]+")
_VI_LETTER = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")
VI_MIN_RATIO = 0.05  # Vietnamese prose runs 0.25-0.40; English with a few place names < 0.02
EN_MAX_RATIO = 0.02
EN_MIN_FUNCTION_SHARE = 0.12  # English prose runs 0.3-0.4 function words
# Vietnamese prose (with or without diacritics) runs 0.3-0.5 of these syllables, English
# with Vietnamese names under 0.03.
VI_MIN_PLAIN_SHARE = 0.15
MIN_LETTERS = 40
LANGUAGE_SAMPLE = 2000  # chars: the start of an article says its language
LANGUAGE_HEAD = 400  # chars counted first


def detect_language(text: str) -> Language | None:
    """en / vi by the share of Vietnamese-only letters, else by frequent words.

    The word test places text the letter test cannot: Vietnamese typed without diacritics.
    None when the text is too short or neither test is confident.
    """
    sample = text[:LANGUAGE_SAMPLE]
    # Non-space chars stand in for letters: punctuation and digits shift the ratio a little,
    # far less than the gap between the two languages.
    letters = len(sample) - sample.count(" ") - sample.count("\n")
    if letters < MIN_LETTERS:
        return None
    if sample.isascii():
        ratio = 0.0
    else:
        # Vietnamese shows itself in its first few hundred chars: when they alone hold
        # enough Vietnamese letters for the whole sample, the rest need not be counted.
        head = len(_VI_LETTER.findall(sample, 0, LANGUAGE_HEAD))
        if head >= VI_MIN_RATIO * letters:
            return "vi"
        ratio = (head + len(_VI_LETTER.findall(sample, LANGUAGE_HEAD))) / letters
    if ratio >= VI_MIN_RATIO:
        return "vi"
    # Folded word by word: most words of such a text are ASCII already (fold of a whole
    # sample costs more than the count).
    words = [w if w.isascii() else fold(w) for w in _WORD.findall(sample.lower())]
    total = max(1, len(words))
    vi_share = sum(1 for w in words if w in _META.vi_plain_words) / total
    en_share = sum(1 for w in words if w in _META.en_function_words) / total
    if vi_share >= VI_MIN_PLAIN_SHARE and vi_share > en_share:
        return "vi"
    if ratio <= EN_MAX_RATIO and en_share >= EN_MIN_FUNCTION_SHARE:
        return "en"
    return None


def language_tag(value: str | None) -> Language | None:
    """``vi-VN``, ``EN``, ``vie`` -> vi / en; anything else -> None."""
    if not value:
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    if primary in {"vi", "vie"}:
        return "vi"
    if primary in {"en", "eng"}:
        return "en"
    return None


# ------------------------------------------------------------------ publication time
# A date banner (weekday and date, no time) this many days after the event the lead
# reports is the site's "today", not the article's stamp: reports follow their events
# within a day or two.
BANNER_MIN_DAYS_AFTER_EVENT = 7


def publication_stamp(article: Article) -> Stamp | None:
    """The page's own stamp: in the headline, around it, else a stamp line in the article.

    A date inside a sentence is never a publication stamp; nor is anything after the
    article's end (dates of related news, comments), nor a site's date banner.
    """
    if article.title_stamp is not None:
        return article.title_stamp
    lines, kinds = article.lines, article.kinds
    top = article.title_index if article.title_index is not None else article.body_start
    # Below the headline first (a header bar above it may show today's date), nearest first.
    below = [i for i in article.head_zone if i > top]
    above = sorted((i for i in article.head_zone if i <= top), reverse=True)
    head = [s for i in below + above if (s := _head_stamp_at(article, i)) is not None]
    inside = [
        s
        for i in range(article.body_start, min(len(lines), article.end_index + 1))
        if (s := _stamp(lines[i].text, kinds[i])) is not None
    ]
    lead = lines[article.body_start].text
    for group in (head, inside):
        # An "updated" date without its time says when the page changed, not when it was published.
        group = [s for s in group if not _is_date_banner(s, lead) and (s.has_time or s.label != "updated")]
        # A "published" or unlabelled stamp before an "updated" one.
        chosen = [s for s in group if s.label != "updated"] or group
        if chosen:
            return chosen[0]
    return None


def _stamp(text: str, kind: Kind) -> Stamp | None:
    return stamp_line(text) if kind is Kind.STAMP else None


def _head_stamp(text: str, kind: Kind) -> Stamp | None:
    """Near the headline a stamp may also close a line (``Headline (22:36 05/10/2019)``)
    or follow a byline (``Son Nguyen 11:35, 2023/06/02``)."""
    if kind is Kind.STAMP:
        return stamp_line(text)
    found = trailing_stamp(text)
    return found[1] if found else byline_stamp(text)


_STAMP_CONTINUATION_LINES = 2


def _head_stamp_at(article: Article, index: int) -> Stamp | None:
    """The stamp of head line ``index``; a date alone may have its time on the next
    lines (``30/03/2018`` / ``|`` / ``17:25:05``)."""
    lines = article.lines
    stamp = _head_stamp(lines[index].text, article.kinds[index])
    if stamp is None or stamp.has_time:
        return stamp
    pieces = [lines[index].text]
    for following in lines[index + 1 : index + 1 + _STAMP_CONTINUATION_LINES]:
        pieces.append(following.text)
        timed = parse_stamp(" ".join(pieces))
        if timed is not None and timed.has_time:
            return timed
    return stamp


def _is_date_banner(stamp: Stamp, lead: str) -> bool:
    """Weekday and date without time or label, well after the event the lead reports."""
    if stamp.has_time or not stamp.has_weekday or stamp.label != "none":
        return False
    day = stamp.at.date()
    event = next((d for found in find_dates(lead) if (d := resolve(found, day)) is not None), None)
    return event is not None and (day - event).days >= BANNER_MIN_DAYS_AFTER_EVENT


# ------------------------------------------------------------------ documents
# The look-behinds (no word char, "/", "-" or "." before the number, but the "." of "No.1234")
# are checked after its first digit: a pattern that opens with a digit lets the regex engine
# skip ahead to digits. The hyphen may stand between spaces ("số 1234 - TB/TU").
_NUMBER = re.compile(
    r"(?P<number>\d(?<![\w/-]\d)(?:(?<!\.\d)|(?<=[Nn]o\.\d))\d{0,4}(?:/\d{4})?(?: ?[-–] ?|/)"
    r"(?P<code>[A-ZĐ][A-ZĐa-z]{0,9})\d{0,3}(?:[-/][A-ZĐ][A-ZĐa-z0-9]{0,11}){1,3})(?![\w/])"
)
_SPACED_DASH = re.compile(r" ?[-–] ?")

# A number always has a digit, "-" or "/" and a capital in a row. Scanning for one
# literal char is the regex engine's fastest search, hence one pattern per separator.
_NUMBER_HINTS = (
    re.compile(r"-(?<=\d-)[A-ZĐ]"),
    re.compile(r"/(?<=\d/)[A-ZĐ]"),
    re.compile(r"-(?<=\d -) ?[A-ZĐ]|-(?<=\d-) [A-ZĐ]"),
    re.compile(r"–(?<=\d–) ?[A-ZĐ]|–(?<=\d –) ?[A-ZĐ]"),
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _lower(words: Iterable[str]) -> set[str]:
    return {w.lower() for w in words}


# Kind words right before the number: "Announcement No. ", "Thông báo số ", "Nghị quyết ".
# These four run on lower_same_length text: several times faster than (?i:) over long
# alternations.
_KIND_BEFORE = re.compile(
    rf"(?P<kind>{_alternation(_lower(_META.kind_words))})(?:\s+kết luận|\s+ket luan)?\s*(?:no\.?|numbered|number|số|so|#)?\s*$"
)
_VERB_BEFORE = re.compile(
    rf"\b(?:{_alternation(_lower(_META.issue_verbs))})(?:\s+(?:the|a|an|its|their|new|recently|hôm nay|mới))*\s+$"
)
_ISSUERS = re.compile(_alternation(_lower(_META.issuers)))


def _words_before(words: Iterable[str]) -> re.Pattern[str]:
    """Words right before a document, optionally with an article and its issuer between."""
    return re.compile(
        rf"\b(?:{_alternation(_lower(words))})(?:\s+(?:the|các|a))?"
        rf"(?:\s+(?:{_ISSUERS.pattern})(?:'s|’s)?)?\s+$"
    )


# "under Plan No. ...", and "under the Hanoi Party Committee's Plan No. ...": cited, not issued.
_CITE_BEFORE = _words_before(_META.citing_words)
# "according to Announcement No. ...": cited unless issued per the words after it.
_SOURCE_BEFORE = _words_before(_META.source_words)
# Right after the number, maybe past what the document is about ("on the conclusions of ..., released
# recently by ..."): the document issued, by its issuer ("do Thành ủy Hà Nội ban hành", "mà Thành ủy
# vừa ban hành", "which the Hanoi Party Committee issued").
_BAN_HANH = r"ban h(?:à|a)nh"
_VI_ISSUER_BEFORE_VERB = r"(?:do|mà|ma)\s+[^,.;]{3,60}?\s+"  # "do Thành ủy Hà Nội", "mà Thành ủy"
_EN_ISSUER_BEFORE_VERB = r"(?:which|that)\s+[^,.;]{3,60}?\s+"  # "which the Hanoi Party Committee"
_ISSUED_AFTER = re.compile(
    r"^[\s,]*(?:(?i:on|about|về|ve)\s[^.;]{0,120}?,\s*)?"
    r"(?i:(?:which|that)\s+(?:was|were)\s+|was\s+|(?:(?:vừa|mới|đã|vua|moi|da)\s+)?(?:được|duoc)\s+)?"
    rf"(?i:(?:recently\s+)?(?:issued|released|promulgated|signed|adopted)|{_BAN_HANH}|ký"
    rf"|{_VI_ISSUER_BEFORE_VERB}(?:vừa\s+|mới\s+|đã\s+|vua\s+|moi\s+|da\s+)?{_BAN_HANH}"
    rf"|(?:(?:vừa|mới|đã|vua|moi|da)\s+)?(?:được|duoc)\s+[^,.;]{{3,60}}?\s+{_BAN_HANH}"  # "(vừa) được Thành ủy ban hành"
    rf"|{_EN_ISSUER_BEFORE_VERB}(?:has\s+|had\s+|recently\s+|just\s+)*(?:issued|released|promulgated|adopted))\b"
)
# The same said as news ("recently issued by", "vừa ban hành"): even after "under", the document
# the report is about rather than the basis of what is done.
_RECENTLY_ISSUED_AFTER = re.compile(
    rf"^[\s,]*(?i:(?:{_EN_ISSUER_BEFORE_VERB})?(?:has\s+|have\s+)?(?:recently|just)\s+(?:issued|released)"
    rf"|(?:{_VI_ISSUER_BEFORE_VERB})?(?:vừa|mới|vua|moi)\s+{_BAN_HANH})\b"
)
# "issued by the Hanoi Party Committee": the issuer follows the verb.
_BY = re.compile(r"\s+(?:recently\s+)?by\s+(?:the\s+)?", re.IGNORECASE)
_DATE_AFTER = re.compile(
    r"^[\s,]*(?i:ngày|ngay|dated|issued on|released on|signed on|on|of)\s", re.IGNORECASE
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"'(]?[A-ZĐÀ-Ỹ0-9])")
_ABBREVIATIONS = (
    "No.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "TP.",
    "St.",
    "Co.",
    "Prof.",
    "Gov.",
    "Vol.",
    "Art.",
    "Dept.",
    # Months: "on Oct. 22, 2019" goes on.
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)

# What may precede a date that opens a sentence: a dateline ("HNP -", "(HNM) -"), "On", "Vào".
_OPENING = re.compile(r"^\s*(?:\(?[A-ZĐ]{2,8}\)?\s*[-–:]\s*)?(?:(?i:on|vào|vao|trong)\s+)?$")

# How close (chars) a verb and its document, or a date and its verb, must stand.
_VERB_WINDOW = 60
_VERB_TO_DOCUMENT = 12  # "issued the new", "ban hành"
_DATE_WINDOW_AFTER = 70  # ", which the Hanoi Party Committee issued on August 20"


@dataclass(frozen=True)
class _Mention:
    sentence: str
    start: int  # of the kind word (or the number when there is none)
    number_start: int
    number_end: int
    number: str
    kind: str | None
    # 2 issued by a verb before it, 1 issued per a phrase after it, 0 plain, -1 drawn on
    # ("according to ..."), -2 cited as the basis of what is done ("under ...", "thực hiện ...")
    score: int
    position: tuple[int, int]  # (paragraph, sentence in it)


def sentences(paragraph: str) -> list[str]:
    merged: list[str] = []
    for piece in _SENTENCE_SPLIT.split(paragraph):
        if merged and merged[-1].endswith(_ABBREVIATIONS):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return [p for p in merged if p.strip()]


def _mentions(sentence: str, position: tuple[int, int]) -> list[_Mention]:
    found = []
    lowered = lower_same_length(sentence)
    for match in _NUMBER.finditer(sentence):
        before = lowered[max(0, match.start() - 80) : match.start()]
        kind_match = _KIND_BEFORE.search(before)
        kind = None
        start = match.start()
        if kind_match:
            word = kind_match.group("kind")
            kind = next((k for w, k in _META.kind_words.items() if w.lower() == word), None)
            start = match.start() - len(before) + kind_match.start()
        code = fold(match.group("code")).upper()
        if kind is None:
            kind = _META.kind_codes.get(code)
            if kind is None:
                continue  # digits-letters that are no document code we know
        head = lowered[max(0, start - _VERB_WINDOW) : start]
        after = sentence[match.end() : match.end() + 80]
        if _CITE_BEFORE.search(head):
            score = 1 if _RECENTLY_ISSUED_AFTER.match(after) else -2
        elif _SOURCE_BEFORE.search(head):
            score = 1 if _ISSUED_AFTER.match(after) else -1
        elif _VERB_BEFORE.search(head):
            score = 2
        elif _ISSUED_AFTER.match(after):
            score = 1
        else:
            score = 0
        found.append(
            _Mention(
                sentence,
                start,
                match.start(),
                match.end(),
                # One spelling per number: "1234 - TB/TU" is 1234-TB/TU.
                _SPACED_DASH.sub("-", match.group("number"), count=1),
                kind,
                score,
                position,
            )
        )
    return found


@dataclass(frozen=True)
class DocumentFacts:
    document: DocumentRef | None
    issued_on: date | None


def find_document(text: str, published: datetime | None) -> DocumentFacts:
    """The document the announcement reports (the one issued), its issuer and issue date."""
    # Most paragraphs cite no document: a scan of the text finds the lines that may (a
    # number never spans a line), and only they are split into sentences.
    with_number = {text.count("\n", 0, m.start()) for hint in _NUMBER_HINTS for m in hint.finditer(text)}
    if not with_number:
        return DocumentFacts(None, None)
    lines = text.split("\n")
    paragraphs = [(i, p) for i, p in enumerate(lines) if p.strip()]
    mentions = [
        m
        for p_index, (line_index, paragraph) in enumerate(paragraphs)
        if line_index in with_number
        for s_index, sentence in enumerate(sentences(paragraph))
        for m in _mentions(sentence, (p_index, s_index))
    ]
    mentions = [m for m in mentions if m.kind not in _META.never_reported_kinds]
    if not mentions:
        return DocumentFacts(None, None)
    issued = [m for m in mentions if m.score > 0]
    if issued:
        chosen = min(issued, key=lambda m: (-m.score, m.position, m.start))
        issuer = _issuer(chosen)
    else:
        # No verb says which was issued: a document named up front, and not cited, is the subject.
        lead = [m for m in mentions if m.score == 0 and m.position[0] <= 1 and m.position[1] == 0]
        reported = [
            m
            for m in mentions
            if m.score >= -1 and m.kind in _META.reported_kinds and _committee_document(m.number)
        ]
        if lead:
            chosen = lead[0]
            issuer = _issuer(chosen) or _issuer_named_after(chosen)
        elif len({m.number for m in reported}) == 1:
            # The one Party Committee document the report names, not cited by a verb: its subject.
            chosen = reported[0]
            issuer = _issuer_named_after(chosen) or _issuer(chosen)
        else:
            return DocumentFacts(None, None)
    document = DocumentRef(number=chosen.number, kind=chosen.kind, issuer=issuer)
    day = published.date() if published else None
    # A document no verb issues is dated only by the date written on it ("số ... ngày 22/10/2019",
    # "No. ... dated October 22"), not by the dates around it.
    issued_on = _issue_date(chosen, day) if chosen.score > 0 else _attached_date(chosen, day)
    return DocumentFacts(document, issued_on)


def _committee_document(number: str) -> bool:
    code = fold(number.rsplit("/", 1)[-1]).upper() if "/" in number else ""
    return code in _META.committee_codes


def _issuer(mention: _Mention) -> str | None:
    """The issuing body named before the document in its sentence, or after it ("do ... ban hành",
    "issued by ...")."""
    before = lower_same_length(mention.sentence[: mention.start])
    names = list(_ISSUERS.finditer(before))
    if names:
        return _issuer_name(names[-1].group(0))
    rest = mention.sentence[mention.number_end :]
    after = _ISSUED_AFTER.match(rest)
    if after:
        inside = _ISSUERS.search(lower_same_length(after.group(0)))
        if inside:
            return _issuer_name(inside.group(0))
        by = _BY.match(rest, after.end())
        named = _ISSUERS.match(lower_same_length(rest[by.end() :])) if by else None
        if named:
            return _issuer_name(named.group(0))
    return None


_OF_ISSUER = re.compile(r"[^,;.]{0,30}?\b(?:của|of)\s+(?:the\s+)?", re.IGNORECASE)
_DATE_BEFORE_VERB = re.compile(
    rf"\s*(?:(?i:has|had|đã|vừa|mới|da|vua|moi)\s+)?(?:{_alternation(_lower(_META.issue_verbs))})\b",
    re.IGNORECASE,
)


def _issuer_named_after(mention: _Mention) -> str | None:
    """The body a document is "of", right after its number and date: "số 838-TB/TU ngày
    3/8/2022 của Ban Thường vụ Thành ủy Hà Nội"."""
    after = mention.sentence[mention.number_end : mention.number_end + 120]
    of = _OF_ISSUER.match(after)
    if of is None:
        return None
    found = _ISSUERS.match(lower_same_length(after[of.end() :]))
    return _issuer_name(found.group(0)) if found else None


def _issuer_name(written: str) -> str | None:
    lowered = written.lower()
    return next((name for phrase, name in _META.issuers.items() if phrase.lower() == lowered), None)


def _attached_date(mention: _Mention, published: date | None) -> date | None:
    """The date written right after the number: "No. X on October 22", "số X ngày 20/8",
    maybe past its issuer ("số X của Ban Thường vụ Thành ủy Hà Nội ngày 22/10/2019")."""
    sentence = mention.sentence
    after = mention.number_end
    of = _OF_ISSUER.match(sentence, after)
    if of is not None and of.end() - after <= 12:  # "của", "of the": no other words between
        issuer = _ISSUERS.match(lower_same_length(sentence), of.end())
        if issuer is not None:
            after = issuer.end()
    for d in find_dates(sentence):
        gap = sentence[after : d.start]
        attached = not gap.strip(" ,") or _DATE_AFTER.match(gap + " ")
        if d.start >= after and attached and len(gap) <= 25:
            return resolve(d, published)
    return None


def _issue_date(mention: _Mention, published: date | None) -> date | None:
    """Date attached to the number ("No. X on October 22", "số X ngày 20/8"), else the clause's date."""
    attached = _attached_date(mention, published)
    if attached is not None:
        return attached
    sentence = mention.sentence
    found = find_dates(sentence)
    if not found:
        return None
    # "Ngày 20/8, Thành ủy Hà Nội ban hành Thông báo số ...": a date opening the sentence
    # (after a dateline such as "HNP -") or a clause of it ("Thực hiện ..., ngày 3/1, ...");
    # a date inside a phrase ("hội nghị ngày 15/8") is another event's.
    opening = [
        d
        for d in found
        if d.end <= mention.start
        and (_OPENING.match(sentence[: d.start]) or sentence[: d.start].rstrip().endswith(","))
    ]
    if opening:
        return resolve(opening[-1], published)
    # "Thành ủy Hà Nội ngày 22/10 đã ban hành Thông báo số ...", "the Hanoi Party Committee on
    # October 22 issued Announcement No. ...": the date right before the verb issuing it.
    before_verb = [
        d
        for d in found
        if d.end <= mention.start
        and (verb := _DATE_BEFORE_VERB.match(sentence, d.end)) is not None
        and mention.start - verb.end() <= _VERB_TO_DOCUMENT
    ]
    if before_verb:
        return resolve(before_verb[-1], published)
    after = [d for d in found if mention.number_end <= d.start <= mention.number_end + _DATE_WINDOW_AFTER]
    if after and re.search(
        r"(?i:issued|ban hành|ban hanh|ký)", sentence[mention.number_end : after[0].start]
    ):
        return resolve(after[0], published)
    return None
