"""How hard each labelled set is: a naive keyword tagger beside HopTac's, per set.

    python bench/naive_keyword_baseline.py [SET ...]

The issue says a naive tagger "with a few obvious keywords per sector" reaches about 0.89
sector F1 on the private set of real announcements. Our held-out sets are our own writing, so
their difficulty may differ from that set's; running the same kind of naive tagger on them tells
how. The naive tagger tags a sector when any of its keywords (below: three to five per
language, taken from the spec's sector names and scope lines, fixed before this script was first
run and not tuned since) occurs anywhere, case-insensitive, on word boundaries, diacritics as
written. It is run on the raw page (chrome included) and on the text ingest keeps; HopTac's
column is ``SectorTagger`` on the text ingest keeps, as ``hoptac analyze`` does. Sector micro F1
(false positives/misses) per set, counted as /work/shared/tools/score.py counts them. Sets: the
seeds beside the checkout and every labelled set under tests/classify (or those named).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sector_threshold_sweep import load_sets  # noqa: E402

from services.classify.sectors import SectorTagger  # noqa: E402

# The obvious words of each sector's name and scope, English then Vietnamese.
OBVIOUS_KEYWORDS: dict[str, tuple[str, ...]] = {
    "party_building": (
        "party building",
        "political system",
        "fatherland front",
        "mass mobilisation",
        "mass mobilization",
        "xây dựng đảng",
        "hệ thống chính trị",
        "mặt trận tổ quốc",
        "dân vận",
    ),
    "public_administration": (
        "administrative reform",
        "public administration",
        "civil servants",
        "cải cách hành chính",
        "công chức",
        "bộ máy",
    ),
    "digital_government": (
        "e-government",
        "digital government",
        "smart city",
        "digital transformation",
        "information technology",
        "chính quyền điện tử",
        "đô thị thông minh",
        "chuyển đổi số",
        "công nghệ thông tin",
    ),
    "urban_planning": (
        "urban planning",
        "construction planning",
        "urban management",
        "urban development",
        "quy hoạch",
        "quản lý đô thị",
        "phát triển đô thị",
    ),
    "investment": (
        "investment",
        "investors",
        "industrial park",
        "business environment",
        "đầu tư",
        "khu công nghiệp",
        "môi trường kinh doanh",
    ),
    "industry_trade": ("trade", "commerce", "industry", "thương mại", "công thương", "công nghiệp"),
    "agriculture": ("agriculture", "agricultural", "rural", "farm", "nông nghiệp", "nông thôn", "nông sản"),
    "health": ("health", "hospital", "medical", "y tế", "bệnh viện", "sức khỏe", "sức khoẻ"),
    "education_training": (
        "education",
        "school",
        "training",
        "students",
        "giáo dục",
        "đào tạo",
        "trường học",
        "học sinh",
    ),
    "culture_sports_tourism": (
        "culture",
        "cultural",
        "tourism",
        "sports",
        "heritage",
        "văn hóa",
        "văn hoá",
        "du lịch",
        "thể thao",
        "di sản",
    ),
    "social_welfare": (
        "social welfare",
        "social security",
        "poverty",
        "labour",
        "employment",
        "an sinh xã hội",
        "giảm nghèo",
        "lao động",
        "việc làm",
    ),
    "science_technology": (
        "science",
        "technology",
        "innovation",
        "khoa học",
        "công nghệ",
        "đổi mới sáng tạo",
    ),
    "security_defense": (
        "defence",
        "defense",
        "security",
        "public order",
        "quốc phòng",
        "an ninh",
        "trật tự",
    ),
    "finance_budget": ("finance", "budget", "tax", "tài chính", "ngân sách", "thuế"),
    "transport_logistics": (
        "transport",
        "traffic",
        "logistics",
        "infrastructure",
        "giao thông",
        "vận tải",
        "hạ tầng",
    ),
    "natural_resources_environment": (
        "environment",
        "natural resources",
        "land management",
        "môi trường",
        "tài nguyên",
        "đất đai",
    ),
}
_PATTERNS = {
    sector: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
    for sector, words in OBVIOUS_KEYWORDS.items()
}


def naive_sectors(text: str) -> set[str]:
    return {sector for sector, pattern in _PATTERNS.items() if pattern.search(text)}


def score(labels: Iterable[tuple[dict[str, Any], set[str]]]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for doc, got in labels:
        required, optional = set(doc["sectors"]["required"]), set(doc["sectors"]["optional"])
        tp, fp, fn = tp + len(got & required), fp + len(got - required - optional), fn + len(required - got)
    return tp, fp, fn


def cell(counts: tuple[int, int, int]) -> str:
    tp, fp, fn = counts
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return f"{f1:.3f} ({fp}/{fn})"


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    tagger = SectorTagger()
    taggers: dict[str, Callable[[str, str, str | None], set[str]]] = {
        "naive, raw page": lambda raw, text, language: naive_sectors(raw),
        "naive, ingest's text": lambda raw, text, language: naive_sectors(text),
        "HopTac": lambda raw, text, language: {tag.id for tag in tagger.tag(text, language)},
    }
    totals = dict.fromkeys(taggers, (0, 0, 0))
    rows = []
    for set_name, documents in load_sets(argv).items():
        # source_text: the page as given (decoded and normalised), chrome and all.
        pages = [(doc, parsed.source_text, parsed.text, parsed.language) for doc, parsed in documents]
        cells = []
        for name, tag in taggers.items():
            counts = score((doc, tag(raw, text, language)) for doc, raw, text, language in pages)
            tp, fp, fn = totals[name]
            totals[name] = (tp + counts[0], fp + counts[1], fn + counts[2])
            cells.append(cell(counts))
        rows.append((set_name, len(documents), cells))
    print("sector micro F1 (false positives/misses) per labelled set\n")
    print(f"{'set':12} {'docs':>4}  " + "  ".join(f"{name:>22}" for name in taggers))
    for set_name, size, cells in rows:
        print(f"{set_name:12} {size:>4}  " + "  ".join(f"{c:>22}" for c in cells))
    size = sum(row[1] for row in rows)
    print(f"{'all':12} {size:>4}  " + "  ".join(f"{cell(totals[n]):>22}" for n in taggers))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
