"""Sector quality on labelled real announcements, scored like /work/shared/tools/score.py:
micro precision/recall/F1, where a required sector must be tagged, an optional one may
be, and anything else tagged is a false positive. Texts go through ingest's own
parser first, as in ``hoptac analyze``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.classify.sectors import SectorTagger
from services.ingest.parsing import parse
from tests.paths import GOLD, SEEDS

HERE = Path(__file__).parent
# The bar on the seeds: the brief's target.
SEEDS_MIN_F1 = 0.95


@dataclass(frozen=True)
class Bar:
    min_f1: float
    why: str  # what was measured: first contact, and after which round


# Each labelled set's bar. First contact is the honest figure; every set has been tuned on since.
BARS = {
    "corpus": Bar(0.95, "first contact 0.880; 1.000 after its fixes"),
    "heldout": Bar(
        0.98,
        "first contact 0.937 (P 0.981, R 0.897); 1.000 after rounds 1-2, 0.991 with the field lists of "
        "taxonomy v39 ('supplying clean water' listed as a field)",
    ),
    "heldout2": Bar(1.0, "first contact 0.896 (tp 30, fp 0, fn 7); 1.000 after round 3"),
    "heldout3": Bar(0.91, "first contact 0.774; 0.919 after round 4 (two false positives left)"),
    "heldout4": Bar(1.0, "first contact 0.871 (P 1.000, R 0.771); 1.000 after round 5"),
    "heldout5": Bar(
        0.98,
        "first contact 0.974; 0.987 after round 6 (left: 'investment in digital transformation' of "
        "companies, labelled not digital_government)",
    ),
    "heldout6": Bar(
        1.0, "first contact 0.972 (the Front committee as the sender of aid); 1.000 after round 8"
    ),
    "heldout7": Bar(1.0, "first contact 0.909 (four strong words out of their sense); 1.000 after round 9"),
    "heldout8": Bar(1.0, "first contact 0.943 (P 0.926, R 0.962); 1.000 after round 10"),
    "heldout9": Bar(
        0.98,
        "first contact 0.862 (P 0.781: department names, the Front's committees, titles); 0.981 after "
        "round 11 (left: 'hỗ trợ doanh nghiệp' in a trade context, labelled not investment)",
    ),
    "heldout11": Bar(
        0.98,
        "first contact 0.982 (P 1.000, R 0.966) with taxonomy v23; left: foreign businesses 'operating in'",
    ),
    "heldout12": Bar(
        1.0,
        "first contact 0.848 (P 0.737, R 1.000: a tag page's teasers, an acronym in a document number); "
        "0.966 after round 13, 1.000 after the ceremony context (a relic site named at an incense offering)",
    ),
    "heldout13": Bar(
        0.97,
        "first contact 0.936 (P 0.957, R 0.917) with taxonomy v25; 0.980 after round 14 (left: "
        "'commerce' describing where a diaspora works)",
    ),
    "heldout14": Bar(
        1.0,
        "first contact 0.967 (P 1.000, R 0.935) with taxonomy v26 (without the ceremony factor 0.951); "
        "1.000 after round 15",
    ),
    "heldout15": Bar(
        1.0,
        "first contact 0.955 (P 0.955, R 0.955) with taxonomy v27; 0.978 after round 16; 1.000 after round 24 "
        "(a 'public investment plan' in Hanoi's briefing is not budget management)",
    ),
    "heldout16": Bar(
        0.92,
        "first contact 0.857 (P 0.857, R 0.857) with taxonomy v28 (without the name factor 0.884: the "
        "'Investment, Trade and Tourism Promotion Centre' signing was investment); 0.930 after round 17",
    ),
    "heldout17": Bar(
        0.9,
        "first contact 0.800 (P 0.714, R 0.909; 11 required labels) with taxonomy v29; 0.909 after round "
        "18 (left: the two capitals' military commands' COVID aid, labelled not welfare; 'market' alone)",
    ),
    "heldout18": Bar(
        1.0,
        "first contact 0.913 (P 0.840, R 1.000) with taxonomy v29 (without the name factor 0.894); 1.000 "
        "after round 18",
    ),
    "heldout19": Bar(
        0.96,
        "first contact 0.833 (P 0.909, R 0.769; 13 required labels, mass organisations' exchanges) with "
        "taxonomy v31; 0.963 after round 20 (left: a farmers' association sending food, labelled not Party work)",
    ),
    "heldout20": Bar(
        0.98,
        "first contact 0.955 (P 1.000, R 0.914) with taxonomy v30; 0.986 after round 19 (left: an urban "
        "area help in passing)",
    ),
    "heldout21": Bar(
        1.0,
        "first contact 0.900 (P 0.818, R 1.000; 9 required labels) with taxonomy v32; 1.000 after round 21 "
        "(the budget a donation comes from; a tour operator's products)",
    ),
    "heldout22": Bar(
        1.0,
        "first contact 0.980 (P 0.960, R 1.000) with taxonomy v32; 1.000 after round 21 (two peoples "
        "alike in culture)",
    ),
    "heldout23": Bar(
        1.0,
        "first contact 0.857 (P 0.800, R 0.923) with taxonomy v33; 1.000 after round 22 (a travel fair, "
        "tourism resources, digital platforms as a channel, gifts on a visit of protocol)",
    ),
    "heldout24": Bar(
        0.94,
        "first contact 0.875 (P 1.000, R 0.778) with taxonomy v34; 0.941 after round 23 (attracting "
        "investment projects); left: transport in a last line the page cuts mid-word, which ingest drops",
    ),
    "heldout25": Bar(
        1.0,
        "first contact 0.974 (P 0.950, R 1.000) with taxonomy v34; 1.000 after round 23 ('trade experience' "
        "is an exchange, not commerce)",
    ),
    "heldout26": Bar(
        1.0,
        "first contact 0.923 (P 0.857, R 1.000) with taxonomy v34; 1.000 after round 23 ('saving labour' is "
        "no employment)",
    ),
    "heldout27": Bar(
        1.0,
        "first contact 0.727 (P 0.571, R 1.000; 8 required labels, roads and a school paid for by Hanoi) "
        "with taxonomy v35; 1.000 after round 24 (a public works project's approval and money)",
    ),
    "heldout28": Bar(
        1.0,
        "first contact 0.889 (P 0.800, R 1.000; 4 required labels) with taxonomy v35; 1.000 after round 24 "
        "(a 'Fresh comments' heading ends the article)",
    ),
    "heldout29": Bar(
        1.0,
        "first contact 0.875 (P 0.778, R 1.000) with taxonomy v35; 1.000 after round 24 ('nation building "
        "and national defence', '3 tỷ đồng đầu tư' a building)",
    ),
    "heldout30": Bar(
        0.84,
        "first contact 0.750 (P 0.818, R 0.692) with taxonomy v37; 0.846 after round 25 ('digital "
        "governance', climate protection); left: a councillor's post and a college's name as fields, running "
        "'the political system' as Party work, twinned schools as education",
    ),
    "heldout31": Bar(
        0.85,
        "first contact 0.533 (P 0.500, R 0.571; 7 required labels) with taxonomy v37; 0.857 after round 25 "
        "(makeshift homes, a Social Security Fund, the 1976 'new economic zone'); left: a listing page of "
        "five teasers read whole",
    ),
    "heldout32": Bar(
        0.96,
        "first contact 0.923 (P 0.923, R 0.923) with taxonomy v38 and v39 alike; 0.963 after round 26 "
        "('an ninh công cộng'); left: a fair's buyers called 'tourists' as tourism",
    ),
    "heldout33": Bar(
        1.0,
        "first contact 0.815 (P 0.786, R 0.846) with taxonomy v38 and v39 alike; 1.000 after round 26 "
        "('mountains and rivers', a cultural palace, police as a donor, workers' rights, free check-ups)",
    ),
    "heldout34": Bar(
        0.97,
        "first contact 0.952 (P 0.909, R 1.000) with taxonomy v38 and v39 alike; 0.976 after round 26 (a "
        "'Labour Cultural Palace'); left: a 1969 banner for the armed forces in a caption as a field",
    ),
    "heldout35": Bar(
        1.0,
        "the five seeds translated into the other language, labels copied from the seeds' gold: first "
        "contact 1.000 (tp 55) with taxonomy v45, nothing tuned on it",
    ),
    "heldout36": Bar(
        1.0,
        "first contact 0.846 (P 0.846, R 0.846) with taxonomy v44; 0.960 after round 27 (a 'Poverty "
        "Reduction Fund', a land fund described); 1.000 with v50 ('businesses came to invest in')",
    ),
    "heldout37": Bar(
        0.86,
        "first contact 0.750 (P 0.818, R 0.692) with taxonomy v45; 0.870 after round 27 (decentralisation, "
        "drug abuse, a wire service's foot); left: 'make the public aware' as Party work, 'making urban "
        "areas green, clean and beautiful' as urban management, a text cut mid-sentence",
    ),
    "heldout38": Bar(
        1.0,
        "eight multi-field documents of earlier sets translated into the other language, their labels: "
        "first contact 1.000 (tp 63) with taxonomy v47, nothing tuned on it",
    ),
    "heldout39": Bar(
        1.0,
        "the seven Party Committee announcements retold in other outlets' words, their labels: first contact "
        "0.986 (tp 68, fn 2: 'QP-AN') with taxonomy v47; 1.000 after the official abbreviations (v48)",
    ),
    "heldout40": Bar(
        1.0,
        "the seven Party Committee announcements retold in the other language by other outlets, their labels: "
        "first contact 1.000 (tp 58) with taxonomy v48, nothing tuned on it",
    ),
    "heldout41": Bar(
        1.0,
        "the seven Party Committee announcements as the partners' own papers would report them, their labels: "
        "first contact 1.000 (tp 60) with taxonomy v48, nothing tuned on it",
    ),
    "heldout42": Bar(
        1.0,
        "first contact 0.966 (P 0.933, R 1.000; tp 14, fp 1) at 227d392 (taxonomy v50): a free bus tour "
        "as transport; 1.000 with v51",
    ),
    "heldout43": Bar(
        0.91,
        "first contact 0.895 (P 0.810, R 1.000; tp 17, fp 4) at 2f902e2 (taxonomy v50); 0.919 once a "
        "Vietnamese body's name may say its kind in lower case ('Trung tâm dạy nghề Thương mại'); left: "
        "the two countries' ties 'trên nhiều lĩnh vực như kinh tế, văn hóa - xã hội' (in 005 and its copy "
        "without diacritics) and an arts college in a delegation as education",
    ),
    "heldout10": Bar(
        0.96,
        "first contact 0.932 (P 0.891, R 0.976); 0.966 after round 12 (left: a minister's title "
        "'... Innovation and Trade', a 'University of Technology', a foreign party organisation)",
    ),
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def f1(self) -> float:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold_path: Path, docs: Path) -> tuple[Score, list[str]]:
    tagger = SectorTagger()
    total = Score()
    errors: list[str] = []
    for doc in json.loads(gold_path.read_text(encoding="utf-8"))["documents"]:
        parsed = parse((docs / doc["file"]).read_bytes(), content_type="text/plain")
        got = {tag.id for tag in tagger.tag(parsed.text, parsed.language)}
        required, optional = set(doc["sectors"]["required"]), set(doc["sectors"]["optional"])
        missed, wrong = required - got, got - required - optional
        total.tp += len(got & required)
        total.fn += len(missed)
        total.fp += len(wrong)
        if missed or wrong:
            errors.append(f"{doc['file']}: missed {sorted(missed)} wrongly tagged {sorted(wrong)}")
    return total, errors


def test_scorer_counts_like_score_py(tmp_path: Path) -> None:
    article = (
        "Hà Nội và Hưng Yên tăng cường hợp tác\n\n"
        "Ngày 11/7, tại buổi làm việc giữa hai địa phương, hai bên thống nhất tiếp tục hợp tác "
        "chặt chẽ trong thời gian tới về du lịch và giao thông, góp phần phát triển mỗi địa phương.\n"
    )
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    gold = {
        "documents": [
            {"file": "a.txt", "sectors": {"required": ["culture_sports_tourism", "health"], "optional": []}}
        ]
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result, errors = score(tmp_path / "gold.json", tmp_path)
    assert (result.tp, result.fp, result.fn) == (1, 1, 1)
    assert result.f1 == pytest.approx(0.5)
    assert errors == ["a.txt: missed ['health'] wrongly tagged ['transport_logistics']"]


@pytest.mark.skipif(not GOLD.exists(), reason="seed material beside the checkout is not present")
def test_seed_sector_f1_meets_the_bar() -> None:
    result, errors = score(GOLD, SEEDS)
    assert result.f1 >= SEEDS_MIN_F1, "\n".join(errors)


def test_every_labelled_set_has_a_bar() -> None:
    assert set(BARS) == {p.parent.name for p in HERE.glob("*/gold.json")}


@pytest.mark.parametrize("name", list(BARS))
def test_labelled_set_sector_f1_holds_its_bar(name: str) -> None:
    result, errors = score(HERE / name / "gold.json", HERE / name)
    assert result.tp > 0
    assert result.f1 >= BARS[name].min_f1, f"F1 {result.f1:.3f} ({BARS[name].why})\n" + "\n".join(errors)
