"""The second held-out set in tests/classify/heldout2/ is well formed and consistent with its texts.

It measures classification on pages nobody tuned for, after the first held-out set was looked at
while tuning. A slip in its labels (an unknown sector id, a partner the text never names, a stamp
the page does not show) would bias that measure silently, and so would a page that the tuning
corpus or the first held-out set already holds.
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

HERE = Path(__file__).resolve().parent
HELDOUT2 = HERE / "heldout2"
# Sets the second held-out set must not overlap: the tuning corpus and the first held-out set.
EARLIER_SETS = (HERE / "corpus", HERE / "heldout")
GOLD: dict[str, Any] = json.loads((HELDOUT2 / "gold.json").read_text(encoding="utf-8"))
DOCUMENTS: list[dict[str, Any]] = GOLD["documents"]
PLACE_NAMES: dict[str, list[str]] = json.loads((HELDOUT2 / "place_names.json").read_text(encoding="utf-8"))[
    "names"
]

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
    return (HELDOUT2 / str(document["file"])).read_text(encoding="utf-8")


def names_in_text(slug: str, folded: str, table: dict[str, list[str]]) -> bool:
    """The place is named in ``folded`` by its slug's words or a listed spelling, on word boundaries."""
    for spelling in [slug.replace("-", " "), *table.get(slug, [])]:
        pattern = r"(?<![a-z0-9])" + re.escape(fold(normalize(spelling))) + r"(?![a-z0-9])"
        if re.search(pattern, folded):
            return True
    return False


def stamp_day_forms(stamp: datetime) -> set[str]:
    # Pages write the day as 13/04/2023, 2023/04/13, April 13, 2023 or Apr 13, 2023.
    return {
        stamp.strftime("%d/%m/%Y"),
        stamp.strftime("%Y/%m/%d"),
        f"{stamp:%B} {stamp:%d}, {stamp:%Y}",
        f"{stamp:%b} {stamp:%d}, {stamp:%Y}",
    }


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
    assert sorted(labelled) == sorted(path.name for path in HELDOUT2.glob("*.txt"))


def test_set_is_big_enough_in_both_languages() -> None:
    languages = [document["language"] for document in DOCUMENTS]
    assert set(languages) <= {"en", "vi"}
    assert languages.count("en") >= 5
    assert languages.count("vi") >= 6


@pytest.mark.parametrize("earlier", EARLIER_SETS, ids=lambda path: path.name)
def test_no_page_or_text_is_shared_with_an_earlier_set(earlier: Path) -> None:
    earlier_gold = json.loads((earlier / "gold.json").read_text(encoding="utf-8"))
    earlier_sources = {document["source"] for document in earlier_gold["documents"]}
    earlier_titles = {fold(normalize(document["title"])) for document in earlier_gold["documents"]}
    earlier_texts = {path.read_text(encoding="utf-8") for path in earlier.glob("*.txt")}
    for document in DOCUMENTS:
        assert document["source"] not in earlier_sources, document["file"]
        assert fold(normalize(document["title"])) not in earlier_titles, document["file"]
        assert raw_text(document) not in earlier_texts, document["file"]


def test_sources_are_distinct() -> None:
    sources = [document["source"] for document in DOCUMENTS]
    assert len(sources) == len(set(sources))


@pytest.mark.parametrize("document", DOCUMENTS, ids=doc_id)
def test_text_file_is_named_and_sized_as_agreed(document: dict[str, Any]) -> None:
    assert FILE_NAME.match(document["file"])
    raw = (HELDOUT2 / document["file"]).read_bytes()
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
def test_host_partners_and_look_alikes_are_named_in_the_text(document: dict[str, Any]) -> None:
    # An 'absent' look-alike the text never spells would test nothing.
    folded = fold(normalize(raw_text(document)))
    localities = document["localities"]
    for slug in [*localities["host"], *localities["partners"], *localities["absent"]]:
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
    assert any(form in text for form in stamp_day_forms(stamp)), document["file"]
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
        ("saint-petersburg", "Hanoi and St. Petersburg", True),
        ("ulaanbaatar", "delegation of Ulan Bator capital", True),
        ("astana", "hai thu do Nursultan va Ha Noi", True),
        ("ha-tinh", "tinh Ha Tinh", True),
        ("ha-tinh", "tinh Ha Tinhxa", False),
        ("lai-chau", "tinh Lai", False),
    ],
)
def test_name_check_respects_word_boundaries(slug: str, text: str, named: bool) -> None:
    # A partner check that matched inside words would pass labels the text never supports.
    assert names_in_text(slug, fold(normalize(text)), PLACE_NAMES) is named


def test_stamp_day_forms_cover_abbreviated_months() -> None:
    forms = stamp_day_forms(datetime(2023, 4, 13, 15, 50, tzinfo=None))
    assert "Apr 13, 2023" in forms
    assert "13/04/2023" in forms
