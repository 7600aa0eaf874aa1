"""The labelled sets (tuning corpus, held-out, second and third held-out) are well formed and match their texts.

Other tests and the scorer trust each gold.json blindly, and the held-out sets measure classification
on pages nobody tuned for, so a slip in a label (a typo in a slug, a sector id the spec does not know,
a partner the text never names, a stamp the page does not show, a page an earlier set already holds)
would bias those measures silently. Every set gets the same checks; what differs between sets is data
in each set's set.json (minimum sizes, earlier sets, word-boundary name cases).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.events import SECTOR_IDS
from shared.text import fold, has_diacritics, normalize

HERE = Path(__file__).resolve().parent
PROJECT_SECTORS = HERE.parents[1] / "services" / "classify" / "data" / "sectors.yaml"
PROJECT_GAZETTEER = HERE.parents[1] / "services" / "classify" / "data" / "gazetteer.yaml"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Slugs drop the administrative prefix: "tinh-ha-giang" or "quan-hoan-kiem" is a labelling slip.
ADMIN_PREFIX = re.compile(r"^(?:tinh|thanh-pho|tp|quan|huyen|thi-xa|xa|phuong)-")
FILE_NAME = re.compile(r"^\d{3}_[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")
DOCUMENT_NUMBER = re.compile(r"^\d+-(?:TB|KL|NQ|CT)/TU$")
MIN_BYTES = 300
MAX_BYTES = 8 * 1024
VIETNAM_OFFSET = timedelta(hours=7)
# Vietnamese-only letters: a text with none of them is not Vietnamese with its diacritics.
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# Fewer Vietnamese-only letters than this and a text is not Vietnamese written with its diacritics.
MIN_VIETNAMESE_LETTERS = 20
DOCUMENT_KEYS = frozenset(
    {
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
)
LOCALITY_ROLES = ("host", "partners", "optional", "absent")


@dataclass(frozen=True)
class LabelledSet:
    """One labelled directory and what is expected of it beyond the checks every set gets."""

    name: str
    min_english: int
    min_vietnamese: int
    # How many Vietnamese texts are written without diacritics; None: not prescribed, so none is allowed.
    stripped_vietnamese: int | None = None
    # Sets that must share no page, title or text with this one (the ones tuned on before it existed).
    earlier: tuple[str, ...] = ()
    # The tuning corpus holds several reports of one page; the held-out sets take each page once.
    distinct_sources: bool = True
    # Word-boundary cases for the name check, read with this set's place-name table: (slug, text, named).
    name_cases: tuple[tuple[str, str, bool], ...] = field(default=())

    @property
    def directory(self) -> Path:
        return HERE / self.name

    @cached_property
    def gold(self) -> dict[str, Any]:
        gold: dict[str, Any] = json.loads((self.directory / "gold.json").read_text(encoding="utf-8"))
        return gold

    @property
    def documents(self) -> list[dict[str, Any]]:
        documents: list[dict[str, Any]] = self.gold["documents"]
        return documents

    @cached_property
    def place_names(self) -> dict[str, list[str]]:
        table = json.loads((self.directory / "place_names.json").read_text(encoding="utf-8"))
        names: dict[str, list[str]] = table["names"]
        return names

    def raw_text(self, document: dict[str, Any]) -> str:
        return (self.directory / str(document["file"])).read_text(encoding="utf-8")


def _load_sets() -> dict[str, LabelledSet]:
    """Every labelled directory's expectations, from its set.json (data, not code)."""
    sets = {}
    for path in sorted(HERE.glob("*/set.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        sets[path.parent.name] = LabelledSet(
            name=path.parent.name,
            min_english=spec["min_english"],
            min_vietnamese=spec["min_vietnamese"],
            stripped_vietnamese=spec["stripped_vietnamese"],
            earlier=tuple(spec["earlier"]),
            distinct_sources=spec["distinct_sources"],
            name_cases=tuple((slug, text, bool(named)) for slug, text, named in spec["name_cases"]),
        )
    return sets


LABELLED_SETS = _load_sets()
SETS = list(LABELLED_SETS.values())


def test_every_labelled_directory_states_what_is_expected_of_it() -> None:
    # A set added without set.json would get none of the checks below.
    with_gold = {path.parent.name for path in HERE.glob("*/gold.json")}
    assert with_gold == set(LABELLED_SETS)
    for labelled in SETS:
        assert labelled.min_english + labelled.min_vietnamese > 0
        assert all(earlier in LABELLED_SETS for earlier in labelled.earlier)


def set_id(labelled: LabelledSet) -> str:
    return labelled.name


def each_document(*, published_only: bool = False) -> list[Any]:
    return [
        pytest.param(labelled, document, id=f"{labelled.name}/{document['file']}")
        for labelled in SETS
        for document in labelled.documents
        if not published_only or document["published_at"] is not None
    ]


def each_earlier_pair() -> list[Any]:
    return [
        pytest.param(labelled, LABELLED_SETS[earlier], id=f"{labelled.name}-vs-{earlier}")
        for labelled in SETS
        for earlier in labelled.earlier
    ]


def each_name_case() -> list[Any]:
    return [
        pytest.param(labelled, slug, text, named, id=f"{labelled.name}/{slug}/{text}")
        for labelled in SETS
        for slug, text, named in labelled.name_cases
    ]


def sector_ids() -> frozenset[str]:
    """Ids both the event contract and the project's taxonomy file know (they are kept in step)."""
    known = frozenset(SECTOR_IDS)
    if PROJECT_SECTORS.exists():
        data = yaml.safe_load(PROJECT_SECTORS.read_text(encoding="utf-8"))
        known &= frozenset(str(sector["id"]) for sector in data["sectors"])
    return known


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


def stamp_time_forms(stamp: datetime) -> set[str]:
    hour12 = stamp.strftime("%I").lstrip("0")
    return {stamp.strftime("%H:%M"), f"{hour12}:{stamp:%M}"}


# Whole-set checks.


@pytest.mark.parametrize("labelled", SETS, ids=set_id)
def test_gold_has_the_seed_format(labelled: LabelledSet) -> None:
    assert labelled.gold["format"] == 1
    assert isinstance(labelled.gold["about"], str)
    assert labelled.gold["about"]
    for document in labelled.documents:
        assert set(document) == DOCUMENT_KEYS, document["file"]
        assert set(document["localities"]) == set(LOCALITY_ROLES), document["file"]
        assert set(document["sectors"]) == {"required", "optional"}, document["file"]


@pytest.mark.parametrize("labelled", SETS, ids=set_id)
def test_every_text_is_labelled_once_and_every_label_has_its_text(labelled: LabelledSet) -> None:
    labelled_files = [document["file"] for document in labelled.documents]
    assert len(labelled_files) == len(set(labelled_files))
    assert sorted(labelled_files) == sorted(path.name for path in labelled.directory.glob("*.txt"))


@pytest.mark.parametrize("labelled", SETS, ids=set_id)
def test_set_is_big_enough_in_both_languages(labelled: LabelledSet) -> None:
    languages = [document["language"] for document in labelled.documents]
    assert set(languages) <= {"en", "vi"}
    assert languages.count("en") >= labelled.min_english
    assert languages.count("vi") >= labelled.min_vietnamese


@pytest.mark.parametrize("labelled", [s for s in SETS if s.stripped_vietnamese is not None], ids=set_id)
def test_set_holds_its_vietnamese_texts_without_diacritics(labelled: LabelledSet) -> None:
    stripped = [
        document
        for document in labelled.documents
        if document["language"] == "vi" and not has_diacritics(labelled.raw_text(document))
    ]
    assert len(stripped) == labelled.stripped_vietnamese


@pytest.mark.parametrize("labelled", [s for s in SETS if s.distinct_sources], ids=set_id)
def test_sources_are_distinct(labelled: LabelledSet) -> None:
    sources = [document["source"] for document in labelled.documents]
    assert len(sources) == len(set(sources))


@pytest.mark.parametrize(("labelled", "earlier"), each_earlier_pair())
def test_no_page_title_or_text_is_shared_with_an_earlier_set(
    labelled: LabelledSet, earlier: LabelledSet
) -> None:
    earlier_sources = {document["source"] for document in earlier.documents}
    earlier_titles = {fold(normalize(document["title"])) for document in earlier.documents}
    earlier_texts = {path.read_text(encoding="utf-8") for path in earlier.directory.glob("*.txt")}
    for document in labelled.documents:
        assert document["source"] not in earlier_sources, document["file"]
        assert fold(normalize(document["title"])) not in earlier_titles, document["file"]
        assert labelled.raw_text(document) not in earlier_texts, document["file"]


@pytest.mark.parametrize("labelled", SETS, ids=set_id)
def test_place_name_table_only_lists_well_formed_slugs(labelled: LabelledSet) -> None:
    for slug, spellings in labelled.place_names.items():
        assert SLUG.match(slug), slug
        assert spellings, slug
        assert all(spelling.strip() for spelling in spellings), slug


# Per-document checks.


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_text_file_is_named_and_sized_as_agreed(labelled: LabelledSet, document: dict[str, Any]) -> None:
    assert FILE_NAME.match(document["file"])
    raw = (labelled.directory / document["file"]).read_bytes()
    assert MIN_BYTES <= len(raw) <= MAX_BYTES
    assert "\ufffd" not in raw.decode("utf-8")


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_language_label_agrees_with_the_letters_of_the_text(
    labelled: LabelledSet, document: dict[str, Any]
) -> None:
    # English pages may carry a Vietnamese name ("Hà Nội"), so only the Vietnamese side is strict.
    text = labelled.raw_text(document)
    letters = len(VIETNAMESE_LETTERS.findall(text))
    if document["language"] != "vi":
        assert letters < MIN_VIETNAMESE_LETTERS, letters
    elif labelled.stripped_vietnamese and not has_diacritics(text):
        pass  # the set's deliberate text without diacritics; counted by its own test
    else:
        assert letters >= MIN_VIETNAMESE_LETTERS, letters


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_sectors_are_spec_ids_and_not_both_required_and_optional(
    labelled: LabelledSet, document: dict[str, Any]
) -> None:
    known = sector_ids()
    required = document["sectors"]["required"]
    optional = document["sectors"]["optional"]
    assert set(required) <= known, set(required) - known
    assert set(optional) <= known, set(optional) - known
    assert len(required) == len(set(required))
    assert len(optional) == len(set(optional))
    assert not set(required) & set(optional)


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_locality_slugs_are_well_formed_and_roles_do_not_overlap(
    labelled: LabelledSet, document: dict[str, Any]
) -> None:
    localities = document["localities"]
    assert localities["host"] == ["ha-noi"]
    assert localities["partners"], "a cooperation has another side"
    seen: set[str] = set()
    for role in LOCALITY_ROLES:
        for slug in localities[role]:
            assert SLUG.match(slug), slug
            assert not ADMIN_PREFIX.match(slug), slug
            assert slug not in seen, f"{slug} has two roles"
            seen.add(slug)


@cache
def successors() -> dict[str, str]:
    """Slug -> the slug of the unit it was merged into in 2025, from the project's gazetteer."""
    gazetteer = yaml.safe_load(PROJECT_GAZETTEER.read_text(encoding="utf-8"))
    return {place["slug"]: place["successor"] for place in gazetteer["places"] if place.get("successor")}


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_no_absent_place_is_the_successor_of_a_labelled_one(
    labelled: LabelledSet, document: dict[str, Any]
) -> None:
    # The scorer answers for a merged unit's successor too: tagging Bắc Giang (merged into Bắc
    # Ninh) counts as naming bac-ninh, so bac-ninh cannot also be 'absent' (chrome only).
    localities = document["localities"]
    named = [*localities["host"], *localities["partners"], *localities["optional"]]
    clashes = {successors()[slug] for slug in named if slug in successors()} & set(localities["absent"])
    assert not clashes, f"absent {sorted(clashes)} is the successor of a labelled place"


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_host_partners_and_look_alikes_are_named_in_the_text(
    labelled: LabelledSet, document: dict[str, Any]
) -> None:
    # An 'absent' look-alike the text never spells would test nothing.
    folded = fold(normalize(labelled.raw_text(document)))
    localities = document["localities"]
    for slug in [*localities["host"], *localities["partners"], *localities["absent"]]:
        assert names_in_text(slug, folded, labelled.place_names), f"{slug} not named in {document['file']}"


@pytest.mark.parametrize(("labelled", "document"), each_document())
def test_metadata_values_have_their_formats(labelled: LabelledSet, document: dict[str, Any]) -> None:
    assert isinstance(document["title"], str)
    assert document["title"].strip()
    assert document["source"].startswith(("http://", "https://"))
    number = document["document_number"]
    if number is not None:
        assert DOCUMENT_NUMBER.match(number), number
        assert number in labelled.raw_text(document)
    published = document["published_at"]
    if published is not None:
        stamp = datetime.fromisoformat(published)
        assert stamp.utcoffset() == VIETNAM_OFFSET, published
    issued = document["issued_on"]
    if issued is not None:
        issued_day = date.fromisoformat(issued)
        if published is not None:
            assert issued_day <= datetime.fromisoformat(published).date()


@pytest.mark.parametrize(("labelled", "document"), each_document(published_only=True))
def test_publication_stamp_is_shown_by_the_page(labelled: LabelledSet, document: dict[str, Any]) -> None:
    # A stamp is labelled only when the page shows it with its minute; its day and time must be in the text.
    stamp = datetime.fromisoformat(document["published_at"])
    text = labelled.raw_text(document)
    assert any(form in text for form in stamp_day_forms(stamp)), document["file"]
    assert any(form in text for form in stamp_time_forms(stamp)), document["file"]


# The helpers themselves.


@pytest.mark.parametrize(("labelled", "slug", "text", "named"), each_name_case())
def test_name_check_respects_word_boundaries(
    labelled: LabelledSet, slug: str, text: str, named: bool
) -> None:
    # A partner check that matched inside words would pass labels the text never supports.
    assert names_in_text(slug, fold(normalize(text)), labelled.place_names) is named


def test_stamp_day_forms_cover_abbreviated_months() -> None:
    forms = stamp_day_forms(datetime(2023, 4, 13, 15, 50, tzinfo=None))
    assert "Apr 13, 2023" in forms
    assert "13/04/2023" in forms
