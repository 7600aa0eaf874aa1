import unicodedata

import pytest

from shared import text as text_module
from shared.text import fold, has_diacritics, is_normalized, normalize, slugify
from tests.paths import SEEDS


@pytest.mark.parametrize(
    ("new_style", "old_style"),
    [("hoà bình", "hòa bình"), ("Thuỷ lợi", "Thủy lợi"), ("khoẻ", "khỏe"), ("Khánh Hoà", "Khánh Hòa")],
)
def test_new_and_old_tone_placement_normalise_to_one_spelling(new_style: str, old_style: str) -> None:
    assert normalize(new_style) == normalize(old_style) == old_style


def test_tone_stays_where_a_final_consonant_follows() -> None:
    assert normalize("Hoàng hoàn thành quý") == "Hoàng hoàn thành quý"


def test_decomposed_input_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Thành phố Hà Nội")
    assert decomposed != "Thành phố Hà Nội"
    assert normalize(decomposed) == "Thành phố Hà Nội"


def test_space_dash_and_quote_variants_become_plain() -> None:
    assert normalize("a\u00a0b\u2013c \u201cd\u201d e\u2019s\u200b") == 'a b-c "d" e\'s'


def test_fold_keeps_length_and_strips_marks() -> None:
    text = normalize("Đà Nẵng, Hưng Yên và TP. Hồ Chí Minh")
    folded = fold(text)
    assert folded == "da nang, hung yen va tp. ho chi minh"
    assert len(folded) == len(text)


def test_has_diacritics() -> None:
    assert has_diacritics("Hà Nội")
    assert has_diacritics("Đong")
    assert not has_diacritics("Ha Noi and Dong Nai")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hưng Yên", "hung-yen"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Đắk Lắk", "dak-lak"),
        ("Viêng Chăn", "vieng-chan"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_the_fast_paths_agree_with_the_slow_definitions() -> None:
    samples = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    samples += [
        "hoà bình",
        "Thuỷ",
        "quý",
        "a\r\nb",
        "x\u00a0y",
        "\u201cq\u201d",
        "a\u2013b",
        "Khánh Hòa",
        "ÐĐđ",
        "Ωmega ñ",
    ]
    for sample in samples:
        assert is_normalized(normalize(sample))
        if is_normalized(sample):
            assert normalize(sample) == sample
        # The list-based fold and the dict it is built from agree.
        assert fold(sample) == sample.translate(text_module._FOLD_TABLE)
