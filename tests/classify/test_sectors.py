"""SectorTagger: the taxonomy file, matching rules, scoring and evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services.classify.sectors import DEFAULT_LEXICON, SectorTagger, load_lexicon
from shared.events import SECTOR_IDS
from shared.text import fold, normalize

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "sectors.yaml"


@pytest.fixture(scope="module")
def tagger() -> SectorTagger:
    return SectorTagger()


def ids(tagger: SectorTagger, text: str, language: str | None = None) -> set[str]:
    return {tag.id for tag in tagger.tag(text, language)}


def test_taxonomy_has_the_contract_ids_in_order_with_names_and_scope() -> None:
    data = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    assert isinstance(data["version"], int)
    assert tuple(s["id"] for s in data["sectors"]) == SECTOR_IDS
    for sector in data["sectors"]:
        assert all(sector[key] for key in ("en", "vi", "scope")), sector["id"]
        strong = sector["terms"]["strong"]
        assert all(strong[language] for language in ("en", "vi")), sector["id"]


@pytest.mark.skipif(not SPEC.exists(), reason="sector spec beside the checkout is not present")
def test_taxonomy_matches_the_spec_names_and_scope() -> None:
    spec = {s["id"]: s for s in yaml.safe_load(SPEC.read_text(encoding="utf-8"))["sectors"]}
    ours = {s["id"]: s for s in yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))["sectors"]}
    assert ours.keys() == spec.keys()
    for sid, sector in spec.items():
        assert (ours[sid]["en"], ours[sid]["vi"], ours[sid]["scope"]) == (
            sector["en"],
            sector["vi"],
            sector["scope"],
        )


def test_no_term_is_split_by_yaml_into_a_lone_generic_word() -> None:
    # A flow list would split "xây dựng, chỉnh đốn Đảng" at its comma; these words
    # alone must never be sector evidence.
    lexicon = load_lexicon()
    terms = {fold(p) for p, e in lexicon.phrases if e.kind == "term"}
    for word in ("xay dung", "quan ly", "phat trien", "cong tac", "to chuc", "dao tao, boi duong cong chuc"):
        assert word not in terms


def test_version_string_carries_taxonomy_version_and_content_hash(tagger: SectorTagger) -> None:
    assert tagger.taxonomy_version == load_lexicon().version
    assert len(tagger.content_hash) == 64
    assert tagger.version == f"{tagger.taxonomy_version}.{tagger.content_hash[:10]}"


def test_edited_lexicon_changes_the_version_and_a_new_term_is_data_only(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    text = "The two sides will cooperate in beekeeping."
    assert "agriculture" not in ids(SectorTagger(), text, "en")
    agriculture = next(s for s in data["sectors"] if s["id"] == "agriculture")
    agriculture["terms"]["strong"]["en"].append("beekeeping")
    edited = tmp_path / "sectors.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    custom = SectorTagger(edited)
    assert "agriculture" in ids(custom, text, "en")
    assert custom.content_hash != SectorTagger().content_hash


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("Hai bên thống nhất phối hợp xây dựng chính quyền điện tử.", "vi", "digital_government"),
        ("Both sides will share experience in building e-government.", "en", "digital_government"),
        (
            "The two cities will cooperate in electronic government and digital transformation.",
            "en",
            "digital_government",
        ),
        ("Hai địa phương phối hợp xây dựng đô thị thông minh.", "vi", "digital_government"),
        ("Hai bên đẩy mạnh xúc tiến đầu tư vào các KCN.", "vi", "investment"),
        ("The two localities will expand industrial parks.", "en", "investment"),
        ("Hai bên phối hợp xây dựng nông thôn mới.", "vi", "agriculture"),
        ("The sides agreed to build new-style rural areas.", "en", "agriculture"),
        ("Phối hợp bảo đảm an toàn thực phẩm, khám chữa bệnh cho nhân dân.", "vi", "health"),
        ("Hai bên phối hợp ứng dụng CNTT trong quản lý.", "vi", "digital_government"),
        ("Tiếp tục đẩy mạnh CCHC.", "vi", "public_administration"),
        ("Hai bên cùng phát triển văn hóa, du lịch.", "vi", "culture_sports_tourism"),
        ("Hai bên hợp tác về giao thông.", "vi", "transport_logistics"),
        ("Hai bên hợp tác về quốc phòng, an ninh.", "vi", "security_defense"),
        ("Hai bên phối hợp quản lý thuế.", "vi", "finance_budget"),
        ("Hai bên phối hợp bảo vệ môi trường, quản lý đất đai.", "vi", "natural_resources_environment"),
        ("Hanoi will support poverty reduction and policy beneficiaries.", "en", "social_welfare"),
        (
            "The two sides will cooperate in science and technology and innovation.",
            "en",
            "science_technology",
        ),
        ("Hai bên trao đổi kinh nghiệm công tác xây dựng Đảng, dân vận.", "vi", "party_building"),
        ("The two sides will cooperate in urban planning and management.", "en", "urban_planning"),
        ("Both sides will boost trade promotion and supply-demand connection.", "en", "industry_trade"),
        ("Hai bên hợp tác giáo dục, đào tạo nghề.", "vi", "education_training"),
        ("The deputies handed money to the fund for replacing makeshift homes.", "en", "social_welfare"),
        ("Hà Nội hỗ trợ tỉnh xóa nhà tạm, nhà dột nát.", "vi", "social_welfare"),
        ("She handed 3 billion VND to the Social Security Fund of the province.", "en", "social_welfare"),
        ("Both districts will work on green transport and digital governance.", "en", "digital_government"),
        (
            "Hai quận thống nhất cùng nhau nỗ lực cho việc bảo vệ khí hậu.",
            "vi",
            "natural_resources_environment",
        ),
        # Wordings of the scope and cues the rewritten sets exposed (rounds 2 and 3).
        ("The mayor called for joint work in farming with the province.", "en", "agriculture"),
        ("Ties have deepened, with more joint projects in medical care.", "en", "health"),
        ("The two cities intend to widen their ties in city planning.", "en", "urban_planning"),
        ("Hanoi promised to share experience on running urban areas.", "en", "urban_planning"),
        ("Firms are invited to put capital into projects of the city.", "en", "investment"),
        (
            "Both cities wish to cooperate in the management of the environment.",
            "en",
            "natural_resources_environment",
        ),
        ("Tỉnh mong muốn cùng nhau quảng bá, giới thiệu hàng hóa tại Thủ đô.", "vi", "industry_trade"),
        ("Hà Nội sẽ giúp mở rộng đầu ra cho nông sản của tỉnh.", "vi", "industry_trade"),
        ("Thành phố trao kinh phí hỗ trợ người dân vùng lũ của ba tỉnh.", "vi", "social_welfare"),
        ("The province wants to draw in capital from abroad with Hanoi's help.", "en", "investment"),
        ("Vietnamese firms would be welcome to invest in the city, the mayor said.", "en", "investment"),
        ("Hai bên sẽ phối hợp thu hút vốn nước ngoài vào các dự án.", "vi", "investment"),
        ("The two sides agreed to swap know-how on city development.", "en", "urban_planning"),
        ("Hanoi hopes to learn from the capital's record in managing urban growth.", "en", "urban_planning"),
        ("Hai thành phố thống nhất chia sẻ kinh nghiệm phát triển thành phố.", "vi", "urban_planning"),
        (
            "Both cities will cooperate in protecting networks against cyber attacks.",
            "en",
            "security_defense",
        ),
        ("Hai bên phối hợp phòng, chống tấn công mạng và tội phạm công nghệ cao.", "vi", "security_defense"),
        ("Over the years the two cities have shared information and traded goods.", "en", "industry_trade"),
        ("Hai bên sẽ nâng kim ngạch trao đổi hàng hóa giữa hai địa phương.", "vi", "industry_trade"),
        (
            "The deal aims at growing software and the technology industry in both parks.",
            "en",
            "science_technology",
        ),
        ("Hai bên hợp tác phát triển công nghiệp phần mềm.", "vi", "science_technology"),
        # Round 26 (heldout32-34).
        ("Thanh niên Hà Nội sẽ khám bệnh và cấp thuốc miễn phí cho người dân.", "vi", "health"),
        (
            "The two federations will work together on protecting workers' rights and interests.",
            "en",
            "social_welfare",
        ),
        ("Hai bên trao đổi cách bảo đảm an ninh công cộng tại các thủ đô.", "vi", "security_defense"),
        # ... but markets typed without diacritics still are.
        ("Ha Noi se dua hang hoa toi nguoi tieu dung va cac thi truong phia Bac.", "vi", "industry_trade"),
        # Round 27 (heldout35-37): a fund named for its field, as "Quỹ xóa đói giảm nghèo".
        ("Hanoi presents VND3 billion to the Phu Tho Poverty Reduction Fund.", "en", "social_welfare"),
        # Abbreviations of the official style, in a list of fields (capitals only).
        (
            "Hai bên tiếp tục hợp tác trên các lĩnh vực văn hóa, du lịch; giao thông; QP-AN.",
            "vi",
            "security_defense",
        ),
        ("Hai bên phối hợp trong công tác XTĐT và xây dựng NTM.", "vi", "investment"),
        ("Hai bên phối hợp trong công tác XTĐT và xây dựng NTM.", "vi", "agriculture"),
        ("Hai ben trao doi kinh nghiem ve CDS va cai cach TTHC.", "vi", "digital_government"),
        # Dividing powers between tiers of government, and drugs fought as public order.
        (
            "He asked Hanoi to share its lessons in decentralisation of power to districts.",
            "en",
            "public_administration",
        ),
        ("Hai bên trao đổi kinh nghiệm về phân cấp, phân quyền cho cấp xã.", "vi", "public_administration"),
        (
            "The two capitals will work together in fighting drug abuse among young people.",
            "en",
            "security_defense",
        ),
        # Fire and rescue work, opened by "phối hợp trong công tác" as by "cooperate in".
        (
            "Hai bên phối hợp trong công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ.",
            "vi",
            "security_defense",
        ),
        (
            "Hai ben phoi hop trong cong tac phong chay, chua chay va cuu nan, cuu ho.",
            "vi",
            "security_defense",
        ),
        ("Hai bên sẽ phối hợp về phòng cháy, chữa cháy.", "vi", "security_defense"),
    ],
)
def test_an_explicit_field_of_cooperation_is_tagged(
    tagger: SectorTagger, text: str, language: str, sector: str
) -> None:
    assert sector in ids(tagger, text, language)


def test_text_without_diacritics_matches(tagger: SectorTagger) -> None:
    text = "Hai ben thong nhat phoi hop xay dung chinh quyen dien tu va nong thon moi."
    assert {"digital_government", "agriculture"} <= ids(tagger, text)


def test_diacritics_that_differ_do_not_match(tagger: SectorTagger) -> None:
    # "thuê" (rent) folds like "thuế" (tax) but is spelled differently.
    assert "finance_budget" not in ids(tagger, "Hai bên hợp tác cho thuê văn phòng.", "vi")


def test_acronyms_match_only_in_capitals(tagger: SectorTagger) -> None:
    assert "digital_government" in ids(tagger, "The two sides will cooperate in IT.", "en")
    assert "digital_government" not in ids(tagger, "The two sides said it will cooperate.", "en")


def test_party_titles_alone_are_not_party_building(tagger: SectorTagger) -> None:
    text = (
        "Phó Bí thư Thành ủy Hà Nội, Trưởng Ban Dân vận Thành ủy cùng Chủ tịch Ủy ban MTTQ "
        "thành phố tiếp đoàn. The Hanoi Party Committee issued the announcement. "
        "Hai bên thống nhất hợp tác phát triển du lịch."
    )
    assert "party_building" not in ids(tagger, text)


def test_training_officials_is_public_administration_not_education(tagger: SectorTagger) -> None:
    for text, language in [
        ("Hai bên tiếp tục hỗ trợ đào tạo, bồi dưỡng cán bộ, công chức.", "vi"),
        ("Both sides will continue training officials and civil servants.", "en"),
    ]:
        found = ids(tagger, text, language)
        assert "public_administration" in found
        assert "education_training" not in found


def test_stock_security_formula_is_weak_but_an_explicit_field_is_strong(tagger: SectorTagger) -> None:
    generic = "The two localities agreed to promote socio-economic development and ensure national security and defense."
    assert "security_defense" not in ids(tagger, generic, "en")
    explicit = "Hai địa phương hợp tác tốt trong các lĩnh vực: y tế, giáo dục; quốc phòng, an ninh."
    assert {"security_defense", "health", "education_training"} <= ids(tagger, explicit, "vi")


@pytest.mark.parametrize(
    ("text", "language", "listed", "not_listed"),
    [
        (
            "Hai bên thống nhất hợp tác trên các lĩnh vực: công nghiệp, khoa học, an ninh và môi trường.",
            "vi",
            {"industry_trade", "science_technology", "security_defense", "natural_resources_environment"},
            set(),
        ),
        (
            "Hai bên sẽ tăng cường hợp tác trong các lĩnh vực như môi trường, tài chính.",
            "vi",
            {"natural_resources_environment", "finance_budget"},
            set(),
        ),
        (
            "The two sides agreed to cooperate in the fields of industry, science, environment and tourism.",
            "en",
            {
                "industry_trade",
                "science_technology",
                "natural_resources_environment",
                "culture_sports_tourism",
            },
            set(),
        ),
        # The same list typed without diacritics ("va" for "và").
        (
            "Hai ben thong nhat hop tac tren cac linh vuc: cong nghiep, khoa hoc, an ninh va moi truong.",
            "vi",
            {"industry_trade", "science_technology", "security_defense", "natural_resources_environment"},
            set(),
        ),
        # "cooperate in" and "hợp tác về" open such a list too.
        (
            "Hanoi and the province will cooperate in science, technology and environment.",
            "en",
            {"science_technology", "natural_resources_environment"},
            set(),
        ),
        (
            "Hai bên sẽ hợp tác về môi trường, an ninh.",
            "vi",
            {"natural_resources_environment", "security_defense"},
            set(),
        ),
        (
            "The two cities will cooperate in the areas of public administration, taxation and logistics.",
            "en",
            {"public_administration", "finance_budget", "transport_logistics"},
            set(),
        ),
        # The same words outside a list of fields stay ambiguous on their own.
        (
            "Hai bên đã trao đổi về môi trường làm việc và an ninh của khách.",
            "vi",
            set(),
            {"security_defense"},
        ),
        # A word that only qualifies an item, or follows a verb of its own, names no field.
        (
            "Gyeonggi wants to cooperate with the capital in many fields, hi-tech agriculture among them.",
            "en",
            {"agriculture"},
            {"science_technology"},
        ),
        (
            "Hai bên mở rộng hợp tác, đặc biệt trong lĩnh vực việc làm và thu hút nguồn nhân lực.",
            "vi",
            set(),
            {"education_training"},
        ),
    ],
)
def test_an_ambiguous_word_listed_as_a_field_of_cooperation_names_it(
    tagger: SectorTagger, text: str, language: str, listed: set[str], not_listed: set[str]
) -> None:
    found = ids(tagger, text, language)
    assert listed <= found
    assert not (not_listed & found)


def test_longest_phrase_wins_between_sectors(tagger: SectorTagger) -> None:
    text = "Hai bên phối hợp cải thiện môi trường đầu tư kinh doanh."
    found = ids(tagger, text, "vi")
    assert "investment" in found
    assert "natural_resources_environment" not in found


def test_a_single_weak_mention_in_passing_is_not_enough(tagger: SectorTagger) -> None:
    text = "Đoàn đã đến thăm một doanh nghiệp tại khu vực đô thị."
    assert ids(tagger, text, "vi") == set()


def test_related_news_list_does_not_count(tagger: SectorTagger) -> None:
    text = "Hai bên thống nhất hợp tác về du lịch.\n\nTin liên quan\nHà Nội khởi công dự án đường sắt đô thị giao thông"
    found = ids(tagger, text, "vi")
    assert "culture_sports_tourism" in found
    assert "transport_logistics" not in found


def test_lines_after_a_vietnamese_end_mark_do_not_count(tagger: SectorTagger) -> None:
    text = "Hai bên hợp tác về du lịch./.\n\nHệ thống camera giám sát giao thông tại Hà Nội được mở rộng."
    assert "transport_logistics" not in ids(tagger, text, "vi")


def test_evidence_spans_point_into_the_given_text(tagger: SectorTagger) -> None:
    text = normalize(
        "Hà Nội và Hưng Yên  thống nhất phối hợp xây dựng chính quyền điện tử, đô thị thông minh; "
        "đẩy mạnh xúc tiến đầu tư và giao thông."
    )
    tags = tagger.tag(text, "vi")
    assert tags
    for tag in tags:
        assert tag.score >= 1.0
        assert tag.evidence
        for span in tag.evidence:
            assert text[span.start : span.end] == span.text
    evidence = {span.text for tag in tags for span in tag.evidence}
    assert {"chính quyền điện tử", "đô thị thông minh", "xúc tiến đầu tư", "giao thông"} <= evidence


def test_double_spaces_still_match_with_offsets_into_the_original(tagger: SectorTagger) -> None:
    text = "Both sides will cooperate in   e-government and smart  city."
    tag = next(t for t in tagger.tag(text, "en") if t.id == "digital_government")
    assert [text[s.start : s.end] for s in tag.evidence] == [s.text for s in tag.evidence]
    assert "smart  city" in {s.text for s in tag.evidence}


def test_scores_are_sorted_best_first(tagger: SectorTagger) -> None:
    text = "Hai bên hợp tác về du lịch, văn hóa, di sản, lễ hội và giao thông."
    scores = [t.score for t in tagger.tag(text, "vi")]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == 2


def test_language_filter_ignores_the_other_languages_terms(tagger: SectorTagger) -> None:
    text = "Hai bên hợp tác về tourism."
    assert "culture_sports_tourism" not in ids(tagger, text, "vi")
    assert "culture_sports_tourism" in ids(tagger, text, None)


def test_empty_text_has_no_sectors(tagger: SectorTagger) -> None:
    assert tagger.tag("", "vi") == []
    assert tagger.tag("   \n", None) == []


# ---- general wordings found missing on the held-out set (one synthetic sentence each)


def test_welcoming_businesses_to_invest_is_investment(tagger: SectorTagger) -> None:
    text = "The mayor said the city welcomes foreign businesses to invest and operate in its new districts."
    assert "investment" in ids(tagger, text, "en")
    # The verb alone in passing is not enough.
    assert "investment" not in ids(tagger, "Many people invest their savings in gold, he noted.", "en")
    # Businesses that came to invest somewhere are investment (heldout36/002).
    assert "investment" in ids(
        tagger, "Many Hanoi businesses came to invest in Phu Tho in those years.", "en"
    )


def test_plural_cooperations_listing_fields_is_a_cooperation_sentence(tagger: SectorTagger) -> None:
    text = (
        "Next year's cooperations cover culture, heritage sites, public transport, "
        "garbage collection and environment protection."
    )
    found = ids(tagger, text, "en")
    assert {"culture_sports_tourism", "transport_logistics", "natural_resources_environment"} <= found


def test_other_wordings_of_transport_and_environment(tagger: SectorTagger) -> None:
    assert "transport_logistics" in ids(
        tagger, "The two cities will cooperate on metro lines and trams.", "en"
    )
    assert "transport_logistics" in ids(tagger, "Hai bên sẽ hợp tác xây dựng tuyến tàu điện ngầm.", "vi")
    assert "natural_resources_environment" in ids(
        tagger, "Hai bên thống nhất hợp tác trong lĩnh vực xử lý phế thải.", "vi"
    )
    assert "natural_resources_environment" in ids(
        tagger, "Both sides agreed to work together on recycling and air pollution control.", "en"
    )


def test_building_the_political_system_is_party_building(tagger: SectorTagger) -> None:
    text = "Hanoi hopes to foster cooperation in urban development and political systemization."
    assert "party_building" in ids(tagger, text, "en")
    assert "party_building" in ids(
        tagger, "Hai bên sẽ trao đổi kinh nghiệm xây dựng hệ thống chính trị.", "vi"
    )


def test_a_bar_of_topic_links_is_page_chrome(tagger: SectorTagger) -> None:
    menu = (
        "HOT TOPICS Lunar New Year 2024 Asia Pacific Smart City Summit Hanoi marks two decades "
        "of capital expansion Vietnam-Japan decentralized cooperation forum Sea Games Covid-19 Pandemic\n"
    )
    body = "Hanoi and Havana agreed to cooperate in agriculture and trade.\n"
    assert ids(tagger, menu + body, "en") == {"agriculture", "industry_trade"}
    # The same words as a sentence of the article count.
    prose = "Hanoi and Havana agreed to cooperate on smart city development and information technology.\n"
    assert "digital_government" in ids(tagger, prose, "en")


def test_a_bar_of_links_separated_by_bars_is_page_chrome(tagger: SectorTagger) -> None:
    text = (
        "Hanoi and Havana sign a deal\n"
        "IN FOCUS Hanoi marks 70 years | Smart city forum 2023 | Expanded boundaries | SEA Games 31\n"
        "The two cities agreed to exchange delegations.\n"
    )
    assert "digital_government" not in ids(tagger, text, "en")
    lone = "Hanoi and Havana sign a deal\nThe two cities agreed to cooperate on smart city building.\n"
    assert "digital_government" in ids(tagger, lone, "en")


def test_a_hard_wrapped_sentence_keeps_its_cooperation_context(tagger: SectorTagger) -> None:
    # The cue ("could") is on the first line; the field terms follow on wrapped lines.
    text = (
        "The mayor listed areas where the cities could join hands: urban planning, building a\n"
        "smart city, developing bus\nnetworks, and protecting the environment.\n"
    )
    assert {"digital_government", "natural_resources_environment"} <= ids(tagger, text, "en")


def test_a_recurring_dateline_tag_starts_the_pages_teasers() -> None:
    from services.classify.sectors import teaser_start

    text = (
        "Hà Nội hỗ trợ Thái Nguyên\n"
        "(PNTĐ) - Hà Nội dành 15 tỷ đồng cứu trợ tỉnh bạn.\n\n"
        "Chợ phiên nông sản trở lại phố đi bộ\n"
        "(PNTĐ) - Hàng chục gian hàng được giới thiệu.\n"
    )
    assert text[teaser_start(text) :].startswith("Chợ phiên nông sản")
    single = "Tiêu đề\n(PNTĐ) - Một bài duy nhất.\nĐoạn hai (PNTĐ) không ở đầu dòng.\n"
    assert teaser_start(single) == len(single)


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        # "việc làm cụ thể" = concrete deeds, not employment
        ("Hai bên đã phối hợp triển khai nhiều việc làm cụ thể.", "vi", "social_welfare"),
        # propaganda and persuasion work, not schooling
        (
            "Hai bên thống nhất phối hợp trong công tác tuyên truyền, vận động, giáo dục nhân dân.",
            "vi",
            "education_training",
        ),
        # the stock formula for a whole locality
        (
            "The rice will help the Party organisations, authorities and residents of the city.",
            "en",
            "party_building",
        ),
        # trafficking is crime, not trade
        ("Hai bên sẽ phối hợp phòng chống buôn bán ma túy và buôn bán người.", "vi", "industry_trade"),
        # "the capital" of a country is a city, not money
        ("The delegation will visit the capital and meet its leaders.", "en", "investment"),
        (
            "The city will practise thrift and combat waste in public spending.",
            "en",
            "natural_resources_environment",
        ),
        ("Both sides respect each other's customs and traditions.", "en", "finance_budget"),
        ("The guests expressed gratitude for Hanoi's warm welcome.", "en", "social_welfare"),
        ("The delegation took a tour of the hi-tech park.", "en", "culture_sports_tourism"),
        ("Hội nghị diễn ra tại Cung Văn hóa Hữu nghị Việt Xô.", "vi", "culture_sports_tourism"),
        ("Thêm cơ hội cho cả hai bên.", "vi", "industry_trade"),
        ("Them co hoi cho ca hai ben.", "vi", "industry_trade"),
        ("Tuyen duong bat dau tu diem giao voi truc phat trien phia Nam.", "vi", "investment"),
        # "được" (is, gets) typed without diacritics is "duoc", as "dược" (pharmacy) would be.
        ("Cac xa duoc ho tro kinh phi va duoc tang qua.", "vi", "health"),
        # "hai quận" (two districts) and "hải quan" (customs) are both "hai quan": the neutral wins.
        ("Hai quan thong nhat cung nhau bao ve khi hau.", "vi", "finance_budget"),
        ("Cac doanh nghiep gioi thieu san pham ben le hoi nghi.", "vi", "culture_sports_tourism"),
        ("Pho Chu tich UBND TP Ha Noi Vu Thu Ha phat bieu khai mac.", "vi", "public_administration"),
        (
            "Hoi nghi do Trung tam Xuc tien Dau tu, Thuong mai va Du lich tinh Kien Giang to chuc "
            "nham gioi thieu tiem nang du lich toi thi truong cac tinh phia Bac.",
            "vi",
            "industry_trade",
        ),
        # Sector words naming an organisation (services/classify/names.py).
        (
            "Thông tin trên được đại diện Sở Văn hóa - Thể thao và Du lịch Hà Nội đưa ra.",
            "vi",
            "culture_sports_tourism",
        ),
        ("The delegation visited Swinburne University of Technology.", "en", "science_technology"),
        (
            "He met the Minister for Small Business, Innovation and Trade Philip Dalidakis.",
            "en",
            "industry_trade",
        ),
        (
            "Hanoi remains the country's political, economic and cultural centre.",
            "en",
            "culture_sports_tourism",
        ),
        ("Hà Nội là trung tâm chính trị, kinh tế, văn hóa của cả nước.", "vi", "culture_sports_tourism"),
        ("Hai bên đào tạo nhân lực trong các ngành kiến trúc, thời trang.", "vi", "urban_planning"),
        # How a public works project is approved and paid for: no investment promotion, no budget work.
        (
            "Hanoi will manage the road linking the two ring roads. Its investment policy will be decided by the "
            "People's Committee; it will be built with public investment from the Hanoi city budget.",
            "en",
            "investment",
        ),
        (
            "The works use central budget capital under the Law on Public Investment.",
            "en",
            "finance_budget",
        ),
        (
            "Hà Nội sẽ làm cơ quan chủ quản đầu tư Dự án đầu tư xây dựng tuyến đường kết nối, tổng mức đầu tư "
            "840 tỷ đồng từ vốn đầu tư công.",
            "vi",
            "investment",
        ),
        ("Hai bên sẽ bố trí vốn đầu tư công cho dự án.", "vi", "finance_budget"),
        ("Năm 2011, Hà Nội hỗ trợ 3 tỷ đồng đầu tư nhà hiệu bộ của trung tâm.", "vi", "investment"),
        # The resettlement zones of 1976 onwards, and the whole locality as a formula.
        ("Lam Ha grew out of Hanoi's new economic zone on the plateau.", "en", "investment"),
        ("Huyện hình thành từ vùng kinh tế mới của Hà Nội.", "vi", "investment"),
        (
            "The Party organisation and people of the capital regard Lam Ha as part of the city.",
            "en",
            "party_building",
        ),
        # The country's history as a formula, and officials of mass organisations by their posts.
        (
            "The plan teaches young people the city's traditions of nation building and national defence.",
            "en",
            "security_defense",
        ),
        (
            "Cùng đi có Phó Chủ tịch Hội Liên hiệp Phụ nữ thành phố trao quà cho bà con.",
            "vi",
            "party_building",
        ),
        (
            "Học sinh giao hữu với đội bóng của Trung tâm Đào tạo bóng đá trẻ - Bộ Công an.",
            "vi",
            "security_defense",
        ),
        # Round 26 (heldout32-34): an idiom of neighbours, a venue, police named as a donor.
        (
            "China and Vietnam are friendly neighbours joined by mountains and rivers.",
            "en",
            "natural_resources_environment",
        ),
        ("The festival opened at the Viet-Xo Friendship Labour Cultural Palace.", "en", "social_welfare"),
        (
            "The delegation visited the Beijing Working People's Cultural Palace.",
            "en",
            "culture_sports_tourism",
        ),
        ("Công an Thành phố Hà Nội trao 500 triệu đồng cho Công an tỉnh Nghệ An.", "vi", "security_defense"),
        ("The Hanoi police handed over 500 million VND to the provincial police.", "en", "security_defense"),
        # "ngày càng" (increasingly) typed without diacritics is no "cảng" (port).
        (
            "Quan he voi cac dia phuong cua Italia ngay cang thuc chat; hai ben hop tac ve ha tang, che tao may.",
            "vi",
            "transport_logistics",
        ),
        # A mayor typed without diacritics ("Thi truong") is no market.
        ("Thi truong cac thu do ASEAN hop tai Vientiane, trung bay san pham.", "vi", "industry_trade"),
        # Round 27: a province's land described as a resource is not land management.
        (
            "Tỉnh có thế mạnh về du lịch, lâm sản; quỹ đất còn rộng, lao động dồi dào.",
            "vi",
            "natural_resources_environment",
        ),
        (
            "The province has a large land fund and an abundant workforce.",
            "en",
            "natural_resources_environment",
        ),
        # A target of attracting or collecting typed without diacritics ("muc tieu thu hut") holds
        # "tieu thu", which is also consumption of goods.
        ("Hai ben dat muc tieu thu hut dau tu vao cac khu cong nghiep.", "vi", "industry_trade"),
        ("Vientiane da hoan thanh chi tieu thu ngan sach ca nam.", "vi", "industry_trade"),
        # The French "coopération décentralisée" is cooperation between local governments.
        (
            "Hanoi hosts the 12th Vietnam-France Decentralization Conference on decentralized cooperation.",
            "en",
            "public_administration",
        ),
        # A bus that takes visitors round the sights is part of the tourist programme.
        (
            "Visitors can try local dishes, and a free bus tour will take them to tourist sites nearby.",
            "en",
            "transport_logistics",
        ),
        ("Du khách được đi xe buýt hai tầng tham quan phố cổ miễn phí.", "vi", "transport_logistics"),
        # "Ủy ban dân tộc" typed without diacritics holds "ban dan", also "bán dẫn" (semiconductors).
        (
            "Hai ben se tiep tuc hop tac. Nam 1945, Uy ban dan toc giai phong ra doi tai dinh Tan Trao.",
            "vi",
            "science_technology",
        ),
    ],
)
def test_words_outside_their_sector_sense_tag_nothing(
    tagger: SectorTagger, text: str, language: str, sector: str
) -> None:
    assert sector not in ids(tagger, text, language)


def test_a_lead_tag_without_brackets_recurring_starts_the_teasers() -> None:
    text = (
        "Thường trực HĐND Hà Nội và Vĩnh Phúc trao đổi kinh nghiệm\n\n"
        "Kinhtedothi - Tại buổi làm việc giữa hai bên, Thường trực HĐND hai địa phương đã trao đổi nhiều kinh "
        "nghiệm về hoạt động giám sát.\n\n"
        "HĐND quận Cầu Giấy giám sát việc quản lý trật tự xây dựng\n"
        "Kinhtedothi - Đoàn giám sát của HĐND quận đã làm việc với UBND các phường về công tác cấp phép xây "
        "dựng và xử lý vi phạm trật tự xây dựng trên địa bàn.\n"
    )
    assert "urban_planning" not in {tag.id for tag in SectorTagger().tag(text, "vi")}


def test_a_lead_printed_twice_is_no_teaser() -> None:
    lead = (
        "Kinhtedothi - Ngày 30/11, trong chuyến thăm các tỉnh miền Trung, đoàn công tác Hà Nội đã trao "
        "tặng tỉnh Hà Tĩnh kinh phí hỗ trợ giảm nghèo và xây dựng nhà đại đoàn kết."
    )
    text = f"Hà Nội hỗ trợ Hà Tĩnh\n\n{lead[:90]}...\n{lead}\n"
    assert "social_welfare" in {tag.id for tag in SectorTagger().tag(text, "vi")}


def test_an_acronym_inside_a_document_number_is_no_term() -> None:
    text = "Ủy ban có công văn số 219/MTTQ-BTT đề nghị Thường trực Thành ủy cho ý kiến về việc hỗ trợ."
    assert "party_building" not in {tag.id for tag in SectorTagger().tag(text, "vi")}


def test_a_relic_named_where_incense_was_offered_is_no_cultural_cooperation() -> None:
    ceremony = "Đoàn đã đến dâng hương tại Đền thờ Chủ tịch Hồ Chí Minh trong Khu di tích lịch sử Pác Bó."
    assert "culture_sports_tourism" not in {tag.id for tag in SectorTagger().tag(ceremony, "vi")}
    agreed = ceremony + " Hai bên thống nhất phối hợp bảo tồn, phát huy giá trị di tích."
    assert "culture_sports_tourism" in {tag.id for tag in SectorTagger().tag(agreed, "vi")}


def test_a_persons_name_typed_without_diacritics_is_no_term() -> None:
    text = "Doan dai bieu do Chu tich UBND TP Nguyen The Thao dan dau da len tham tinh Cao Bang."
    assert "culture_sports_tourism" not in {tag.id for tag in SectorTagger().tag(text, "vi")}
    assert "culture_sports_tourism" in {
        tag.id for tag in SectorTagger().tag("Hai ben hop tac ve the thao.", "vi")
    }


def test_the_budget_a_donation_comes_from_is_no_budget_management(tagger: SectorTagger) -> None:
    for text, language in [
        ("The city set aside 18 billion VND from its budget to build houses for Quang Tri.", "en"),
        ("Thành phố trích 18 tỷ đồng từ ngân sách thành phố để hỗ trợ tỉnh bạn xây nhà.", "vi"),
    ]:
        assert "finance_budget" not in ids(tagger, text, language)
    managed = "Hai bên trao đổi kinh nghiệm về quản lý ngân sách và thu ngân sách."
    assert "finance_budget" in ids(tagger, managed, "vi")


def test_peoples_alike_in_culture_is_no_cultural_cooperation(tagger: SectorTagger) -> None:
    for text, language in [
        ("Việt Nam và Myanmar có nhiều điểm tương đồng về văn hóa, phong tục tập quán.", "vi"),
        ("The two peoples share many cultural similarities and a long friendship.", "en"),
    ]:
        assert "culture_sports_tourism" not in ids(tagger, text, language)
    assert "culture_sports_tourism" in ids(tagger, "Hai bên đẩy mạnh hợp tác văn hóa, nghệ thuật.", "vi")


def test_products_shown_alone_are_not_trade_but_beside_a_market_they_are(tagger: SectorTagger) -> None:
    tours = "Trung tâm giới thiệu sản phẩm mới của các doanh nghiệp lữ hành tại lễ hội biển."
    assert "industry_trade" not in ids(tagger, tours, "vi")
    goods = "Hai bên phối hợp giới thiệu sản phẩm của tỉnh tại thị trường Hà Nội."
    assert "industry_trade" in ids(tagger, goods, "vi")


def test_gifts_on_a_visit_of_protocol_count_as_help_not_as_protocol(tagger: SectorTagger) -> None:
    visit = (
        "Đoàn dâng hương tại di tích nhà tù Hỏa Lò, thăm bảo tàng và tặng quà 70 gia đình chính sách, "
        "người có công tiêu biểu của thành phố."
    )
    found = ids(tagger, visit, "vi")
    assert "social_welfare" in found
    assert "culture_sports_tourism" not in found  # the relic and the museum are still protocol


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("Hội nghị diễn ra trong khuôn khổ Hội chợ Du lịch quốc tế tại Hà Nội.", "vi", "industry_trade"),
        (
            "Hai địa phương giàu tài nguyên du lịch văn hóa và tự nhiên.",
            "vi",
            "natural_resources_environment",
        ),
        ("The two cities met at an international travel fair in Hanoi.", "en", "industry_trade"),
        ("Các tỉnh đẩy mạnh quảng bá điểm đến trên các nền tảng số.", "vi", "digital_government"),
    ],
)
def test_tourism_fairs_resources_and_campaign_channels_stay_tourism(
    tagger: SectorTagger, text: str, language: str, sector: str
) -> None:
    found = ids(tagger, text, language)
    assert sector not in found
    assert "culture_sports_tourism" in found


def test_trading_experience_is_no_trade_and_saving_labour_no_employment(tagger: SectorTagger) -> None:
    exchange = "Hanoi will make it easy for agencies of both sides to trade experience and carry out joint programmes."
    assert "industry_trade" not in ids(tagger, exchange, "en")
    assert "industry_trade" in ids(tagger, "The two cities will expand trade and tourism.", "en")
    spared = "He hoped its techniques for raising yields and saving labour would help growers in the capital."
    assert "social_welfare" not in ids(tagger, spared, "en")
    assert "social_welfare" not in ids(tagger, "Máy móc giúp tiết kiệm sức lao động cho nông dân.", "vi")
    assert "social_welfare" in ids(tagger, "The two sides will cooperate on labour and employment.", "en")


def test_attracting_investment_projects_is_investment(tagger: SectorTagger) -> None:
    attract = "Hai bên chú trọng phối hợp thu hút các dự án đầu tư trong nước và nước ngoài."
    assert "investment" in ids(tagger, attract, "vi")
    assert "investment" in ids(tagger, "The two sides will attract investment projects together.", "en")
    # A project named alone stays a medium term, short of a tag.
    assert "investment" not in ids(tagger, "Dự án đầu tư xây dựng trường học đã hoàn thành.", "vi")
