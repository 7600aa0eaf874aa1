"""The gazetteer data file: Vietnam's provinces before and after 1 July 2025, Hanoi's
districts, foreign places, and the rule words the tagger reads."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.classify.localities import GAZETTEER_PATH, gazetteer_version
from shared.text import fold, normalize, slugify

LEVELS = {"province", "district", "ward", "foreign_city", "country"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# The 2025 reorganisation (Resolution 202/2025/QH15), written out by hand so that the
# data file is checked against an independent copy: new unit <- the old units it took in.
MERGERS_2025 = {
    "tuyen-quang": {"ha-giang"},
    "lao-cai": {"yen-bai"},
    "thai-nguyen": {"bac-kan"},
    "phu-tho": {"vinh-phuc", "hoa-binh"},
    "bac-ninh": {"bac-giang"},
    "hung-yen": {"thai-binh"},
    "hai-phong": {"hai-duong"},
    "ninh-binh": {"ha-nam", "nam-dinh"},
    "quang-tri": {"quang-binh"},
    "da-nang": {"quang-nam"},
    "quang-ngai": {"kon-tum"},
    "gia-lai": {"binh-dinh"},
    "khanh-hoa": {"ninh-thuan"},
    "lam-dong": {"dak-nong", "binh-thuan"},
    "dak-lak": {"phu-yen"},
    "ho-chi-minh": {"binh-duong", "ba-ria-vung-tau"},
    "dong-nai": {"binh-phuoc"},
    "tay-ninh": {"long-an"},
    "can-tho": {"soc-trang", "hau-giang"},
    "vinh-long": {"ben-tre", "tra-vinh"},
    "dong-thap": {"tien-giang"},
    "ca-mau": {"bac-lieu"},
    "an-giang": {"kien-giang"},
}
UNCHANGED_2025 = {
    "ha-noi", "hue", "lai-chau", "dien-bien", "son-la", "lang-son", "quang-ninh",
    "thanh-hoa", "nghe-an", "ha-tinh", "cao-bang",
}  # fmt: skip

HANOI_DISTRICTS = {
    "hoan-kiem", "ba-dinh", "dong-da", "hai-ba-trung", "tay-ho", "cau-giay", "thanh-xuan",
    "hoang-mai", "long-bien", "bac-tu-liem", "nam-tu-liem", "ha-dong", "son-tay", "ba-vi",
    "chuong-my", "dan-phuong", "dong-anh", "gia-lam", "hoai-duc", "me-linh", "my-duc",
    "phu-xuyen", "phuc-tho", "quoc-oai", "soc-son", "thach-that", "thanh-oai", "thanh-tri",
    "thuong-tin", "ung-hoa",
}  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GAZETTEER_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def places(gazetteer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["slug"]: p for p in gazetteer["places"]}


def vietnam(places: dict[str, dict[str, Any]], era: str) -> dict[str, dict[str, Any]]:
    """Vietnam's provinces of an era (Hanoi's wards carry the era too)."""
    return {
        slug: p
        for slug, p in places.items()
        if p["country"] == "VN" and p["level"] == "province" and era in p.get("eras", [])
    }


def test_63_provinces_before_2025(places: dict[str, dict[str, Any]]) -> None:
    old = vietnam(places, "pre2025")
    provinces = {slug for slug, p in old.items() if p["level"] == "province"}
    assert len(provinces) == 63
    assert {"ha-noi", "ho-chi-minh", "ba-ria-vung-tau", "hue", "thua-thien-hue"} - provinces == {
        "thua-thien-hue"
    }


def test_34_provinces_after_2025(places: dict[str, dict[str, Any]]) -> None:
    new = vietnam(places, "post2025")
    assert len(new) == 34
    assert all(p["level"] == "province" for p in new.values())
    assert set(new) == set(MERGERS_2025) | UNCHANGED_2025


def test_every_old_province_maps_to_exactly_one_new(places: dict[str, dict[str, Any]]) -> None:
    old = {slug for slug, p in vietnam(places, "pre2025").items() if p["level"] == "province"}
    new = set(vietnam(places, "post2025"))
    heirs: dict[str, str] = {}
    for slug in old:
        place = places[slug]
        if slug in new:
            assert "successor" not in place, slug
            heirs[slug] = slug
        else:
            assert place["successor"] in new, slug
            heirs[slug] = place["successor"]
    expected = {old_slug: new_slug for new_slug, olds in MERGERS_2025.items() for old_slug in olds}
    expected |= {slug: slug for slug in new}
    assert heirs == expected
    assert Counter(heirs.values()).keys() == new


def test_absorbed_lists_match_successors(places: dict[str, dict[str, Any]]) -> None:
    for slug, place in vietnam(places, "post2025").items():
        absorbed = set(place.get("absorbed", []))
        assert absorbed == MERGERS_2025.get(slug, set()), slug
        assert all(places[a]["successor"] == slug for a in absorbed)


def test_hanoi_districts(places: dict[str, dict[str, Any]]) -> None:
    districts = {
        slug for slug, p in places.items() if p.get("parent") == "ha-noi" and p["level"] == "district"
    }
    assert districts == HANOI_DISTRICTS
    assert places["son-tay"]["official"] == "Thị xã Sơn Tây"
    assert places["hoan-kiem"]["official"] == "Quận Hoàn Kiếm"


# Hanoi's 126 wards and communes of 1 July 2025 that the gazetteer leaves out, each with why:
# 28 keep a district's name (tagged as that district) and three, typed without diacritics,
# spell another place.
WARDS_NAMED_AS_DISTRICTS = 28
WARDS_SPELLING_ANOTHER_PLACE = {"Yên Bài": "yen-bai", "Sơn Đồng": "shandong", "Hồng Hà": "honghe"}


def test_hanoi_wards_of_2025(places: dict[str, dict[str, Any]]) -> None:
    wards = {slug: p for slug, p in places.items() if p["level"] == "ward"}
    assert len(wards) + WARDS_NAMED_AS_DISTRICTS + len(WARDS_SPELLING_ANOTHER_PLACE) == 126
    for ward in wards.values():
        assert ward["parent"] == "ha-noi"
        assert ward["eras"] == ["post2025"]
        assert ward["official"] in (f"Phường {ward['name_vi']}", f"Xã {ward['name_vi']}")
        # A ward's name is a street's, a person's or a word too: it counts only beside its cue.
        assert "aliases" not in ward
        assert set(ward["cue_names"]) == {ward["name_vi"], ward["name_en"]}
    assert places["cua-nam"]["official"] == "Phường Cửa Nam"
    for name, other in WARDS_SPELLING_ANOTHER_PLACE.items():
        assert fold(normalize(name)).lower() in {
            fold(normalize(n)).lower() for n in [places[other]["name_vi"], *places[other].get("aliases", [])]
        } | {fold(normalize(places[other]["name_en"])).lower()}, name


def test_slugs_unique_and_well_formed(gazetteer: dict[str, Any]) -> None:
    slugs = [p["slug"] for p in gazetteer["places"]]
    assert len(slugs) == len(set(slugs))
    for place in gazetteer["places"]:
        assert SLUG.match(place["slug"]), place["slug"]
        assert place["level"] in LEVELS
        assert re.fullmatch(r"[A-Z]{2}", place["country"])
        assert place["name_vi"]
        assert place["name_en"]
    for place in gazetteer["places"]:
        if place["country"] == "VN" and place["level"] != "country":
            # Vietnamese slugs are the name without its administrative prefix.
            assert place["slug"] == slugify(place["name_vi"]), place["slug"]


def test_successors_and_parents_exist(places: dict[str, dict[str, Any]]) -> None:
    for place in places.values():
        for key in ("successor", "parent"):
            if key in place:
                assert place[key] in places, (place["slug"], key)


def test_foreign_partners_and_countries(places: dict[str, dict[str, Any]]) -> None:
    expected = {
        "vientiane": ("foreign_city", "LA", "Viêng Chăn"),
        "phnom-penh": ("foreign_city", "KH", "Phnôm Pênh"),
        "beijing": ("foreign_city", "CN", "Bắc Kinh"),
        "seoul": ("foreign_city", "KR", "Xơ-un"),
        "moscow": ("foreign_city", "RU", "Mát-xcơ-va"),
        "warsaw": ("foreign_city", "PL", "Vác-sa-va"),
        "havana": ("foreign_city", "CU", "La Ha-ba-na"),
        "pyongyang": ("foreign_city", "KP", "Bình Nhưỡng"),
        "chanthabuly": ("district", "LA", "Chanthabuly"),
        "laos": ("country", "LA", "Lào"),
    }
    for slug, (level, country, name_vi) in expected.items():
        assert (places[slug]["level"], places[slug]["country"], places[slug]["name_vi"]) == (
            level,
            country,
            name_vi,
        )
    lao_provinces = [p for p in places.values() if p["country"] == "LA" and p["level"] == "province"]
    assert len(lao_provinces) == 17


def test_no_folded_name_is_shared_by_two_places(gazetteer: dict[str, Any]) -> None:
    owners: dict[str, set[str]] = {}
    for place in gazetteer["places"]:
        names = [place["name_vi"], place["name_en"], *place.get("aliases", []), *place.get("cue_names", [])]
        for name in names:
            owners.setdefault(fold(normalize(name)).strip(), set()).add(place["slug"])
    shared = {name: slugs for name, slugs in owners.items() if len(slugs) > 1}
    assert shared == {}


def test_no_spelling_of_a_name_needing_a_cue_goes_without_one(gazetteer: dict[str, Any]) -> None:
    # Texts typed without diacritics match every spelling: "Ōta" would read "Ota" (also a
    # surname, "Minister Akihiro Ota") as the ward with no cue.
    uncued = []
    for place in gazetteer["places"]:
        cue_names = place.get("cue_names", [])
        cued = {fold(normalize(name)).lower() for name in cue_names}
        names = [place["name_vi"], place["name_en"], *place.get("aliases", [])]
        uncued += [
            (place["slug"], n) for n in names if n not in cue_names and fold(normalize(n)).lower() in cued
        ]
    assert uncued == []


def test_rule_words_present(gazetteer: dict[str, Any]) -> None:
    rules = gazetteer["rules"]
    for key in (
        "admin_prefixes",
        "admin_suffixes",
        "coordination_connectors",
        "cooperation_before",
        "end_lines",
    ):
        assert rules[key], key


def test_version_is_a_content_hash() -> None:
    version = gazetteer_version()
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert version == __import__("hashlib").sha256(Path(GAZETTEER_PATH).read_bytes()).hexdigest()[:12]
