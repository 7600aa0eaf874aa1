"""Throughput of classify's taggers on realistic announcements, one core.

    python bench/bench_classify.py [--docs 2000] [--naive-docs 100]

Corpus: the seeds and the labelled corpus (tests/classify/corpus), cleaned crudely
(text cut at the first chrome marker), alone and joined in twos and threes of the
same language to spread sizes over 1-8 KB, repeated to ``--docs`` documents.

Rows: SectorTagger.tag + find_commitments as the classifier calls them (commitments
reuse the tagger's memoised pass over the same text); LocalityTagger.tag when
services/classify/localities.py exists; and the obvious implementation of the sector
pass, one compiled regex per lexicon phrase run phrase by phrase over the folded text
(same lexicon, same boundary and accent rules, same scoring), on the first
``--naive-docs`` documents. Rates are documents per second of process CPU time
(the machine is shared; CPU time is what one core spends), best of three runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.classify.commitments import find_commitments  # noqa: E402
from services.classify.sectors import Match, SectorTagger  # noqa: E402
from shared.text import fold, normalize  # noqa: E402

SOURCES = [ROOT.parent / "shared" / "seeds", ROOT / "tests" / "classify" / "corpus"]
CHROME = re.compile(
    r"^\s*(?:Tin liên quan|Tin khác|Các bài mới đăng|Các bài đã đăng|Latest news|Other news|Related news|"
    r"Bài viết hay\?|Ý KIẾN|Write your comment|Viết bình luận)\b",
    re.MULTILINE,
)


def load_texts() -> list[tuple[str, str | None]]:
    texts: list[tuple[str, str | None]] = []
    for folder in SOURCES:
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


def rate(run: Callable[[], None], count: int, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return count / best if best else float("inf")


def peak_kib(run: Callable[[], None]) -> float:
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--naive-docs", type=int, default=100)
    args = parser.parse_args(argv)

    corpus = build_corpus(args.docs)
    sizes = sorted(len(t.encode()) for t, _ in corpus)
    print(
        f"corpus: {len(corpus)} docs, {sizes[0]}-{sizes[-1]} bytes, median {sizes[len(sizes) // 2]}, "
        f"{sum(lang == 'vi' for _, lang in corpus)} vi / {sum(lang == 'en' for _, lang in corpus)} en"
    )
    tagger = SectorTagger()
    naive = RegexPerTermTagger()
    phrases = len(tagger.lexicon.phrases)

    def sectors_and_commitments(
        docs: list[tuple[str, str | None]], which: SectorTagger
    ) -> Callable[[], None]:
        def run() -> None:
            for text, language in docs:
                which.tag(text, language)
                find_commitments(text, language, which)

        return run

    small = corpus[: args.naive_docs]
    mismatches = sum(
        [t.id for t in tagger.tag(x, lang)] != [t.id for t in naive.tag(x, lang)] for x, lang in small[:50]
    )
    rows: list[tuple[str, int, float, float]] = []
    fast = rate(sectors_and_commitments(corpus, tagger), len(corpus))
    rows.append(
        (
            "SectorTagger.tag + find_commitments",
            len(corpus),
            fast,
            peak_kib(sectors_and_commitments(corpus[:200], tagger)),
        )
    )
    fast_small = rate(sectors_and_commitments(small, tagger), len(small))
    slow = rate(sectors_and_commitments(small, naive), len(small), repeats=1)
    rows.append(
        (
            "  same, regex per phrase (obvious)",
            len(small),
            slow,
            peak_kib(sectors_and_commitments(small[:50], naive)),
        )
    )

    if importlib.util.find_spec("services.classify.localities") is not None:
        from services.classify.localities import LocalityTagger

        localities = LocalityTagger()

        def run_localities(docs: list[tuple[str, str | None]]) -> Callable[[], None]:
            def run() -> None:
                for text, language in docs:
                    localities.tag(text, language=language)

            return run

        def run_all() -> None:
            for text, language in corpus:
                tags = localities.tag(text, language=language)
                partners = [t.name for t in tags if t.role == "partner"]
                tagger.tag(text, language)
                find_commitments(text, language, tagger, partner_names=partners)

        rows.append(
            (
                "LocalityTagger.tag",
                len(corpus),
                rate(run_localities(corpus), len(corpus)),
                peak_kib(run_localities(corpus[:200])),
            )
        )
        rows.append(
            ("all three (as the classifier runs)", len(corpus), rate(run_all, len(corpus)), float("nan"))
        )

    print(
        f"lexicon: {phrases} phrases; regex and automaton agree on {50 - mismatches}/50 documents' sectors\n"
    )
    print(f"{'what':<40} {'docs':>6} {'docs/s':>9} {'peak KiB':>9}")
    for name, count, per_second, peak in rows:
        print(f"{name:<40} {count:>6} {per_second:>9.0f} {peak:>9.0f}")
    print(f"\nspeed-up over regex per phrase (same {len(small)} docs): {fast_small / slow:.1f}x")
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
