"""Throughput of classify on realistic announcements, one core.

    python bench/bench_classify.py [--docs 2000] [--naive-docs 60]

Corpus: the seeds (../shared/seeds, or $HOPTAC_SHARED/seeds) and the labelled corpus
(tests/classify/corpus), cleaned crudely (text cut at the first chrome marker), alone
and joined in twos and threes of the same language to spread sizes over 1-8 KB,
repeated to ``--docs`` documents.

One table, one run, same documents: the whole ``Classifier.classify`` (one shared
scan for sectors, cues and places), each tagger alone (``SectorTagger.tag`` +
``find_commitments``; ``LocalityTagger.tag``), and the obvious implementation: the
same classifier with one compiled regex per lexicon phrase and per gazetteer name,
run phrase by phrase over the folded text (same boundary and accent rules, same
scoring), on the first ``--naive-docs`` documents. Rates are documents per second of
process CPU time (the machine is shared; CPU time is what one core spends), best of
three runs; peak memory is tracemalloc's peak while classifying 200 documents.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.classify.classifier import Classification, Classifier  # noqa: E402
from services.classify.commitments import find_commitments  # noqa: E402
from services.classify.localities import LocalityTagger, PlaceName  # noqa: E402
from services.classify.matching import Hit, accent_fits  # noqa: E402
from services.classify.sectors import Match, SectorTagger  # noqa: E402
from shared.text import fold, normalize  # noqa: E402

# The seeds stand beside the checkout; HOPTAC_SHARED names that folder when the checkout
# is elsewhere (a second worktree comparing goldens).
SHARED = Path(os.environ.get("HOPTAC_SHARED", ROOT.parent / "shared"))
SOURCES = [SHARED / "seeds", ROOT / "tests" / "classify" / "corpus"]
CHROME = re.compile(
    r"^\s*(?:Tin liên quan|Tin khác|Các bài mới đăng|Các bài đã đăng|Latest news|Other news|Related news|"
    r"Bài viết hay\?|Ý KIẾN|Write your comment|Viết bình luận)\b",
    re.MULTILINE,
)


def load_texts() -> list[tuple[str, str | None]]:
    texts: list[tuple[str, str | None]] = []
    for folder in SOURCES:
        if not folder.is_dir():
            sys.exit(f"{folder} not found (set HOPTAC_SHARED to the folder holding seeds/)")
        for path in sorted(folder.glob("*.txt")):
            text = normalize(path.read_text(encoding="utf-8"))
            cut = CHROME.search(text)
            text = text[: cut.start()] if cut else text
            vietnamese = sum(ch in "ăâđêôơưĂÂĐÊÔƠƯ" for ch in text) > len(text) / 200
            texts.append((text.strip() + "\n", "vi" if vietnamese else "en"))
    return texts


def build_corpus(size: int) -> list[tuple[str, str | None]]:
    base = load_texts()
    variants = list(base)
    for language in ("en", "vi"):
        same = [t for t, lang in base if lang == language]
        for i in range(len(same)):
            for width in (2, 3):
                joined = "\n".join(same[(i + k) % len(same)] for k in range(width))
                if len(joined.encode()) <= 8192:
                    variants.append((joined, language))
    variants = [v for v in variants if len(v[0].encode()) >= 1024]
    # Distinct string objects, so no run can profit from a previous identical text.
    return [
        (variants[i % len(variants)][0] + " " * (i // len(variants)), variants[i % len(variants)][1])
        for i in range(size)
    ]


class RegexPerTermTagger(SectorTagger):
    """The obvious implementation: every lexicon phrase is its own compiled regex."""

    def __init__(self) -> None:
        super().__init__()
        self._patterns = [
            (
                re.compile(rf"(?<![\w\u0300-\u036f]){re.escape(fold(phrase))}(?![\w\u0300-\u036f])"),
                phrase,
                entry,
            )
            for phrase, entry in self.lexicon.phrases
        ]

    def _hits(self, text: str, folded: str) -> list[Match]:
        found: list[Match] = []
        for pattern, phrase, entry in self._patterns:
            for m in pattern.finditer(folded):
                segment = text[m.start() : m.end()]
                lowered = segment.lower()
                if lowered == fold(segment) or lowered == phrase.lower():
                    found.append(Match(m.start(), m.end(), phrase, entry))
        return found


class RegexPerNameMatcher:
    """The obvious gazetteer matcher: one compiled regex per place name, as
    ``PhraseMatcher.hits`` (word boundaries, accent rule, order of appearance)."""

    def __init__(self, entries: Sequence[tuple[str, PlaceName]]) -> None:
        self._patterns = []
        for name, payload in entries:
            canonical = normalize(name).strip()
            pattern = re.compile(rf"(?<![\w\u0300-\u036f]){re.escape(fold(canonical))}(?![\w\u0300-\u036f])")
            self._patterns.append((pattern, canonical, payload))

    def hits(self, text: str, folded: str | None = None) -> list[Hit[PlaceName]]:
        folded = fold(text) if folded is None else folded
        found = [
            Hit(m.start(), m.end(), name, payload)
            for pattern, name, payload in self._patterns
            for m in pattern.finditer(folded)
            if accent_fits(text[m.start() : m.end()], name)
        ]
        found.sort(key=lambda h: h.end)  # the automaton reports hits by their end
        return found


class RegexPerPhraseClassifier(Classifier):
    """The whole classifier as the obvious implementation would run it."""

    def __init__(self) -> None:
        super().__init__()
        self.sectors = RegexPerTermTagger()
        self.localities = LocalityTagger()
        self.localities.matcher = RegexPerNameMatcher(self.localities.entries)  # type: ignore[assignment]

    def classify(self, text: str, title: str | None = None, language: str | None = None) -> Classification:
        sectors = self.sectors.tag(text, language)
        localities = self.localities.tag(text, title=title, language=language)
        partners = [loc.name for loc in localities if loc.role == "partner"]
        commitments = find_commitments(text, language, self.sectors, partner_names=partners)
        return Classification(sectors, localities, commitments, "naive")


def cpu_seconds(run: Callable[[], None], repeats: int = 3) -> float:
    """Best CPU time of ``repeats`` runs (best: others' load only ever adds)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return max(best, 1e-9)


def peak_kib(run: Callable[[], None]) -> float:
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


Docs = list[tuple[str, str | None]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--naive-docs", type=int, default=60)
    args = parser.parse_args(argv)

    corpus = build_corpus(args.docs)
    small = corpus[: args.naive_docs]
    sizes = sorted(len(t.encode()) for t, _ in corpus)
    print(
        f"corpus: {len(corpus)} docs, {sizes[0]}-{sizes[-1]} bytes, median {sizes[len(sizes) // 2]}, "
        f"{sum(lang == 'vi' for _, lang in corpus)} vi / {sum(lang == 'en' for _, lang in corpus)} en"
    )
    classifier = Classifier()
    naive = RegexPerPhraseClassifier()
    sector_tagger = SectorTagger()
    locality_tagger = LocalityTagger()

    def whole(which: Classifier) -> Callable[[Docs], None]:
        def run(docs: Docs) -> None:
            for text, language in docs:
                which.classify(text, None, language)

        return run

    def sectors_alone(docs: Docs) -> None:
        for text, language in docs:
            sector_tagger.tag(text, language)
            find_commitments(text, language, sector_tagger)

    def localities_alone(docs: Docs) -> None:
        for text, language in docs:
            locality_tagger.tag(text, language=language)

    def outputs(result: Classification) -> tuple[object, ...]:
        return result.sectors, result.localities, result.commitments  # not the version

    agree = sum(
        outputs(classifier.classify(t, None, lang)) == outputs(naive.classify(t, None, lang))
        for t, lang in small
    )
    rows = [
        ("Classifier.classify (whole)", corpus, whole(classifier), 3),
        ("  SectorTagger.tag + find_commitments", corpus, sectors_alone, 3),
        ("  LocalityTagger.tag", corpus, localities_alone, 3),
        ("Classifier.classify, same docs as below", small, whole(classifier), 3),
        ("obvious: regex per phrase, whole", small, whole(naive), 1),
    ]
    print(
        f"lexicon: {len(classifier.sectors.lexicon.phrases)} phrases, gazetteer: {len(classifier.localities.entries)}"
        f" names; obvious and fast classifiers agree on {agree}/{len(small)} documents\n"
    )
    print(f"{'what':<42} {'docs':>5} {'CPU s':>7} {'docs/s':>8} {'peak KiB':>9}")
    measured: dict[str, float] = {}
    for name, docs, run, repeats in rows:
        seconds = cpu_seconds(partial(run, docs), repeats)
        measured[name] = len(docs) / seconds
        peak = peak_kib(partial(run, docs[:200]))
        print(f"{name:<42} {len(docs):>5} {seconds:>7.2f} {measured[name]:>8.0f} {peak:>9.0f}")
    speed_up = (
        measured["Classifier.classify, same docs as below"] / measured["obvious: regex per phrase, whole"]
    )
    print(
        f"\nspeed-up of Classifier.classify over the obvious implementation (same {len(small)} docs): {speed_up:.0f}x"
    )
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
