"""The held-out set in tests/classify/heldout/ is well formed and consistent with its texts.

The set measures classification on pages nobody tuned for, so a slip in its labels (an
unknown sector id, a partner the text never names, a text without a label) would bias that
measure silently. Same checks as the tuning corpus, plus: no page or text is shared with it.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from shared.events import SECTOR_IDS
from shared.text import fold, normalize

HELDOUT = Path(__file__).resolve().parent / "heldout"
CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD: dict[str, Any] = json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))
DOCUMENTS: list[dict[str, Any]] = GOLD["documents"]
PLACE_NAMES_PATH = HELDOUT / "place_names.json"
PLACE_NAMES: dict[str, list[str]] = json.loads(PLACE_NAMES_PATH.read_text(encoding="utf-8"))["names"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ADMIN_PREFIX = re.compile(r"^(?:tinh|thanh-pho|tp|quan|huyen|thi-xa|xa|phuong)-")
FILE_NAME = re.compile(r"^\d{3}_[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")
DOCUMENT_NUMBER = re.compile(r"^\d+-(?:TB|KL|NQ|CT)/TU$")
MIN_BYTES = 300
MAX_BYTES = 8 * 1024
VIETNAM_OFFSET = timedelta(hours=7)
# Vietnamese-only letters: a text with none of them is not Vietnamese with its diacritics.
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def doc_id(document: dict[str, Any]) -> str:
    return str(document["file"])


def raw_text(document: dict[str, Any]) -> str:
    return (HELDOUT / str(document["file"])).read_text(encoding="utf-8")


def names_in_text(slug: str, folded: str, table: dict[str, list[str]]) -> bool:
    """The place is named in ``folded`` by its slug's words or a listed spelling, on word boundaries."""
    for spelling in [slug.replace("-", " "), *table.get(slug, [])]:
        pattern = r"(?<![a-z0-9])" + re.escape(fold(normalize(spelling))) + r"(?![a-z0-9])"
        if re.search(pattern, folded):
            return True
    return False


def test_gold_has_the_seed_format() -> None:
    assert GOLD["format"] == 1
    assert isinstance(GOLD["about"], str)
    assert GOLD["about"]
    expected = {
        "file",
        "source",
        "language",
        "title",
        "document_number",
        "published_at",
        "issued_on",
        "localities",
        "sectors",
    }
    for document in DOCUMENTS:
        assert set(document) == expected, document["file"]
        assert set(document["localities"]) == {"host", "partners", "optional", "absent"}, document["file"]
        assert set(document["sectors"]) == {"required", "optional"}, document["file"]


def test_every_text_is_labelled_once_and_every_label_has_its_text() -> None:
    labelled = [document["file"] for document in DOCUMENTS]
    assert len(labelled) == len(set(labelled))
    assert sorted(labelled) == sorted(path.name for path in HELDOUT.glob("*.txt"))


def test_held_out_set_is_big_enough_in_both_languages() -> None:
    languages = [document["language"] for document in DOCUMENTS]
    assert set(languages) <= {"en", "vi"}
    assert languages.count("en") >= 6
    assert languages.count("vi") >= 8


def test_no_page_or_text_is_shared_with_the_tuning_corpus() -> None:
    corpus_gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    corpus_sources = {document["source"] for document in corpus_gold["documents"]}
    corpus_texts = {path.read_text(encoding="utf-8") for path in CORPUS.glob("*.txt")}
    for document in DOCUMENTS:
        assert document["source"] not in corpus_sources, document["file"]
        assert raw_text(document) not in corpus_texts, document["file"]
    sources = [document["source"] for document in DOCUMENTS]
    assert len(sources) == len(set(sources))


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_text_file_is_named_and_sized_as_agreed(document: dict[str, Any]) -> None:
    assert FILE_NAME.match(document["file"])
    raw = (HELDOUT / document["file"]).read_bytes()
    assert MIN_BYTES <= len(raw) <= MAX_BYTES
    assert "\ufffd" not in raw.decode("utf-8")


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_language_label_agrees_with_the_letters_of_the_text(document: dict[str, Any]) -> None:
    # English pages may carry a Vietnamese name ("Hà Nội"), so only the Vietnamese side is strict.
    letters = len(VIETNAMESE_LETTERS.findall(raw_text(document)))
    if document["language"] == "vi":
        assert letters >= 20, letters
    else:
        assert letters < 20, letters


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_sectors_are_spec_ids_and_not_both_required_and_optional(document: dict[str, Any]) -> None:
    known = frozenset(SECTOR_IDS)
    required = document["sectors"]["required"]
    optional = document["sectors"]["optional"]
    assert set(required) <= known, set(required) - known
    assert set(optional) <= known, set(optional) - known
    assert len(required) == len(set(required))
    assert len(optional) == len(set(optional))
    assert not set(required) & set(optional)


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_locality_slugs_are_well_formed_and_roles_do_not_overlap(document: dict[str, Any]) -> None:
    localities = document["localities"]
    assert localities["host"] == ["ha-noi"]
    assert localities["partners"], "a cooperation has another side"
    seen: set[str] = set()
    for role in ("host", "partners", "optional", "absent"):
        for slug in localities[role]:
            assert SLUG.match(slug), slug
            assert not ADMIN_PREFIX.match(slug), slug
            assert slug not in seen, f"{slug} has two roles"
            seen.add(slug)


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_host_and_partners_are_named_in_the_text(document: dict[str, Any]) -> None:
    folded = fold(normalize(raw_text(document)))
    localities = document["localities"]
    for slug in [*localities["host"], *localities["partners"]]:
        assert names_in_text(slug, folded, PLACE_NAMES), f"{slug} not named in {document['file']}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_metadata_values_have_their_formats(document: dict[str, Any]) -> None:
    assert isinstance(document["title"], str)
    assert document["title"].strip()
    assert document["source"].startswith(("http://", "https://"))
    number = document["document_number"]
    if number is not None:
        assert DOCUMENT_NUMBER.match(number), number
        assert number in raw_text(document)
    published = document["published_at"]
    if published is not None:
        stamp = datetime.fromisoformat(published)
        assert stamp.utcoffset() == VIETNAM_OFFSET, published
    issued = document["issued_on"]
    if issued is not None:
        issued_day = date.fromisoformat(issued)
        if published is not None:
            assert issued_day <= datetime.fromisoformat(published).date()


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d["published_at"] is not None], ids=doc_id)
def test_publication_stamp_is_shown_by_the_page(document: dict[str, Any]) -> None:
    # A stamp is labelled only when the page shows it with its minute; its day and time must be in the text.
    stamp = datetime.fromisoformat(document["published_at"])
    text = raw_text(document)
    day_forms = {
        stamp.strftime("%d/%m/%Y"),
        stamp.strftime("%Y/%m/%d"),
        f"{stamp:%B} {stamp:%d}, {stamp:%Y}",
    }
    assert any(form in text for form in day_forms), document["file"]
    hour12 = stamp.strftime("%I").lstrip("0")
    time_forms = {stamp.strftime("%H:%M"), f"{hour12}:{stamp:%M}"}
    assert any(form in text for form in time_forms), document["file"]


def test_place_name_table_only_lists_well_formed_slugs() -> None:
    for slug, spellings in PLACE_NAMES.items():
        assert SLUG.match(slug), slug
        assert spellings, slug
        assert all(spelling.strip() for spelling in spellings), slug


@pytest.mark.parametrize(
    ("slug", "text", "named"),
    [
        ("havana", "Thanh uy La Habana", True),
        ("ile-de-france", "Hanoi and Ile-de-France", True),
        ("lao-cai", "tinh Lao Cai", True),
        ("gia-lai", "ho tro tinh Gia ", False),
        ("vinh-phuc", "Hung Yen, Vinh Phu", False),
    ],
)
def test_name_check_respects_word_boundaries(slug: str, text: str, named: bool) -> None:
    # A cut at the end of a stored copy ("Gia ", "Vinh Phu") must not pass for the place.
    assert names_in_text(slug, fold(normalize(text)), PLACE_NAMES) is named
