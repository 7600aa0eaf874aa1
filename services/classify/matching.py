"""One-pass multi-phrase matching (Aho-Corasick) over folded text.

Phrases and text are both folded (lower case, no diacritics, one char for one
char), so a text typed without diacritics still matches; ``accent_fits`` then
tells whether a hit that *has* diacritics in the text spells the phrase with the
same ones ("đánh giá lại" must not be "Gia Lai"). Hits are kept only on word
boundaries: "an" in "Vientiane" is not a hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from shared.text import fold, normalize

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")
# Hit types of JointMatcher: NamedTuples of (start, end, phrase, payload) such as Hit.
FirstHit = TypeVar("FirstHit", bound=tuple[Any, ...])
SecondHit = TypeVar("SecondHit", bound=tuple[Any, ...])
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


class Hit(NamedTuple, Generic[T]):
    """One phrase found in a text (a tuple: built for every hit, so it must be cheap)."""

    start: int
    end: int
    phrase: str  # the phrase as written in the lexicon, normalised
    payload: T


class PhraseMatcher(Generic[T]):
    """Finds every lexicon phrase in a text in one pass."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._automaton = ahocorasick.Automaton()
        grouped: dict[str, list[tuple[str, T]]] = {}
        for phrase, payload in entries:
            canonical = normalize(phrase).strip()
            if canonical:
                grouped.setdefault(fold(canonical), []).append((canonical, payload))
        for key, values in grouped.items():
            self._automaton.add_word(key, (len(key), values))
        self.size = len(grouped)
        if grouped:
            self._automaton.make_automaton()

    def hits(self, text: str, folded: str | None = None) -> Iterator[Hit[T]]:
        """Every phrase occurrence in ``text`` (normalised) on word boundaries.

        ``folded`` may be passed when the caller already folded ``text``.
        """
        if self.size == 0:
            return
        folded = fold(text) if folded is None else folded
        limit = len(folded)
        for last, (length, values) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and _is_word_char(folded[start - 1]):
                continue
            if end < limit and _is_word_char(folded[end]):
                continue
            segment = text[start:end]
            for phrase, payload in values:
                if accent_fits(segment, phrase):
                    yield Hit(start, end, phrase, payload)


def _grouped(entries: Iterable[tuple[str, T]]) -> dict[str, list[tuple[str, T]]]:
    """Entries by folded key, each phrase normalised as ``PhraseMatcher`` does."""
    grouped: dict[str, list[tuple[str, T]]] = {}
    for phrase, payload in entries:
        canonical = normalize(phrase).strip()
        if canonical:
            grouped.setdefault(fold(canonical), []).append((canonical, payload))
    return grouped


class _WordOutline(dict[int, str]):
    """``str.translate`` table: word characters (letters, digits, tone marks) stay,
    anything else becomes a space. Filled on demand, so it covers all of Unicode."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        mapped = char if char.isalnum() or char in _TONE_MARKS else " "
        self[code] = mapped
        return mapped


_OUTLINE = _WordOutline()
# The same for ASCII, as a bytes.translate table (its upper half is never used):
# bytes.translate costs a few nanoseconds a character, str.translate with a dict
# some fifteen.
_ASCII_OUTLINE = bytes(code if chr(code).isalnum() else 0x20 for code in range(128)) + bytes(128)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _ascii_outline(folded: str) -> str:
    return folded.encode("ascii").translate(_ASCII_OUTLINE).decode("ascii")


def word_outline(folded: str) -> str:
    """``folded`` with every non-word character replaced by a space (same length)."""
    if folded.isascii():
        return _ascii_outline(folded)
    # A folded text is ASCII but for a few characters ("…", "°", "ł"): the ASCII
    # stretches go through the bytes table, the rest through the dict.
    pieces: list[str] = []
    last = 0
    for run in _NOT_ASCII.finditer(folded):
        pieces.append(_ascii_outline(folded[last : run.start()]))
        pieces.append(run.group().translate(_OUTLINE))
        last = run.end()
    pieces.append(_ascii_outline(folded[last:]))
    return "".join(pieces)


class JointMatcher(Generic[A, B, FirstHit, SecondHit]):
    """Two lexicons in one automaton, scanned once per text.

    The classifier's sector lexicon and gazetteer would each cost a pass over the
    text, a boundary check per raw hit and a fold; here one pass serves both. Each
    side gets exactly the hits its own ``PhraseMatcher`` would give (same keys,
    boundaries and accent rule, same order), as its own NamedTuple type (``Hit``).

    Word boundaries cost nothing per hit: the automaton reads the text's word
    outline (non-word characters as spaces) padded with a space at each end, and
    each key is its outline between two spaces, so it only ends up matching where a
    non-word character (or the text's edge) stands on each side. Most raw hits of a
    plain automaton ("an" inside "quan") never appear; a hit is then confirmed
    against the folded text, since the outline forgets which punctuation it hid.
    """

    def __init__(
        self,
        first: Iterable[tuple[str, A]],
        second: Iterable[tuple[str, B]],
        first_type: type[FirstHit],
        second_type: type[SecondHit],
    ) -> None:
        self._first_type = first_type
        self._second_type = second_type
        first_groups = _grouped(first)
        second_groups = _grouped(second)
        keys = first_groups.keys() | second_groups.keys()
        # Keys whose outlines coincide ("e-government", "e government") share an
        # automaton word; the confirmation against the folded text tells them apart.
        by_outline: dict[str, list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]] = {}
        for key in sorted(keys):
            # Lower-cased phrases precomputed: the accent check compares against them.
            variant = (
                key,
                tuple((p, p.lower(), payload) for p, payload in first_groups.get(key, ())),
                tuple((p, p.lower(), payload) for p, payload in second_groups.get(key, ())),
            )
            by_outline.setdefault(f" {word_outline(key)} ", []).append(variant)
        self._automaton = ahocorasick.Automaton()
        for outline, variants in by_outline.items():
            self._automaton.add_word(outline, (len(outline), tuple(variants)))
        self.size = len(keys)
        if self.size:
            self._automaton.make_automaton()

    def scan(self, text: str, folded: str) -> tuple[list[FirstHit], list[SecondHit]]:
        """Hits of both lexicons in ``text`` (normalised; ``folded`` is ``fold(text)``)."""
        first: list[FirstHit] = []
        second: list[SecondHit] = []
        if self.size == 0:
            return first, second
        first_type, second_type = self._first_type, self._second_type
        # tuple.__new__ builds the NamedTuple without its generated Python __new__: one
        # frame less per hit, a sixth of the scan.
        new = tuple.__new__
        add_first, add_second = first.append, second.append
        # An ASCII text has no diacritics: every segment fits every phrase (accent_fits),
        # and the segment need not even be looked at.
        plain = text.isascii()
        bare, lowered = True, ""
        outline = f" {word_outline(folded)} "
        for last, (length, variants) in self._automaton.iter(outline):
            # The padded key spans outline[last - length + 1 : last + 1]; without its
            # two spaces, and with the leading pad, that is folded[start:end].
            start, end = last - length + 1, last - 1
            found = folded[start:end]
            for key, first_values, second_values in variants:
                if found != key:
                    continue
                if not plain:
                    # accent_fits, inlined: a diacritic-free segment (its lower case is
                    # its folded form) fits every phrase; otherwise it must spell the
                    # phrase exactly, ignoring case.
                    segment = text[start:end]
                    lowered = segment if segment == found else segment.lower()
                    bare = lowered == found
                for phrase, phrase_lower, payload in first_values:
                    if bare or lowered == phrase_lower:
                        add_first(new(first_type, (start, end, phrase, payload)))
                for other_phrase, other_lower, other_payload in second_values:
                    if bare or lowered == other_lower:
                        add_second(new(second_type, (start, end, other_phrase, other_payload)))
        return first, second


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "\u0300\u0301\u0303\u0309\u0323"


def accent_fits(segment: str, phrase: str) -> bool:
    """A text segment spells ``phrase`` if it matches it exactly (ignoring case)
    or carries no diacritics at all (the text was typed without them)."""
    lowered = segment.lower()
    return lowered == phrase.lower() or lowered == fold(segment)


def longest_first(hits: Iterable[Hit[T]]) -> list[Hit[T]]:
    """Drop hits contained in a longer hit ("Hồ Chí Minh" inside
    "Thành phố Hồ Chí Minh"); keep order of appearance."""
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit[T]] = []
    reach = -1
    for hit in ordered:
        if hit.end <= reach:
            continue
        kept.append(hit)
        reach = max(reach, hit.end)
    return kept
