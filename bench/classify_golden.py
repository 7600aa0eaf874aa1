"""Dump every output of ``Classifier.classify`` on the known documents, to prove that a
speed change altered nothing.

    python bench/classify_golden.py > /tmp/before.json   # before a change
    python bench/classify_golden.py --check /tmp/before.json   # after it

Inputs: every file of the seeds (/work/shared/seeds, or $HOPTAC_SHARED/seeds),
tests/classify/corpus and every tests/classify/heldout* set (when present), each
classified four ways: as ingest parses it (text, title, language), as raw file text with
neither title nor language (the un-normalised path of the locality tagger and its
language guess), and parsed with every third space doubled (runs of spaces inside names
and phrases: the squeezed path); then the bench's joined documents (1-8 KB).
The classifier version is left out: it hashes the code, which is what changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_classify import SHARED, build_corpus  # noqa: E402

from services.classify.classifier import Classification, Classifier  # noqa: E402
from services.ingest.parsing import parse  # noqa: E402

FOLDERS = [
    SHARED / "seeds",
    ROOT / "tests" / "classify" / "corpus",
    *sorted((ROOT / "tests" / "classify").glob("heldout*")),
]


def _dump(result: Classification) -> dict[str, Any]:
    return {
        "sectors": [s.model_dump(mode="json") for s in result.sectors],
        "localities": [loc.model_dump(mode="json") for loc in result.localities],
        "commitments": [c.model_dump(mode="json") for c in result.commitments],
    }


def _double_every_third_space(text: str) -> str:
    pieces = text.split(" ")
    return "".join(p + ("  " if i % 3 == 2 else " ") for i, p in enumerate(pieces[:-1])) + pieces[-1]


def golden() -> dict[str, Any]:
    classifier = Classifier()
    out: dict[str, Any] = {}
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            raw = path.read_bytes()
            parsed = parse(raw, content_type="text/plain")
            key = f"{folder.name}/{path.name}"
            out[f"parsed:{key}"] = _dump(classifier.classify(parsed.text, parsed.title, parsed.language))
            out[f"raw:{key}"] = _dump(classifier.classify(raw.decode("utf-8")))
            spaced = _double_every_third_space(parsed.text)
            out[f"spaced:{key}"] = _dump(classifier.classify(spaced, parsed.title, parsed.language))
    # The bench corpus: each variant alone, then with one and two trailing spaces.
    for index, (text, language) in enumerate(build_corpus(300)):
        out[f"bench:{index}"] = _dump(classifier.classify(text, None, language))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", type=Path, help="compare with an earlier dump; exit 1 on any difference")
    args = parser.parse_args()
    current = golden()
    if args.check is None:
        json.dump(current, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        print()
        return 0
    expected = json.loads(args.check.read_text(encoding="utf-8"))
    differing = sorted(k for k in expected.keys() | current.keys() if expected.get(k) != current.get(k))
    for key in differing[:20]:
        print(f"DIFFERENT: {key}")
    print(f"{len(current)} results, {len(differing)} different")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
