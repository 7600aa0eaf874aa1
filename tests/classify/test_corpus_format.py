"""The labelled corpus in tests/classify/corpus/ is well formed and consistent with its texts.

Other tests and the scorer trust gold.json blindly, so this is where a typo in a slug,
a sector id that the spec does not know, or a partner that the text never names is caught.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.events import SECTOR_IDS
from shared.text import fold, has_diacritics, normalize

CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD_PATH = CORPUS / "gold.json"
PLACE_NAMES_PATH = CORPUS / "place_names.json"
PROJECT_SECTORS = Path(__file__).resolve().parents[2] / "services" / "classify" / "data" / "sectors.yaml"

# The contract's 16 sector ids (kept in step with the taxonomy data file by a test).
SPEC_SECTOR_IDS = frozenset(SECTOR_IDS)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Slugs drop the administrative prefix: "tinh-ha-giang" or "quan-hoan-kiem" is a labelling slip.
ADMIN_PREFIX = re.compile(r"^(?:tinh|thanh-pho|tp|quan|huyen|thi-xa|xa|phuong)-")
FILE_NAME = re.compile(r"^\d{3}_[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")
DOCUMENT_NUMBER = re.compile(r"^\d+-(?:TB|KL|NQ|CT)/TU$")
MAX_BYTES = 8 * 1024
MIN_BYTES = 300
VIETNAM_OFFSET = timedelta(hours=7)

GOLD: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
DOCUMENTS: list[dict[str, Any]] = GOLD["documents"]
PLACE_NAMES: dict[str, list[str]] = json.loads(PLACE_NAMES_PATH.read_text(encoding="utf-8"))["names"]


def sector_ids() -> frozenset[str]:
    if not PROJECT_SECTORS.exists():
        return SPEC_SECTOR_IDS
    data = yaml.safe_load(PROJECT_SECTORS.read_text(encoding="utf-8"))
    return frozenset(str(sector["id"]) for sector in data["sectors"])


def folded_text(document: dict[str, Any]) -> str:
    return fold(normalize((CORPUS / document["file"]).read_text(encoding="utf-8")))


def names_in_text(slug: str, text: str) -> bool:
    """The place is named in ``text`` (already folded) by its slug's words or a listed spelling."""
    spellings = [slug.replace("-", " "), *PLACE_NAMES.get(slug, [])]
    for spelling in spellings:
        pattern = r"(?<![a-z0-9])" + re.escape(fold(normalize(spelling))) + r"(?![a-z0-9])"
        if re.search(pattern, text):
            return True
    return False


def doc_id(document: dict[str, Any]) -> str:
    return str(document["file"])


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
    on_disk = sorted(path.name for path in CORPUS.glob("*.txt"))
    assert sorted(labelled) == on_disk


def test_corpus_is_big_enough_in_both_languages() -> None:
    languages = [document["language"] for document in DOCUMENTS]
    assert set(languages) <= {"en", "vi"}
    assert languages.count("en") >= 6
    assert languages.count("vi") >= 8


def test_corpus_holds_a_vietnamese_text_without_diacritics() -> None:
    stripped = [
        document
        for document in DOCUMENTS
        if document["language"] == "vi"
        and not has_diacritics((CORPUS / document["file"]).read_text(encoding="utf-8"))
    ]
    assert len(stripped) == 1


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_text_file_is_named_and_sized_as_agreed(document: dict[str, Any]) -> None:
    assert FILE_NAME.match(document["file"])
    raw = (CORPUS / document["file"]).read_bytes()
    assert MIN_BYTES <= len(raw) <= MAX_BYTES
    text = raw.decode("utf-8")
    assert "\ufffd" not in text


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_sectors_are_spec_ids_and_not_both_required_and_optional(document: dict[str, Any]) -> None:
    known = sector_ids()
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
    text = folded_text(document)
    localities = document["localities"]
    for slug in [*localities["host"], *localities["partners"]]:
        assert names_in_text(slug, text), f"{slug} not named in {document['file']}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_metadata_values_have_their_formats(document: dict[str, Any]) -> None:
    assert isinstance(document["title"], str)
    assert document["title"].strip()
    assert document["source"].startswith(("http://", "https://"))
    number = document["document_number"]
    if number is not None:
        assert DOCUMENT_NUMBER.match(number), number
        assert number in (CORPUS / document["file"]).read_text(encoding="utf-8")
    published = document["published_at"]
    if published is not None:
        stamp = datetime.fromisoformat(published)
        assert stamp.utcoffset() == VIETNAM_OFFSET, published
    issued = document["issued_on"]
    if issued is not None:
        issued_day = date.fromisoformat(issued)
        if published is not None:
            assert issued_day <= datetime.fromisoformat(published).date()


def test_place_name_table_only_lists_well_formed_slugs() -> None:
    for slug, spellings in PLACE_NAMES.items():
        assert SLUG.match(slug), slug
        assert spellings, slug
        assert all(spelling.strip() for spelling in spellings), slug


@pytest.mark.parametrize(
    ("slug", "text", "named"),
    [
        ("vientiane", "Thu do Vieng Chan", True),
        ("ha-giang", "cac tinh Ha Giang, Son La", True),
        ("gia-lai", "hai ben da danh gia lai ket qua", True),
        ("ha-nam", "Ha Nam Dinh", True),
        ("ha-nam", "ha namdinh", False),
        ("hue", "Huey Lewis", False),
    ],
)
def test_name_check_respects_word_boundaries(slug: str, text: str, named: bool) -> None:
    # A partner check that matched inside words would pass labels the text never supports.
    assert names_in_text(slug, fold(normalize(text))) is named
