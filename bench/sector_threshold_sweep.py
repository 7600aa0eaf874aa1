"""Sector F1 of each labelled set under other scoring settings, side by side.

    python bench/sector_threshold_sweep.py [SET ...]

Runs ``SectorTagger`` (texts parsed by ingest first, as ``hoptac analyze`` does) with the
taxonomy as it is, then with one setting changed at a time: a lower threshold (one medium
term suffices), a higher factor for cooperation sentences (a medium term stated as
cooperation suffices), a lower one for mentions in passing (a strong term named only in
passing no longer suffices), and no lowering of sector words inside organisations' names or
sentences of protocol (incense, wreaths). Prints micro F1, false positives and misses per set, counted as
/work/shared/tools/score.py counts them. Sets: the seeds beside the checkout and the
labelled sets under tests/classify (default: all of them).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.classify.sectors import DEFAULT_LEXICON, SectorTagger  # noqa: E402
from services.ingest.parsing import ParsedAnnouncement, parse  # noqa: E402

LABELLED = ROOT / "tests" / "classify"
SEEDS = (ROOT.parent / "shared" / "gold" / "seeds.json", ROOT.parent / "shared" / "seeds")


def variants(taxonomy: str) -> dict[str, str]:
    def changed(old: str, new: str) -> str:
        if old not in taxonomy:
            raise SystemExit(f"sector_threshold_sweep: {old!r} not found in {DEFAULT_LEXICON}")
        return taxonomy.replace(old, new, 1)

    return {
        "as shipped (threshold 1.0)": taxonomy,
        "threshold 0.6": changed("threshold: 1.0\n", "threshold: 0.6\n"),
        "cooperation factor 1.7": changed("cooperation: 1.0 ", "cooperation: 1.7 "),
        "passing factor 0.8": changed("passing: 1.0 ", "passing: 0.8 "),
        "no name factor (1.0)": changed("name: 0.3 ", "name: 1.0 "),
        "no ceremony factor (1.0)": changed("ceremony: 0.3 ", "ceremony: 1.0 "),
    }


def load_sets(names: list[str]) -> dict[str, list[tuple[dict[str, Any], ParsedAnnouncement]]]:
    places: list[tuple[str, Path, Path]] = []
    if not names and SEEDS[0].exists():
        places.append(("seeds", *SEEDS))
    known = sorted((p.parent.name for p in LABELLED.glob("*/gold.json")), key=lambda name: (len(name), name))
    if unknown := [name for name in names if name not in known]:
        # A one-line answer instead of a traceback: a typo or an option is the usual cause.
        raise SystemExit(
            f"no labelled set named {', '.join(unknown)} under {LABELLED} (sets: {', '.join(known)})"
        )
    wanted = names or known
    places += [(name, LABELLED / name / "gold.json", LABELLED / name) for name in wanted]
    sets = {}
    for name, gold, folder in places:
        documents = json.loads(gold.read_text(encoding="utf-8"))["documents"]
        sets[name] = [
            (doc, parse((folder / doc["file"]).read_bytes(), content_type="text/plain")) for doc in documents
        ]
    return sets


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    sets = load_sets(argv)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for number, (label, text) in enumerate(variants(DEFAULT_LEXICON.read_text(encoding="utf-8")).items()):
            path = Path(scratch) / f"sectors-{number}.yaml"  # one name each: lexicons are cached by path
            path.write_text(text, encoding="utf-8")
            tagger = SectorTagger(path)
            cells = []
            for documents in sets.values():
                tp = fp = fn = 0
                for doc, parsed in documents:
                    got = {tag.id for tag in tagger.tag(parsed.text, parsed.language)}
                    required, optional = set(doc["sectors"]["required"]), set(doc["sectors"]["optional"])
                    tp += len(got & required)
                    fp += len(got - required - optional)
                    fn += len(required - got)
                f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
                cells.append(f"{f1:.3f} ({fp}/{fn})")
            rows.append((label, cells))
    width = max(len(label) for label, _ in rows)
    print("sector F1 (false positives/misses) per labelled set\n")
    print(f"{'setting':{width}}  " + "  ".join(f"{name:>14}" for name in sets))
    for label, cells in rows:
        print(f"{label:{width}}  " + "  ".join(f"{cell:>14}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
