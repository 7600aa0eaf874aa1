"""Organisations' names in running text (services/classify/names.py) and what they do to sector scores."""

from __future__ import annotations

import pytest

from services.classify.names import name_spans
from services.classify.sectors import SectorTagger

TAGGER = SectorTagger()


def names_in(text: str) -> list[str]:
    """The names the tagger sees: heads from the lexicon's own scan (data/sectors.yaml)."""
    heads = TAGGER.analyze(text, None).heads
    return [text[span.start : span.end] for span in name_spans(text, heads)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Thông tin trên được đại diện Sở Văn hóa - Thể thao và Du lịch Hà Nội đưa ra ngày 25/11.",
            ["Sở Văn hóa - Thể thao và Du lịch Hà Nội"],
        ),
        (
            "He visited Swinburne University of Technology and a school.",
            ["Swinburne University of Technology"],
        ),
        (
            "the Investment, Trade and Tourism Promotion Centre of Hanoi signed it",
            ["Investment, Trade and Tourism Promotion Centre of Hanoi"],
        ),
        ("and Minister for Small Business, Innovation and Trade Philip Dalidakis, and others", None),
        ("Sở Công Thương phối hợp với siêu thị BigC.", ["Sở Công Thương"]),
        # A sentence opening on a head word that starts no name.
        ("Bộ máy hành chính được tinh gọn.", []),
        # The kind of body in lower case, then its name, which may end on a lower-case syllable.
        (
            "Hai bên mời Trung tâm dạy nghề Thương mại (Oberstufenzentrum Handel) tham gia.",
            ["Trung tâm dạy nghề Thương mại"],
        ),
        ("Công ty cổ phần Du lịch Hà Nội ký hợp đồng.", ["Công ty cổ phần Du lịch Hà Nội"]),
        ("Công ty đầu tư vào Hà Nội nhiều dự án.", []),
        # Title Case lines (headlines, menus) are left alone.
        ("Hanoi Tourism Department Signs Pact With Lao Cai Province", []),
    ],
)
def test_names_run_over_the_capitalised_words_around_a_head(text: str, names: list[str] | None) -> None:
    found = names_in(text)
    if names is None:
        assert found == ["Minister for Small Business, Innovation and Trade Philip Dalidakis"]
    else:
        assert found == names


def test_a_phrase_on_the_head_itself_is_not_inside_the_name() -> None:
    text = "Sinh viên Trường Đại học Y Hà Nội sang thực tập tại bệnh viện của tỉnh."
    head = text.index("Trường")
    names = name_spans(text, [(head, head + len("Trường"), False)])
    assert len(names) == 1
    assert not names[0].holds(head, head + len("Trường Đại học"))
    assert names[0].holds(text.index("Y"), text.index("Y") + 1)


def test_the_same_words_as_a_field_still_tag() -> None:
    text = "Hai bên thống nhất đẩy mạnh hợp tác về văn hóa, thể thao và du lịch."
    assert "culture_sports_tourism" in {tag.id for tag in TAGGER.tag(text, "vi")}


def test_a_school_named_for_trade_makes_no_trade() -> None:
    text = "Hai bên dự kiến mời Trung tâm dạy nghề Thương mại tham gia dự án đào tạo nghề nhà hàng."
    assert "industry_trade" not in {tag.id for tag in TAGGER.tag(text, "vi")}
