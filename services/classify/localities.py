"""Locality tagging: which places an announcement names, and which is Hanoi's partner.

Places come from data/gazetteer.yaml (Vietnam before and after the 2025
reorganisation, Hanoi's districts, foreign cities and provinces, countries). One
automaton pass finds every name; each hit is then judged on its surroundings:

* a name counts when it is written as a name (capitalised as the lexicon writes it)
  or beside an administrative word ("tỉnh", "TP", "Province", "City"); names that are
  also ordinary words ("hòa bình", "bình định") and names that are also a person
  ("Hồ Chí Minh") need more (see ``_accept``);
* names on page chrome (a line made only of place names, anything after "Tin liên
  quan" or "Latest news") are dropped;
* Hanoi is the host, its districts stand on its side, and another place is a partner
  when cues add up: it is in the headline, it is coordinated with Hanoi ("between
  Hanoi and X", "Thành phố Hà Nội và tỉnh X"), it follows "cooperation with", or its
  party committee or delegation is named. Everything else is mentioned.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from services.classify.matching import Hit, PhraseMatcher, longest_first
from services.classify.sectors import teaser_start
from shared.events import LocalityLevel, LocalityRole, LocalityTag
from shared.text import fold, is_normalized, normalize

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.yaml"
HOST_SLUG = "ha-noi"

_TITLE_MAX = 200  # a first line longer than this is a paragraph, not a headline
_WINDOW = 60  # characters of context read on each side of a name
_MAX_EVIDENCE = 20
_PARTNER_SCORE = 3
# A list of at least this many places can stand for the counterpart when nothing else does.
_MIN_COUNTERPART_LIST = 3
_MAX_LIST = 4  # a longer list of places is an enumeration, not the sides of an agreement
_MAX_BETWEEN = 8  # "between A, B, ... and H": the most sides a "between" list is read as
_WORD = re.compile(r"[a-z0-9]+")
_GAP_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9']")
_DIGIT = re.compile(r"\d")
# A country name blanked out of a gap ("\0"), with the word tying it to the name before.
_QUALIFIER = re.compile(r"(?:(?<![a-z0-9])(?:cua|thuoc|of|in)\s+)?\0")
# The word and space right before a name (and a line break: "$" allows one), read
# backwards from the name in the reversed folded text, as far as 20 characters back.
_WORD_AND_SPACE_BACKWARDS = re.compile(r"(\n?) (\w+)")
# An amount after each name ("Trà Vinh 2 tỷ đồng, Sóc Trăng 5 tỷ đồng", "Nghe An (VND 3 billion)")
# does not break a list of places: it is removed from the gap before the gap is judged.
_AMOUNT = re.compile(
    r"\(?\s*(?:vnd|usd|\$)?\s*\d[\d.,]*\s*(?:ty|ti|trieu|nghin|ngan|billion|million|thousand)?\s*"
    r"(?:dong|vnd|usd|do la|dollars?|tan|tons?|tonnes?)?\s*\)?"
)


# A short aside in brackets after a name ("Lào Cai (Việt Nam) và Vân Nam (Trung Quốc)")
# qualifies it; like an amount, it does not break a list.
_ASIDE = re.compile(r"\([^()\n]{1,30}\)")

# A sum of money or goods, with its unit (a bare number is not a sum).
_SUM = (
    r"(?:(?:vnd|usd|\$)\s*\d[\d.,]*(?:\s*(?:ty|ti|trieu|billion|million|bn|thousand))?"
    r"|\d[\d.,]*\s*(?:ty|ti|trieu|nghin|ngan|billion|million|thousand)?\s*"
    r"(?:dong|vnd|usd|do la|dollars?|tan|tons?|tonnes?))"
)
_APPROX = r"ve|hon|gan|khoang|tong cong|about|around|nearly|over|more than|up to|a total of|total"
_SUM_ANYWHERE = re.compile(rf"(?<![a-z0-9]){_SUM}(?![a-z0-9])")
# ", the Croatian capital," / ", thủ đô của Croatia,": a short description set off by commas.
# What places a ward in a unit right after it, in the folded text: ", huyện Thanh Oai",
# " (tỉnh Thanh Hóa)", "commune, Thanh Hoa province".
_PLACED_IN = re.compile(
    r"(?:\s+(?:ward|commune))?(?:[\s,(–-]*(?:huyen|tinh|thi xa|thanh pho|tp\.?|quan)\s+"
    r"|,\s+(?=[^,.()]{2,30}\s(?:province|district|city)\b))"
)
_APPOSITION = re.compile(r",\s*(?:the|thu do|thanh pho|capital|city)\b[^,.\n]{0,40},")


@cache
def gazetteer_version() -> str:
    """Content hash of the gazetteer file, for the classifier version string."""
    return hashlib.sha256(GAZETTEER_PATH.read_bytes()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Place:
    slug: str
    level: LocalityLevel
    country: str
    name_vi: str
    name_en: str
    successor: str | None = None
    parent: str | None = None
    ambiguous: bool = False
    eras: tuple[str, ...] = ()

    @property
    def host_side(self) -> bool:
        return self.slug == HOST_SLUG or self.parent == HOST_SLUG

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One way of writing a place, as the matcher's payload."""

    place: Place
    needs_cue: bool


@dataclass(slots=True)
class _Candidate:
    place: Place
    hits: list[Hit[PlaceName]] = field(default_factory=list)
    in_title: bool = False
    between: bool = False
    pairs: int = 0
    cooperation: bool = False
    organisation: bool = False
    aid: bool = False
    # Size of the longest list of places this one was named in ("A, B, C và D"): 1 when alone.
    listed_with: int = 1

    def score(self) -> int:
        score = 3 * (self.in_title or self.between or self.cooperation) + min(self.pairs, 2)
        score += 2 * self.organisation + 2 * self.aid
        return score + (len(self.hits) >= 3)


def _folded_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(normalize(w)).strip() for w in words)


def _alternation(words: Iterable[str], *, reverse: bool = False) -> str:
    """A regex alternation of the folded words, longest first (so the longest wins);
    ``reverse`` spells each backwards, for patterns read from a name leftwards."""
    ordered = sorted(_folded_set(words), key=len, reverse=True)
    return "|".join(re.escape(w[::-1] if reverse else w) for w in ordered)


class _PhraseSet:
    """Rule phrases, folded, found at the end or the start of a window of folded text
    on word boundaries (one regex each: the windows are short, the lists are not)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.spellings: dict[str, set[str]] = {}
        for phrase in phrases:
            spelled = normalize(phrase).strip().lower()
            self.spellings.setdefault(fold(spelled), set()).add(spelled)
        # Longest first, so "thành phố" is tried before "phố".
        self.phrases = tuple(sorted(self.spellings, key=len, reverse=True))
        alternation = "|".join(re.escape(p) for p in self.phrases) or "(?!)"
        backwards = "|".join(re.escape(p[::-1]) for p in self.phrases) or "(?!)"
        # "Ends with" is a match at the start of the reversed window: one attempt
        # instead of one per position.
        self._end_reversed = re.compile(rf"\s*(?:{backwards})(?![a-z0-9])")
        self._start = re.compile(rf"\s*(?:{alternation})(?![a-z0-9])")

    def ends(self, window: str) -> bool:
        return self._end_reversed.match(window[::-1]) is not None

    def ends_spelled(self, text: str, backwards: str, position: int) -> bool:
        """Whether the words before ``position`` are one of the phrases, with its
        diacritics or none: "bác" (uncle) is not "Bắc" (north), "chợ" not "cho".
        ``backwards`` is the folded text reversed (made once per text, not per name)."""
        match = self.ends_at(backwards, position)
        if match is None:
            return False
        matched = match.group()
        key = matched.lstrip()[::-1]
        start = position - len(matched)
        segment = text[start : start + len(key)].lower()
        return segment == fold(segment) or segment in self.spellings[key]

    def ends_at(self, backwards: str, position: int) -> re.Match[str] | None:
        """``ends`` for the window of folded text before ``position``, read in
        ``backwards`` (the folded text reversed) without slicing a window."""
        at = len(backwards) - position
        return self._end_reversed.match(backwards, at, at + _WINDOW)

    def starts_at(self, folded: str, position: int) -> int:
        """``starts`` for the window of ``folded`` after ``position``, without slicing it."""
        match = self._start.match(folded, position, position + _WINDOW)
        return match.end() - position if match else 0

    def ends_length(self, window: str) -> int:
        """Length of the phrase (with leading spaces) ``window`` ends with, or 0."""
        match = self._end_reversed.match(window[::-1])
        return match.end() if match else 0

    def starts(self, window: str) -> int:
        """Length of the phrase (with leading spaces) ``window`` starts with, or 0."""
        match = self._start.match(window)
        return match.end() if match else 0


class _Rules:
    """The rule words of the gazetteer, folded for comparison with folded text."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.admin_prefixes = _PhraseSet(raw["admin_prefixes"])
        self.capital_prefixes = _PhraseSet(raw["capital_prefixes"])
        self.country_prefixes = _PhraseSet([*raw["country_prefixes"], *raw["admin_prefixes"]])
        self.admin_suffixes = _PhraseSet(raw["admin_suffixes"])
        self.landmark_prefixes = _PhraseSet(raw["landmark_prefixes"])
        self.landmark_suffixes = _PhraseSet(raw["landmark_suffixes"])
        self.person_prefixes = _PhraseSet(raw["person_prefixes"])
        self.person_name_words = _folded_set(raw["person_name_words"])
        self.route_words = _PhraseSet(raw["route_words"])
        self.fillers = _folded_set(raw["coordination_fillers"])
        self.connectors = _folded_set(raw["coordination_connectors"])
        self.between_words = _folded_set(raw["between_words"])
        self.determiner_words = _folded_set(d for d in raw["determiners"] if " " not in d)
        self.cooperation_before = _PhraseSet(raw["cooperation_before"])
        self.enumeration_intro = _PhraseSet(raw["enumeration_intro"])
        self.host_and_list_before = _PhraseSet(raw["host_and_list_before"])
        self.examples_before = _PhraseSet(raw["examples_before"])
        self.example_words = _PhraseSet(raw["example_words"])
        self.sides_after = _PhraseSet(raw["sides_after"])
        enumeration_cues = _alternation(raw["enumeration_cues"])
        self.enumeration_cues = re.compile(rf"(?<![a-z0-9])(?:{enumeration_cues})(?![a-z0-9])")
        self.organisation_before = _PhraseSet(raw["organisation_before"])
        self.organisation_after = _PhraseSet(raw["organisation_after"])
        self.aid_before = _PhraseSet(raw["aid_before"])
        aid_words = _alternation(raw["aid_words"])
        self.aid_words = re.compile(rf"(?<![a-z0-9])(?:{aid_words})(?![a-z0-9])")
        self.meeting_before = _PhraseSet(raw["meeting_before"])
        meeting = _alternation(raw["meeting_in_sentence"])
        self.meeting_in_sentence = re.compile(rf"(?<![a-z0-9])(?:{meeting})(?![a-z0-9])")
        self.visit_place_before = _PhraseSet(raw["visit_place_before"])
        self.visitor_subjects = _PhraseSet(raw["visitor_subjects"])
        met = _alternation([*raw["meeting_before"], *raw["cooperation_before"]])
        # "held talks with Haji Ali bin Mat Yassin," before "Chairman of <place>": the
        # meeting is with a person whose title names the place.
        self.met_person = re.compile(rf"(?<![a-z0-9])(?:{met})(?:\s+[a-z'.-]+){{1,6}}\s*,\s*$")
        receive = _alternation(raw["receive_words"])
        suffix = _alternation(raw["admin_suffixes"])
        # "<place> nhận 15 tỉ đồng", "<places> mỗi tỉnh được 10 tỷ đồng", "<place> (province)
        # will receive VND 5 billion": the place is a recipient of the sum named right after.
        self.receives_amount = re.compile(
            rf"\s*(?:(?:{suffix})\s+)?(?:(?:{receive})\s+)+(?:(?:{_APPROX})\s+)?{_SUM}(?![a-z0-9])"
        )
        # "Mức hỗ trợ cho từng tỉnh: A 3 tỷ đồng, B 3 tỷ đồng; C 2 tỷ đồng": a sum right after
        # the name, in a sentence that speaks of aid before it, is that place's share too.
        self.followed_by_amount = re.compile(rf"\s*(?:(?:{_APPROX})\s+)?{_SUM}(?![a-z0-9])")
        skippable = _alternation([*raw["admin_prefixes"], *raw["determiners"]], reverse=True)
        # Administrative words, articles, numbers and colons between a cue and a name,
        # read backwards from the name.
        self.skippable_tail = re.compile(rf"(?:\s*(?:(?:{skippable})(?![a-z0-9])|[\d.,]+(?![\w.,])|:))+")
        # Most names stand after and before none of the acceptance phrases: one look
        # each way, at all of them at once, settles every check of ``_accept`` for those.
        self.any_before = _PhraseSet(
            [
                *raw["country_prefixes"],
                *raw["admin_prefixes"],
                *raw["landmark_prefixes"],
                *raw["person_prefixes"],
                *raw["ward_prefixes"],
            ]
        )
        self.any_after = _PhraseSet(
            [*raw["admin_suffixes"], *raw["landmark_suffixes"], *raw["ward_suffixes"]]
        )
        self.ward_prefixes = _PhraseSet(raw["ward_prefixes"])
        self.ward_suffixes = _PhraseSet(raw["ward_suffixes"])
        # Every phrase ``_context_cues`` reads right before a name (see any_before).
        self.context_before = _PhraseSet(
            [
                *raw["cooperation_before"],
                *raw["organisation_before"],
                *raw["visit_place_before"],
                *raw["aid_before"],
            ]
        )
        self.end_lines = _folded_set(raw["end_lines"])
        self.chrome_words = frozenset(
            word
            for phrase in (*self.admin_prefixes.phrases, *self.admin_suffixes.phrases)
            for word in _WORD.findall(phrase)
        )


class _Aligned:
    """A text in normalised form with a map of its offsets back to the original.

    Ingest hands over normalised text already (the fast path); raw text is normalised
    word by word so each offset can be traced to the original characters.
    """

    def __init__(self, original: str, *, known_normalized: bool = False) -> None:
        self.original = original
        self.text = original if known_normalized or is_normalized(original) else normalize(original)
        self._identity = len(self.text) == len(original)
        self._norm_starts: list[int] = []
        self._pieces: list[tuple[int, str, str]] = []
        if not self._identity:
            norm_pos = 0
            pieces = []
            for match in re.finditer(r"\s+|\S+", original):
                piece = match.group()
                normal = normalize(piece)
                pieces.append(normal)
                self._norm_starts.append(norm_pos)
                self._pieces.append((match.start(), piece, normal))
                norm_pos += len(normal)
            self.text = "".join(pieces)

    def to_original(self, offset: int) -> int:
        if self._identity:
            return offset
        index = bisect.bisect_right(self._norm_starts, offset) - 1
        if index < 0:
            return 0
        start, piece, normal = self._pieces[index]
        within = offset - self._norm_starts[index]
        if len(piece) == len(normal):
            return start + within
        for cut in range(len(piece) + 1):
            if len(normalize(piece[:cut])) >= within:
                return start + cut
        return start + len(piece)


class LocalityTagger:
    """Loads the gazetteer once; ``tag`` is pure."""

    def __init__(self, path: Path = GAZETTEER_PATH) -> None:
        # The C loader when present: the pure-Python one takes most of a second here.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        self.version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        self.rules = _Rules(raw["rules"])
        self.places: dict[str, Place] = {}
        entries: list[tuple[str, PlaceName]] = []
        for item in raw["places"]:
            place = Place(
                slug=item["slug"],
                level=item["level"],
                country=item["country"],
                name_vi=item["name_vi"],
                name_en=item["name_en"],
                successor=item.get("successor"),
                parent=item.get("parent"),
                ambiguous=bool(item.get("ambiguous", False)),
                eras=tuple(item.get("eras", ())),
            )
            self.places[place.slug] = place
            cue_names = list(item.get("cue_names", []))
            names = [item["name_vi"], item["name_en"], *item.get("aliases", [])]
            for name in _spellings(n for n in names if n not in cue_names):
                entries.append((name, PlaceName(place, needs_cue=False)))
            for name in _spellings(cue_names):
                entries.append((name, PlaceName(place, needs_cue=True)))
        self.entries = tuple(entries)  # for a matcher shared with other lexicons
        self._hanoi_names = tuple(
            fold(name)
            for place in self.places.values()
            if place.slug == HOST_SLUG or (place.parent == HOST_SLUG and place.level == "district")
            for name in (place.name_vi, place.name_en)
        )
        self.matcher: PhraseMatcher[PlaceName] = PhraseMatcher(entries)

    # ------------------------------------------------------------------ public
    def tag(
        self,
        text: str,
        title: str | None = None,
        language: str | None = None,
        *,
        folded: str | None = None,
        hits: list[Hit[PlaceName]] | None = None,
    ) -> list[LocalityTag]:
        """The places ``text`` names, one tag per slug: host, partners, then mentioned.

        A caller that knows ``text`` is normalised may pass ``folded`` (``fold(text)``)
        and ``hits`` (what ``self.matcher.hits`` gives), from a scan it shares."""
        aligned = _Aligned(text, known_normalized=folded is not None)
        norm = aligned.text
        folded = fold(norm) if folded is None else folded
        head = norm[:2000]
        # fold works char by char, so the folded head is folded[:2000].
        language = language or ("vi" if folded[:2000] != head.lower() else "en")

        limit = self._article_end(norm, folded)
        title_line = self._title_line(norm, title)
        found = list(self.matcher.hits(norm, folded)) if hits is None else hits
        hits = self._accepted(norm, folded, found, limit)
        hits = self._drop_chrome_lines(norm, folded, hits, title_line)

        candidates: dict[str, _Candidate] = {}
        for hit in hits:
            slug = hit.payload.place.slug
            candidates.setdefault(slug, _Candidate(hit.payload.place)).hits.append(hit)

        if title_line is None and not title:
            title_line = self._headline(norm, hits)
        title_slugs = self._title_slugs(norm, folded, hits, title, title_line)
        # A name that needs a cue ("Victoria") counts in the headline once the text has
        # named the place with one ("the Australian state of Victoria").
        if title_line:
            title_slugs |= {
                h.payload.place.slug
                for h in found
                if title_line[0] <= h.start < title_line[1] and h.payload.place.slug in candidates
            }
        for slug in title_slugs:
            candidates.setdefault(slug, _Candidate(self.places[slug])).in_title = True
        for candidate in candidates.values():
            if not candidate.place.host_side:
                for hit in candidate.hits:
                    self._context_cues(folded, hit, candidate)
        self._coordination_cues(folded, hits, candidates)

        # Hanoi is a side of every announcement HopTac takes in, named or not
        # ("Thành ủy", "the capital"): the host tag is there, without evidence then.
        candidates.setdefault(HOST_SLUG, _Candidate(self.places[HOST_SLUG]))
        roles = self._roles(candidates)
        return self._tags(candidates, roles, aligned, language)

    # ------------------------------------------------------------ acceptance
    def _accepted(
        self, text: str, folded: str, found: list[Hit[PlaceName]] | None = None, limit: int | None = None
    ) -> list[Hit[PlaceName]]:
        """The names of ``text`` that pass ``_accept``, longest first, starting before
        ``limit``. Names past it are left before the rules are run: each name is judged
        alone, and a longer name holding a kept one starts before it."""
        found_hits = self.matcher.hits(text, folded) if found is None else found
        limit = len(text) if limit is None else limit
        backwards = folded[::-1]
        kept = [hit for hit in found_hits if hit.start < limit and self._accept(hit, text, folded, backwards)]
        return longest_first(kept)

    def _accept(self, hit: Hit[PlaceName], text: str, folded: str, backwards: str) -> bool:
        start, end = hit.start, hit.end
        rules = self.rules
        place = hit.payload.place
        # None of the phrases before (or after) the name: none of each kind either.
        phrase_before = rules.any_before.ends_at(backwards, start) is not None
        phrase_after = rules.any_after.starts_at(folded, end) > 0
        if place.level == "ward":
            return self._hanoi_ward(hit, text, folded, backwards, phrase_before, phrase_after)
        cue = False
        if phrase_before:
            prefixes = rules.country_prefixes if place.level == "country" else rules.admin_prefixes
            cue = prefixes.ends_spelled(text, backwards, start)
        if not cue and phrase_after:
            cue = rules.admin_suffixes.starts_at(folded, end) > 0
        if hit.payload.needs_cue and not cue:
            return False
        if not cue:
            if phrase_before and (
                rules.landmark_prefixes.ends_spelled(text, backwards, start)
                or rules.person_prefixes.ends_spelled(text, backwards, start)
            ):
                return False
            if self._after_person_name(text, folded, backwards, start):
                return False
        if phrase_after and rules.landmark_suffixes.starts_at(folded, end):
            return False
        if cue:
            # A name that counts only beside a cue is a common word too ("người anh" is a
            # brother, "người Anh" the English): beside its cue it must still be written as a name.
            if hit.payload.needs_cue:
                return _written_as_name(text[start:end], hit.phrase, strict=False)
            # A capital's title fits no province: "thủ đô hòa bình" is a capital of peace.
            if place.ambiguous and rules.capital_prefixes.ends_spelled(text, backwards, start):
                return _written_as_name(text[start:end], hit.phrase, strict=False)
            return True
        return _written_as_name(text[start:end], hit.phrase, strict=place.ambiguous)

    def _hanoi_ward(
        self,
        hit: Hit[PlaceName],
        text: str,
        folded: str,
        backwards: str,
        phrase_before: bool,
        phrase_after: bool,
    ) -> bool:
        """A ward or commune of Hanoi: named beside "phường", "xã", "ward" or "commune", written
        as a name, and not placed in another province's unit right after ("xã Bình Minh, tỉnh
        Thanh Hóa": many communes share a name)."""
        rules = self.rules
        cue = (phrase_before and rules.ward_prefixes.ends_spelled(text, backwards, hit.start)) or (
            phrase_after and rules.ward_suffixes.starts_at(folded, hit.end) > 0
        )
        if not cue or not _written_as_name(text[hit.start : hit.end], hit.phrase, strict=False):
            return False
        placed = _PLACED_IN.match(folded, hit.end)
        return placed is None or folded.startswith(self._hanoi_names, placed.end())

    def _after_person_name(self, text: str, folded: str, backwards: str, start: int) -> bool:
        """Whether the name follows a capitalised given name ("Nguyễn Hà Nội" is no place).
        fold keeps word characters word characters, so the word's extent in the folded
        text is its extent in ``text``."""
        at = len(backwards) - start
        match = _WORD_AND_SPACE_BACKWARDS.match(backwards, at, at + 20)
        if match is None:
            return False
        word_end = start - 1 - len(match.group(1))
        word_start = word_end - len(match.group(2))
        if not text[word_start].isupper():
            return False
        return folded[word_start:word_end].lower() in self.rules.person_name_words

    # ------------------------------------------------------------ chrome
    def _article_end(self, text: str, folded: str) -> int:
        """Offset of the first line that starts page chrome, or the text's length."""
        position = 0
        for line in folded.split("\n"):
            key = line.strip().rstrip(":").strip()
            if key in self.rules.end_lines and position > 0:
                return position
            position += len(line) + 1
            if key.endswith("./."):
                # Vietnamese news closes an article with "./."; what follows is
                # the site's teasers of other articles.
                return position
        return min(len(text), teaser_start(text))

    def _title_line(self, text: str, title: str | None) -> tuple[int, int] | None:
        """Where the headline stands in the text: the line holding ``title``, or the
        first non-empty line when it is short enough to be one."""
        if title:
            wanted = normalize(title).strip()
            found = text.find(wanted) if wanted else -1
            if found >= 0:
                return found, found + len(wanted)
            return None
        position = 0
        for line in text.split("\n"):
            if line.strip():
                if _looks_like_headline(line):
                    return position, position + len(line)
                return None
            position += len(line) + 1
        return None

    def _headline(self, text: str, hits: list[Hit[PlaceName]]) -> tuple[int, int] | None:
        """With no headline given or on the first line: the first short line above
        the body that names Hanoi and another place (pages copied whole start with
        menus, logos and the weather before the headline)."""
        position = 0
        for line in text.split("\n"):
            end = position + len(line)
            if len(line.strip()) > _TITLE_MAX:
                return None
            places = {h.payload.place for h in hits if position <= h.start < end}
            if not _looks_like_headline(line):
                pass
            elif any(p.host_side for p in places) and any(
                not p.host_side and p.level != "country" for p in places
            ):
                return position, end
            position = end + 1
        return None

    def _drop_chrome_lines(
        self, text: str, folded: str, hits: list[Hit[PlaceName]], title_line: tuple[int, int] | None
    ) -> list[Hit[PlaceName]]:
        """Drop names on lines made of nothing but place names (site footers,
        city menus), except the headline ("Hà Nội - Viêng Chăn")."""
        by_line: dict[int, list[Hit[PlaceName]]] = {}
        for hit in hits:
            line_start = text.rfind("\n", 0, hit.start) + 1
            by_line.setdefault(line_start, []).append(hit)
        dropped: set[int] = set()
        for line_start, line_hits in by_line.items():
            if title_line and title_line[0] <= line_start < title_line[1]:
                continue
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            if self._only_chrome_words(folded, line_start, line_end, line_hits):
                dropped.update(id(hit) for hit in line_hits)
        return [hit for hit in hits if id(hit) not in dropped]

    def _only_chrome_words(self, folded: str, start: int, end: int, hits: list[Hit[PlaceName]]) -> bool:
        """Whether ``folded[start:end]`` without the names ``hits`` holds no word but
        administrative ones. Read gap by gap, and left at the first other word: a line
        of prose answers after a word or two."""
        chrome = self.rules.chrome_words
        position = start
        for hit in (*hits, None):
            gap_end = end if hit is None else hit.start
            if position < gap_end:
                for word in _WORD.finditer(folded, position, gap_end):
                    if word.group() not in chrome:
                        return False
            if hit is not None:
                position = max(position, hit.end)
        return True

    # ------------------------------------------------------------ role cues
    def _title_slugs(
        self,
        text: str,
        folded: str,
        hits: list[Hit[PlaceName]],
        title: str | None,
        title_line: tuple[int, int] | None,
    ) -> set[str]:
        if title_line:
            return {h.payload.place.slug for h in hits if title_line[0] <= h.start < title_line[1]}
        if title:
            title_norm = normalize(title)
            title_folded = fold(title_norm)
            return {h.payload.place.slug for h in self._accepted(title_norm, title_folded)}
        return set()

    def _strip_admin(self, before: str) -> str:
        """``before`` without trailing administrative words, articles and numbers."""
        match = self.rules.skippable_tail.match(before[::-1])
        return (before[: len(before) - match.end()] if match else before).rstrip()

    def _context_cues(self, folded: str, hit: Hit[PlaceName], candidate: _Candidate) -> None:
        """Cues in the words right around one name of ``candidate``."""
        before = self._strip_admin(folded[max(0, hit.start - _WINDOW) : hit.start])
        after = folded[hit.end : hit.end + _WINDOW]
        # Most names follow none of the phrases read below: one look at them all
        # settles every check of ``before`` for those.
        phrase_before = self.rules.context_before.ends(before)
        if phrase_before and self.rules.cooperation_before.ends(before):
            candidate.cooperation = True
        if (phrase_before and self.rules.organisation_before.ends(before)) or self._organisation_after(after):
            candidate.organisation = True
            # Meeting the place's leader or authority ("Meeting Yangon Chief Minister ...",
            # "called on Jakarta Deputy Governor", "hội kiến Thống đốc Jakarta"): the
            # place is a side of the talks.
            if self._met(before) or self._met_in_sentence(folded, hit.start):
                candidate.cooperation = True
        if phrase_before and self._visited_there(before, after):
            candidate.cooperation = True
        if (
            phrase_before
            and self.rules.aid_before.ends(before)
            and self.rules.aid_words.search(folded, _sentence_start(folded, hit.start), hit.start)
        ):
            candidate.aid = True

    def _visited_there(self, before: str, after: str) -> bool:
        """Sentences like "In London, the delegation met ...", "Tại thành phố Cheb, đoàn đã ...": a
        sentence opening on the place, then the visitors doing something there, reports
        the visit's talks in that place, which makes it a side."""
        preposition = self.rules.visit_place_before.ends_length(before)
        if not preposition:
            return False
        opening = before[: len(before) - preposition].rstrip(" ")
        if opening and opening[-1] not in ".!?\n:":
            return False
        rest = after.lstrip()
        if not rest.startswith(","):
            return False
        if self.rules.visitor_subjects.starts(rest[1:]) > 0:
            return True
        # An apposition between ("In Zagreb, the Croatian capital, the delegation ...").
        apposition = _APPOSITION.match(rest)
        return apposition is not None and self.rules.visitor_subjects.starts(rest[apposition.end() :]) > 0

    def _met_in_sentence(self, folded: str, start: int) -> bool:
        """A meeting stated in the sentence of a place whose authority is named: before it
        ("held a working session with <person>, head of ... of the Bern canton government")
        or after it ("Chairman of the Anyang City Council, at a working session with ...")."""
        return (
            self.rules.meeting_in_sentence.search(
                folded, _sentence_start(folded, start), _sentence_end(folded, start)
            )
            is not None
        )

    def _met(self, before: str) -> bool:
        """Whether a meeting verb ends ``before``, directly or before a leader's title."""
        if self.rules.meeting_before.ends(before):
            return True
        title = self.rules.organisation_before.ends_length(before)
        if not title:
            return False
        rest = self._strip_admin(before[: len(before) - title])
        return self.rules.meeting_before.ends(rest) or self.rules.met_person.search(rest) is not None

    def _organisation_after(self, after: str) -> bool:
        rest = after
        while True:
            if self.rules.organisation_after.starts(rest):
                return True
            if rest.lstrip().startswith("'s"):
                rest = rest.lstrip()[2:]
                continue
            skip = self.rules.admin_suffixes.starts(rest)
            if not skip:
                return False
            rest = rest[skip:]

    def _joined(
        self, folded: str, start: int, end: int, countries: list[Hit[PlaceName]] | None = None
    ) -> bool:
        """Whether the gap ``folded[start:end]`` between two names coordinates them.

        ``countries`` are country names in the gap: with the "của" / "of" before them they
        qualify the name before ("Quảng Ninh của Việt Nam và tỉnh Vân Nam") and are skipped."""
        if folded.find("\n", start, end) >= 0:
            return False
        # Asides need a "(", amounts a digit: without either there is nothing to remove,
        # and the gap's words are read in place, up to the first that is no connector
        # or filler.
        if countries:
            parts, position = [], start
            for country in countries:
                parts += [folded[position : country.start], " \0 "]
                position = country.end
            gap = _QUALIFIER.sub(" ", "".join(parts) + folded[position:end])
            tokens = _GAP_TOKEN.finditer(_AMOUNT.sub(" ", _ASIDE.sub(" ", gap)))
        elif folded.find("(", start, end) >= 0 or _DIGIT.search(folded, start, end):
            tokens = _GAP_TOKEN.finditer(_AMOUNT.sub(" ", _ASIDE.sub(" ", folded[start:end])))
        else:
            tokens = _GAP_TOKEN.finditer(folded, start, end)
        connectors = 0
        for token in tokens:
            word = token.group()
            if word in self.rules.connectors:
                connectors += 1
            elif word not in self.rules.fillers:
                return False
        return connectors == 1

    def _coordination_cues(
        self, folded: str, hits: list[Hit[PlaceName]], candidates: dict[str, _Candidate]
    ) -> None:
        """Pairs with Hanoi: "Hanoi and X", "giữa Thành ủy Hà Nội và Tỉnh ủy X"."""
        groups: list[list[Hit[PlaceName]]] = []
        countries: list[Hit[PlaceName]] = []  # named since the last place
        for hit in hits:
            if hit.payload.place.level == "country":
                countries.append(hit)  # "Viêng Chăn, Lào" qualifies a name; it adds no side
                continue
            if groups and self._joined(folded, groups[-1][-1].end, hit.start, countries):
                groups[-1].append(hit)
            else:
                groups.append([hit])
            countries = []
        self._recipient_cues(folded, groups, candidates)
        for group in groups:
            slugs = {h.payload.place.slug for h in group}
            if len(slugs) < 2:
                continue
            for slug in slugs:
                candidates[slug].listed_with = max(candidates[slug].listed_with, len(slugs))
            if self._introduced_as_sides(folded, group[0]):
                # The list is the sides of the agreement: however long, each is a partner
                # (Hanoi's own districts are placed by the rules below).
                for slug in slugs:
                    candidates[slug].cooperation = True
            self._listed_beside_host(folded, group, candidates)
            if not any(h.payload.place.host_side for h in group):
                if len(slugs) <= _MAX_LIST:
                    self._share_cues([candidates[slug] for slug in slugs])
                continue
            before = folded[max(0, group[0].start - _WINDOW) : group[0].start]
            after = folded[group[-1].end : group[-1].end + 30]
            if self.rules.route_words.ends(self._strip_admin(before)):
                continue
            if self.rules.route_words.starts(after.lstrip(" -,")):
                continue
            # "giữa A và B, C, D, E" names the sides however many, as does a list of three or
            # more followed by a joint verb ("Hà Nội, Hưng Yên và Bắc Ninh phối hợp"); a bare
            # list of three or more with Hanoi in it may be an enumeration in passing.
            between = self._between(before) or (
                len(slugs) >= 3 and bool(self.rules.sides_after.starts(after))
            )
            if (len(slugs) >= 3 and not between) or len(slugs) > _MAX_BETWEEN:
                continue
            for hit in group:
                candidate = candidates[hit.payload.place.slug]
                if between:
                    candidate.between = True
                else:
                    candidate.pairs += 1

    def _listed_beside_host(
        self, folded: str, group: list[Hit[PlaceName]], candidates: dict[str, _Candidate]
    ) -> None:
        """ "the city and the provinces of A, B, C and D", "Hà Nội và các tỉnh A, B, C":
        a list set beside the host as one party is the other side, however long."""
        first = next((h for h in group if not h.payload.place.host_side), None)
        if first is None:
            return
        if self.rules.host_and_list_before.ends(folded[max(0, first.start - _WINDOW) : first.start]):
            for hit in group:
                if not hit.payload.place.host_side:
                    candidates[hit.payload.place.slug].between = True

    def _recipient_cues(
        self, folded: str, groups: list[list[Hit[PlaceName]]], candidates: dict[str, _Candidate]
    ) -> None:
        """Places followed by a receiving verb and a sum ("Nghệ An và Hà Tĩnh nhận 15 tỉ
        đồng mỗi tỉnh; Quảng Trị, Ninh Bình mỗi tỉnh được 10 tỉ đồng") receive aid. Sums
        shared out among several places in one sentence make each a party, as a list
        introduced by an aid word does; a lone recipient counts as aided."""
        by_sentence: dict[int, set[str]] = {}
        for group in groups:
            last = group[-1]
            sentence_start = _sentence_start(folded, last.start)
            if not self.rules.receives_amount.match(folded, last.end, last.end + _WINDOW) and not (
                self.rules.followed_by_amount.match(folded, last.end, last.end + _WINDOW)
                and self.rules.aid_words.search(folded, sentence_start, group[0].start)
            ):
                continue
            recipients = by_sentence.setdefault(sentence_start, set())
            recipients.update(h.payload.place.slug for h in group if not h.payload.place.host_side)
        for slugs in by_sentence.values():
            for slug in slugs:
                candidate = candidates[slug]
                candidate.aid = True
                if len(slugs) >= 2:
                    candidate.cooperation = True

    def _introduced_as_sides(self, folded: str, first: Hit[PlaceName]) -> bool:
        """Whether a list starting at ``first`` is introduced as the parties of a
        cooperation: right after a cooperation phrase ("hợp tác với các tỉnh A, B, C..."),
        or after "gồm", "including", "are"... in a sentence that speaks of an agreement
        ("ký kết ... với 8 tỉnh, TP gồm: A, B, ..."), or after an aid word in its sentence
        ("hỗ trợ các tỉnh A, B, C"). A list in passing ("cities like A, B, C") has none."""
        before = self._strip_admin(folded[max(0, first.start - _WINDOW) : first.start])
        if self.rules.cooperation_before.ends(before) or self._examples_of_partners(before):
            return True
        sentence_start = _sentence_start(folded, first.start)
        # Hanoi's aid shared out among several places ("trao hỗ trợ cho các tỉnh: A 2 tỷ
        # đồng, B 5 tỷ đồng") makes each recipient a party, as aid to one place does.
        clause_start = max(sentence_start, folded.rfind(";", 0, first.start) + 1)
        if self.rules.aid_words.search(folded, clause_start, first.start):
            return True
        # A sum each, then the list: "Nine of them will get VND5 billion each: the city of A and
        # the provinces of B, C ...", "mỗi tỉnh 5 tỷ đồng: A, B, C".
        colon = folded.rfind(":", clause_start, first.start)
        if (
            colon >= 0
            and not self._strip_admin(folded[colon + 1 : first.start]).strip()
            and _SUM_ANYWHERE.search(folded, clause_start, colon)
        ):
            return True
        if not self.rules.enumeration_intro.ends(before):
            return False
        # The agreement may be said after the list ("... của 8 tỉnh là A, B, C ký kết ...").
        return (
            self.rules.enumeration_cues.search(folded, sentence_start, _sentence_end(folded, first.start))
            is not None
        )

    def _examples_of_partners(self, before: str) -> bool:
        """ "làm việc với nhiều tỉnh, thành phố như A, B, C": a list given as examples of
        those a cooperation phrase names."""
        example = self.rules.examples_before.ends_length(before)
        if not example:
            return False
        rest = before[: len(before) - example]
        # "nhiều tỉnh, thành phố", "many provinces and cities": the words for those named.
        while True:
            stripped = self._strip_admin(rest).rstrip(",")
            stripped = stripped[: len(stripped) - self.rules.example_words.ends_length(stripped)]
            if stripped == rest:
                return self.rules.cooperation_before.ends(rest)
            rest = stripped

    @staticmethod
    def _share_cues(members: list[_Candidate]) -> None:
        """Names listed together share their cues: "làm việc với các tỉnh Cà Mau,
        Trà Vinh, Bạc Liêu và Sóc Trăng" makes all four counterparts."""
        cooperation = any(m.cooperation for m in members)
        organisation = any(m.organisation for m in members)
        aid = any(m.aid for m in members)
        for member in members:
            if member.place.level == "country":
                continue
            member.cooperation |= cooperation
            member.organisation |= organisation
            member.aid |= aid

    def _between(self, before: str) -> bool:
        # "giữa Thành ủy Hà Nội và ...", "giữa năm tỉnh, thành phố Lào Cai, Hà Nội, ..."
        tokens = _GAP_TOKEN.findall(before)
        for token in reversed(tokens[-8:]):
            if token in self.rules.between_words:
                return True
            if token not in self.rules.fillers and token not in self.rules.determiner_words and token != ",":
                return False
        return False

    # ------------------------------------------------------------ roles
    def _roles(self, candidates: dict[str, _Candidate]) -> dict[str, LocalityRole]:
        roles: dict[str, LocalityRole] = {}
        others: list[_Candidate] = []
        for slug, candidate in candidates.items():
            place = candidate.place
            if slug == HOST_SLUG:
                roles[slug] = "host"
            elif place.host_side:
                involved = candidate.between or candidate.pairs or candidate.in_title
                roles[slug] = "host" if involved else "mentioned"
            elif place.level == "country" or (place.country == "VN" and place.level != "province"):
                roles[slug] = "mentioned"
            else:
                others.append(candidate)
                roles[slug] = "partner" if candidate.score() >= _PARTNER_SCORE else "mentioned"
        # A unit merged into Hanoi (Hà Tây, 2008) is a side only with cues of its own: named as
        # where people came from ("gốc Hà Nội và tỉnh Hà Tây (cũ)") it is no counterpart.
        others = [c for c in others if c.place.successor != HOST_SLUG]
        if others and "partner" not in roles.values():
            # Every announcement has a counterpart: take the best-supported place
            # when it has some support of its own or stands out, or is the only one.
            ranked = sorted(others, key=lambda c: (c.score(), len(c.hits), -_first(c)), reverse=True)
            best = ranked[0]
            runner_up = ranked[1].score() if len(ranked) > 1 else -1
            # Or the list the text names its places in, when no place stands out of it
            # ("The destinations named in the plan are A, B, C, ... and O").
            listed = [
                c for c in others if c.listed_with >= _MIN_COUNTERPART_LIST and c.score() == best.score()
            ]
            if best.listed_with >= _MIN_COUNTERPART_LIST and len(listed) >= _MIN_COUNTERPART_LIST:
                for candidate in listed:
                    roles[candidate.place.slug] = "partner"
            elif best.score() >= 2 or len(best.hits) >= 2 or best.score() > runner_up:
                roles[best.place.slug] = "partner"
                # Places named together with Hanoi and as often, with the same support, are
                # the other sides alike ("58.2 km in Hanoi, 19.3 km in Hung Yen and 25.6 km in
                # Bac Ninh"): the order they are named in does not choose between them.
                if best.listed_with >= 2:
                    for candidate in ranked[1:]:
                        if (candidate.score(), len(candidate.hits)) != (best.score(), len(best.hits)):
                            break
                        if candidate.listed_with >= 2:
                            roles[candidate.place.slug] = "partner"
        return roles

    def _tags(
        self,
        candidates: dict[str, _Candidate],
        roles: dict[str, LocalityRole],
        aligned: _Aligned,
        language: str,
    ) -> list[LocalityTag]:
        order = {"host": 0, "partner": 1, "mentioned": 2}
        ranked = sorted(candidates.values(), key=lambda c: (order[roles[c.place.slug]], _first(c)))
        tags = []
        for candidate in ranked:
            place = candidate.place
            successor = None
            if place.successor and place.successor in self.places:
                heir = self.places[place.successor]
                successor = {"slug": heir.slug, "name": heir.name(language)}
            evidence = []
            for hit in candidate.hits[:_MAX_EVIDENCE]:
                start, end = aligned.to_original(hit.start), aligned.to_original(hit.end)
                evidence.append({"text": aligned.original[start:end], "start": start, "end": end})
            # One validation with the nested Successor and Spans as dicts: they are built
            # inside pydantic-core, without a Python __init__ each (2x faster).
            tags.append(
                LocalityTag.model_validate(
                    {
                        "slug": place.slug,
                        "name": place.name(language),
                        "role": roles[place.slug],
                        "level": place.level,
                        "country": place.country,
                        "successor": successor,
                        "evidence": evidence,
                    }
                )
            )
        return tags


def _sentence_start(folded: str, at: int) -> int:
    """Where the sentence holding ``at`` begins: after the last ". " or line break before it."""
    return max(folded.rfind(". ", 0, at), folded.rfind("\n", 0, at)) + 1


def _sentence_end(folded: str, at: int) -> int:
    """Where the sentence holding ``at`` ends: at the next ". " or line break, else the text's end."""
    ends = [e for e in (folded.find(". ", at), folded.find("\n", at)) if e >= 0]
    return min(ends, default=len(folded))


def _looks_like_headline(line: str) -> bool:
    """Short, and not a sentence: headlines carry no full stop at the end."""
    stripped = line.strip()
    return 0 < len(stripped) <= _TITLE_MAX and not stripped.endswith((".", "./."))


def _first(candidate: _Candidate) -> int:
    return candidate.hits[0].start if candidate.hits else -1


def _spellings(names: Iterable[str]) -> list[str]:
    """Each name with the variants writers use for its dashes: "Bà Rịa - Vũng Tàu",
    "Bà Rịa-Vũng Tàu"; transliterations "Mát-xcơ-va" also run together, "Mátxcơva"."""
    out: list[str] = []
    for name in names:
        out.append(name)
        if " - " in name:
            out.append(name.replace(" - ", "-"))
            out.append(name.replace(" - ", " "))
        elif "-" in name and " " not in name:
            out.append(name.replace("-", ""))
    return out


@lru_cache(maxsize=4096)  # the same few names, written the same ways, in every text
def _written_as_name(segment: str, phrase: str, *, strict: bool) -> bool:
    """Whether ``segment`` is capitalised the way the lexicon writes ``phrase``.

    Lenient: the first capitalised word of the phrase starts with a capital in the
    text ("Hà nội" passes). Strict (names that are also ordinary words): every word
    the phrase capitalises is capitalised, and an all-capitals segment is not enough.
    """
    text_words = segment.split()
    phrase_words = phrase.split()
    if len(text_words) != len(phrase_words):
        text_words = re.split(r"[\s-]+", segment)
        phrase_words = re.split(r"[\s-]+", phrase)
        if len(text_words) != len(phrase_words):
            return segment[:1].isupper()
    if strict and segment.isupper() and len(segment) > 1:
        return False
    capitalised = [(t, p) for t, p in zip(text_words, phrase_words, strict=True) if p[:1].isupper()]
    if not capitalised:
        return True
    for text_word, phrase_word in capitalised:
        if phrase_word.isupper() and len(phrase_word) > 1 and not text_word.isupper():
            return False  # acronyms: "US" is not "us"
        if not text_word[:1].isupper():
            return False
        if not strict:
            return True
    return True
