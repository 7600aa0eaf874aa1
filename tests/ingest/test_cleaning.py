"""Cleaning: the article kept whole, the chrome gone, offsets pointing back into the page."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from services.ingest.parsing import IngestError, ParsedAnnouncement, parse
from shared.text import fold, normalize

from .pages import CHROME, STAMP_STYLES, Seed, collapse, html_page, pdf_document, seed, seeds

SEED_IDS = [s.file[:3] for s in seeds()]


def _absent_names(s: Seed) -> list[str]:
    return [slug.replace("-", " ") for slug in s.gold["localities"]["absent"]]


def assert_clean(s: Seed, parsed: ParsedAnnouncement) -> None:
    text = collapse(parsed.text)
    assert text.startswith(collapse(normalize(s.title)))
    for sentence in s.sentences:
        assert collapse(normalize(sentence)) in text
    for chrome in CHROME:
        assert chrome.lower() not in parsed.text.lower()
    folded = fold(parsed.text)
    for name in _absent_names(s):
        assert not re.search(rf"\b{name}\b", folded), name


def assert_offsets_map_back(parsed: ParsedAnnouncement, rng: random.Random, samples: int = 50) -> None:
    """Random spans inside verbatim pieces map to the same text in the source."""
    segments = parsed.offsets.segments()
    assert segments
    covered = sum(length for _, _, length in segments)
    # Everything but the paragraph breaks between kept lines is copied verbatim.
    assert covered >= len(parsed.text) - 2 * parsed.text.count("\n")
    for _ in range(samples):
        start, src_start, length = rng.choice(segments)
        a = rng.randrange(length)
        b = rng.randrange(a, length) + 1
        src = parsed.offsets.to_source(start + a, start + b)
        assert src == (src_start + a, src_start + b)
        assert collapse(parsed.source_text[src[0] : src[1]]) == collapse(parsed.text[start + a : start + b])


@pytest.mark.parametrize("s", seeds(), ids=SEED_IDS)
def test_copied_seed_keeps_the_article_and_drops_the_chrome(s: Seed) -> None:
    parsed = parse(s.raw)
    assert_clean(s, parsed)
    if s.paragraphs[-1] in ("By Tran Huong", "H. Hải"):
        assert parsed.text.endswith(s.paragraphs[-1])
    assert_offsets_map_back(parsed, random.Random(s.file))


@pytest.mark.parametrize("style", STAMP_STYLES)
@pytest.mark.parametrize("s", seeds(), ids=SEED_IDS)
def test_html_page_around_seed_gives_the_article(s: Seed, style: str) -> None:
    page = html_page(s, style)
    parsed = parse(page, content_type="text/html; charset=utf-8")
    assert_clean(s, parsed)
    for chrome in ("Related news", "Share", "Print", "HANOI PORTAL", "Home", "All rights reserved", "©"):
        assert chrome not in parsed.text
    assert_offsets_map_back(parsed, random.Random(s.file + style))


@pytest.mark.parametrize("s", seeds(), ids=SEED_IDS)
def test_html_and_copied_text_of_one_article_have_one_id(s: Seed) -> None:
    assert parse(html_page(s)).announcement_id == parse(s.raw).announcement_id


def test_html_offsets_point_at_the_markup_of_each_char() -> None:
    page = (
        "<html><body><nav>Trang chủ | Thời sự</nav><h1>Hà Nội &amp; Hưng Yên hợp tác</h1>"
        "<p>Ng&#224;y 11/7, Th&agrave;nh ủy H&#224; Nội ban hành Thông báo số 2077-TB/TU, truyền đạt kết luận "
        "Hội nghị giữa Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ Tỉnh ủy Hưng Yên về hợp tác.</p>"
        "<p>Hai địa phương tăng cường hợp tác trên nhiều lĩnh vực, phát huy thế mạnh của mỗi bên, "
        "như Cộng ho&#224; d&#226;n chủ nh&acirc;n d&#226;n L&#224;o.</p>"
        "</body></html>"
    )
    parsed = parse(page.encode("utf-8"), content_type="text/html")
    assert parsed.title == "Hà Nội & Hưng Yên hợp tác"
    assert "Ngày 11/7, Thành ủy Hà Nội ban hành" in parsed.text
    assert "Trang chủ" not in parsed.text
    amp = parsed.text.index("&")
    s, e = parsed.offsets.to_source(amp, amp + 1)
    assert parsed.source_text[s:e] == "&amp;"
    a = parsed.text.index("Ngày")
    s, e = parsed.offsets.to_source(a, a + 4)
    assert parsed.source_text[s:e] == "Ng&#224;y"
    # Entities decoded one by one still give normalised words (old-style tone placement).
    republic = parsed.text.index("Cộng hòa dân chủ")
    s, e = parsed.offsets.to_source(republic, republic + len("Cộng hòa"))
    assert parsed.source_text[s:e] == "Cộng ho&#224;"
    word = parsed.text.index("Thông báo")
    s, e = parsed.offsets.to_source(word, word + 9)
    assert parsed.source_text[s:e] == "Thông báo"


# ---------------------------------------------------------------- chrome of other Hanoi sites
_BODY_VI = (
    "Sáng 15/3, UBND thành phố Hà Nội và UBND tỉnh Lào Cai ký kết chương trình hợp tác giai đoạn 2021-2025 "
    "trên các lĩnh vực du lịch, nông nghiệp và xúc tiến đầu tư.\n"
    "Theo đó, hai địa phương sẽ phối hợp quảng bá hình ảnh, kết nối tour du lịch và tiêu thụ nông sản an toàn "
    "của Lào Cai tại Thủ đô."
)
_BODY_EN = (
    "Hanoi and Lao Cai signed a cooperation programme for 2021-2025 on Monday, covering tourism, agriculture "
    "and investment promotion.\n"
    "Under the deal, the two localities will jointly promote tourism, connect tours and bring safe farm "
    "produce from Lao Cai to the capital's consumers."
)


@pytest.mark.parametrize(
    ("page", "kept", "gone"),
    [
        pytest.param(
            "Trang chủ > Thời sự > Hà Nội\nHà Nội và Lào Cai hợp tác phát triển du lịch\n"
            f"15/03/2021 10:20\n{_BODY_VI}\nThu Hằng\nTin cùng chuyên mục\nĐà Nẵng đón khách quốc tế\n"
            "Từ khóa: hợp tác, du lịch\n© Bản quyền thuộc Báo Hànộimới",
            ["Thu Hằng", "Hà Nội và Lào Cai hợp tác phát triển du lịch"],
            ["Trang chủ", "Thời sự >", "Tin cùng chuyên mục", "Đà Nẵng", "Từ khóa", "Bản quyền", "10:20"],
            id="hanoimoi-style",
        ),
        pytest.param(
            "Hà Nội và Lào Cai hợp tác phát triển du lịch\nChia sẻ\nIn bài\n"
            f"{_BODY_VI.split(chr(10))[0]}\nXem thêm\nHải Phòng mở tuyến xe buýt mới\nQuảng Ninh đón tàu biển\n"
            f"{_BODY_VI.split(chr(10))[1]}\nBài liên quan\nNghệ An thu hút đầu tư",
            [_BODY_VI.split("\n")[1]],
            ["Chia sẻ", "In bài", "Xem thêm", "Hải Phòng", "Quảng Ninh", "Bài liên quan", "Nghệ An"],
            id="kinhtedothi-inline-box",
        ),
        pytest.param(
            "Home | Politics | Economy | Society\nHanoi, Lao Cai team up on tourism\nShare\nTweet\nEmail\n"
            f"{_BODY_EN.split(chr(10))[0]}\nRead more: Hai Phong opens new metro\n{_BODY_EN.split(chr(10))[1]}\n"
            "By Ngoc Mai\nTags: Hanoi, Lao Cai, tourism\nRelated news\nDa Nang hosts fireworks festival",
            ["By Ngoc Mai", "Hanoi, Lao Cai team up on tourism"],
            ["Politics", "Share", "Tweet", "Read more", "Hai Phong", "Tags", "Related news", "Da Nang"],
            id="hanoitimes-style",
        ),
        pytest.param(
            "Hà Nội và Lào Cai hợp tác phát triển du lịch\n"
            f"{_BODY_VI.split(chr(10))[0]}\nTin liên quan:\nHải Phòng mở tuyến xe buýt mới\nQuảng Ninh đón tàu biển\n"
            f"{_BODY_VI.split(chr(10))[1]}\nThu Hằng\nTin khác\nNghệ An thu hút đầu tư",
            ["Thu Hằng"],
            ["Tin liên quan", "Hải Phòng", "Quảng Ninh", "Tin khác", "Nghệ An"],
            id="hanoimoi-inline-related-box",
        ),
        pytest.param(
            f"Hà Nội và Lào Cai hợp tác phát triển du lịch\n{_BODY_VI}\nTin liên quan\n"
            "Hải Phòng mở tuyến xe buýt mới\n"
            "Sáng nay, thành phố Hải Phòng đưa vào khai thác tuyến xe buýt số 15 nối trung tâm với sân bay Cát Bi, "
            "phục vụ hàng nghìn lượt khách mỗi ngày trong dịp cao điểm.\n"
            "Quảng Ninh đón tàu biển\n"
            "Tỉnh Quảng Ninh đón chuyến tàu biển quốc tế đầu tiên của năm với hơn hai nghìn du khách "
            "từ nhiều quốc gia, mở đầu mùa du lịch mới của địa phương.",
            [],
            ["Tin liên quan", "Hải Phòng", "Quảng Ninh", "xe buýt", "tàu biển"],
            id="related-teasers-with-leads-at-the-foot",
        ),
        pytest.param(
            f"Hanoi, Lao Cai team up on tourism\n\n{_BODY_EN}\n\nHà Nội\nHải Phòng\nĐà Nẵng\nTP Hồ Chí Minh",
            [],
            ["Hải Phòng", "Đà Nẵng", "Hồ Chí Minh"],
            id="footer-city-list-without-marker",
        ),
        pytest.param(
            f"Hà Nội và Lào Cai hợp tác phát triển du lịch\n{_BODY_VI}\nBình luận (2)\nNguyễn Văn A\n"
            "Rất hay, mong hai tỉnh hợp tác nhiều hơn nữa trong lĩnh vực giáo dục.\nGửi bình luận",
            [],
            ["Bình luận", "Nguyễn Văn A", "Rất hay", "giáo dục"],
            id="reader-comments",
        ),
        pytest.param(
            f"Hà Nội và Lào Cai hợp tác phát triển du lịch\n{_BODY_VI}\nĐừng bỏ lỡ\n"
            "Hà Nội thúc đẩy hợp tác với các địa phương của Lào\nBắc Ninh kết nối doanh nghiệp với thị trường Nam Á",
            [],
            ["Đừng bỏ lỡ", "các địa phương của Lào", "Bắc Ninh"],
            id="dont-miss-box-at-the-foot",
        ),
        pytest.param(
            "Hanoi, Lao Cai team up on tourism\n"
            f"{_BODY_EN.split(chr(10))[0]}\nDon't miss\nHai Phong opens new metro line\n{_BODY_EN.split(chr(10))[1]}",
            [],
            ["Don't miss", "Hai Phong"],
            id="dont-miss-box-inside-the-article",
        ),
        pytest.param(
            f"Hanoi, Lao Cai team up on tourism\n{_BODY_EN}\nFresh comments\n- Sergey: good news for our students\n"
            "- Gennady: when will there be a direct flight to Moscow?",
            [],
            ["Fresh comments", "students", "Moscow"],
            id="reader-comments-under-a-heading",
        ),
        # A wire service's foot: its list of other releases, its channels and its disclaimer.
        pytest.param(
            f"Hanoi, Lao Cai team up on tourism\n{_BODY_EN}\nRelated press releases\n"
            "- Luang Prabang province invites investors to heritage town\n"
            "Distribution channels: Politics, Travel & Tourism Industry, World & Regional\n"
            "EIN Presswire does not exercise editorial control over third-party content provided.",
            [],
            [
                "Related press releases",
                "Luang Prabang",
                "investors",
                "Distribution channels",
                "EIN Presswire",
            ],
            id="press-release-foot",
        ),
        # A copyright line with the site's name and town before "All rights reserved", under
        # a box of other stories and a bar of the site's own links.
        pytest.param(
            f"Hanoi, Lao Cai team up on tourism\n{_BODY_EN}\nRelated stories\n"
            "- Quang Ninh readies island cruise routes for the spring season\n"
            "- Da Nang publishes its 2020 festival calendar\n"
            "About TTR Weekly | Advertise | Subscribe | Contact\n"
            "TTR Weekly, Bangkok, Thailand. All rights reserved.",
            [],
            ["Related stories", "Quang Ninh", "Bangkok", "All rights reserved"],
            id="copyright-line-naming-the-sites-town",
        ),
    ],
)
def test_chrome_of_other_sites_is_cut(page: str, kept: list[str], gone: list[str]) -> None:
    parsed = parse(page)
    for paragraph in (_BODY_VI if parsed.language == "vi" else _BODY_EN).split("\n"):
        assert paragraph in parsed.text
    for text in kept:
        assert text in parsed.text
    for text in gone:
        assert text not in parsed.text


def test_a_sentence_mentioning_a_marker_is_not_cut() -> None:
    body = (
        "Hà Nội và Lào Cai hợp tác phát triển du lịch\n"
        "Tin liên quan đến chương trình hợp tác đã được hai địa phương công bố trong buổi họp báo sáng nay.\n"
        f"{_BODY_VI}"
    )
    parsed = parse(body)
    assert parsed.text.endswith("của Lào Cai tại Thủ đô.")


def test_headline_is_none_when_the_text_starts_with_prose() -> None:
    parsed = parse(_BODY_EN)
    assert parsed.title is None
    assert parsed.text == _BODY_EN


# ---------------------------------------------------------------- unicode
def test_nfd_and_new_style_tones_give_the_same_text_and_id() -> None:
    s = seed("004")
    nfc = parse(s.raw)
    nfd = parse(unicodedata.normalize("NFD", s.raw))
    new_style = parse(s.raw.replace("hóa", "hoá").replace("Hóa", "Hoá").replace("thủy", "thuỷ"))
    assert "hoá" in s.raw.replace("hóa", "hoá")
    assert nfd.text == nfc.text == new_style.text
    assert nfd.announcement_id == nfc.announcement_id == new_style.announcement_id
    assert nfd.source_text == nfc.source_text


def test_same_text_as_str_or_bytes_has_one_id() -> None:
    s = seed("002")
    assert parse(s.raw).announcement_id == parse(s.raw.encode("utf-8")).announcement_id
    assert parse(s.raw).announcement_id == parse(s.raw.replace("\n", "\r\n")).announcement_id


# ---------------------------------------------------------------- decoding and media types
def test_utf8_bytes_declared_latin1_are_read_as_utf8() -> None:
    s = seed("003")
    parsed = parse(s.raw.encode("utf-8"), content_type="text/plain; charset=ISO-8859-1")
    assert parsed.title == s.gold["title"]


def test_declared_charset_is_used() -> None:
    s = seed("000")
    raw = s.raw[: s.raw.index("Capcha")].encode("cp1252")
    parsed = parse(raw, content_type="text/plain; charset=windows-1252")
    assert "each other's potentials" in parsed.text


def test_utf16_with_bom_is_decoded() -> None:
    s = seed("002")
    assert parse(s.raw.encode("utf-16")).title == s.gold["title"]


def test_html_meta_charset_is_used() -> None:
    s = seed("000")
    page = html_page(s).replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Cổng thông tin Hà Nội", "Portal")
    page = re.sub(r"<footer>.*</footer>", "", page, flags=re.DOTALL)
    page = page.replace("Chia sẻ", "Share").replace("Trang chủ", "Home")
    parsed = parse(page.encode("cp1252"), content_type="text/html")
    assert "each other's potentials" in parsed.text


def test_mojibake_is_refused() -> None:
    s = seed("004")
    garbled = s.raw.encode("utf-8").decode("cp1252", errors="replace")
    with pytest.raises(IngestError) as err:
        parse(garbled)
    assert err.value.code == "undecodable"


def test_undecodable_bytes_are_refused() -> None:
    noise = bytes(random.Random(7).randrange(128, 256) for _ in range(2000))
    with pytest.raises(IngestError) as err:
        parse(noise)
    assert err.value.code == "undecodable"
    assert "encoding" in str(err.value)


def test_pdf_text_layer_is_parsed() -> None:
    s = seed("000")
    lines = [f"{s.title} (21:31 24/10/2019)", *s.paragraphs]
    lines = [x.replace("“", '"').replace("”", '"').replace("’", "'") for x in lines]
    parsed = parse(pdf_document(lines), content_type="application/pdf")
    assert parsed.title == s.gold["title"]
    assert parsed.document is not None
    assert parsed.document.number == "2265-TB/TU"
    assert parsed.text.endswith("By Tran Huong")


@pytest.mark.parametrize(
    ("raw", "content_type", "code"),
    [
        ("", "text/plain", "empty"),
        ("   \n\t \n", "text/plain", "empty"),
        (b"", "text/html", "empty"),
        ("<html><body><nav>Trang chủ</nav></body></html>", "text/html", "no_article"),
        (
            "Latest news\nOther news\nview Search\nWrite your comment\nHà Nội\nHải Phòng",
            "text/plain",
            "no_article",
        ),
        (
            "Hanoi, Dong Nai seek further cooperation\nThe two sides agreed to cooperate.",
            "text/plain",
            "no_article",
        ),
        (b"%PDF-1.4 this is not really a pdf", "application/pdf", "invalid_pdf"),
        (b"GIF89a", "application/pdf", "invalid_pdf"),
        ("some text", "application/pdf", "invalid_pdf"),
        (b"\x89PNG\r\n", "image/png", "unsupported_media_type"),
        ("a,b\n1,2", "text/csv", "unsupported_media_type"),
    ],
)
def test_bad_input_is_refused_with_a_code(raw: str | bytes, content_type: str, code: str) -> None:
    with pytest.raises(IngestError) as err:
        parse(raw, content_type=content_type)
    assert err.value.code == code
    message = str(err.value)
    assert message.endswith(".")
    assert len(message.split()) >= 5


def test_html_is_recognised_when_sent_as_plain_text() -> None:
    s = seed("001")
    parsed = parse(html_page(s), content_type="text/plain")
    assert parsed.title == s.gold["title"]
    assert "<p>" not in parsed.text


def test_hard_wrapped_paragraphs_are_read_whole() -> None:
    page = (
        "30/03/2018 | 17:25:05\n"
        "Hanoi and Jakarta eye broader partnership on city planning\n"
        "Hanoi wants to work more closely with Jakarta, the capital of Indonesia, on\n"
        "how the two cities are planned and built, the Vice Chairman of the\n"
        "Hanoi People's Committee told a visiting group of planning officials on Tuesday.\n"
        "He listed four areas where the cities could join hands: urban planning,\n"
        "a smart city, mass transit and the environment.\n"
    )
    parsed = parse(page)
    assert parsed.title == "Hanoi and Jakarta eye broader partnership on city planning"
    assert parsed.text.startswith(parsed.title)
    assert "Hanoi wants to work more closely with Jakarta, the capital of Indonesia, on\nhow" in parsed.text
    assert parsed.text.endswith("mass transit and the environment.")
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == "2018-03-30T17:25:05+07:00"


def test_a_row_cut_on_the_after_a_caption_is_no_headline() -> None:
    # The wrap came early: the caption took the first part of the row.
    page = (
        "30/03/2018\n|\n17:25:05\nHanoi and Jakarta eye broader partnership on city planning\n\n|\n"
        "Officials at the meeting in Hanoi. (Source: VNA) |\n"
        "The Vice Chairman of the\n"
        "Hanoi People's Committee has asked Jakarta to work with Hanoi on city planning, a smart city,\n"
        "mass transit and the environment, at a meeting with planning officials from the Indonesian capital.\n"
    )
    parsed = parse(page)
    assert parsed.title == "Hanoi and Jakarta eye broader partnership on city planning"
    assert "The Vice Chairman of the\nHanoi People's Committee has asked" in parsed.text
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == "2018-03-30T17:25:05+07:00"


def test_a_headline_copied_twice_on_one_line_is_read_once() -> None:
    headline = "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch"
    parsed = parse(f"Hà Nội, ngày 05-07-2020\n{headline} {headline}\n\n{_BODY_VI}\n")
    assert parsed.title == headline
    assert parsed.text.count(headline) == 1


def test_a_kicker_opening_the_page_over_an_unstamped_headline() -> None:
    page = (
        "Diễn đàn hợp tác các tỉnh biên giới năm 2024:\n\n"
        "Cơ hội đẩy mạnh hợp tác du lịch và thương mại giữa các địa phương\n\n"
        f"{_BODY_VI}\n"
    )
    parsed = parse(page)
    assert parsed.title == (
        "Diễn đàn hợp tác các tỉnh biên giới năm 2024: Cơ hội đẩy mạnh hợp tác du lịch và thương mại giữa các "
        "địa phương"
    )


def test_a_colon_in_the_body_under_a_headline_opens_no_second_headline() -> None:
    # Only a page with no headline above it reads a colon-ended first line as a kicker.
    page = (
        "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch\n\nSáng 15/3, tại trụ sở Thành ủy, hai bên thống nhất sẽ "
        "phối hợp trên các lĩnh vực sau:\n"
        "Phát triển du lịch cộng đồng ở vùng cao\n"
        f"{_BODY_VI}\n"
    )
    parsed = parse(page)
    assert parsed.title == "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch"
    assert "Phát triển du lịch cộng đồng ở vùng cao" in parsed.text


def test_a_caption_above_the_headline_is_neither_lead_nor_headline() -> None:
    caption = "Phó Bí thư Thành ủy Hà Nội trao khoản hỗ trợ của thành phố tới tỉnh Gia Lai. Ảnh: Báo Gia Lai"
    page = (
        f"{caption}\n\n"
        "Thủ đô chuyển 50 tỉ đồng giúp Gia Lai vượt qua hậu quả mưa lũ\n\n"
        "Minh Hạnh 23/11/2025 09:24 (GMT+7)\n\n"
        "Khoản hỗ trợ khẩn cấp 50 tỉ đồng của thành phố Hà Nội được dành cho tỉnh Gia Lai khắc phục thiệt hại "
        "sau mưa lũ, giúp bà con sớm ổn định cuộc sống.\n"
    )
    parsed = parse(page)
    assert parsed.title == "Thủ đô chuyển 50 tỉ đồng giúp Gia Lai vượt qua hậu quả mưa lũ"
    assert caption not in parsed.text
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == "2025-11-23T09:24:00+07:00"


@pytest.mark.parametrize(
    ("top", "title", "gone"),
    [
        # A dateline cut from its lead.
        (
            "Hanoi and Lao Cai chart cooperation for a new stage\n\nVIETNAM, April 28 -",
            "Hanoi and Lao Cai chart cooperation for a new stage",
            None,
        ),
        # A byline and a source credit naming where they were filed.
        (
            "Hà Nội - Lào Cai: mở ra giai đoạn hợp tác mới\n\nLê Chiên (từ Lào Cai)",
            "Hà Nội - Lào Cai: mở ra giai đoạn hợp tác mới",
            None,
        ),
        (
            "Angola: Vietnam Offers to Help Luanda Grow\n\n12 April 2018\nAngola Press Agency (Luanda)",
            "Angola: Vietnam Offers to Help Luanda Grow",
            None,
        ),
        # A labelled caption, even one that reads as a sentence.
        (
            "Hanoi, Lao Cai look to foster cooperation\n\nCaption: Vice Chairman of the Hanoi People's Committee "
            "Nguyen Quoc Hung (R) receives the Lao Cai delegation (Source: VNA)",
            "Hanoi, Lao Cai look to foster cooperation",
            None,
        ),
        # A bar of topics above a headline ending on initials (not a sentence's full stop).
        (
            "Home | Politics | Economy | Society | World | Photo\n\nHanoi looks to deepen ties with Washington D.C.",
            "Hanoi looks to deepen ties with Washington D.C.",
            "Politics",
        ),
        # A site name over a ticker of topics: a long line, but no paragraph.
        (
            "THE HANOI TIMES\nWORDS ON THE STREET 70th anniversary of Hanoi's Liberation Day Vietnam - Asia 2023 "
            "Smart City Summit Hanoi celebrates 15 years of administrative boundary adjustment 31st Sea Games - "
            "Vietnam 2021 Covid-19 Pandemic\n\nAmbassador proposes Bangkok-Hanoi twinning ties",
            "Ambassador proposes Bangkok-Hanoi twinning ties",
            "WORDS ON THE STREET",
        ),
        # A wire's counter of releases, over a headline and its dateline.
        (
            "EIN Presswire | Newsroom | Politics | World\nThere were 2,397 press releases posted in the last 24 "
            "hours and 441,316 in the last 365 days.\n\nHanoi Party chief puts training and rail on his list\n\n"
            "VIETNAM, April 12 -",
            "Hanoi Party chief puts training and rail on his list",
            "press releases",
        ),
        # A strip of links between bars under the headline.
        (
            "Hà Nội và Lào Cai đẩy mạnh hợp tác, cùng phát triển\n| Hà Nội lập mới các cụm công nghiệp dành cho "
            "làng nghề Hà Nội phát động chiến dịch K = K phòng, chống HIV/AIDS |",
            "Hà Nội và Lào Cai đẩy mạnh hợp tác, cùng phát triển",
            "cụm công nghiệp",
        ),
        # An aggregator repeats the headline and runs its relative time into a link's label.
        (
            "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch\n\nHà Nội và Lào Cai đẩy mạnh hợp tác du lịch\n"
            "2 giờ trướcBài gốc",
            "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch",
            "trước",
        ),
        (
            "Hanoi and Lao Cai join hands on tourism\n5 hours ago",
            "Hanoi and Lao Cai join hands on tourism",
            "ago",
        ),
        # An audio version's player.
        (
            "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch\n\n0:00 / 0:00\n0:00",
            "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch",
            "0:00",
        ),
        # Text size and colour controls and an image's alt text under the stamp.
        (
            "Hanoi and Lao Cai join hands on tourism\nThứ tư, 28/12/2016, 09:05 SA\nCỡ chữ Màu chữ image",
            "Hanoi and Lao Cai join hands on tourism",
            "Màu chữ",
        ),
        # A player and a read-aloud voice menu: widgets put no distance between headline and lead.
        (
            "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch\n\n0:00 / 0:00\n0:00\n  • Nam miền Bắc\n"
            "  • Nữ miền Bắc\n  • Nữ miền Nam\n  • Nam miền Nam",
            "Hà Nội và Lào Cai đẩy mạnh hợp tác du lịch",
            "miền Bắc",
        ),
    ],
    ids=[
        "dateline",
        "byline-filed-from",
        "source-credit",
        "caption-label",
        "bar-over-initials",
        "ticker",
        "wire-counter",
        "link-strip",
        "aggregator-relative-time",
        "relative-time-en",
        "player-times",
        "font-widgets",
        "voice-widget-and-player",
    ],
)
def test_datelines_bylines_captions_and_bars_are_not_the_headline(
    top: str, title: str, gone: str | None
) -> None:
    body = _BODY_VI if "Hà Nội" in top else _BODY_EN
    parsed = parse(f"{top}\n\n{body}\n")
    assert parsed.title == title
    assert parsed.text.endswith(body.split("\n")[1])
    if gone is not None:
        assert gone not in parsed.text


def test_a_long_bar_of_topics_is_not_the_lead() -> None:
    bar = " | ".join(
        [
            "IN FOCUS Hanoi marks 70 years since the capital's liberation",
            "Smart city forum Vietnam - Asia 2023",
            "15 years of Hanoi's expanded boundaries",
            "Vietnam-France decentralized cooperation conference",
            "SEA Games 31",
        ]
    )
    page = (
        f"{bar}\nHanoi and La Habana prepare to sign new partnership agreements\n"
        "Son Nguyen 11:35, 2023/06/02\n"
        "Hanoi's Party Committee and its counterpart in La Habana are expected to approve a five-year "
        "partnership agreement, officials said after a meeting on June 1.\n"
    )
    parsed = parse(page)
    assert parsed.title == "Hanoi and La Habana prepare to sign new partnership agreements"
    assert "IN FOCUS" not in parsed.text
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == "2023-06-02T11:35:00+07:00"


def test_a_video_list_under_the_article_ends_it() -> None:
    page = (
        f"Hà Nội và Lào Cai hợp tác phát triển du lịch\n{_BODY_VI}\nVideo khác\n"
        "Camera nhà dân ghi lại cảnh một vụ va chạm trên đường Nguyễn An Ninh, TP. Vũng Tàu, tỉnh Bà Rịa - "
        "Vũng Tàu, khiến hai người bị thương nhẹ và giao thông ùn tắc trong gần một giờ.\n"
    )
    parsed = parse(page)
    assert parsed.text.endswith("của Lào Cai tại Thủ đô.")
    assert "Vũng Tàu" not in parsed.text


def test_share_buttons_run_together_are_not_the_headline() -> None:
    page = (
        "Hà Nội và Lào Cai hợp tác phát triển du lịch\n\nChia sẻ Zalo\n\n"
        f"Du lịch - Ngày đăng : 20:47, 14/01/2022\n\n{_BODY_VI}\n"
    )
    parsed = parse(page)
    assert parsed.title == "Hà Nội và Lào Cai hợp tác phát triển du lịch"
    assert "Zalo" not in parsed.text
    assert parsed.published_at is not None
    assert parsed.published_at.isoformat() == "2022-01-14T20:47:00+07:00"


def test_a_view_counter_line_is_no_headline() -> None:
    page = (
        f"Đại sứ Thái Lan chào từ biệt Bí thư Thành ủy Hà Nội\n\n28 ก.ย. 2563 | 34 lượt xem\n\n{_BODY_VI}\n"
    )
    parsed = parse(page)
    assert parsed.title == "Đại sứ Thái Lan chào từ biệt Bí thư Thành ủy Hà Nội"
    assert "lượt xem" not in parsed.text


def test_bulleted_links_under_the_headline_are_not_kept() -> None:
    page = (
        "Hanoi officials go to Canada to see how its cities run themselves\n\n"
        "- Women's union launches drive for safer neighbourhoods\n"
        "- Police warn of online shopping scams ahead of holidays\n\n"
        f"{_BODY_EN}\n"
    )
    parsed = parse(page)
    assert parsed.title == "Hanoi officials go to Canada to see how its cities run themselves"
    assert "Police" not in parsed.text
    assert "Women's union" not in parsed.text


def _report_with(between: str, after: str = "") -> str:
    """A Vietnamese report with ``between`` set between its two paragraphs and ``after`` below them."""
    first, second = _BODY_VI.split("\n")
    return f"Hà Nội và Lào Cai hợp tác phát triển du lịch\n\n{first}\n\n{between}\n\n{second}\n\n{after}"


def test_headlines_of_other_stories_between_paragraphs_are_not_kept() -> None:
    # Sites set links to other stories between a report's paragraphs with no "Tin liên quan"
    # above them: two headlines one under the other. Their places are not the report's.
    links = (
        "Việt Nam tặng Lào công trình công viên hữu nghị tại Thủ đô Vientiane\n"
        "Tỉnh Nghệ An và Thủ đô Vientiane ký kết thỏa thuận hợp tác giai đoạn 2025-2028"
    )
    # Also in a page copied with no empty line between its paragraphs, and hung right under
    # a paragraph (standing apart only from the next one).
    first = _BODY_VI.split("\n")[0]
    hung = _report_with(links).replace(f"{first}\n\n", f"{first}\n")
    for page in (_report_with(links), _report_with(links).replace("\n\n", "\n"), hung):
        parsed = parse(page)
        for paragraph in _BODY_VI.split("\n"):
            assert paragraph in parsed.text
        assert "Nghệ An" not in parsed.text
        assert "công viên hữu nghị" not in parsed.text


def test_a_sub_heading_and_the_items_of_a_list_stay_in_the_article() -> None:
    sub_heading = "Đề xuất chương trình hợp tác thiết thực cho giai đoạn mới"
    items = [
        "Liên kết xây dựng các tour du lịch về nguồn dành cho học sinh",
        "Tổ chức tuần hàng nông sản an toàn của Lào Cai tại các quận nội thành",
        "Trao đổi đoàn nghệ nhân làng nghề giữa hai địa phương trong dịp Tết",
    ]
    listed = "Hai bên thống nhất các nội dung hợp tác trong năm tới như sau:\n" + "\n".join(items)
    closing = "Hai bên giao các sở, ngành liên quan xây dựng kế hoạch cụ thể để triển khai."
    page = _report_with(sub_heading, f"{listed}\n\n{closing}")
    # Also in a page copied with no empty line between its paragraphs.
    for text in (page, page.replace("\n\n", "\n")):
        parsed = parse(text)
        for kept in (sub_heading, *items, closing):
            assert kept in parsed.text
