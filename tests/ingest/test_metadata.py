"""Metadata: equal to the hand labels on the seeds, and right (or None) on cases of our own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from services.ingest.cleaning import find_article, split_lines
from services.ingest.dates import parse_stamp, stamp_line
from services.ingest.metadata import detect_language, publication_stamp
from services.ingest.parsing import ParsedAnnouncement, parse

from .pages import STAMP_STYLES, Seed, html_page, seeds

HANOI = timezone(timedelta(hours=7))
SEED_IDS = [s.file[:3] for s in seeds()]


def gold_view(parsed: ParsedAnnouncement) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "language": parsed.language,
        "document_number": parsed.document.number if parsed.document else None,
        "published_at": parsed.published_at.isoformat() if parsed.published_at else None,
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else None,
    }


def expected(s: Seed) -> dict[str, Any]:
    return {k: s.gold[k] for k in ("title", "language", "document_number", "published_at", "issued_on")}


@pytest.mark.parametrize("s", seeds(), ids=SEED_IDS)
def test_copied_seed_metadata_equal_the_gold(s: Seed) -> None:
    parsed = parse(s.raw)
    assert gold_view(parsed) == expected(s)
    if parsed.published_at is not None:
        assert parsed.published_at.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("style", STAMP_STYLES)
@pytest.mark.parametrize("s", seeds(), ids=SEED_IDS)
def test_html_seed_metadata_equal_the_gold(s: Seed, style: str) -> None:
    assert gold_view(parse(html_page(s, style), content_type="text/html")) == expected(s)


def test_seed_documents_have_kind_issuer_and_key() -> None:
    parsed = parse(seeds()[0].raw)
    assert parsed.document is not None
    assert parsed.document.kind == "announcement"
    assert parsed.document.issuer == "Hanoi Party Committee"
    assert parsed.document_key == "doc:2265-TB/TU"
    no_doc = parse(seeds()[2].raw)
    assert no_doc.document is None
    assert no_doc.document_key == f"ann:{no_doc.announcement_id}"


# ---------------------------------------------------------------- our own cases
_FILL_EN = (
    "The two sides agreed to strengthen cooperation in investment promotion, tourism, agriculture and "
    "digital transformation, and to hold regular meetings to review the results."
)
_FILL_VI = (
    "Hai bên thống nhất tăng cường hợp tác trong xúc tiến đầu tư, du lịch, nông nghiệp và chuyển đổi số, "
    "định kỳ họp để đánh giá kết quả thực hiện."
)


def doc(*lines: str, lang: str = "en") -> str:
    return "\n".join([*lines, _FILL_EN if lang == "en" else _FILL_VI])


CASES: list[Any] = [
    pytest.param(
        doc(
            "Hanoi issues plan to work with Lao Cai",
            "March 6, 2020 10:15 AM",
            "The Hanoi People's Committee issued Decision No. 1234/QĐ-UBND on March 5, approving the cooperation "
            "programme with Lao Cai Province.",
        ),
        {
            "title": "Hanoi issues plan to work with Lao Cai",
            "published_at": datetime(2020, 3, 6, 10, 15, tzinfo=HANOI),
            "number": "1234/QĐ-UBND",
            "kind": "decision",
            "issuer": "Hanoi People's Committee",
            "issued_on": date(2020, 3, 5),
            "language": "en",
        },
        id="en-decision-with-english-stamp",
    ),
    pytest.param(
        doc(
            "Hà Nội triển khai hợp tác với Lào Cai",
            "Cập nhật: 08:15, 17/03/2021",
            "UBND thành phố Hà Nội vừa ban hành Kế hoạch số 123/KH-UBND ngày 15/3/2021 về thực hiện chương trình "
            "hợp tác với tỉnh Lào Cai.",
            lang="vi",
        ),
        {
            "published_at": datetime(2021, 3, 17, 8, 15, tzinfo=HANOI),
            "number": "123/KH-UBND",
            "kind": "plan",
            "issuer": "Hanoi People's Committee",
            "issued_on": date(2021, 3, 15),
            "language": "vi",
        },
        id="vi-plan-dated-after-number",
    ),
    pytest.param(
        doc(
            "Thứ Hai, 06/01/2020 09:00",
            "Hà Nội và Bắc Ninh thống nhất nội dung hợp tác",
            "Thực hiện Nghị quyết số 15-NQ/TW của Bộ Chính trị, ngày 3/1, Thành ủy Hà Nội ban hành Kết luận số "
            "15-KL/TU về hợp tác với tỉnh Bắc Ninh.",
            lang="vi",
        ),
        {
            "title": "Hà Nội và Bắc Ninh thống nhất nội dung hợp tác",
            "published_at": datetime(2020, 1, 6, 9, 0, tzinfo=HANOI),
            "number": "15-KL/TU",
            "kind": "conclusion",
            "issuer": "Hanoi Party Committee",
            "issued_on": date(2020, 1, 3),
        },
        id="vi-cited-resolution-is-not-the-document",
    ),
    pytest.param(
        doc(
            "Hà Nội, Thái Nguyên đẩy mạnh hợp tác (08:00 03/01/2020)",
            "Ngày 28/12, Ban Thường vụ Thành ủy Hà Nội ban hành Thông báo số 1001-TB/TU về kết luận hội nghị.",
            lang="vi",
        ),
        {
            "published_at": datetime(2020, 1, 3, 8, 0, tzinfo=HANOI),
            "issuer": "Standing Board of the Hanoi Party Committee",
            "issued_on": date(2019, 12, 28),
        },
        id="year-inferred-across-new-year",
    ),
    pytest.param(
        doc(
            "Hà Nội, Thái Nguyên đẩy mạnh hợp tác",
            "Ngày 28/12, Thành ủy Hà Nội ban hành Thông báo số 1001-TB/TU về kết luận hội nghị.",
            lang="vi",
        ),
        {"published_at": None, "number": "1001-TB/TU", "issued_on": None},
        id="no-year-and-no-publication-date",
    ),
    pytest.param(
        doc(
            "Hanoi steps up work with Bac Giang",
            "Hanoi Party Committee has issued Directive 05-CT/TU on October 3, 2019 on cooperation with Bac Giang "
            "Province in the 2019-2025 period.",
        ),
        {"number": "05-CT/TU", "kind": "directive", "issued_on": date(2019, 10, 3), "published_at": None},
        id="directive-without-no-and-full-date",
    ),
    pytest.param(
        doc(
            "Hanoi delegation visits Vientiane",
            "On 24/10/2019, the Hanoi delegation met leaders of Vientiane to discuss the cooperation agreement "
            "signed in 2016.",
        ),
        {"published_at": None, "number": None, "issued_on": None},
        id="date-inside-a-sentence-is-not-a-stamp",
    ),
    pytest.param(
        doc(
            "Hanoi, Ha Tinh boost cooperation (12:39 15/06/2019)",
            "The Hanoi Party Committee has recently released Announcement No. 1980-TB/TU on the conclusions of "
            "the conference held on June 10.",
        ),
        {
            "number": "1980-TB/TU",
            "issued_on": None,
            "published_at": datetime(2019, 6, 15, 12, 39, tzinfo=HANOI),
        },
        id="released-without-date-has-no-issue-date",
    ),
    pytest.param(
        doc(
            "Hà Nội và Vĩnh Phúc hợp tác toàn diện",
            "24/10/2019 - 21:31",
            "Thông báo số 2265-TB/TU do Thành ủy Hà Nội ban hành ngày 22/10/2019 nêu rõ hai bên sẽ tiếp tục "
            "phối hợp chặt chẽ.",
            lang="vi",
        ),
        {
            "published_at": datetime(2019, 10, 24, 21, 31, tzinfo=HANOI),
            "number": "2265-TB/TU",
            "issuer": "Hanoi Party Committee",
            "issued_on": date(2019, 10, 22),
        },
        id="vi-passive-do-ban-hanh",
    ),
    pytest.param(
        doc(
            "Hà Nội và Phú Thọ tăng cường phối hợp",
            "Đoàn công tác đã trao đổi về việc quán triệt Nghị quyết số 15-NQ/TW trong hai địa phương.",
            "Hai bên nhất trí tiếp tục thực hiện các nội dung đã ký kết.",
            lang="vi",
        ),
        {"number": None, "issued_on": None},
        id="merely-cited-resolution-is-no-document",
    ),
    pytest.param(
        doc(
            "Published: 2019-10-24 21:31",
            "Hanoi and Hue strengthen cultural ties",
            "Hanoi and Thua Thien Hue Province have agreed to step up exchanges in culture and heritage "
            "conservation.",
        ),
        {
            "published_at": datetime(2019, 10, 24, 21, 31, tzinfo=HANOI),
            "title": "Hanoi and Hue strengthen cultural ties",
        },
        id="labelled-iso-stamp-before-headline",
    ),
    pytest.param(
        doc(
            "Hanoi and Hue strengthen cultural ties",
            "Thursday, October 24, 2019 | 14:31 GMT",
            "Hanoi and Thua Thien Hue Province have agreed to step up exchanges in culture and heritage "
            "conservation.",
        ),
        {"published_at": datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)},
        id="stamp-in-gmt-converted-to-hanoi",
    ),
    pytest.param(
        doc(
            "Hà Nội và Quảng Ninh ký kết hợp tác",
            "Sáng 12/4, tại Hạ Long, hai địa phương đã ký biên bản ghi nhớ về hợp tác trong 5 năm tới.",
            lang="vi",
        ),
        {"published_at": None, "number": None, "issued_on": None, "language": "vi"},
        id="vi-morning-date-is-not-publication",
    ),
    pytest.param(
        doc(
            "Hanoi to cooperate with Son La",
            "Hanoi People's Committee issued Plan No. 88/KH-UBND dated 2 April 2021 on cooperation with Son La.",
        ),
        {"number": "88/KH-UBND", "kind": "plan", "issued_on": date(2021, 4, 2)},
        id="en-dated-day-month-year",
    ),
    pytest.param(
        doc(
            "Hà Nội hỗ trợ tỉnh Điện Biên",
            "Ngày 9 tháng 5 năm 2022, UBND TP Hà Nội đã ký Quyết định số 1500/QĐ-UBND hỗ trợ tỉnh Điện Biên "
            "xây dựng trường học.",
            lang="vi",
        ),
        {
            "number": "1500/QĐ-UBND",
            "kind": "decision",
            "issued_on": date(2022, 5, 9),
            "issuer": "Hanoi People's Committee",
        },
        id="vi-date-in-words",
    ),
    pytest.param(
        doc(
            "Hà Nội làm việc với Quảng Trị",
            "Chiều 5/7, đoàn công tác Hà Nội làm việc với tỉnh Quảng Trị.\n\n"
            "Phó Chủ tịch UBND thành phố cho biết, trên cơ sở chương trình hợp tác năm 2019 và Thông báo kết "
            "luận số 838-TB/TU ngày 3/8/2022 của Ban Thường vụ Thành ủy Hà Nội, thành phố đang hỗ trợ tỉnh.",
            lang="vi",
        ),
        {
            "number": "838-TB/TU",
            "kind": "announcement",
            "issued_on": date(2022, 8, 3),
            "issuer": "Standing Board of the Hanoi Party Committee",
        },
        id="vi-the-one-committee-document-a-report-names",
    ),
    pytest.param(
        doc(
            "Hà Nội làm việc với Quảng Trị",
            "Chiều 5/7, đoàn công tác Hà Nội làm việc với tỉnh Quảng Trị.\n\n"
            "Hai bên rà soát Thông báo số 838-TB/TU và Thông báo số 1021-TB/TU của Thành ủy Hà Nội.",
            lang="vi",
        ),
        {"number": None, "issued_on": None},
        id="vi-two-committee-documents-name-no-subject",
    ),
    pytest.param(
        doc(
            "Hà Nội hỗ trợ Lào Cai",
            "Thực hiện Thông báo số 838-TB/TU của Thành ủy, thành phố hỗ trợ tỉnh Lào Cai 20 tỷ đồng.",
            lang="vi",
        ),
        {"number": None},
        id="vi-a-cited-committee-document-is-not-the-subject",
    ),
    pytest.param(
        doc(
            "Hanoi council delegation visits Thai Nguyen",
            "Under the Hanoi Party Committee's Plan No. 120-KH/TU on its relations with other provinces, a "
            "delegation of the city visited Thai Nguyen on Tuesday.",
        ),
        {"number": None},
        id="en-cited-with-its-issuer-between",
    ),
    pytest.param(
        doc(
            "Hà Nội hỗ trợ Quảng Ninh",
            "Ngày 30/7/2015, Ủy ban MTTQ Việt Nam thành phố Hà Nội có công văn số 219/MTTQ-BTT đề nghị Thường "
            "trực Thành ủy cho ý kiến về việc hỗ trợ tỉnh Quảng Ninh.",
            lang="vi",
        ),
        {"number": None, "issued_on": None},
        id="vi-an-official-letter-is-never-the-document-reported",
    ),
    # Another outlet's retelling: the document as the source of the report, then its issuing.
    pytest.param(
        doc(
            "Hanoi, Dong Nai to step up cooperation",
            "October 24, 2019 9:31 PM",
            "Hanoi (VNA) - Hanoi and Dong Nai will step up cooperation, according to Announcement No. "
            "2265-TB/TU issued by the Hanoi Party Committee on October 22.",
        ),
        {"number": "2265-TB/TU", "issuer": "Hanoi Party Committee", "issued_on": date(2019, 10, 22)},
        id="en-according-to-a-document-issued-by",
    ),
    pytest.param(
        doc(
            "Hanoi, Ha Tinh widen cooperation",
            "HÀ NỘI - The capital and Hà Tĩnh have pledged to widen their cooperation, according to "
            "Announcement No. 1980-TB/TU on the conclusions of a conference between the two localities, "
            "released recently by the Hà Nội Party Committee.",
        ),
        {"number": "1980-TB/TU", "issuer": "Hanoi Party Committee", "issued_on": None},
        id="en-according-to-a-document-released-after-its-subject",
    ),
    pytest.param(
        doc(
            "Đà Nẵng và Hà Nội chia sẻ kinh nghiệm",
            "Hai thành phố sẽ đẩy mạnh trao đổi kinh nghiệm. Nội dung trên được nêu tại Thông báo số "
            "2138-TB/TU do Thành ủy Hà Nội ban hành ngày 20/8/2019.",
            lang="vi",
        ),
        {"number": "2138-TB/TU", "issuer": "Hanoi Party Committee", "issued_on": date(2019, 8, 20)},
        id="vi-stated-in-a-document-do-ban-hanh",
    ),
    pytest.param(
        doc(
            "Hà Nội - Hưng Yên tăng cường hợp tác",
            "Đây là nội dung chính của Thông báo số 2077-TB/TU mà Thành ủy Hà Nội vừa ban hành ngày "
            "11/7/2019, truyền đạt kết luận hội nghị.",
            lang="vi",
        ),
        {"number": "2077-TB/TU", "issuer": "Hanoi Party Committee", "issued_on": date(2019, 7, 11)},
        id="vi-content-of-a-document-ma-vua-ban-hanh",
    ),
    pytest.param(
        doc(
            "Hanoi helps Lao Cai",
            "Hanoi is helping Lao Cai build schools, according to Announcement No. 838-TB/TU of the Hanoi Party "
            "Committee, and the city will send teachers.",
        ),
        {"number": "838-TB/TU", "issued_on": None},
        id="en-according-to-the-one-committee-document-the-report-names",
    ),
    pytest.param(
        doc(
            "Hanoi, Dong Nai to step up cooperation",
            "October 24, 2019 9:31 PM",
            "Hanoi's Party Committee issued Conclusion Notice No. 2265-TB/TU on October 22.",
        ),
        {"number": "2265-TB/TU", "kind": "announcement", "issued_on": date(2019, 10, 22)},
        id="en-conclusion-notice",
    ),
    pytest.param(
        doc(
            "Hanoi, Da Nang share experience",
            "August 24, 2019 - 12:22",
            "Hanoi and Da Nang will share experience in many fields.",
            "The conclusions are set out in Announcement No. 2138-TB/TU, which the Hanoi Party Committee issued "
            "on August 20.",
        ),
        {"number": "2138-TB/TU", "issuer": "Hanoi Party Committee", "issued_on": date(2019, 8, 20)},
        id="en-a-document-which-its-issuer-issued",
    ),
    # "Under" marks the basis of what is done, unless the document is news: "recently issued".
    pytest.param(
        doc(
            "Hanoi, Dong Nai to step up cooperation",
            "Under Announcement No. 2265-TB/TU recently issued by the Hanoi Party Committee, Hanoi and Dong Nai "
            "will share experience in Party building.",
        ),
        {"number": "2265-TB/TU", "issuer": "Hanoi Party Committee"},
        id="en-under-a-document-recently-issued",
    ),
    pytest.param(
        doc(
            "Hanoi builds schools",
            "Under Plan No. 12/KH-UBND issued on 5 January 2021, the city will build three schools in the "
            "district.",
        ),
        {"number": None},
        id="en-under-a-document-issued-long-ago-is-cited",
    ),
    pytest.param(
        doc(
            "Hanoi, Dong Nai to step up cooperation",
            "In its announcement numbered 2265-TB/TU dated October 22, 2019, the Hanoi Party Committee said "
            "the two sides would cooperate.",
        ),
        {"number": "2265-TB/TU", "issued_on": date(2019, 10, 22)},
        id="en-a-document-up-front-is-dated-by-its-own-date",
    ),
    pytest.param(
        doc(
            "Hà Nội - Đồng Nai tăng cường hợp tác",
            "Thông báo kết luận số 2265-TB/TU ngày 22/10/2019 của Thành ủy Hà Nội nêu rõ hai bên sẽ tăng cường "
            "hợp tác.",
            lang="vi",
        ),
        {"number": "2265-TB/TU", "issued_on": date(2019, 10, 22)},
        id="vi-a-document-up-front-is-dated-by-its-own-date",
    ),
    pytest.param(
        doc(
            "Hà Nội - Đồng Nai tăng cường hợp tác",
            "Theo Thông báo số 2265-TB/TU của Thành ủy Hà Nội, hai bên sẽ tăng cường hợp tác trên nhiều lĩnh vực.",
            lang="vi",
        ),
        {"number": "2265-TB/TU", "issued_on": None},
        id="vi-theo-the-one-committee-document-the-report-names",
    ),
    pytest.param(
        "Bốn địa phương ký biên bản hợp tác du lịch\n\nCập nhật: 15/05/2014\n\n"
        "Sở Văn hóa, Thể thao và Du lịch bốn địa phương vừa cùng nhau ký biên bản hợp tác phát triển du lịch "
        "trong giai đoạn mới.",
        {"published_at": None},
        id="vi-an-updated-date-without-time-is-no-publication-stamp",
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_metadata_rules(text: str, want: dict[str, Any]) -> None:
    parsed = parse(text)
    got = {
        "title": parsed.title,
        "published_at": parsed.published_at,
        "number": parsed.document.number if parsed.document else None,
        "kind": parsed.document.kind if parsed.document else None,
        "issuer": parsed.document.issuer if parsed.document else None,
        "issued_on": parsed.issued_on,
        "language": parsed.language,
    }
    assert {k: got[k] for k in want} == want


def test_caller_publication_time_is_used_only_when_the_page_has_none() -> None:
    text = doc("Hanoi and Hue strengthen cultural ties", "Hanoi and Hue agreed to step up exchanges.")
    feed_time = datetime(2019, 10, 25, 1, 0, tzinfo=UTC)
    parsed = parse(text, published_at=feed_time)
    assert parsed.published_at == feed_time
    assert parsed.published_at is not None
    assert parsed.published_at.utcoffset() == timedelta(hours=7)
    naive = parse(text, published_at=datetime(2019, 10, 25, 8, 0))
    assert naive.published_at == datetime(2019, 10, 25, 8, 0, tzinfo=HANOI)
    stamped = parse(text.replace("ties", "ties (21:31 24/10/2019)", 1), published_at=feed_time)
    assert stamped.published_at == datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)


def test_caller_publication_time_gives_the_year_of_the_issue_date() -> None:
    text = doc(
        "Hanoi, Dong Nai seek cooperation", "Hanoi Party Committee issued Announcement No. 1-TB/TU on May 2."
    )
    parsed = parse(text, published_at=datetime(2021, 5, 10, tzinfo=HANOI))
    assert parsed.issued_on == date(2021, 5, 2)


def test_document_key_links_english_and_vietnamese_renditions() -> None:
    en = parse(doc("Hanoi, Lao Cai cooperate", "Hanoi People's Committee issued Decision No. 1234/QD-UBND."))
    vi = parse(
        doc(
            "Hà Nội, Lào Cai hợp tác", "UBND thành phố Hà Nội ban hành Quyết định số 1234/QĐ-UBND.", lang="vi"
        )
    )
    assert en.document_key == vi.document_key == "doc:1234/QD-UBND"
    assert en.announcement_id != vi.announcement_id


def test_detected_language_wins_over_a_wrong_declaration() -> None:
    vi_text = doc("Hà Nội và Lào Cai hợp tác", "Hai địa phương ký kết chương trình hợp tác.", lang="vi")
    assert parse(vi_text, declared_language="en").language == "vi"
    assert parse(seeds()[0].raw, declared_language="vi-VN").language == "en"


# Neither English nor Vietnamese (Indonesian): no test is confident, declarations decide.
_NEITHER = (
    "Hanoi dan Lao Cai bekerja sama dalam pariwisata\n"
    "Kedua daerah sepakat untuk memperkuat kerja sama dalam promosi investasi, pariwisata, pertanian dan "
    "transformasi digital, serta mengadakan pertemuan rutin untuk meninjau hasilnya."
)


def test_declared_language_is_used_when_detection_is_unsure() -> None:
    assert detect_language(_NEITHER) is None
    assert parse(_NEITHER).language is None
    assert parse(_NEITHER, declared_language="vi").language == "vi"


def test_html_lang_attribute_is_a_last_resort() -> None:
    body = _NEITHER.replace("\n", ". ")
    page = f'<html lang="vi-VN"><body><h1>Hanoi dan Lao Cai</h1><p>{body}</p></body></html>'
    assert parse(page, content_type="text/html").language == "vi"


def test_vietnamese_typed_without_diacritics_is_vietnamese() -> None:
    plain = (
        "Ha Noi va Lao Cai hop tac phat trien du lich\n"
        "Hai dia phuong thong nhat tang cuong hop tac trong xuc tien dau tu, du lich, nong nghiep va chuyen doi so, "
        "dinh ky hop de danh gia ket qua thuc hien cac noi dung da ky ket giua hai ben."
    )
    assert detect_language(plain) == "vi"
    assert parse(plain, declared_language="en").language == "vi"


def test_english_full_of_vietnamese_names_stays_english() -> None:
    text = (
        "Hanoi and Thanh Hoa step up cooperation\n"
        "Secretary Nguyen Van Thanh of Thanh Hoa Province and Hanoi Party Secretary Dinh Tien Dung met in "
        "Dong Da District on Tuesday; Bac Ninh, Hai Duong and Hung Yen leaders also attended the meeting."
    )
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("stamp", "want"),
    [
        ("(21:31 24/10/2019)", datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)),
        ("Thứ Bảy, 24/08/2019 12:22", datetime(2019, 8, 24, 12, 22, tzinfo=HANOI)),
        ("24/10/2019 21:31", datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)),
        ("October 24, 2019 9:31 PM", datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)),
        ("Cập nhật: 08:15, 13/07/2019", datetime(2019, 7, 13, 8, 15, tzinfo=HANOI)),
        ("Cập nhật lúc 08:15 ngày 13/07/2019", datetime(2019, 7, 13, 8, 15, tzinfo=HANOI)),
        ("13/07/2019 08:15 (GMT+07:00)", datetime(2019, 7, 13, 8, 15, tzinfo=HANOI)),
        ("24 Oct 2019, 12:05 AM", datetime(2019, 10, 24, 0, 5, tzinfo=HANOI)),
        ("Ngày đăng: 13/07/2019", datetime(2019, 7, 13, 0, 0, tzinfo=HANOI)),
        ("Sáng 28/11", None),
        ("Hanoi 24/10/2019", None),
        ("31/02/2019 10:00", None),
        ("The meeting on 24/10/2019 21:31 was long", None),
        # An icon's text copied with the stamp, run into it or not.
        ("ClockThứ Sáu, 14/06/2019 18:26", datetime(2019, 6, 14, 18, 26, tzinfo=HANOI)),
        ("Calendar 24/10/2019 21:31", datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)),
        ("Clockwise 24/10/2019 21:31", None),
        # Typed without diacritics: the labels and weekdays still read.
        ("Ngay dang: 13/07/2019 10:05", datetime(2019, 7, 13, 10, 5, tzinfo=HANOI)),
        ("Thu Sau, 14/06/2019 18:26", datetime(2019, 6, 14, 18, 26, tzinfo=HANOI)),
        ("Cap nhat luc 09:15 ngay 02/03/2024", datetime(2024, 3, 2, 9, 15, tzinfo=HANOI)),
        ("Thu Hai, ngay 23/11/2026 08:00", datetime(2026, 11, 23, 8, 0, tzinfo=HANOI)),
        # The weekday between the time and the date.
        ("Cập nhật lúc 12:39, Thứ Bảy, 15/06/2019", datetime(2019, 6, 15, 12, 39, tzinfo=HANOI)),
        ("12:39, Saturday, June 15, 2019", datetime(2019, 6, 15, 12, 39, tzinfo=HANOI)),
        ("12:39, Thứ Bảy, Hà Nội", None),
        # Month first only where day first cannot be meant.
        ("10/24/2019 9:31:00 PM", datetime(2019, 10, 24, 21, 31, tzinfo=HANOI)),
        ("10/05/2019 9:31:00 PM", datetime(2019, 5, 10, 21, 31, tzinfo=HANOI)),
        ("13/13/2019 9:31", None),
    ],
)
def test_stamp_formats(stamp: str, want: datetime | None) -> None:
    found = parse_stamp(stamp)
    assert (found.at if found else None) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "Hà Nội, Bắc Ninh đẩy mạnh hợp tác (10:00 30/08/2019)\n"
            "Tiếp theo hội nghị ngày 15/8, Thành ủy Hà Nội ban hành Thông báo số 2200-TB/TU về hợp tác với tỉnh "
            "Bắc Ninh.\n" + _FILL_VI,
            None,
            id="conference-date-is-not-the-issue-date",
        ),
        pytest.param(
            "Hanoi, Bac Ninh step up cooperation (10:00 30/08/2019)\n"
            "On August 20, the Hanoi Party Committee issued Announcement No. 2200-TB/TU on cooperation with Bac "
            "Ninh.\n" + _FILL_EN,
            date(2019, 8, 20),
            id="en-opening-date",
        ),
        pytest.param(
            "Ha Noi va Da Nang chia se hop tac (12:22 24/08/2019)\n"
            "HNP - Ngay 20/8, Thanh uy Ha Noi ban hanh Thong bao so 2138-TB/TU, truyen dat ket luan hoi nghi.\n"
            + _FILL_VI,
            date(2019, 8, 20),
            id="vi-without-diacritics-opening-date",
        ),
        pytest.param(
            "Ha Noi ho tro Quang Tri (12:22 24/08/2022)\n"
            "Ban Thuong vu Thanh uy Ha Noi vua ban hanh Thong bao ket luan so 838-TB/TU ngay 3/8/2022 ve hop tac "
            "voi tinh Quang Tri.\n" + _FILL_VI,
            date(2022, 8, 3),
            id="vi-without-diacritics-attached-date",
        ),
        pytest.param(
            "Hanoi, Bac Ninh step up cooperation (10:00 30/08/2019)\n"
            "The Hanoi Party Committee on August 20 issued Announcement No. 2200-TB/TU on cooperation with Bac "
            "Ninh.\n" + _FILL_EN,
            date(2019, 8, 20),
            id="en-date-before-the-verb",
        ),
        pytest.param(
            "Hà Nội, Bắc Ninh đẩy mạnh hợp tác (10:00 30/08/2019)\n"
            "Thành ủy Hà Nội ngày 20/8 đã ban hành Thông báo số 2200-TB/TU về hợp tác với tỉnh Bắc Ninh.\n"
            + _FILL_VI,
            date(2019, 8, 20),
            id="vi-date-before-the-verb",
        ),
        pytest.param(
            "Hà Nội, Bắc Ninh đẩy mạnh hợp tác (10:00 30/08/2019)\n"
            "Hội nghị ngày 15/8 có sự tham dự của lãnh đạo hai địa phương; Thành ủy Hà Nội sau đó ban hành "
            "Thông báo số 2200-TB/TU về kết luận.\n" + _FILL_VI,
            None,
            id="a-date-before-another-verb-far-from-the-document",
        ),
        pytest.param(
            "Hanoi, Bac Ninh step up cooperation (10:00 30/08/2019)\n"
            "Hanoi's Party Committee issued Announcement No.2200-TB/TU on Aug. 20, 2019, on cooperation with Bac "
            "Ninh.\n" + _FILL_EN,
            date(2019, 8, 20),
            id="en-abbreviated-month",
        ),
        pytest.param(
            "Hà Nội, Bắc Ninh đẩy mạnh hợp tác (10:00 30/08/2019)\n"
            "Thông báo số 2200-TB/TU của Ban Thường vụ Thành ủy Hà Nội ngày 20/8/2019 nêu rõ kết luận về hợp tác "
            "với tỉnh Bắc Ninh.\n" + _FILL_VI,
            date(2019, 8, 20),
            id="vi-date-after-the-issuer",
        ),
        pytest.param(
            "Hà Nội, Bắc Ninh đẩy mạnh hợp tác (10:00 30/08/2019)\n"
            "Theo Thông báo số 2200-TB/TU vừa được Thành ủy Hà Nội ban hành ngày 20/8, hai bên thống nhất phối "
            "hợp về du lịch.\n" + _FILL_VI,
            date(2019, 8, 20),
            id="vi-according-to-the-notice-just-issued",
        ),
    ],
)
def test_issue_date_is_the_date_that_governs_the_issuing(text: str, want: date | None) -> None:
    assert parse(text).issued_on == want


@pytest.mark.parametrize(
    "written",
    [
        "Hanoi's Party Committee issued Announcement No.2200-TB/TU on cooperation with Bac Ninh.",
        "Thành ủy Hà Nội ban hành Thông báo số 2200 - TB/TU về hợp tác với tỉnh Bắc Ninh.",
        "Thành ủy Hà Nội ban hành Thông báo số 2200- TB/TU về hợp tác với tỉnh Bắc Ninh.",
        "Thành ủy Hà Nội ban hành Thông báo số 2200 –TB/TU về hợp tác với tỉnh Bắc Ninh.",
    ],
)
def test_a_number_run_into_no_or_with_a_spaced_dash_is_read_in_one_spelling(written: str) -> None:
    fill = _FILL_EN if written.startswith("Hanoi") else _FILL_VI
    document = parse(f"Hà Nội và Bắc Ninh đẩy mạnh hợp tác\n{written}\n{fill}").document
    assert document is not None
    assert document.number == "2200-TB/TU"


def test_a_decimal_before_a_code_is_no_number() -> None:
    document = parse(
        f"Hà Nội và Bắc Ninh đẩy mạnh hợp tác\nTăng trưởng đạt 12.2200-TB/TU.\n{_FILL_VI}"
    ).document
    assert document is None


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        pytest.param(
            [
                "Thứ Hai, ngày 23/11/2026 08:00",
                "Hà Nội và Lào Cai hợp tác du lịch",
                "15/03/2021 10:20 | Thời sự",
            ],
            datetime(2021, 3, 15, 10, 20, tzinfo=HANOI),
            id="stamp-below-headline-beats-header-bar-date",
        ),
        pytest.param(
            ["Hà Nội và Lào Cai hợp tác du lịch", _FILL_VI, "Thứ Bảy, 24/08/2019 12:22"],
            datetime(2019, 8, 24, 12, 22, tzinfo=HANOI),
            id="stamp-line-after-the-body",
        ),
        pytest.param(
            ["Hà Nội và Lào Cai hợp tác du lịch", _FILL_VI, "Tin liên quan", "Thứ Bảy, 24/08/2019 12:22"],
            None,
            id="dates-after-the-article-are-not-its-stamp",
        ),
    ],
)
def test_stamp_lines(lines: list[str], want: datetime | None) -> None:
    assert parse("\n".join([*lines, _FILL_VI])).published_at == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Ngày đăng 14/06/2023 | 9:27 PM  | View count: 1208", datetime(2023, 6, 14, 21, 27, tzinfo=HANOI)),
        ("Chính trị | 09:15 | 13/07/2019", datetime(2019, 7, 13, 9, 15, tzinfo=HANOI)),
        ("Ngày đăng 14/06/2023 | View count: 1208", datetime(2023, 6, 14, 0, 0, tzinfo=HANOI)),
        ("24/08/2019 12:22 | Chính trị", datetime(2019, 8, 24, 12, 22, tzinfo=HANOI)),
    ],
)
def test_stamp_time_in_a_part_of_its_own(line: str, want: datetime) -> None:
    found = stamp_line(line)
    assert found is not None
    assert found.at == want


_LEAD_VI = (
    "Ngày 10/3, tại thành phố Lào Cai, lãnh đạo Lào Cai và Hà Nội đã gặp mặt để bàn về hợp tác "
    "phát triển trong thời gian tới."
)


@pytest.mark.parametrize(
    ("first", "want"),
    [
        pytest.param("Thứ tư, 22/03/2023", None, id="weekday-date-banner-weeks-after-the-event"),
        pytest.param(
            "Thứ bảy, 11/03/2023",
            datetime(2023, 3, 11, tzinfo=HANOI),
            id="weekday-date-the-day-after-the-event-is-the-stamp",
        ),
        pytest.param(
            "Ngày đăng: 22/03/2023",
            datetime(2023, 3, 22, tzinfo=HANOI),
            id="a-labelled-date-is-the-stamp",
        ),
        pytest.param(
            "Thứ tư, 22/03/2023 08:15",
            datetime(2023, 3, 22, 8, 15, tzinfo=HANOI),
            id="a-date-with-its-time-is-the-stamp",
        ),
    ],
)
def test_site_date_banner_is_no_publication_stamp(first: str, want: datetime | None) -> None:
    text = "\n".join([first, "Hợp tác phát triển giữa Hà Nội và Lào Cai", _LEAD_VI, _FILL_VI])
    article = find_article(split_lines(text))
    assert article is not None
    stamp = publication_stamp(article)
    assert (stamp.at if stamp else None) == want
    # Only a stamp with its minute is the time of publication.
    assert parse(text).published_at == (want if stamp and stamp.has_time else None)


def test_a_date_alone_is_no_publication_time_but_gives_the_year() -> None:
    text = "\n".join(
        [
            "Hợp tác phát triển giữa Hà Nội và Lào Cai",
            "Ngày đăng: 22/03/2023",
            "Thành ủy Hà Nội ban hành Thông báo số 2200-TB/TU ngày 20/3 về hợp tác với tỉnh Lào Cai.",
            _FILL_VI,
        ]
    )
    parsed = parse(text)
    assert parsed.published_at is None
    assert parsed.issued_on == date(2023, 3, 20)


def test_a_lead_cut_at_a_comma_is_no_headline() -> None:
    text = "\n\n".join(
        [
            "Hanoi and Lao Cai agree to deepen ties (19:08 14/11/2020)",
            "HNP - The Hanoi Party Committee released Announcement No. 1875-TB/TU on the talks held by "
            "the Party Committees of Hanoi and Lao Cai on November 2,",
            _FILL_EN,
        ]
    )
    parsed = parse(text)
    assert parsed.title == "Hanoi and Lao Cai agree to deepen ties"
    assert parsed.published_at == datetime(2020, 11, 14, 19, 8, tzinfo=HANOI)
    assert parsed.text.startswith(parsed.title)


def test_a_kicker_over_the_headline_is_no_body_and_the_headlines_stamp_counts() -> None:
    text = "\n".join(
        [
            "CỔNG GIAO TIẾP ĐIỆN TỬ THÀNH PHỐ HÀ NỘI",
            "Hà Nội với Tuyên Quang, Yên Bái:",
            "Bài 1: Đưa tinh thần hợp tác về với vùng đất cách mạng (14:25 01/05/2019)",
            "",
            _LEAD_VI,
            _FILL_VI,
        ]
    )
    parsed = parse(text)
    assert parsed.published_at == datetime(2019, 5, 1, 14, 25, tzinfo=HANOI)
    assert parsed.title == (
        "Hà Nội với Tuyên Quang, Yên Bái: Bài 1: Đưa tinh thần hợp tác về với vùng đất cách mạng"
    )
    assert parsed.text.startswith("Hà Nội với Tuyên Quang, Yên Bái:\nBài 1: Đưa tinh thần")
    assert "14:25" not in parsed.text


def test_a_stamp_closing_a_line_above_the_headline_counts() -> None:
    text = "\n".join(
        [
            "Hanoi news (08:10 06/10/2019)",
            "Hanoi and Lao Cai seek greater cooperation",
            _FILL_EN,
        ]
    )
    assert parse(text).published_at == datetime(2019, 10, 6, 8, 10, tzinfo=HANOI)


_BODY_EN = (
    "Hanoi and Vientiane agreed to expand cooperation in tourism, education and trade, with both capitals "
    "promising to exchange delegations and share experience in urban management over the coming years."
)


@pytest.mark.parametrize(
    ("stamp_line_text", "expected"),
    [
        (
            "Son Nguyen - Lien Ha 11:35, 2023/06/02",
            "2023-06-02T11:35:00+07:00",
        ),  # byline, then year-first date
        ("Minh Hạnh (báo Lao Động) 23/11/2025 09:24 (GMT+7)", "2025-11-23T09:24:00+07:00"),
        # Two authors and their newsroom, then the date and its time.
        ("CHÍ BẢO - MINH CHƯƠNG // TRUNG TÂM TIN TỨC HTV 02/08/2024, 21:37", "2024-08-02T21:37:00+07:00"),
        # A newsroom with a digit in its name, run into the weekday.
        ("Thanh Ba (VTV8)-Thứ hai, ngày 25/11/2019 17:30 GMT+7", "2019-11-25T17:30:00+07:00"),
        # The writer and the photographer's credit, with its colon.
        ("Hà Vũ - Ảnh: Trung Sơn 29/09/2023 22:19", "2023-09-29T22:19:00+07:00"),
    ],
)
def test_a_byline_carrying_the_stamp_gives_the_time_and_is_no_headline(
    stamp_line_text: str, expected: str
) -> None:
    parsed = parse(f"Hanoi and Vientiane expand ties\n{stamp_line_text}\n{_BODY_EN}")
    assert parsed.title == "Hanoi and Vientiane expand ties"
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == expected


@pytest.mark.parametrize(
    ("stamp_line_text", "expected"),
    [
        # An ISO offset right after the seconds.
        ("14-11-2023 10:45:46+07:00", "2023-11-14T10:45:46+07:00"),
        # Counts of views and comments after the time.
        ("Thứ năm - 09/03/2017 21:41 3.217 0", "2017-03-09T21:41:00+07:00"),
    ],
)
def test_real_stamp_lines_under_the_headline(stamp_line_text: str, expected: str) -> None:
    parsed = parse(f"Hanoi and Vientiane expand ties\n{stamp_line_text}\n{_BODY_EN}")
    assert parsed.title == "Hanoi and Vientiane expand ties"
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == expected


def test_a_date_and_time_closing_the_headline_is_its_stamp() -> None:
    parsed = parse(
        "Hà Nội hỗ trợ 100 tỉ đồng cho 12 tỉnh bị ảnh hưởng bởi bão số 10 02/10/2025 21:47\n\n"
        f"{_LEAD_VI}\n{_FILL_VI}"
    )
    assert parsed.title == "Hà Nội hỗ trợ 100 tỉ đồng cho 12 tỉnh bị ảnh hưởng bởi bão số 10"
    assert parsed.published_at == datetime(2025, 10, 2, 21, 47, tzinfo=HANOI)


def test_the_sites_clock_with_the_weather_and_a_bar_of_topics_are_no_stamp_and_no_body() -> None:
    parsed = parse(
        "\n".join(
            [
                "May 23, 2023 | 07:00:00 GMT+7 | Weather 26°",
                "Follow us:",
                "70th anniversary of Hanoi's Liberation Day Vietnam - Asia 2023 Smart City Summit Hanoi "
                "celebrates 15 years of administrative boundary adjustment 12th Vietnam-France decentrialized "
                "cooperation conference 31st Sea Games - Vietnam 2021 Covid-19 Pandemic",
                "Apr 19, 2024 / 20:35",
                "",
                "Hanoi and Vientiane expand ties",
                "",
                _BODY_EN,
            ]
        )
    )
    assert parsed.title == "Hanoi and Vientiane expand ties"
    assert parsed.published_at == datetime(2024, 4, 19, 20, 35, tzinfo=HANOI)
    assert "Sea Games" not in parsed.text


def test_a_byline_with_a_bare_date_is_not_a_stamp() -> None:
    parsed = parse(f"Hanoi and Vientiane expand ties\nSon Nguyen 2023/06/02\n{_BODY_EN}")
    assert parsed.published_at is None


def test_a_date_and_its_time_on_lines_of_their_own_make_one_stamp() -> None:
    parsed = parse(f"Hanoi and Vientiane expand ties\n30/03/2018\n|\n17:25:05\n{_BODY_EN}")
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == "2018-03-30T17:25:05+07:00"


def test_a_document_cited_with_its_manner_is_not_the_one_reported() -> None:
    # "Để triển khai có hiệu quả Nghị quyết số ...": the resolution is the plan's ground, not its subject.
    cited = (
        "Quảng Ngãi lên kế hoạch hợp tác với Hà Nội (10:00 30/08/2023)\n"
        "Để triển khai có hiệu quả Nghị quyết số 15-NQ/TW của Bộ Chính trị, UBND tỉnh Quảng Ngãi vừa ban hành "
        "kế hoạch liên kết, hợp tác với Thủ đô Hà Nội.\n" + _FILL_VI
    )
    assert parse(cited).document is None
    reported = cited.replace("Để triển khai có hiệu quả Nghị quyết", "Bộ Chính trị ban hành Nghị quyết")
    assert parse(reported).document is not None
