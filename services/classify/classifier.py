"""The whole classification of one cleaned text: sectors, localities, commitments.

Used by the classify service and by ``hoptac analyze``, so both give the same answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from services.classify.commitments import find_commitments
from services.classify.localities import LocalityTagger
from services.classify.sectors import SectorTagger
from shared.events import Commitment, LocalityTag, SectorTag


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


class Classifier:
    """Loads the taxonomy and gazetteer once; ``classify`` is pure and fast."""

    def __init__(self) -> None:
        self.sectors = SectorTagger()
        self.localities = LocalityTagger()

    @cached_property
    def version(self) -> str:
        return f"taxonomy:{self.sectors.version}+gazetteer:{self.localities.version}+code:{_code_version()}"

    def classify(self, text: str, title: str | None = None, language: str | None = None) -> Classification:
        sectors = self.sectors.tag(text, language)
        localities = self.localities.tag(text, title=title, language=language)
        partner_names = [loc.name for loc in localities if loc.role == "partner"]
        commitments = find_commitments(text, language, self.sectors, partner_names=partner_names)
        return Classification(sectors, localities, commitments, self.version)
