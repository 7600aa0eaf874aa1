"""The shortcuts parse takes for speed give the answers of the plain way."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from services.ingest.cleaning import find_article, is_prose, split_lines
from services.ingest.dates import find_dates, trailing_stamp
from services.ingest.lexicon import lower_same_length
from services.ingest.metadata import LANGUAGE_HEAD, detect_language, find_document
from shared.text import normalize

from .pages import seeds

HANOI = timezone(timedelta(hours=7))


def test_lower_same_length_keeps_offsets() -> None:
    text = "İstanbul và THÔNG BÁO số 12"
    lowered = lower_same_length(text)
    assert len(lowered) == len(text)
    assert lowered[lowered.index("thông báo") :].startswith("thông báo số 12")
    assert lowered.index("thông báo") == text.index("THÔNG BÁO")


@pytest.mark.parametrize("spaces", [1, 5, 120])
def test_trailing_stamp_starts_at_the_spaces_before_its_bracket(spaces: int) -> None:
    headline = "Hà Nội và Lào Cai đẩy mạnh hợp tác " * 6
    found = trailing_stamp(headline.rstrip() + " " * spaces + "(21:31 24/10/2019)")
    assert found is not None
    start, stamp = found
    assert start == len(headline.rstrip())
    assert stamp.at == datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)


def test_trailing_stamp_needs_the_bracket_at_the_end() -> None:
    assert trailing_stamp("Hà Nội (21:31 24/10/2019) và Lào Cai đẩy mạnh hợp tác") is None


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ('Hai bên ký kết biên bản hợp tác."', True),
        ("Hai bên ký kết biên bản hợp tác.)]", True),
        ("Why does Hanoi work with Lao Cai?", False),  # 7 words: a headline's question
        ("Why does Hanoi work with Lao Cai now?", True),
        ("Hai bên thống nhất các nội dung sau:", True),
        ("Văn bản số 12/CV./.", True),
        (" ".join(["Hà Nội"] * 20), False),  # 40 capitalised words, no end: a menu
        (" ".join(["hợp tác"] * 16), True),  # 32 words without a full stop: a cut paragraph
    ],
)
def test_prose_lines(line: str, want: bool) -> None:
    assert is_prose(line) is want


def test_has_body_words_agrees_with_the_count() -> None:
    for s in seeds():
        article = find_article(split_lines(normalize(s.raw)))
        assert article is not None
        total = article.body_words()
        for minimum in (0, 1, 20, total, total + 1):
            assert article.has_body_words(minimum) is (total >= minimum)


def test_document_words_match_whatever_their_case() -> None:
    text = (
        "HNP - THE STANDING BOARD OF THE HANOI PARTY COMMITTEE HAS ISSUED ANNOUNCEMENT No. 2230-TB/TU "
        "ON COOPERATION WITH BAC LIEU."
    )
    facts = find_document(text, datetime(2019, 10, 25, tzinfo=HANOI))
    assert facts.document is not None
    assert facts.document.number == "2230-TB/TU"
    assert facts.document.kind == "announcement"
    assert facts.document.issuer == "Standing Board of the Hanoi Party Committee"


def test_vietnamese_date_words_match_whatever_their_case() -> None:
    found = find_dates("SÁNG 20/8, HAI BÊN KÝ KẾT; NGÀY 3 THÁNG 9 NĂM 2021 TỔNG KẾT")
    assert [(d.day, d.month, d.year) for d in found] == [(20, 8, None), (3, 9, 2021)]
    assert found[0].start == 0


def test_a_day_after_a_digit_or_slash_is_no_date() -> None:
    assert find_dates("Room 12 October") != []
    assert find_dates("No. 112 October") == []
    assert find_dates("2019/12 October") == []


def test_document_in_a_late_paragraph_is_found() -> None:
    filler = "Hai bên trao đổi kinh nghiệm về xây dựng Đảng và phát triển kinh tế.\n" * 30
    text = filler + "Ngày 20/8, Thành ủy Hà Nội ban hành Thông báo số 2200-TB/TU về hợp tác.\n"
    facts = find_document(text, datetime(2019, 8, 30, tzinfo=HANOI))
    assert facts.document is not None
    assert facts.document.number == "2200-TB/TU"
    assert facts.issued_on == date(2019, 8, 20)


def test_language_decided_by_the_head_or_by_the_whole_sample_alike() -> None:
    vietnamese = "Hai bên thống nhất tăng cường hợp tác trong xúc tiến đầu tư, du lịch. " * 30
    assert detect_language(vietnamese) == "vi"
    # Vietnamese letters only after the head: counted all the same.
    late = "Hanoi Lao Cai " * (LANGUAGE_HEAD // 14 + 1) + vietnamese
    assert detect_language(late[:2000]) == "vi"
    english = (
        "The two sides agreed to boost their cooperation in investment, trade and tourism, and to hold "
        "regular meetings in Hà Nội to review the results of the plan. "
    ) * 12
    assert detect_language(english) == "en"
