"""The whole classification of one cleaned text: sectors, localities, commitments.

Used by the classify service and by ``hoptac analyze``, so both give the same answer.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from services.classify.commitments import find_commitments
from services.classify.localities import LocalityTagger, PlaceName
from services.classify.matching import Hit, JointMatcher
from services.classify.sectors import Entry, Match, SectorTagger, squeeze_spaces
from shared.events import Commitment, LocalityTag, SectorTag
from shared.text import fold, is_normalized


@dataclass(frozen=True)
class Classification:
    sectors: list[SectorTag]
    localities: list[LocalityTag]
    commitments: list[Commitment]
    version: str


def _code_version() -> str:
    """Hash of the classifier's own source, so a code change is a new version too."""
    digest = hashlib.sha256()
    for name in ("classifier.py", "commitments.py", "localities.py", "sectors.py", "matching.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:10]


# What shared.text.normalize changes in an ASCII text: line breaks other than "\n" and
# odd whitespace (its other targets are not ASCII). A test keeps this in step.
_ASCII_NEEDS_NORMALIZING = "\r\t\f\v"


def _is_normalized(text: str) -> bool:
    """``shared.text.is_normalized``, with a shortcut for English texts: its regex
    search costs more than the whole scan, and an ASCII text needs only four checks."""
    if text.isascii():
        return not any(char in text for char in _ASCII_NEEDS_NORMALIZING)
    return is_normalized(text)


class Classifier:
    """Loads the taxonomy and gazetteer once; ``classify`` is pure and fast."""

    def __init__(self) -> None:
        self.sectors = SectorTagger()
        self.localities = LocalityTagger()
        # Sector terms, cues and place names in one automaton: a normalised text is
        # folded once and scanned once, and both taggers read the hits.
        self.matcher: JointMatcher[Entry, PlaceName, Match, Hit[PlaceName]] = JointMatcher(
            self.sectors.lexicon.phrases, self.localities.entries, Match, Hit
        )

    @cached_property
    def version(self) -> str:
        return f"taxonomy:{self.sectors.version}+gazetteer:{self.localities.version}+code:{_code_version()}"

    def classify(self, text: str, title: str | None = None, language: str | None = None) -> Classification:
        if _is_normalized(text):
            folded = fold(text)
            sector_hits, place_hits = self._scan(text, folded)
            # Primes the tagger's memo: tag() and find_commitments() reuse it.
            self.sectors.analyze(text, language, folded=folded, hits=sector_hits)
            sectors = self.sectors.tag(text, language)
            localities = self.localities.tag(
                text, title=title, language=language, folded=folded, hits=place_hits
            )
        else:
            sectors = self.sectors.tag(text, language)
            localities = self.localities.tag(text, title=title, language=language)
        partner_names = [loc.name for loc in localities if loc.role == "partner"]
        commitments = find_commitments(text, language, self.sectors, partner_names=partner_names)
        return Classification(sectors, localities, commitments, self.version)

    def _scan(self, text: str, folded: str) -> tuple[list[Match], list[Hit[PlaceName]]]:
        """The shared scan: what ``SectorTagger`` and ``LocalityTagger`` would each find."""
        if not self.sectors.needs_squeeze(text):
            return self.matcher.scan(text, folded)
        # Runs of spaces inside the text: the sector side reads it with each run
        # squeezed to one space (SectorTagger._hits), the places side as it is. One
        # scan of the squeezed text serves both: its hits map back to the text, and a
        # place found across a squeezed run (its length grows back) is not in the text.
        squeezed, marks, shifts = squeeze_spaces(text)
        # fold neither makes nor takes spaces: the folded text squeezes the same way.
        sector_hits, place_hits = self.matcher.scan(squeezed, squeeze_spaces(folded)[0])
        # A hit moves by the spaces squeezed before its start and before its last
        # character (SectorTagger._hits); most hits move by one amount, or none.
        sectors: list[Match] = []
        for hit in sector_hits:
            shift = shifts[bisect_right(marks, hit.start) - 1]
            end_shift = shifts[bisect_right(marks, hit.end - 1) - 1]
            if shift or end_shift:
                hit = Match(hit.start + shift, hit.end + end_shift, hit.phrase, hit.entry)
            sectors.append(hit)
        places: list[Hit[PlaceName]] = []
        for place in place_hits:
            shift = shifts[bisect_right(marks, place.start) - 1]
            if shift != shifts[bisect_right(marks, place.end - 1) - 1]:
                continue  # found across a squeezed run: not in the text
            if shift:
                place = Hit(place.start + shift, place.end + shift, place.phrase, place.payload)
            places.append(place)
        return sectors, places
