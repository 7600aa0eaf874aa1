"""Sector tagging with evidence, from the lexicons in data/sectors.yaml.

One Aho-Corasick pass (``PhraseMatcher``) finds every sector term, neutral
phrase and context cue of the text at once. Overlapping hits keep the longest
("môi trường đầu tư" is investment, not the environment inside it; a neutral
phrase such as "Ban Dân vận" hides the term inside it). A sector's score is the
sum over its distinct concepts of weight x context factor (the best occurrence
of each concept counts once); it is tagged when the score reaches the threshold.
The method and how the numbers were chosen: docs/classification.md.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml

from services.classify.commitments import Clause, split_clauses
from services.classify.matching import PhraseMatcher
from services.classify.names import name_spans
from shared.events import SectorTag
from shared.text import fold, normalize

DEFAULT_LEXICON = Path(__file__).parent / "data" / "sectors.yaml"

Kind = Literal[
    "term", "neutral", "cue", "actor", "opener", "connective", "related", "head", "ceremony", "gift", "field"
]
Context = Literal["title", "cooperation", "passing", "related", "ceremony"]

# Spans kept as evidence per sector: enough to show why, small enough for an event.
_MAX_EVIDENCE = 12
_MAX_PER_CONCEPT = 3
_MULTI_SPACE = re.compile(r"  +")  # not " {2,}": a literal prefix the engine seeks fast (4x)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# A long line without a sentence in it, made mostly of capitalised words and numbers,
# is a bar of topic links ("WORDS ON THE STREET ... Smart City Summit ... Sea Games"),
# not prose: its words are page chrome. Headlines are shorter than this.
_MENU_MIN_CHARS = 150
_MENU_MIN_CAPITALISED = 0.6
_MENU_MIN_BARS = 3
_WORD_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Entry:
    """What one lexicon phrase stands for."""

    kind: Kind
    concept: int  # variants of one concept share this number
    language: str  # "en", "vi" or "any"
    sector: str = ""
    weight: float = 0.0
    label: str = ""  # actor kind for actors ("both", "hanoi", "document")
    exact_case: bool = False  # acronyms (KCN, IT) match only in capitals
    opener: bool = False  # a cue that also opens a subjectless commitment ("Phối hợp...")


class Match(NamedTuple):
    """One lexicon phrase found in the text (a tuple: cheap on the hot path)."""

    start: int
    end: int
    phrase: str
    entry: Entry


@dataclass(frozen=True, slots=True)
class SectorInfo:
    id: str
    en: str
    vi: str
    scope: str
    threshold: float


@dataclass(frozen=True, slots=True)
class Scoring:
    threshold: float
    commitment_threshold: float
    factors: dict[str, float]


@dataclass(slots=True)
class TextAnalysis:
    """Everything one pass over a text found; shared by tag() and find_commitments()."""

    text: str
    folded: str
    clauses: list[Clause]
    context: list[Context]  # per clause
    terms: list[tuple[Match, int]]  # sector-term hits kept, with their clause index, by start
    cues: list[Match]  # cues, actors, openers, connectives (never overlap-resolved)
    title_end: int
    related_start: int
    _clause_starts: list[int] = field(default_factory=list)
    term_starts: list[int] = field(default_factory=list)  # of ``terms``, for bisect
    # Head words of organisations' names written as names: (start, end, English).
    heads: list[tuple[int, int, bool]] = field(default_factory=list)
    # Ends of the words that open a list of fields ("các lĩnh vực", "the fields of"), in order.
    field_heads: list[int] = field(default_factory=list)
    # Per sentence of protocol: where its gifts begin ("dâng hương ..., thăm, tặng quà gia đình
    # chính sách"); what follows is the visit's help, read as a passing mention, not as protocol.
    gifts_from: dict[int, int] = field(default_factory=dict)

    def clause_at(self, offset: int) -> int:
        return max(0, bisect_right(self._clause_starts, offset) - 1)


@dataclass(frozen=True)
class Lexicon:
    version: int
    content_hash: str
    sectors: tuple[SectorInfo, ...]
    scoring: Scoring
    matcher: LexiconMatcher
    term_count: int
    hanoi: re.Pattern[str]  # Hanoi's names, folded: looked up in commitment subjects only
    phrases: tuple[tuple[str, Entry], ...]  # every phrase with its entry (for tests, bench)
    surnames: frozenset[str]  # Vietnamese family names, lower case: a capitalised term after one is a name
    surnames_folded: frozenset[str]  # the same without diacritics, for text typed without them


class LexiconMatcher(PhraseMatcher[Entry]):
    """``PhraseMatcher`` with a leaner loop for the hot path: the same automaton, word
    boundaries and accent rule as ``hits``, without a generator frame per hit."""

    def scan(self, text: str, folded: str) -> list[Match]:
        found: list[Match] = []
        if self.size == 0:
            return found
        limit = len(folded)
        for last, (length, values) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0:
                before = folded[start - 1]
                if before.isalnum() or before in _TONE_MARKS:
                    continue
            if end < limit:
                after = folded[end]
                if after.isalnum() or after in _TONE_MARKS:
                    continue
            segment = text[start:end]
            # An ASCII segment carries no diacritics, so it fits every phrase (accent_fits).
            if segment.isascii():
                found.extend(Match(start, end, phrase, payload) for phrase, payload in values)
                continue
            lowered = segment.lower()
            bare = lowered == folded[start:end]
            for phrase, payload in values:
                if bare or lowered == phrase.lower():
                    found.append(Match(start, end, phrase, payload))
        return found


def _variants(item: Any) -> list[str]:
    """A lexicon item is one phrase or "variant | variant | ..." of one concept."""
    if isinstance(item, list):
        return [str(v).strip() for v in item if str(v).strip()]
    return [v.strip() for v in str(item).split("|") if v.strip()]


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and phrase == phrase.upper() and len(phrase) <= 12


class _Builder:
    def __init__(self) -> None:
        self.phrases: list[tuple[str, Entry]] = []
        self._concepts = 0

    def add(self, items: Iterable[Any], *, kind: Kind, language: str, **extra: Any) -> None:
        for item in items or ():
            self._concepts += 1
            for phrase in _variants(item):
                entry = Entry(
                    kind=kind,
                    concept=self._concepts,
                    language=language,
                    exact_case=kind == "term" and _is_acronym(phrase),
                    **extra,
                )
                self.phrases.append((phrase, entry))

    def add_by_language(self, block: dict[str, Any] | None, *, kind: Kind, **extra: Any) -> None:
        for language, items in (block or {}).items():
            self.add(items, kind=kind, language=language, **extra)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Parse and compile a taxonomy file; cached, so every tagger shares one automaton."""
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    scoring_raw = data["scoring"]
    weights: dict[str, float] = {k: float(v) for k, v in scoring_raw["weights"].items()}
    scoring = Scoring(
        threshold=float(scoring_raw["threshold"]),
        commitment_threshold=float(scoring_raw["commitment_threshold"]),
        factors={k: float(v) for k, v in scoring_raw["factors"].items()},
    )
    builder = _Builder()
    sectors: list[SectorInfo] = []
    for sector in data["sectors"]:
        sectors.append(
            SectorInfo(
                id=sector["id"],
                en=sector["en"],
                vi=sector["vi"],
                scope=sector["scope"],
                threshold=float(sector.get("threshold", scoring.threshold)),
            )
        )
        for strength, by_language in sector["terms"].items():
            builder.add_by_language(by_language, kind="term", sector=sector["id"], weight=weights[strength])
    term_count = len(builder.phrases)
    builder.add_by_language(data.get("neutral"), kind="neutral")
    context = data["context"]
    builder.add_by_language(context["cooperation_cues"], kind="cue")
    for label, by_language in context["actors"].items():
        builder.add_by_language(by_language, kind="actor", label=label)
    builder.add_by_language(context["imperative_openers"], kind="opener")
    builder.add_by_language(context["connectives"], kind="connective")
    builder.add(context["related_markers"], kind="related", language="any")
    builder.add_by_language(context["name_heads"], kind="head")
    builder.add_by_language(context["ceremony_cues"], kind="ceremony")
    builder.add_by_language(context["gift_cues"], kind="gift")
    builder.add_by_language(context["field_heads"], kind="field")
    phrases, hanoi = _lean(builder.phrases)
    return Lexicon(
        version=int(data["version"]),
        content_hash=hashlib.sha256(raw).hexdigest(),
        sectors=tuple(sectors),
        scoring=scoring,
        matcher=LexiconMatcher(phrases),
        term_count=term_count,
        hanoi=hanoi,
        phrases=tuple(phrases),
        surnames=frozenset(normalize(name).lower() for name in context["surnames"]),
        surnames_folded=frozenset(fold(normalize(name)) for name in context["surnames"]),
    )


def _lean(phrases: list[tuple[str, Entry]]) -> tuple[list[tuple[str, Entry]], re.Pattern[str]]:
    """Fewer hits per text, same meaning: a neutral phrase that contains no term
    hides nothing; an opener that is also a cue becomes a flag on the cue; Hanoi's
    names are only needed in commitment subjects, so they leave the automaton."""
    term_keys = [fold(p) for p, e in phrases if e.kind == "term"]
    cue_keys = {(fold(p), e.language) for p, e in phrases if e.kind == "cue"}
    opener_keys = {(fold(p), e.language) for p, e in phrases if e.kind == "opener"}
    kept: list[tuple[str, Entry]] = []
    hanoi_names: set[str] = set()
    for phrase, entry in phrases:
        key = (fold(phrase), entry.language)
        if entry.kind == "neutral" and not any(k in key[0] for k in term_keys):
            continue
        if entry.kind == "actor" and entry.label == "hanoi":
            hanoi_names.add(key[0])
            continue
        if entry.kind == "opener" and key in cue_keys:
            continue
        if entry.kind == "cue" and key in opener_keys:
            entry = replace(entry, opener=True)
        kept.append((phrase, entry))
    names = "|".join(re.escape(n) for n in sorted(hanoi_names, key=len, reverse=True))
    return kept, re.compile(rf"(?<![\w]){'(?:' + names + ')' if names else '(?!)'}(?![\w])")


def squeeze_spaces(text: str) -> tuple[str, list[int], list[int]]:
    """Runs of spaces become one, so "and  ensuring" still matches a phrase. Returns
    the squeezed text and breakpoints: squeezed offset o >= marks[i] is o + shifts[i]."""
    pieces: list[str] = []
    marks, shifts = [0], [0]
    last = removed = 0
    for match in _MULTI_SPACE.finditer(text):
        pieces.append(text[last : match.start() + 1])
        marks.append(match.start() + 1 - removed)
        removed += match.end() - match.start() - 1
        shifts.append(removed)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), marks, shifts


class SectorTagger:
    """Tags the sectors of a cleaned announcement text (normalised, as ingest emits it)."""

    def __init__(self, path: Path | None = None) -> None:
        self.lexicon = load_lexicon(path or DEFAULT_LEXICON)
        self._sector_ids = [s.id for s in self.lexicon.sectors]
        self._last: tuple[str, str | None, TextAnalysis] | None = None

    @property
    def taxonomy_version(self) -> int:
        return self.lexicon.version

    @property
    def content_hash(self) -> str:
        return self.lexicon.content_hash

    @property
    def version(self) -> str:
        """Taxonomy version and file hash: a lexicon edit changes it even without a bump."""
        return f"{self.lexicon.version}.{self.lexicon.content_hash[:10]}"

    @property
    def sectors(self) -> tuple[SectorInfo, ...]:
        return self.lexicon.sectors

    # ------------------------------------------------------------------ analysis
    def analyze(
        self,
        text: str,
        language: str | None = None,
        *,
        folded: str | None = None,
        hits: list[Match] | None = None,
    ) -> TextAnalysis:
        """The hits and clause contexts of ``text``; the last result is memoised,
        since the classifier asks for sectors and commitments of the same text.

        ``folded`` (``fold(text)``) and ``hits`` (what ``scan_hits`` would return)
        may come from a scan the caller shares with other taggers."""
        last = self._last
        if last is not None and last[1] == language and (last[0] is text or last[0] == text):
            return last[2]
        folded = fold(text) if folded is None else folded
        analysis = self._analyze(text, language, folded, self._hits(text, folded) if hits is None else hits)
        self._last = (text, language, analysis)
        return analysis

    @staticmethod
    def needs_squeeze(text: str) -> bool:
        """Whether runs of spaces inside ``text`` change what matches. Trailing spaces
        cannot: no phrase ends in a space, so squeezing them moves no offset."""
        return text.find("  ", 0, len(text.rstrip(" "))) >= 0

    def _hits(self, text: str, folded: str) -> list[Match]:
        matcher = self.lexicon.matcher
        if not self.needs_squeeze(text):
            return matcher.scan(text, folded)
        squeezed, marks, shifts = squeeze_spaces(text)

        def back(offset: int) -> int:
            return offset + shifts[bisect_right(marks, offset) - 1]

        return [
            Match(back(h.start), back(h.end - 1) + 1, h.phrase, h.entry)
            for h in matcher.scan(squeezed, fold(squeezed))
        ]

    def _analyze(self, text: str, language: str | None, folded: str, hits: list[Match]) -> TextAnalysis:
        clauses = split_clauses(text)
        starts = [c.start for c in clauses]
        terms: list[Match] = []
        cues: list[Match] = []
        heads: list[Match] = []
        related_start = len(text)
        for hit in hits:
            entry = hit.entry
            if language is not None and entry.language != language and entry.language != "any":
                continue  # a phrase of another language ("any" fits every one)
            if entry.kind in ("term", "neutral"):
                if entry.exact_case and (
                    text[hit.start : hit.end] != hit.phrase or _in_code(text, hit.start)
                ):
                    continue
                if text[hit.start].isupper() and self._after_surname(text, hit.start):
                    continue
                terms.append(hit)
            elif entry.kind == "related":
                if hit.start < related_start and _alone_on_line(text, hit.start, hit.end):
                    related_start = hit.start
            elif entry.kind == "head":
                if text[hit.start].isupper():  # written as a name: "Sở", not "sở"
                    heads.append(hit)
            else:
                cues.append(hit)
        related_start = min(related_start, _article_end(text))
        title_end = _title_end(text)
        analysis = TextAnalysis(
            text=text,
            folded=folded,
            clauses=clauses,
            context=[],
            terms=[],
            cues=[h for h in cues if h.start < related_start],
            title_end=title_end,
            related_start=related_start,
            _clause_starts=starts,
            heads=[(h.start, h.end, h.entry.language == "en") for h in heads],
            field_heads=[h.end for h in cues if h.entry.kind == "field" and h.start < related_start],
        )
        kept = [h for h in _longest_first(terms) if h.entry.kind == "term" and h.start < related_start]
        analysis.terms = [(h, analysis.clause_at(h.start)) for h in kept]
        analysis.term_starts = [h.start for h in kept]
        analysis.context, analysis.gifts_from = _clause_contexts(analysis)
        return analysis

    def _after_surname(self, text: str, start: int) -> bool:
        """Whether the word before ``start`` is a family name ("Nguyễn Thế Thảo", "Nguyen The
        Thao"): spelled with its diacritics, or typed without any ("Trưởng" is not "Trương")."""
        before = text[max(0, start - 12) : start]
        if not before.endswith(" "):
            return False
        words = before.split()
        if not words or not words[-1][:1].isupper():
            return False
        word = words[-1].lower()
        if word in self.lexicon.surnames:
            return True
        return word in self.lexicon.surnames_folded and fold(word) == word

    # ------------------------------------------------------------------ tagging
    def scores(self, text: str, language: str | None = None) -> dict[str, tuple[float, list[Match]]]:
        """Every sector with any evidence: its score and the hits that made it."""
        analysis = self.analyze(text, language)
        factors = self.lexicon.scoring.factors
        names = name_spans(text, analysis.heads) if analysis.terms and analysis.heads else []
        best: dict[tuple[str, int], float] = {}
        hits_by_sector: dict[str, list[Match]] = {}
        for hit, clause in analysis.terms:
            entry = hit.entry
            context = analysis.context[clause]
            if context == "ceremony" and hit.start >= analysis.gifts_from.get(
                analysis.clauses[clause].sentence, hit.end
            ):
                context = "passing"
            factor = factors[context]
            if (
                context in ("cooperation", "passing")
                and entry.weight < 1.0
                and _in_field_list(analysis, hit, clause)
            ):
                factor = factors["field"]
            if factor > 0 and names and any(name.holds(hit.start, hit.end) for name in names):
                factor = factors["name"]
            value = entry.weight * factor
            if value <= 0:
                continue
            key = (entry.sector, entry.concept)
            best[key] = max(best.get(key, 0.0), value)
            hits_by_sector.setdefault(entry.sector, []).append(hit)
        totals: dict[str, float] = {}
        for (sector, _), value in best.items():
            totals[sector] = totals.get(sector, 0.0) + value
        return {sector: (round(total, 3), hits_by_sector[sector]) for sector, total in totals.items()}

    def tag(self, text: str, language: str | None = None) -> list[SectorTag]:
        """The sectors of ``text`` whose score reaches their threshold, best first,
        each with the spans that are its evidence (``text[start:end] == span.text``)."""
        thresholds = {s.id: s.threshold for s in self.lexicon.sectors}
        tags: list[SectorTag] = []
        for sector, (score, hits) in self.scores(text, language).items():
            if score + 1e-9 < thresholds[sector]:
                continue
            # One validation of the tag with its spans as dicts: the nested models are
            # built inside pydantic-core, without a Python __init__ per span (2x faster).
            tags.append(
                SectorTag.model_validate({"id": sector, "score": score, "evidence": _evidence(text, hits)})
            )
        order = {sector: i for i, sector in enumerate(self._sector_ids)}
        tags.sort(key=lambda t: (-t.score, order[t.id]))
        return tags

    def sectors_between(self, analysis: TextAnalysis, start: int, end: int) -> list[str]:
        """Sectors a sentence carries on its own (commitment_threshold, no context factor)."""
        best: dict[tuple[str, int], float] = {}
        first_seen: dict[str, int] = {}
        # Terms are in order of start: only those from ``start`` on, up to ``end``.
        terms = analysis.terms
        first = bisect_left(analysis.term_starts, start)
        for index in range(first, len(terms)):
            hit = terms[index][0]
            if hit.start >= end:
                break
            if hit.end > end:
                continue
            entry = hit.entry
            key = (entry.sector, entry.concept)
            best[key] = max(best.get(key, 0.0), entry.weight)
            first_seen.setdefault(entry.sector, hit.start)
        totals: dict[str, float] = {}
        for (sector, _), value in best.items():
            totals[sector] = totals.get(sector, 0.0) + value
        limit = self.lexicon.scoring.commitment_threshold - 1e-9
        chosen = [s for s, total in totals.items() if total >= limit]
        return sorted(chosen, key=first_seen.__getitem__)


# A list of fields: items of at most this many words, separated by commas, semicolons or "and";
# a term heads its item or follows at most this many words ("ngành môi trường", not "phát triển
# công nghiệp": two syllables there are a verb of the item's own). The separators are read in the
# folded text, so a list typed without diacritics ("an ninh va moi truong") splits alike.
_FIELD_ITEM_MAX_WORDS = 6
_FIELD_TERM_MAX_LEAD = 1
_FIELD_TERM_MAX_TAIL = 1
_FIELD_SEPARATOR = re.compile(r"[,;:/]|\b(?:va|and|cung nhu|as well as|such as|nhu|including|gom|bao gom)\b")


def _in_field_list(analysis: TextAnalysis, hit: Match, clause: int) -> bool:
    """Whether ``hit`` stands as an item of a list of fields opened earlier in its sentence."""
    heads = analysis.field_heads
    if not heads:
        return False
    at = bisect_right(heads, hit.start) - 1
    if at < 0:
        return False
    head_end = heads[at]
    clauses = analysis.clauses
    if clauses[analysis.clause_at(head_end)].sentence != clauses[clause].sentence:
        return False
    folded = analysis.folded
    items = _FIELD_SEPARATOR.split(folded[head_end : hit.start])
    if len(items[-1].split()) > _FIELD_TERM_MAX_LEAD:
        return False
    if not all(len(item.split()) <= _FIELD_ITEM_MAX_WORDS for item in items[:-1]):
        return False
    # The term ends its item: "hi-tech" of "hi-tech agriculture among them" names no field.
    rest = _FIELD_SEPARATOR.split(folded[hit.end : clauses[clause].end], maxsplit=1)[0]
    return len(rest.split()) <= _FIELD_TERM_MAX_TAIL


def _evidence(text: str, hits: Sequence[Match]) -> list[dict[str, Any]]:
    """The evidence spans of one sector's hits, as ``Span`` fields."""
    per_concept: dict[int, int] = {}
    spans: list[dict[str, Any]] = []
    for hit in sorted(hits, key=lambda h: (-h.entry.weight, h.start)):
        seen = per_concept.get(hit.entry.concept, 0)
        if seen >= _MAX_PER_CONCEPT:
            continue
        per_concept[hit.entry.concept] = seen + 1
        spans.append({"text": text[hit.start : hit.end], "start": hit.start, "end": hit.end})
        if len(spans) >= _MAX_EVIDENCE:
            break
    spans.sort(key=lambda s: s["start"])
    return spans


def _longest_first(hits: list[Match]) -> list[Match]:
    """Drop hits inside a longer one (as matching.longest_first does), keeping order. Of two
    hits on the same words a neutral phrase wins: typed without diacritics "hai quận" (two
    districts) and "hải quan" (customs) are both "hai quan", and the neutral says which."""
    hits.sort(key=lambda h: (h.start, h.start - h.end, h.entry.kind != "neutral"))
    kept: list[Match] = []
    reach = -1
    for hit in hits:
        if hit.end <= reach:
            continue
        kept.append(hit)
        reach = hit.end
    return kept


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """A related-news marker is a line of its own ("Tin liên quan", "Related news:")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip(" :.-")


def _article_end(text: str) -> int:
    """Vietnamese articles close with "./."; lines after it are the page's, not the article's."""
    return min(_closing_mark_end(text), teaser_start(text))


# A line opening on the paper's tag in brackets and a dash. Anchored on the newline
# before it (the text is read with one put in front): a literal first character lets
# the regex engine skip ahead, where "^" in MULTILINE mode tries every position (6x).
# The paper's tag opening a lead: "(PNTĐ) - ", "Kinhtedothi - " (one word, then a dash).
_DATELINE = re.compile(r"\n[ \t]*(?:\(([^()\n]{2,20})\)|([A-ZĐ][\w.&]{2,19}))[ \t]*[-\u2013][ \t]")
# A bare word before a dash opens a lead (a paragraph), not a headline such as "Hanoi - Vientiane".
_LEAD_MIN_CHARS = 80
_SAME_LEAD_CHARS = 40


def teaser_start(text: str) -> int:
    """A lead opening on the paper's tag ("(PNTĐ) - ...", "Kinhtedothi - ...") that recurs
    later belongs to another story, a teaser: the page's list of other articles starts at
    its headline."""
    # In "\n" + text a match starts on the newline, one before its line in the
    # padded text: exactly at its line's start in ``text``.
    padded = "\n" + text
    leads = (
        m
        for m in _DATELINE.finditer(padded)
        if m.group(1) is not None or _line_length(padded, m.start() + 1) >= _LEAD_MIN_CHARS
    )
    first = next(leads, None)
    if first is None:
        return len(text)
    first_end = first.end() - 1
    tag = first.group(1) or first.group(2)
    opening = padded[first.end() : first.end() + _SAME_LEAD_CHARS]
    for later in leads:
        # The same lead printed twice (a teaser of the article itself, then its body) is no other story.
        if (later.group(1) or later.group(2)) == tag and padded[
            later.end() : later.end() + _SAME_LEAD_CHARS
        ] != opening:
            later_start = later.start()
            headline_end = text.rfind("\n", 0, later_start)
            headline_start = text.rfind("\n", 0, max(headline_end, 0)) + 1
            return headline_start if headline_end > first_end else len(text)
    return len(text)


def _in_code(text: str, start: int) -> bool:
    """An acronym inside a document's number ("công văn số 219/MTTQ-BTT") is its issuer's code."""
    return start > 0 and text[start - 1] in "/-" and (start < 2 or not text[start - 2].isspace())


def _line_length(text: str, start: int) -> int:
    end = text.find("\n", start)
    return (len(text) if end < 0 else end) - start


def _closing_mark_end(text: str) -> int:
    at = text.find("./.")
    while at >= 0:
        rest = text[at + 3 :]
        if rest.strip() and rest.lstrip(" ").startswith("\n"):
            return at + 3
        at = text.find("./.", at + 3)
    return len(text)


def _title_end(text: str) -> int:
    """End of the headline: a short first line without a closing full stop."""
    newline = text.find("\n")
    if newline <= 0:
        return 0
    first = text[:newline].rstrip()
    if len(first) > 250 or first.endswith((".", ";", ":")):
        return 0
    return newline


def _clause_contexts(analysis: TextAnalysis) -> tuple[list[Context], dict[int, int]]:
    """Title, related list, cooperation (a sentence with a cue or a commitment
    opener), ceremony (a sentence of protocol: incense, wreaths) or passing mention, per clause;
    and where the gifts of each sentence of protocol begin (``TextAnalysis.gifts_from``)."""
    clauses = analysis.clauses
    cooperative_sentences: set[int] = set()
    ceremony_sentences: set[int] = set()
    gifts: dict[int, int] = {}
    for cue in analysis.cues:
        kind = cue.entry.kind
        if kind not in ("cue", "opener", "ceremony", "gift"):
            continue
        sentence = clauses[analysis.clause_at(cue.start)].sentence if clauses else 0
        if kind == "ceremony":
            ceremony_sentences.add(sentence)
        elif kind == "gift":
            gifts.setdefault(sentence, cue.start)
        else:
            cooperative_sentences.add(sentence)
    contexts: list[Context] = []
    menu_lines: dict[int, bool] = {}
    for clause in clauses:
        line_start = analysis.text.rfind("\n", 0, clause.start) + 1
        if line_start not in menu_lines:
            menu_lines[line_start] = _is_menu_line(analysis.text, line_start)
        if clause.start >= analysis.related_start or menu_lines[line_start]:
            contexts.append("related")
        elif clause.end <= analysis.title_end:
            contexts.append("title")
        elif clause.sentence in cooperative_sentences:
            contexts.append("cooperation")
        elif clause.sentence in ceremony_sentences:
            contexts.append("ceremony")
        else:
            contexts.append("passing")
    gifts_from = {sentence: start for sentence, start in gifts.items() if sentence in ceremony_sentences}
    return contexts, gifts_from


def _is_menu_line(text: str, line_start: int) -> bool:
    """Whether the line at ``line_start`` is a bar of links rather than prose."""
    line_end = text.find("\n", line_start)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    # "Topic A | Topic B | Topic C | ...": links separated by bars, whatever their case.
    if line.count(" | ") >= _MENU_MIN_BARS:
        return True
    if len(line) < _MENU_MIN_CHARS or ". " in line or line.endswith((".", "!", "?", '"', "”")):
        return False
    words = _WORD_TOKEN.findall(line)
    capitalised = sum(1 for word in words if word[0].isupper() or word[0].isdigit())
    return capitalised >= _MENU_MIN_CAPITALISED * len(words)
