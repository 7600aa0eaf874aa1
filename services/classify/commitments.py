"""Commitments: the sentences of an announcement that say what a side will do.

A clause is a commitment when its subject (the words before its first
cooperation cue, "will", "agreed to", "sẽ", "thống nhất", "phối hợp"...) names a
side: both sides ("the two localities", "hai bên"), Hanoi, or the partner
(``partner_names``, or failing those a capitalised place name such as "Dong Nai").
A clause with no subject that opens with an action verb ("Tiếp tục hỗ trợ...",
"Phối hợp...") is an itemised decision of the joint conclusion: both sides.
Clauses later in the same sentence with no subject of their own continue the
commitment ("...agreed to enhance cooperation; build ...").

Cues, actor words, openers and connectives live in data/sectors.yaml (context),
and are found in the same matcher pass as the sector terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from shared.events import Actor, Commitment
from shared.text import fold

if TYPE_CHECKING:
    from services.classify.sectors import Match, SectorTagger, TextAnalysis


class Clause(NamedTuple):
    """A piece of text between clause boundaries; ``sentence`` numbers sentences
    (a tuple: some fifty per text, cheap to build)."""

    start: int
    end: int
    sentence: int


# Sentence ends: "./." (Vietnamese document end), line breaks, . ! ? … (with any
# closing quotes) before a space. Clause ends: ";" and ":" before a space. A plain
# character class finds the candidates; Python decides (several times faster than
# one regex with look-aheads).
_CANDIDATE = re.compile(r"[.!?…;:\n]")
_CLOSERS = "\"')]"
_ABBREVIATIONS = frozenset(
    [
        "no",
        "nos",
        "tp",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "prof",
        "assoc",
        "gs",
        "pgs",
        "ts",
        "ths",
        "bs",
        "ks",
        "tt",
        "q",
        "p",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "co",
        "ltd",
        "inc",
        "jr",
        "sr",
        "v.v",
        "ông",
        "bà",
    ]
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LEADING_JUNK = " \t\n-+•*–—>"
_ADMIN_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?|quan|huyen|thi xa|thu do|xa|phuong)\s+")
_ADMIN_SUFFIX = re.compile(r"\s+(?:province|city|district|capital)$")
_RELATION = re.compile(r"(?i)\b(?:of|between|with|for|about|to|from|của|giữa|với|cho|về|tại|từ)\b")
_AND_NAME = re.compile(r"\s(?:and|và|cùng)\s+(?:(?:tỉnh|thành phố|province of|city of)\s+)?[A-ZĐ]")
_NOT_A_NAME = frozenset(
    [
        "this",
        "that",
        "they",
        "these",
        "those",
        "there",
        "then",
        "also",
        "both",
        "each",
        "such",
        "which",
        "what",
        "when",
        "where",
        "it",
        "its",
        "we",
        "our",
    ]
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """The "." at ``dot`` closes an abbreviation ("No.", "TP.", an initial "H.")."""
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True
    return word.lower().rstrip(".") in _ABBREVIATIONS


def _is_soft_wrap(text: str, newline: int) -> bool:
    """A line break inside a sentence of hard-wrapped prose ("could join hands: urban
    planning, building a smart city with digital tools, developing mass transit and
    bus\nnetworks, and protecting the environment."): the next line goes on in lower
    case and the line before it has text and no sentence end."""
    following = newline + 1
    if following >= len(text) or not text[following].islower():
        return False
    before = text[:newline].rstrip(" \t")
    return bool(before) and before[-1] not in "\n.!?…;:"


def split_clauses(text: str) -> list[Clause]:
    """Clauses of ``text`` in order, trimmed, never empty; offsets into ``text``."""
    clauses: list[Clause] = []
    sentence = 0
    last = 0
    size = len(text)

    def emit(start: int, end: int) -> None:
        while start < end and text[start] in _LEADING_JUNK:
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            clauses.append(Clause(start, end, sentence))

    for match in _CANDIDATE.finditer(text):
        at = match.start()
        if at < last:  # inside a "./." or "..." already consumed
            continue
        char = text[at]
        if char == "\n" and _is_soft_wrap(text, at):
            continue
        if char == "\n":
            emit(last, at)
            sentence += 1
            last = at + 1
        elif char == ";" or (char == ":" and (at + 1 == size or text[at + 1].isspace())):
            emit(last, at)
            last = at + 1
        elif char in ".!?…":
            if text.startswith("./.", at):
                end = at + 3
            else:
                end = at + 1
                while end < size and text[end] in ".!?…":
                    end += 1
                while end < size and text[end] in _CLOSERS:
                    end += 1
                if end < size and not text[end].isspace():
                    continue
                if char == "." and end == at + 1 and _is_abbreviation(text, at):
                    continue
            emit(last, end)
            sentence += 1
            last = end
    emit(last, size)
    return clauses


def _partner_keys(partner_names: Sequence[str]) -> list[str]:
    keys: list[str] = []
    for name in partner_names:
        key = _ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", fold(name).strip()))
        if key and key not in keys:
            keys.append(key)
    return keys


def _mentions(folded: str, start: int, end: int, key: str) -> bool:
    at = folded.find(key, start, end)
    while at >= 0:
        before = folded[at - 1] if at > 0 else " "
        after = folded[at + len(key)] if at + len(key) < len(folded) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        at = folded.find(key, at + 1, end)
    return False


def _looks_like_place(text: str, start: int, end: int) -> bool:
    """The subject ends in a capitalised name ("Dong Nai", "Hưng Yên", "Vientiane")."""
    tail = text[start:end].rsplit(",", 1)[-1].strip(" \"'")
    words = tail.split()
    if not words or len(words) > 5 or not all(w[0].isupper() for w in words):
        return False
    if len(words) == 1:
        return len(words[0]) >= 4 and words[0].lower() not in _NOT_A_NAME
    return words[0].lower() not in _NOT_A_NAME


class _ClauseReader:
    def __init__(
        self, text: str, analysis: TextAnalysis, partner_names: Sequence[str], hanoi: re.Pattern[str]
    ) -> None:
        self.text = text
        self.partners = _partner_keys(partner_names)
        self.folded = analysis.folded
        self.hanoi = hanoi
        self.by_clause: dict[int, list[Match]] = {}
        for hit in analysis.cues:
            self.by_clause.setdefault(analysis.clause_at(hit.start), []).append(hit)

    def actor(self, index: int, clause: Clause) -> tuple[Actor | None, bool]:
        """The side a clause commits, and whether it opens subjectless ("Phối hợp...")."""
        found = self.by_clause.get(index)
        if not found:
            return None, False  # no cue, actor word or opener: nothing to read
        hits = sorted(found, key=lambda h: (h.start, -h.end))
        begin = self._content_start(clause.start, hits)
        if any(h.start == begin and (h.entry.kind == "opener" or h.entry.opener) for h in hits):
            return "both", True
        subject_start = begin
        for cue in hits:
            if cue.entry.kind != "cue" or cue.start < begin:
                continue
            # The subject is what stands right before the cue: after the last comma
            # and after any earlier cue ("nhất trí ... cam kết sẽ").
            comma = self.text.rfind(",", subject_start, cue.start)
            start = max(subject_start, comma + 1)
            actor = self._subject_actor(start, cue.start, hits)
            if actor is not None:
                return actor, False
            subject_start = max(subject_start, cue.end)
        return None, False

    def _content_start(self, start: int, hits: list[Match]) -> int:
        """Skip connectives ("Đồng thời,", "In addition,") at the clause start."""
        connectives = {h.start: h.end for h in hits if h.entry.kind == "connective"}
        pos = start
        while True:
            while pos < len(self.text) and self.text[pos] in " ,-":
                pos += 1
            if pos not in connectives:
                return pos
            pos = connectives[pos]

    def _subject_actor(self, start: int, end: int, hits: list[Match]) -> Actor | None:
        if end <= start:
            return None
        # A side named after "of", "between", "của", "giữa"... is not the subject.
        relation = _RELATION.search(self.text, start, end)
        limit = relation.start() if relation else end
        labels = {h.entry.label for h in hits if h.entry.kind == "actor" and start <= h.start < limit}
        if "both" in labels or "document" in labels:
            return "both"
        partner = any(_mentions(self.folded, start, limit, key) for key in self.partners)
        hanoi = self.hanoi.search(self.folded, start, limit) is not None
        if hanoi and (partner or _AND_NAME.search(self.text, start, limit)):
            return "both"
        if hanoi:
            return "hanoi"
        if partner or (relation is None and _looks_like_place(self.text, start, end)):
            return "partner"
        return None


def find_commitments(
    text: str,
    language: str | None,
    sectors: SectorTagger,
    partner_names: Sequence[str] = (),
) -> list[Commitment]:
    """Commitment sentences of ``text`` with actor, sectors and offsets
    (``text[c.start:c.end] == c.text``), in order of appearance."""
    analysis = sectors.analyze(text, language)
    reader = _ClauseReader(text, analysis, partner_names, sectors.lexicon.hanoi)
    spans: list[tuple[int, int, Actor]] = []
    open_sentence = -1
    for index, clause in enumerate(analysis.clauses):
        if analysis.context[index] in ("title", "related"):
            open_sentence = -1
            continue
        actor, subjectless = reader.actor(index, clause)
        if actor is not None and not (subjectless and clause.sentence == open_sentence):
            spans.append((clause.start, clause.end, actor))
            open_sentence = clause.sentence
        elif clause.sentence == open_sentence:
            start, _, previous = spans[-1]
            spans[-1] = (start, clause.end, previous)
        else:
            open_sentence = -1
    return [
        Commitment(
            text=text[start:end],
            start=start,
            end=end,
            actor=actor,
            sectors=sectors.sectors_between(analysis, start, end),
        )
        for start, end, actor in spans
    ]
