"""One-pass multi-phrase matching (Aho-Corasick) over folded text.

Phrases and text are both folded (lower case, no diacritics, one char for one
char), so a text typed without diacritics still matches; ``accent_fits`` then
tells whether a hit that *has* diacritics in the text spells the phrase with the
same ones ("đánh giá lại" must not be "Gia Lai"). Hits are kept only on word
boundaries: "an" in "Vientiane" is not a hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from shared.text import fold, normalize

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
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
