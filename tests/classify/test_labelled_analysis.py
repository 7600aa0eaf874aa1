"""Localities and metadata of every labelled set, through ``hoptac analyze``'s own path
(ingest's parser, then the classifier), checked as /work/shared/tools/score.py checks them:
each partner found, the host tagged, no place from the page's chrome, no partner the
labels do not allow; language, document number, publication minute and issue date right.

Sector F1 per set is in test_sector_quality.py; these checks are all-or-nothing per
document, so a document that fails names what went wrong."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hoptac.analyze import analyze_file, analyze_parsed
from services.ingest.parsing import parse
from tests.classify.scoring import locality_failures

HERE = Path(__file__).resolve().parent
SETS = sorted(gold.parent.name for gold in HERE.glob("*/gold.json"))


# Documents whose checks are known to fail, with why; strict, so a fix shows as an unexpected pass.
KNOWN_FAILURES = {
    "heldout9/009_hoan-kiem-hong-bang-quan-1-ket-nghia-2019.txt": (
        "districts of other provinces are not in the gazetteer: 'quận Hồng Bàng (thành phố Hải Phòng)' "
        "in a list of twinned districts does not make Hải Phòng a side"
    ),
    "heldout15/002_hanoi-ulaanbaatar-envoy-2017.txt": (
        "the page is a foreign agency's, whose stamp '2017-10-06 13:07:34' is Ulaanbaatar time: the label "
        "leaves published_at null, the parser reads it as Vietnam time"
    ),
    "heldout21/004_hanoi-binh-thuan-tourism-plan-2023.txt": (
        "the report is about a plan the Department of Tourism issued ('Plan No. 29/KH-SDL'): ingest reports it "
        "as the document, the label keeps document_number for a Party Committee's documents only"
    ),
    "heldout31/004_bao-kon-tum-doan-ha-noi-sa-thay-2019.txt": (
        "a listing page of five teasers: the labels take the first for the article and the others for chrome, "
        "ingest keeps every teaser, so 'Thành phố Hồ Chí Minh' of another teaser is tagged"
    ),
    "heldout42/009_ha-noi-giao-thuong-nong-san-cac-tinh.txt": (
        "Lào Cai is a side only through its trade with Hanoi told in its own sentence ('52 cơ sở đang cung "
        "ứng cho Hà Nội', the OCOP events 'tại Hà Nội'), with no cooperation phrase before its name"
    ),
    "heldout32/001_hanoi-capital-region-master-plan-2026.txt": (
        "Phú Thọ and Ninh Bình are sides only in 'the core of the Capital Region together with five provinces: "
        "A, B, ...' (a count and a colon before the list), which is read as a list in passing"
    ),
    "heldout32/004_hanoi-ocop-fair-29-provinces-2022.txt": (
        "four of the fair's provinces are named only by their stalls ('followed by Nghe An with 15', 'the "
        "stalls of Gia Lai, Lam Dong and Dak Nong sell coffee'), which the rules do not read as taking part"
    ),
    "heldout32/006_ha-noi-tuan-hang-trai-cay-long-bien-2020.txt": (
        "the goods week's provinces are named only through their fruit ('cam Hà Giang, hồng Bắc Kạn'): the "
        "labels make them sides, the rules read a product's origin as a mention"
    ),
    "heldout21/008_ha-noi-cac-tinh-xuc-tien-du-lich-tam-linh.txt": (
        "Hà Nam is labelled a side as the host of a promotion conference Hanoi's centre attended ('hội nghị "
        "... tại tỉnh Hà Nam'); a venue is not read as a side"
    ),
}


def labelled_documents() -> list[Any]:
    params = []
    for name in SETS:
        gold = json.loads((HERE / name / "gold.json").read_text(encoding="utf-8"))
        for document in gold["documents"]:
            key = f"{name}/{document['file']}"
            known = KNOWN_FAILURES.get(key)
            marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
            params.append(pytest.param(HERE / name, document, id=key, marks=marks))
    return params


def metadata_failures(analysis: dict[str, Any], labels: dict[str, Any]) -> list[str]:
    failures = []
    for field in ("language", "document_number", "issued_on"):
        if analysis[field] != labels[field]:
            failures.append(f"{field}: want {labels[field]!r}, got {analysis[field]!r}")
    want, have = labels["published_at"], analysis["published_at"]
    same = want == have
    if want and have:
        same = abs((datetime.fromisoformat(want) - datetime.fromisoformat(have)).total_seconds()) < 60
    if not same:
        failures.append(f"published_at: want {want!r}, got {have!r}")
    return failures


@pytest.mark.parametrize(("directory", "document"), labelled_documents())
def test_localities_and_metadata_match_the_labels(directory: Path, document: dict[str, Any]) -> None:
    analysis = analyze_file(directory / document["file"])
    failures = locality_failures(analysis["localities"], document["localities"])
    failures += metadata_failures(analysis, document)
    assert failures == []


def test_the_checks_catch_a_wrong_analysis() -> None:
    labels = {"host": ["ha-noi"], "partners": ["vientiane"], "optional": [], "absent": ["gia-lai"]}
    localities = [
        {"slug": "ha-noi", "role": "host", "successor": None},
        {"slug": "gia-lai", "role": "partner", "successor": None},
    ]
    assert locality_failures(localities, labels) == [
        "partner vientiane not found",
        "gia-lai tagged from chrome",
        "extra partner gia-lai",
    ]
    merged = [{"slug": "bac-lieu", "role": "partner", "successor": {"slug": "ca-mau"}}]
    assert locality_failures(merged, {"host": [], "partners": ["ca-mau"], "optional": [], "absent": []}) == []
    analysis = {
        "language": "vi",
        "document_number": None,
        "issued_on": None,
        "published_at": "2024-01-02T10:00:00+07:00",
    }
    labels_meta = {
        "language": "vi",
        "document_number": None,
        "issued_on": None,
        "published_at": "2024-01-02T03:00:30+00:00",
    }
    assert metadata_failures(analysis, labels_meta) == []
    labels_meta["published_at"] = None
    assert metadata_failures(analysis, labels_meta) == [
        "published_at: want None, got '2024-01-02T10:00:00+07:00'"
    ]


def without_diacritics(text: str) -> str:
    """Vietnamese as typed without diacritics: tone and vowel marks dropped, đ -> d, case kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare)


# Pages whose copy without diacritics is known to read differently from the page itself.
STRIPPED_KNOWN_DIFFERENCES = {
    "heldout31/004_bao-kon-tum-doan-ha-noi-sa-thay-2019.txt": (
        "the name 'Đào Đức Toàn' typed without diacritics reads 'Dao Duc' (as 'đạo đức'), and then 'an sinh xa "
        "hoi' counts in full in a sentence whose 'viếng' (a visit to a cemetery) weighs it down on the page itself; "
        "without the name both agree (not traced further)"
    ),
}


def vietnamese_documents() -> list[Any]:
    params = []
    for param in labelled_documents():
        directory, document = param.values
        text = (directory / document["file"]).read_text(encoding="utf-8")
        if document["language"] == "vi" and without_diacritics(text) != text:
            known = STRIPPED_KNOWN_DIFFERENCES.get(param.id)
            marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
            # Compared with itself: no known failure of the labels applies.
            params.append(pytest.param(directory, document, id=param.id, marks=marks))
    return params


def label_failures(analysis: dict[str, Any], document: dict[str, Any]) -> set[str]:
    failures = {
        f for f in locality_failures(analysis["localities"], document["localities"]) if "partner" in f
    }
    sectors = {s["id"] for s in analysis["sectors"]}
    required, optional = set(document["sectors"]["required"]), set(document["sectors"]["optional"])
    failures |= {f"sector {s} missed" for s in required - sectors}
    failures |= {f"sector {s} wrongly tagged" for s in sectors - required - optional}
    failures |= {f"{failure.split(':')[0]} wrong" for failure in metadata_failures(analysis, document)}
    return failures


def partner_slugs(analysis: dict[str, Any]) -> set[str]:
    return {loc["slug"] for loc in analysis["localities"] if loc["role"] == "partner"}


@pytest.mark.parametrize(("directory", "document"), vietnamese_documents())
def test_vietnamese_typed_without_diacritics_reads_the_same(
    directory: Path, document: dict[str, Any]
) -> None:
    # Every Vietnamese page of the labelled sets, stripped of its diacritics, makes no error
    # the page with its diacritics does not make: no partner or required sector lost, no
    # sector outside the labels ("thanh pho thong tin" is no "phổ thông", "xa hoi so tai"
    # no "xã hội số"), no metadata field lost ("Ngay dang 01/05/2022 | 4:01 PM", "Thu nam,
    # 20:23 19/08/2021", "Ngay 20/8, Thanh uy Ha Noi ban hanh Thong bao so ...").
    text = (directory / document["file"]).read_text(encoding="utf-8")
    analysis = analyze_file(directory / document["file"])
    written = label_failures(analysis, document)
    stripped = analyze_parsed(parse(without_diacritics(text).encode("utf-8"), content_type="text/plain"))
    assert label_failures(stripped, document) - written == set()
    # Nor any change the labels allow: the same sectors and the same partners ("duoc" is the
    # everyday "được" far more often than "dược", pharmacy; "bat dau tu" is "bắt đầu từ").
    assert {s["id"] for s in stripped["sectors"]} == {s["id"] for s in analysis["sectors"]}
    assert partner_slugs(stripped) == partner_slugs(analysis)
    # The headline found is the same headline ("2,334 luot xem" is a counter, as "lượt xem" is).
    assert stripped["title"] == (without_diacritics(analysis["title"]) if analysis["title"] else None)


def all_documents() -> list[Any]:
    # Compared with itself (the page as labelled): no known failure applies.
    return [pytest.param(*param.values, id=param.id) for param in labelled_documents()]


@pytest.mark.parametrize(("directory", "document"), all_documents())
def test_a_page_copied_without_empty_lines_reads_the_same(directory: Path, document: dict[str, Any]) -> None:
    # Pages are also copied with one line break between paragraphs and none empty: no partner,
    # required sector or metadata field is lost, and no sector comes in, that the page as
    # labelled does not lose or bring (links to other stories no longer stand apart there).
    text = (directory / document["file"]).read_text(encoding="utf-8")
    written = label_failures(analyze_file(directory / document["file"]), document)
    packed = "\n".join(line for line in text.splitlines() if line.strip())
    analysis = analyze_parsed(parse(packed.encode("utf-8"), content_type="text/plain"))
    assert label_failures(analysis, document) - written == set()
