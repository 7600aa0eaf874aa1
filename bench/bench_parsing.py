"""Throughput of ingest's ``parse`` on one core: copied-text pages and HTML pages.

usage: python bench/bench_parsing.py [--docs 300] [--rounds 3]

Corpus: the five seed announcements as copied from their pages, the labelled corpus
(tests/classify/corpus, 25 copied pages), and HTML pages built around the seeds
(tests/ingest/pages.py, five stamp styles), each repeated to --docs documents.
trafilatura.extract alone runs on the same HTML pages in the same process, so the
share of HTML time spent outside trafilatura is visible. Best of --rounds rounds, in
CPU time of this process (the machine is shared: wall time would count other jobs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from services.ingest.parsing import parse  # noqa: E402
from shared.text import normalize  # noqa: E402
from tests.ingest.pages import STAMP_STYLES, html_page, seeds  # noqa: E402


def docs_per_second(corpus: list[str], run: Callable[[str], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for doc in corpus:
            run(doc)
        best = min(best, time.process_time() - start)
    return len(corpus) / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    texts = [s.raw for s in seeds()]
    labelled = [p.read_text("utf-8") for p in sorted((ROOT / "tests/classify/corpus").glob("*.txt"))]
    pages = [html_page(s, style) for s in seeds() for style in STAMP_STYLES]
    text_corpus = (texts * (args.docs // len(texts) + 1))[: args.docs]
    labelled_corpus = (labelled * (args.docs // len(labelled) + 1))[: args.docs]
    html_corpus = (pages * (args.docs // len(pages) + 1))[: args.docs]

    for doc in texts + labelled + pages[:5]:  # warm up imports and lexicons
        parse(doc, content_type="text/html" if doc.startswith("<!DOCTYPE") else "text/plain")

    rows = [
        ("parse, copied text", text_corpus, lambda d: parse(d)),
        ("parse, copied text (corpus)", labelled_corpus, lambda d: parse(d)),
        # The floor under parse: every input is normalised once (shared/text.py).
        ("shared.text.normalize alone, text", text_corpus, lambda d: normalize(d)),
        ("parse, HTML", html_corpus, lambda d: parse(d, content_type="text/html")),
        ("trafilatura.extract alone, HTML", html_corpus, lambda d: trafilatura.extract(d)),
    ]
    kib = {name: sum(len(d.encode()) for d in corpus) / len(corpus) / 1024 for name, corpus, _ in rows}
    out = sys.stdout
    out.write(f"one core, CPU time, best of {args.rounds} rounds\n")
    out.write(f"{'what':<34}{'docs':>6}{'KiB/doc':>9}{'docs/s':>10}{'ms/doc':>9}\n")
    for name, corpus, run in rows:
        rate = docs_per_second(corpus, run, args.rounds)
        out.write(f"{name:<34}{len(corpus):>6}{kib[name]:>9.1f}{rate:>10.0f}{1000 / rate:>9.2f}\n")


if __name__ == "__main__":
    main()
