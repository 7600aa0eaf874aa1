"""Commitment sentences: splitting, actors, sectors and offsets."""

from __future__ import annotations

import pytest

from services.classify.commitments import find_commitments, split_clauses
from services.classify.sectors import SectorTagger
from shared.events import Commitment


@pytest.fixture(scope="module")
def tagger() -> SectorTagger:
    return SectorTagger()


def commitments(
    tagger: SectorTagger, text: str, language: str | None, partners: tuple[str, ...] = ()
) -> list[Commitment]:
    found = find_commitments(text, language, tagger, partner_names=partners)
    for c in found:
        assert text[c.start : c.end] == c.text
    return found


def pieces(text: str) -> list[str]:
    return [text[c.start : c.end] for c in split_clauses(text)]


def test_split_handles_abbreviations_and_vietnamese_end_marks() -> None:
    text = (
        "HNP - Announcement No. 2265-TB/TU was issued. Trung tâm TP. Hà Nội tiếp nhận hồ sơ; "
        "hai bên thống nhất./.\nBy H. Hải"
    )
    assert pieces(text) == [
        "HNP - Announcement No. 2265-TB/TU was issued.",
        "Trung tâm TP. Hà Nội tiếp nhận hồ sơ",
        "hai bên thống nhất./.",
        "By H. Hải",
    ]
    sentences = [c.sentence for c in split_clauses(text)]
    assert sentences[1] == sentences[2] != sentences[0]


def test_split_keeps_decimals_times_and_quotes_together() -> None:
    text = 'Giá trị 2.5 tỷ đồng lúc 21:31. He said "yes." Then: done'
    assert pieces(text) == ["Giá trị 2.5 tỷ đồng lúc 21:31.", 'He said "yes."', "Then", "done"]


@pytest.mark.parametrize(
    ("text", "language", "partners", "actor"),
    [
        ("Hanoi will support Ha Tinh in investment promotion.", "en", ("Hà Tĩnh",), "hanoi"),
        (
            "Ha Tinh will create optimal conditions for Hanoi's enterprises.",
            "en",
            ("tỉnh Hà Tĩnh",),
            "partner",
        ),
        ("Dong Nai calls on Hanoi businesses to invest in industrial parks.", "en", (), "partner"),
        ("The two localities agreed to enhance cooperation in tourism.", "en", (), "both"),
        ("Both sides will continue working closely in e-government.", "en", (), "both"),
        ("Hanoi and Dong Nai will share experience in Party building.", "en", ("Đồng Nai",), "both"),
        ("Hai bên thống nhất phối hợp xây dựng chính quyền điện tử.", "vi", (), "both"),
        ("Hà Nội sẽ hỗ trợ Hưng Yên phát triển du lịch.", "vi", ("Hưng Yên",), "hanoi"),
        ("Hai địa phương phối hợp tổ chức các hoạt động xúc tiến đầu tư.", "vi", (), "both"),
        ("Tiếp tục hỗ trợ các doanh nghiệp đẩy mạnh giao thương.", "vi", (), "both"),
        ("Đồng thời, tăng cường trao đổi kinh nghiệm về cải cách hành chính.", "vi", (), "both"),
        ("Tỉnh Hưng Yên sẽ tạo điều kiện cho doanh nghiệp Hà Nội.", "vi", ("Hưng Yên",), "partner"),
        (
            "The announcement underlined the need to continue boosting cooperation in market management.",
            "en",
            (),
            "both",
        ),
    ],
)
def test_actor_of_a_commitment(
    tagger: SectorTagger, text: str, language: str, partners: tuple[str, ...], actor: str
) -> None:
    found = commitments(tagger, text, language, partners)
    assert [c.actor for c in found] == [actor]


def test_statements_that_commit_nobody_are_not_commitments(tagger: SectorTagger) -> None:
    text = (
        "Phó Bí thư Thành ủy mong muốn, mối quan hệ này sẽ trở thành mô hình kiểu mẫu để khuyến khích "
        "các địa phương khác của hai Thủ đô tiếp tục xây dựng quan hệ bền chặt. "
        "Dong Nai is a province with many industrial parks."
    )
    assert commitments(tagger, text, None) == []


def test_commitment_carries_the_sectors_named_in_it(tagger: SectorTagger) -> None:
    text = (
        "In terms of agriculture, the two localities will share experiences in building new style rural areas. "
        "Meanwhile, Hanoi will support Ha Tinh in investment promotion and tourism development."
    )
    first, second = commitments(tagger, text, "en", ("Ha Tinh",))
    assert first.sectors == ["agriculture"]
    assert (second.actor, second.sectors) == ("hanoi", ["investment", "culture_sports_tourism"])


def test_weak_words_alone_give_a_commitment_no_sector(tagger: SectorTagger) -> None:
    (only,) = commitments(tagger, "Hai bên sẽ tạo điều kiện cho các doanh nghiệp.", "vi")
    assert only.sectors == []


def test_later_clauses_of_the_sentence_continue_the_commitment(tagger: SectorTagger) -> None:
    text = (
        "Ha Tinh will provide full information for Hanoi's investors; disseminate investment "
        "portfolio; strengthen connection and attract more investments. Hai bên hợp tác về y tế."
    )
    first, second = commitments(tagger, text, None, ("Ha Tinh",))
    assert first.actor == "partner"
    assert first.text.endswith("attract more investments.")
    assert second.sectors == ["health"]


def test_a_field_list_after_a_colon_belongs_to_its_commitment(tagger: SectorTagger) -> None:
    text = "Bên cạnh đó, hai địa phương hợp tác tốt trong các lĩnh vực: Văn hóa, du lịch; giao thông; y tế, giáo dục./."
    (only,) = commitments(tagger, text, "vi")
    assert only.actor == "both"
    assert only.sectors == ["culture_sports_tourism", "transport_logistics", "health", "education_training"]


def test_headline_and_related_list_are_not_commitments(tagger: SectorTagger) -> None:
    text = (
        "Hà Nội và Hưng Yên tăng cường hợp tác\n"
        "Hai bên thống nhất hợp tác về du lịch.\n"
        "Tin liên quan\n"
        "Hai bên sẽ phối hợp phát triển giao thông."
    )
    found = commitments(tagger, text, "vi")
    assert [c.text for c in found] == ["Hai bên thống nhất hợp tác về du lịch."]


def test_text_without_diacritics(tagger: SectorTagger) -> None:
    (only,) = commitments(tagger, "Hai ben thong nhat phoi hop xay dung nong thon moi.", None)
    assert (only.actor, only.sectors) == ("both", ["agriculture"])


def test_a_line_break_inside_a_sentence_is_not_a_sentence_end() -> None:
    text = "Both sides agreed to work on\nplanning and transport.\nNew paragraph here\nAnother line"
    assert pieces(text) == [
        "Both sides agreed to work on\nplanning and transport.",
        "New paragraph here",
        "Another line",
    ]
    # a line closed by punctuation, or a line followed by a capitalised one, still ends there
    assert pieces("Done.\nthen more") == ["Done.", "then more"]
    assert pieces("A heading\nThe body starts") == ["A heading", "The body starts"]
